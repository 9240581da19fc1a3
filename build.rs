//! Compiles `proto/gazette/v1/gazette.proto` with the pure-Rust `protox`
//! compiler (no system `protoc`), generates the tonic client and server, and
//! writes the file descriptor set that server reflection serves.

use std::{env, path::PathBuf};

const PROTO: &str = "proto/gazette/v1/gazette.proto";

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

    tonic_prost_build::configure()
        // Decode failures become INVALID_ARGUMENT instead of tonic's INTERNAL.
        .codec_path("crate::api::codec::GazetteCodec")
        .compile_fds(descriptors)?;
    Ok(())
}
