//! The tracing subscriber, installed once per process.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    /// Readable text, for people.
    #[default]
    Text,
    /// One JSON object a line, for log pipelines.
    Json,
}

/// Installs the global subscriber writing to stderr. `filter` uses the
/// `tracing_subscriber::EnvFilter` syntax ("info", "gazette=debug").
/// A second call does nothing.
pub fn init(format: LogFormat, filter: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        // A log sink that went away (a closed pipe) must not fail calls:
        // reporting the write error would itself write to stderr, and
        // `eprintln!` panics when that fails.
        .log_internal_errors(false)
        .with_target(false);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init(),
    };
}
