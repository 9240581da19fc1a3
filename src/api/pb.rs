//! Code generated from `proto/gazette/v1/gazette.proto`.
#![allow(missing_docs, clippy::all, clippy::pedantic)]

tonic::include_proto!("gazette.v1");
// The EntityExtractor client and server, generated apart (see `build.rs`):
// the server sends `api::encode`'s pre-encoded responses.
include!(concat!(env!("OUT_DIR"), "/extractor_client/gazette.v1.rs"));
include!(concat!(env!("OUT_DIR"), "/extractor_server/gazette.v1.rs"));

/// The encoded file descriptor set of the API, for server reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/gazette_descriptor.bin"));
