//! Prometheus metrics: names, labels and the places that record them.
//!
//! Recording goes through the `metrics` facade and costs next to nothing
//! when no exporter is installed (`--metrics-listen` not given).

use std::time::Duration;

use crate::engine::Engine;

/// Calls by method and gRPC status code.
pub const CALLS: &str = "gazette_calls_total";
/// Call latency by method, in seconds.
pub const CALL_SECONDS: &str = "gazette_call_duration_seconds";
/// Calls being served.
pub const IN_FLIGHT: &str = "gazette_calls_in_flight";
/// Bytes of text tagged.
pub const BYTES: &str = "gazette_bytes_tagged_total";
/// Documents tagged.
pub const DOCUMENTS: &str = "gazette_documents_tagged_total";
/// Mentions returned, by type.
pub const MENTIONS: &str = "gazette_mentions_total";
/// 1 for the dictionary version serving, 0 for those served before.
pub const DICTIONARY_INFO: &str = "gazette_dictionary_info";
/// Entities in the dictionary serving.
pub const DICTIONARY_ENTITIES: &str = "gazette_dictionary_entities";
/// Distinct aliases in the dictionary serving.
pub const DICTIONARY_ALIASES: &str = "gazette_dictionary_aliases";
/// When the dictionary serving was loaded, in Unix seconds.
pub const DICTIONARY_LOADED: &str = "gazette_dictionary_loaded_timestamp_seconds";
/// Reloads by result: `success` or `failure`.
pub const RELOADS: &str = "gazette_dictionary_reloads_total";
/// Connections closed because the client accepted no response bytes
/// within the send timeout.
pub const STALLED_CONNECTIONS: &str = "gazette_stalled_connections_closed_total";
/// Calls refused because a limit was reached, by limit (its flag).
pub const REFUSED: &str = "gazette_calls_refused_total";

/// Installs the Prometheus exporter serving `/metrics` on `addr`. Needs a
/// running tokio runtime.
pub fn install(addr: std::net::SocketAddr) -> Result<(), String> {
    metrics_exporter_prometheus::PrometheusBuilder::new()
        .with_http_listener(addr)
        .set_buckets_for_metric(
            metrics_exporter_prometheus::Matcher::Full(CALL_SECONDS.to_string()),
            &[
                0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                1.0, 2.5,
            ],
        )
        .map_err(|e| e.to_string())?
        .install()
        .map_err(|e| format!("cannot serve metrics on {addr}: {e}"))?;
    describe();
    Ok(())
}

fn describe() {
    metrics::describe_counter!(CALLS, "Calls by method and gRPC status code.");
    metrics::describe_histogram!(
        CALL_SECONDS,
        metrics::Unit::Seconds,
        "Call latency by method."
    );
    metrics::describe_gauge!(IN_FLIGHT, "Calls being served.");
    metrics::describe_counter!(BYTES, metrics::Unit::Bytes, "Bytes of text tagged.");
    metrics::describe_counter!(DOCUMENTS, "Documents tagged.");
    metrics::describe_counter!(MENTIONS, "Mentions returned, by type.");
    metrics::describe_gauge!(DICTIONARY_INFO, "1 for the dictionary version serving.");
    metrics::describe_gauge!(DICTIONARY_ENTITIES, "Entities in the dictionary serving.");
    metrics::describe_gauge!(
        DICTIONARY_ALIASES,
        "Distinct aliases in the dictionary serving."
    );
    metrics::describe_gauge!(
        DICTIONARY_LOADED,
        "When the dictionary serving was loaded (Unix seconds)."
    );
    metrics::describe_counter!(RELOADS, "Dictionary reloads by result.");
    metrics::describe_counter!(
        STALLED_CONNECTIONS,
        "Connections closed: the client accepted no response bytes within the send timeout."
    );
    metrics::describe_counter!(REFUSED, "Calls refused at a limit, by limit.");
}

/// Records a finished call.
pub fn call_finished(method: &str, code: &str, elapsed: Duration) {
    metrics::counter!(CALLS, "method" => method.to_string(), "code" => code.to_string())
        .increment(1);
    metrics::histogram!(CALL_SECONDS, "method" => method.to_string()).record(elapsed.as_secs_f64());
}

/// Records a call starting (`+1`) or ending (`-1`).
pub fn in_flight(delta: f64) {
    metrics::gauge!(IN_FLIGHT).increment(delta);
}

/// Records one tagged document.
pub fn document_tagged(
    bytes: usize,
    mentions_by_type: impl IntoIterator<Item = (&'static str, u64)>,
) {
    metrics::counter!(DOCUMENTS).increment(1);
    metrics::counter!(BYTES).increment(bytes as u64);
    for (label, count) in mentions_by_type {
        if count > 0 {
            metrics::counter!(MENTIONS, "type" => label).increment(count);
        }
    }
}

/// Records a dictionary now serving, replacing `previous` if any.
pub fn dictionary_loaded(engine: &Engine, previous: Option<&Engine>) {
    if let Some(previous) = previous {
        metrics::gauge!(DICTIONARY_INFO, "version" => previous.version().to_string()).set(0.0);
        metrics::counter!(RELOADS, "result" => "success").increment(1);
    }
    metrics::gauge!(DICTIONARY_INFO, "version" => engine.version().to_string()).set(1.0);
    metrics::gauge!(DICTIONARY_ENTITIES).set(engine.entries().len() as f64);
    metrics::gauge!(DICTIONARY_ALIASES).set(engine.alias_count() as f64);
    let loaded = engine
        .loaded_at()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    metrics::gauge!(DICTIONARY_LOADED).set(loaded);
}

/// Records a failed reload.
pub fn dictionary_reload_failed() {
    metrics::counter!(RELOADS, "result" => "failure").increment(1);
}

/// Records a connection closed for accepting no response bytes.
pub fn connection_closed_stalled() {
    metrics::counter!(STALLED_CONNECTIONS).increment(1);
}

/// Records a call refused at `limit` (the flag's name).
pub fn refused(limit: &'static str) {
    metrics::counter!(REFUSED, "limit" => limit).increment(1);
}
