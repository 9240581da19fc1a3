//! The gRPC API, and the HTTP/JSON API over the same handlers
//! ([`http`]): the only code that knows protobuf.
//!
//! Handlers validate a request, call the engine and convert back; every
//! failure goes through [`status::ApiError`] on its way to a `tonic::Status`.
//! `EntityExtractor` answers with bytes that [`encode`] writes straight
//! from the extraction; they decode to the message [`convert::response`]
//! builds.

pub mod admin;
pub mod auth;
pub mod codec;
pub mod convert;
pub mod encode;
pub mod extractor;
pub mod health;
pub mod http;
pub mod pb;
pub mod status;
pub mod web;

use std::sync::Arc;

use crate::live::LiveDictionary;

/// Limits on what one call may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest `text`, in UTF-8 bytes.
    pub max_text_bytes: usize,
    /// Most documents in one `ExtractBatch`.
    pub max_batch: usize,
    /// Most mentions returned for one document; the response says
    /// `truncated` when there were more.
    pub max_mentions: usize,
    /// Largest response message, in encoded bytes; a call whose answer
    /// would be larger fails with `RESOURCE_EXHAUSTED`.
    pub max_response_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_text_bytes: 1 << 20,
            max_batch: 256,
            max_mentions: 10_000,
            max_response_bytes: 16 << 20,
        }
    }
}

/// What every handler shares: the dictionary, the limits, the admin token,
/// the streams open and how many of them are tagging a batch.
#[derive(Debug)]
pub struct Shared {
    /// The dictionary serving; each call takes its engine once.
    pub dictionary: Arc<LiveDictionary>,
    /// Per-call limits.
    pub limits: Limits,
    /// Required by mutating DictionaryService calls, when set.
    pub admin_token: Option<auth::Token>,
    /// Streams tagging a batch now (see `extractor::stream_batching`).
    pub tagging_streams: std::sync::atomic::AtomicUsize,
    /// One permit per `ExtractStream` that may be open at once
    /// (`--max-open-streams`); a stream holds its permit until it ends.
    pub open_streams: Arc<tokio::sync::Semaphore>,
    /// How many permits `open_streams` started with.
    pub max_open_streams: usize,
}
