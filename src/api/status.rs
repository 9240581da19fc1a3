//! Errors of the API and their gRPC status codes, in one place.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use std::time::{Duration, Instant};

use http_body_util::BodyExt;
use tonic::{Code, Status};

use crate::{metrics, transport};

/// Everything a call can get wrong.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// `text` is longer than `--max-text-bytes`.
    #[error("{field} is {size} bytes, over the limit of {limit} bytes (--max-text-bytes)")]
    TextTooLarge {
        /// Which text: `text`, or `documents[3].text` in a batch.
        field: String,
        /// Its size in bytes.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// A batch holds more documents than `--max-batch`.
    #[error("the batch has {size} documents, over the limit of {limit} (--max-batch)")]
    BatchTooLarge {
        /// Documents in the batch.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The answer would be larger than `--max-response-bytes`.
    #[error(
        "the response would be {size} bytes, over the limit of {limit} bytes (--max-response-bytes); send less text per call, or ask for fewer mentions (entity_types, min_confidence)"
    )]
    ResponseTooLarge {
        /// The encoded size of the answer (so far, for a batch).
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// `--max-open-streams` streams are open already.
    #[error(
        "{limit} ExtractStream calls are open, the limit (--max-open-streams); close one, or use Extract or ExtractBatch"
    )]
    TooManyStreams {
        /// The limit.
        limit: usize,
    },
    /// An enum field holds a number the API does not define.
    #[error("{field}: {value} is not a valid {enum_name}")]
    UnknownEnumValue {
        /// The field path, e.g. `entity_types[1]`.
        field: String,
        /// The value sent.
        value: i32,
        /// The enum's name.
        enum_name: &'static str,
    },
    /// A field holds a value the API cannot use.
    #[error("{field}: {reason}")]
    BadField {
        /// The field path.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// `LookupEntity` was called with an empty query.
    #[error("query is empty: give an entity id or an alias")]
    EmptyQuery,
    /// A reload found problems in the dictionary files; nothing changed.
    #[error("the dictionary was not reloaded; the current one keeps serving. Problems:\n{0}")]
    Reload(crate::live::ReloadError),
    /// The caller's deadline passed before the work was done.
    #[error("the deadline of {0} ms passed before the text was tagged")]
    DeadlineExceeded(u128),
    /// A worker task died; a bug, never the caller's fault.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<ApiError> for Status {
    fn from(error: ApiError) -> Status {
        let message = error.to_string();
        match error {
            ApiError::TextTooLarge { .. }
            | ApiError::BatchTooLarge { .. }
            | ApiError::UnknownEnumValue { .. }
            | ApiError::BadField { .. }
            | ApiError::EmptyQuery => Status::invalid_argument(message),
            ApiError::DeadlineExceeded(_) => Status::deadline_exceeded(message),
            ApiError::ResponseTooLarge { .. } | ApiError::TooManyStreams { .. } => {
                Status::resource_exhausted(message)
            }
            ApiError::Reload(crate::live::ReloadError::Invalid(_)) => {
                Status::invalid_argument(message)
            }
            ApiError::Reload(crate::live::ReloadError::Build(_)) | ApiError::Internal(_) => {
                Status::internal(message)
            }
        }
    }
}

/// A tower layer every call passes through: it records the call's metrics
/// (method, status code, latency, calls in flight) and gives oversized
/// messages the status code gRPC specifies.
///
/// tonic answers a message over the decoding limit with `OUT_OF_RANGE`;
/// gRPC's status code table says `RESOURCE_EXHAUSTED`, and clients retry on
/// that distinction. The status comes in the response headers (errors
/// before any message) or in the trailers, so both are read and rewritten.
///
/// It also hands the response body out through [`transport::Watched`], so
/// that a client accepting none of it within `send_timeout` loses its
/// connection.
#[derive(Debug, Clone, Copy, Default)]
pub struct CallLayer {
    /// How long a response may wait for the client to accept any of its
    /// bytes; zero waits for ever.
    pub send_timeout: Duration,
}

impl<S> tower::Layer<S> for CallLayer {
    type Service = CallService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        CallService {
            inner,
            send_timeout: self.send_timeout,
        }
    }
}

