//! Gazette's integration tests: one binary, a module per concern. Servers
//! run for real on port 0; grpcurl and Python clients run as real
//! processes.

mod api;
mod cli;
mod context;
mod filters;
mod formats;
mod grpcurl;
mod hardening;
mod helpers;
mod http;
mod matching;
mod newsroom;
mod ops;
mod places;
mod properties;
mod python;
mod salience;
mod seed;
mod transport;
