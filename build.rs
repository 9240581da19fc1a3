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

use std::{env, path::PathBuf};

use prost_types::FileDescriptorSet;

const PROTO: &str = "proto/gazette/v1/gazette.proto";

/// The service whose server writes pre-encoded responses.
const EXTRACTOR: &str = "EntityExtractor";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // tonic-prost-build 0.14 does not print these itself (grpc/grpc-rust#2511).
    println!("cargo:rerun-if-changed={PROTO}");
    println!("cargo:rerun-if-changed=build.rs");

    let descriptors = protox::compile([PROTO], ["proto"])?;
    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
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

/// `descriptors` with only the services whose name passes `keep`.
fn services(descriptors: &FileDescriptorSet, keep: impl Fn(&str) -> bool) -> FileDescriptorSet {
    let mut descriptors = descriptors.clone();
    for file in &mut descriptors.file {
        file.service.retain(|s| keep(s.name()));
    }
    descriptors
}
