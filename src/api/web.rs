//! What the gRPC port serves besides gRPC: gRPC-Web (tonic-web, for
//! browsers and `buf curl --protocol grpcweb`), CORS for it when
//! configured, and a clean refusal of every other protocol.
//!
//! A request whose content type is neither `application/grpc…` nor
//! `application/grpc-web…` (a Connect call, a browser's GET, JSON) gets
//! HTTP 415 with `grpc-status: 12` (UNIMPLEMENTED), as the gRPC
//! specification says a server should, and a Connect-style JSON body, so
//! a Connect client reports `unimplemented` rather than a decoding error.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use http::{HeaderValue, Method, header};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The CORS policy for browsers calling from `origins` (`*` for any), or
/// `None` when none is configured (no CORS headers, as before gRPC-Web).
pub fn cors(origins: &[String]) -> Result<Option<CorsLayer>, String> {
    if origins.is_empty() {
        return Ok(None);
    }
    let allow = if origins.iter().any(|o| o.trim() == "*") {
        AllowOrigin::any()
    } else {
        let values = origins
            .iter()
            .map(|o| HeaderValue::from_str(o.trim()).map_err(|_| format!("bad CORS origin {o:?}")))
            .collect::<Result<Vec<_>, _>>()?;
        AllowOrigin::list(values)
    };
    let headers = [
        "authorization",
        "content-type",
        "grpc-timeout",
        "x-grpc-web",
        "x-user-agent",
        "x-server-timeout",
        "connect-protocol-version",
    ];
    let exposed = ["grpc-status", "grpc-message", "grpc-status-details-bin"];
    Ok(Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
            .allow_headers(headers.map(header::HeaderName::from_static))
            .expose_headers(exposed.map(header::HeaderName::from_static))
            .max_age(Duration::from_secs(24 * 3600)),
    ))
}

/// Refuses requests that are not gRPC or gRPC-Web (see the module docs).
#[derive(Debug, Clone, Copy, Default)]
pub struct GrpcOnlyLayer;

impl<S> tower::Layer<S> for GrpcOnlyLayer {
    type Service = GrpcOnly<S>;

    fn layer(&self, inner: S) -> GrpcOnly<S> {
        GrpcOnly { inner }
    }
}

/// The service made by [`GrpcOnlyLayer`].
#[derive(Debug, Clone)]
pub struct GrpcOnly<S> {
    inner: S,
}

/// Whether a content type is gRPC's or gRPC-Web's.
fn is_grpc(content_type: Option<&HeaderValue>) -> bool {
    content_type
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/grpc"))
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// At most this much of a refused request's body is read before the
/// answer (an HTTP/2 client whose body is cut short sees a reset stream
/// instead of the status).
const REFUSED_BODY_BYTES: usize = 64 * 1024;

impl<S, B> tower::Service<http::Request<B>> for GrpcOnly<S>
where
    S: tower::Service<http::Request<B>, Response = http::Response<tonic::body::Body>>,
    S::Future: Send + 'static,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Response = http::Response<tonic::body::Body>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        if is_grpc(request.headers().get(header::CONTENT_TYPE)) {
            let future = self.inner.call(request);
            return Box::pin(future);
        }
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("none")
            .to_string();
        Box::pin(async move {
            use http_body_util::BodyExt;
            let _ = http_body_util::Limited::new(request.into_body(), REFUSED_BODY_BYTES)
                .collect()
                .await;
            Ok(refusal(&content_type))
        })
    }
}

/// The answer to a protocol this port does not serve.
fn refusal(content_type: &str) -> http::Response<tonic::body::Body> {
    let message = format!(
        "this port serves gRPC and gRPC-Web (content type application/grpc or \
         application/grpc-web), not {content_type}; JSON is served on --http-listen"
    );
    let body = serde_json::json!({"code": "unimplemented", "message": message}).to_string();
    let mut response = http::Response::new(tonic::body::Body::new(http_body_util::Full::new(
        bytes::Bytes::from(body),
    )));
    *response.status_mut() = http::StatusCode::UNSUPPORTED_MEDIA_TYPE;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    // grpc-status 12 and the message, percent-encoded as gRPC says.
    if tonic::Status::unimplemented(message)
        .add_header(headers)
        .is_err()
    {
        headers.insert("grpc-status", HeaderValue::from_static("12"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_and_grpc_web_content_types_pass() {
        for t in [
            "application/grpc",
            "application/grpc+proto",
            "application/grpc-web",
            "application/grpc-web-text+proto",
        ] {
            assert!(is_grpc(Some(&HeaderValue::from_static(t))), "{t}");
        }
        for t in [
            "application/proto",
            "application/json",
            "application/connect+proto",
        ] {
            assert!(!is_grpc(Some(&HeaderValue::from_static(t))), "{t}");
        }
        assert!(!is_grpc(None));
    }

    #[test]
    fn origins_parse_or_say_which_is_bad() {
        assert!(cors(&[]).unwrap().is_none());
        assert!(cors(&["*".into()]).unwrap().is_some());
        assert!(cors(&["https://a.example".into()]).unwrap().is_some());
        assert!(
            cors(&["bad\norigin".into()])
                .unwrap_err()
                .contains("bad CORS origin")
        );
    }
}
