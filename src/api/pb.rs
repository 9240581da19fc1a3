//! Code generated from `proto/gazette/v1/gazette.proto`.
#![allow(missing_docs, clippy::all, clippy::pedantic)]

tonic::include_proto!("gazette.v1");

/// The encoded file descriptor set of the API, for server reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/gazette_descriptor.bin"));