/// The service made by [`CallLayer`].
#[derive(Debug, Clone)]
pub struct CallService<S> {
    inner: S,
    send_timeout: Duration,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// When a call arrived, for handlers that honour its deadline.
#[derive(Debug, Clone, Copy)]
pub struct CallStart(pub Instant);

/// The `grpc-timeout` of a call: `<digits><unit>` with unit `H`, `M`, `S`,
/// `m`, `u` or `n`.
pub fn grpc_timeout(metadata: &tonic::metadata::MetadataMap) -> Option<std::time::Duration> {
    use std::time::Duration;
    let value = metadata.get("grpc-timeout")?.to_str().ok()?;
    let (digits, unit) = value.split_at(value.len().checked_sub(1)?);
    let amount: u64 = digits.parse().ok()?;
    Some(match unit {
        "H" => Duration::from_secs(amount.saturating_mul(3600)),
        "M" => Duration::from_secs(amount.saturating_mul(60)),
        "S" => Duration::from_secs(amount),
        "m" => Duration::from_millis(amount),
        "u" => Duration::from_micros(amount),
        "n" => Duration::from_nanos(amount),
        _ => return None,
    })
}

/// Follows one call to its end: records it when dropped, which happens when
/// the response body is done or abandoned.
struct CallRecord {
    method: String,
    started: Instant,
    code: Option<Code>,
}

impl CallRecord {
    fn start(method: String) -> CallRecord {
        metrics::in_flight(1.0);
        CallRecord {
            method,
            started: Instant::now(),
            code: None,
        }
    }

    /// Reads (and fixes) the status in `headers`, if they carry one.
    fn observe(&mut self, headers: &mut http::HeaderMap) {
        if let Some(code) = fix_status(headers) {
            self.code = Some(code);
        }
    }
}

impl Drop for CallRecord {
    fn drop(&mut self) {
        metrics::in_flight(-1.0);
        // A body dropped before its trailers: the client went away.
        let code = self.code.unwrap_or(Code::Cancelled);
        metrics::call_finished(&self.method, &format!("{code:?}"), self.started.elapsed());
    }
}

impl<S, B, R> tower::Service<http::Request<B>> for CallService<S>
where
    S: tower::Service<http::Request<B>, Response = http::Response<R>>,
    S::Future: Send + 'static,
    R: http_body::Body<Data = bytes::Bytes> + Send + 'static,
    R::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Response = http::Response<tonic::body::Body>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<B>) -> Self::Future {
        let method = request.uri().path().trim_start_matches('/').to_string();
        let connection = transport::connection_of(&request);
        let send_timeout = self.send_timeout;
        let mut record = CallRecord::start(method);
        request.extensions_mut().insert(CallStart(record.started));
        let future = self.inner.call(request);
        Box::pin(async move {
            let response = future.await?;
            let (mut parts, body) = response.into_parts();
            record.observe(&mut parts.headers);
            let method = record.method.clone();
            let body = tonic::body::Body::new(body.map_frame(move |mut frame| {
                if let Some(trailers) = frame.trailers_mut() {
                    record.observe(trailers);
                }
                frame
            }));
            let body = transport::Watched::new(body, connection, send_timeout, &method);
            Ok(http::Response::from_parts(
                parts,
                tonic::body::Body::new(body),
            ))
        })
    }
}

/// Returns the status code in `headers`, first rewriting `OUT_OF_RANGE`
/// for an oversized message to `RESOURCE_EXHAUSTED`.
fn fix_status(headers: &mut http::HeaderMap) -> Option<Code> {
    let code: i32 = headers.get("grpc-status")?.to_str().ok()?.parse().ok()?;
    let too_large = headers
        .get("grpc-message")
        .and_then(|v| v.to_str().ok())
        // tonic percent-encodes the message, spaces included.
        .is_some_and(|m| m.replace("%20", " ").contains("message length too large"));
    if code == Code::OutOfRange as i32 && too_large {
        headers.insert("grpc-status", http::HeaderValue::from_static("8"));
        return Some(Code::ResourceExhausted);
    }
    Some(Code::from(code))
}
