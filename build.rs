//! Compiles `proto/gazette/v1/gazette.proto` with the pure-Rust `protox`
//! compiler (no system `protoc`), generates the tonic clients and servers,
//! and writes the file descriptor set that server reflection serves.
//!
//! The `EntityExtractor` service is generated twice: its client with the
//! message types (clients decode into `pb::ExtractResponse`), and its server
//! with `crate::api::encode`'s pre-encoded responses in place of
//! `ExtractResponse` and `ExtractBatchResponse`, so the server writes
//! response bytes straight from an extraction. Both describe the same wire
//! messages; reflection serves the unchanged descriptor set.
//!
//! It also parses the embedded default dictionary (`data/dictionary/`)
//! with the crate's own `dictionary` module, compiled in here, fails the
//! build on any problem in it, and writes the snapshot the binary loads
//! at start-up without parsing JSON (`dictionary::snapshot`).

use std::{env, path::PathBuf};

/// This script never loads the embedded dictionary; it writes it.
macro_rules! default_snapshot {
    () => {
        &[]
    };
}

#[path = "src/dictionary/mod.rs"]
#[allow(dead_code, unused_imports)]
mod dictionary;

use prost_types::FileDescriptorSet;

const PROTO: &str = "proto/gazette/v1/gazette.proto";

/// The service whose server writes pre-encoded responses.
const EXTRACTOR: &str = "EntityExtractor";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // tonic-prost-build 0.14 does not print these itself (grpc/grpc-rust#2511).
    println!("cargo:rerun-if-changed={PROTO}");
    println!("cargo:rerun-if-changed=build.rs");

    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
    write_default_dictionary(&out_dir)?;

    let descriptors = protox::compile([PROTO], ["proto"])?;
    std::fs::write(
        out_dir.join("gazette_descriptor.bin"),
        prost::Message::encode_to_vec(&descriptors),
    )?;

    // The messages, and both sides of every service but EntityExtractor.
    tonic_prost_build::configure()
        // Decode failures become INVALID_ARGUMENT instead of tonic's INTERNAL.
        .codec_path("crate::api::codec::GazetteCodec")
        .compile_fds(services(&descriptors, |name| name != EXTRACTOR))?;

    // The EntityExtractor client, over the messages generated above.
    let extractor = services(&descriptors, |name| name == EXTRACTOR);
    let client_dir = out_dir.join("extractor_client");
    std::fs::create_dir_all(&client_dir)?;
    tonic_prost_build::configure()
        .build_server(false)
        .extern_path(".gazette.v1", "crate::api::pb")
        .codec_path("crate::api::codec::GazetteCodec")
        .out_dir(&client_dir)
        .compile_fds(extractor.clone())?;

    // The EntityExtractor server, answering with pre-encoded responses.
    let server_dir = out_dir.join("extractor_server");
    std::fs::create_dir_all(&server_dir)?;
    tonic_prost_build::configure()
        .build_client(false)
        .extern_path(".gazette.v1", "crate::api::pb")
        .extern_path(
            ".gazette.v1.ExtractResponse",
            "crate::api::encode::EncodedResponse",
        )
        .extern_path(
            ".gazette.v1.ExtractBatchResponse",
            "crate::api::encode::EncodedBatch",
        )
        .codec_path("crate::api::codec::GazetteCodec")
        .out_dir(&server_dir)
        .compile_fds(extractor)?;
    Ok(())
}

/// Parses the default dictionary's files and writes their snapshot, with
/// a fingerprint of the files' names and bytes.
fn write_default_dictionary(out_dir: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    use dictionary::{DEFAULT_FILES, DEFAULT_SOURCE, FNV_OFFSET, Format, fnv1a, parse};
    println!("cargo:rerun-if-changed=src/dictionary");
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut fingerprint = FNV_OFFSET;
    for file in DEFAULT_FILES {
        let path = format!("data/dictionary/{file}");
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path).map_err(|err| format!("{path}: {err}"))?;
        fingerprint = fnv1a(fnv1a(fingerprint, file.as_bytes()), text.as_bytes());
        match parse(
            &format!("{DEFAULT_SOURCE}:{file}"),
            &text,
            Format::JsonLines,
        ) {
            Ok(mut found) => entries.append(&mut found),
            Err(mut found) => problems.append(&mut found),
        }
    }
    let mut seen = std::collections::HashSet::new();
    for entry in &entries {
        if !seen.insert(&*entry.id) {
            problems.push(dictionary::Problem {
                file: DEFAULT_SOURCE.to_string(),
                line: 0,
                reason: format!("id {} is in more than one file", entry.id),
            });
        }
    }
    if !problems.is_empty() {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        return Err(format!("the default dictionary has problems:\n{}", lines.join("\n")).into());
    }
    let bytes = dictionary::snapshot::encode(&entries, fingerprint);
    std::fs::write(out_dir.join("default-dictionary.bin"), bytes)?;
    Ok(())
}

/// `descriptors` with only the services whose name passes `keep`.
fn services(descriptors: &FileDescriptorSet, keep: impl Fn(&str) -> bool) -> FileDescriptorSet {
    let mut descriptors = descriptors.clone();
    for file in &mut descriptors.file {
        file.service.retain(|s| keep(s.name()));
    }
    descriptors
}
