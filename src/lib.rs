//! Gazette tags political leaders, government officials, organizations and
//! places in news text, over gRPC or offline.
//!
//! # Layout
//!
//! - [`cli`]: the `gazette` command line (`serve`, `tag`, `dict`, `health`).
//! - [`config`]: layered settings: defaults < file < environment < flags.
//! - [`server`]: `run(listener, engine, settings, shutdown)`: services,
//!   health, reflection, gRPC-Web, limits, graceful shutdown; with
//!   `run_with_http`, the HTTP/JSON port too.
//! - [`api`]: the only code that knows protobuf: generated types, handlers,
//!   conversions, responses encoded straight from an extraction, status
//!   codes, and the HTTP/JSON routes and playground over the same handlers.
//! - [`engine`]: normalization with an offset map, the alias automaton,
//!   word boundaries, case rules, overlaps, short forms.
//! - [`dictionary`]: the entry model, file formats, validation, the
//!   embedded default.
//! - [`live`]: the dictionary being served, atomic reloads, SIGHUP and
//!   file watching.
//! - [`metrics`]: Prometheus metric names and recording.
//! - [`tag`]: the offline JSON Lines pipeline.
//! - [`telemetry`]: the tracing subscriber.
//! - [`transport`]: connections a call can close, response bodies that
//!   close a connection whose client accepts none of their bytes.
//!
//! # Invariants
//!
//! - The engine never sees protobuf types.
//! - Offsets leave the engine as byte offsets on `char` boundaries of the
//!   caller's text; the API converts them to the requested encoding.
//! - A compiled [`engine::Engine`] is immutable and replaced whole; nothing
//!   on the request path takes a lock.
//! - No request can panic the server: bad input becomes a status.
#![deny(missing_docs)]

/// The embedded default dictionary's snapshot, which `build.rs` writes
/// (`dictionary::snapshot`). A macro, defined before the `dictionary`
/// module that uses it, so that `build.rs`, which compiles that module
/// itself to write the snapshot, can define an empty one.
macro_rules! default_snapshot {
    () => {
        include_bytes!(concat!(env!("OUT_DIR"), "/default-dictionary.bin"))
    };
}

pub mod api;
pub mod cli;
pub mod config;
pub mod dictionary;
pub mod engine;
pub mod live;
pub mod memory;
pub mod metrics;
pub mod server;
pub mod tag;
pub mod telemetry;
pub mod transport;

#[cfg(test)]
mod send_sync {
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn shared_types_are_send_and_sync() {
        assert_send_sync::<crate::engine::Engine>();
        assert_send_sync::<crate::dictionary::Dictionary>();
    }
}
