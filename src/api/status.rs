//! Errors of the API and their gRPC status codes, in one place.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http_body_util::BodyExt;
use tonic::Status;

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
    /// `LookupEntity` was called with an empty query.
    #[error("query is empty: give an entity id or an alias")]
    EmptyQuery,
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
            | ApiError::EmptyQuery => Status::invalid_argument(message),
            ApiError::Internal(_) => Status::internal(message),
        }
    }
}

/// A tower layer that gives two transport errors the codes gRPC specifies.
///
/// tonic answers a message over the decoding limit with `OUT_OF_RANGE`;
/// gRPC's status code table says `RESOURCE_EXHAUSTED`, and clients retry on
/// that distinction. The status can come in the response headers (unary
/// calls) or in the trailers (streams), so both are rewritten.
#[derive(Debug, Clone, Copy, Default)]
pub struct StatusCodeLayer;

impl<S> tower::Layer<S> for StatusCodeLayer {
    type Service = StatusCodeService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        StatusCodeService { inner }
    }
}

/// The service made by [`StatusCodeLayer`].
#[derive(Debug, Clone)]
pub struct StatusCodeService<S> {
    inner: S,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, B, R> tower::Service<http::Request<B>> for StatusCodeService<S>
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

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let future = self.inner.call(request);
        Box::pin(async move {
            let response = future.await?;
            let (mut parts, body) = response.into_parts();
            fix_status(&mut parts.headers);
            let body = body.map_frame(|mut frame| {
                if let Some(trailers) = frame.trailers_mut() {
                    fix_status(trailers);
                }
                frame
            });
            Ok(http::Response::from_parts(
                parts,
                tonic::body::Body::new(body),
            ))
        })
    }
}

/// Rewrites `OUT_OF_RANGE` for an oversized message to `RESOURCE_EXHAUSTED`.
fn fix_status(headers: &mut http::HeaderMap) {
    let out_of_range = headers.get("grpc-status").is_some_and(|v| v == "11");
    let too_large = headers
        .get("grpc-message")
        .and_then(|v| v.to_str().ok())
        // tonic percent-encodes the message, spaces included.
        .is_some_and(|m| m.replace("%20", " ").contains("message length too large"));
    if out_of_range && too_large {
        headers.insert("grpc-status", http::HeaderValue::from_static("8"));
    }
}
