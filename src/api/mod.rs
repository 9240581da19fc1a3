//! The gRPC API: the only code that knows protobuf.
//!
//! Handlers validate a request, call the engine and convert back; every
//! failure goes through [`status::ApiError`] on its way to a `tonic::Status`.

pub mod admin;
pub mod codec;
pub mod convert;
pub mod extractor;
pub mod pb;
pub mod status;

use std::sync::Arc;

use crate::engine::Engine;

/// Limits on what one call may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest `text`, in UTF-8 bytes.
    pub max_text_bytes: usize,
    /// Most documents in one `ExtractBatch`.
    pub max_batch: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_text_bytes: 1 << 20,
            max_batch: 256,
        }
    }
}

/// What every handler shares: the engine and the limits.
#[derive(Debug, Clone)]
pub struct Shared {
    /// The compiled dictionary. Immutable; replaced whole.
    pub engine: Arc<Engine>,
    /// Per-call limits.
    pub limits: Limits,
}
