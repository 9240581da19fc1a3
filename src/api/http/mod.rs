//! The HTTP/JSON API beside gRPC, and the playground page.
//!
//! | method and path              | gRPC method it calls                 |
//! |------------------------------|--------------------------------------|
//! | `POST /v1/extract`           | `EntityExtractor.Extract`            |
//! | `POST /v1/extract:batch`     | `EntityExtractor.ExtractBatch`       |
//! | `GET /v1/dictionary`         | `DictionaryService.GetDictionary`    |
//! | `GET /v1/entities?query=`    | `DictionaryService.LookupEntity`     |
//! | `POST /v1/dictionary:reload` | `DictionaryService.ReloadDictionary` |
//! | `GET /healthz`               | (the server's health)                |
//! | `GET /`                      | the playground (`/?text=` tags it)   |
//!
//! Each route reads its body in the canonical proto3 JSON mapping
//! ([`json`]), calls the same handler the gRPC service runs (same
//! validation, limits, deadlines, tokens and log lines), and writes the
//! answer in the same mapping, so a JSON answer is field for field what
//! grpcurl prints for the same call. Errors are HTTP statuses mapped from
//! the gRPC codes ([`error`]). Calls are counted in the same metrics as
//! gRPC calls, under their route (`POST /v1/extract`), and share the
//! server's `--max-concurrency`.

pub mod error;
pub mod json;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http_body_util::{BodyExt, Limited};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tonic::Code;
use tonic::metadata::MetadataMap;

use self::error::HttpError;
use super::admin::Admin;
use super::auth::Token;
use super::extractor::Extractor;
use super::pb;
use super::pb::dictionary_service_server::DictionaryService;
use super::pb::entity_extractor_server::EntityExtractor;
use super::status::CallStart;
use crate::metrics;

/// The playground: one static page, no external resources.
const PLAYGROUND: &str = include_str!("playground.html");

/// How long a client has to finish its TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// What the HTTP routes share.
#[derive(Debug, Clone)]
pub struct Http {
    extractor: Extractor,
    admin: Admin,
    /// Required by the extraction routes, when set (as by every
    /// EntityExtractor call).
    api_token: Option<Token>,
    /// The largest body read, in bytes: the gRPC `--max-message-bytes`.
    max_body: usize,
    /// Set when the server starts draining: `/healthz` answers 503.
    draining: Arc<AtomicBool>,
}

impl Http {
    /// The routes over the same services the gRPC server runs.
    pub fn new(
        extractor: Extractor,
        admin: Admin,
        api_token: Option<Token>,
        max_body: usize,
        draining: Arc<AtomicBool>,
    ) -> Http {
        Http {
            extractor,
            admin,
            api_token,
            max_body,
            draining,
        }
    }

    /// The router: every route, and JSON errors for the rest.
    pub fn router(self) -> Router {
        Router::new()
            .route("/", get(playground))
            .route("/healthz", get(healthz))
            .route("/v1/extract", post(extract))
            .route("/v1/extract:batch", post(extract_batch))
            .route("/v1/dictionary", get(get_dictionary))
            .route("/v1/entities", get(lookup_entity))
            .route("/v1/dictionary:reload", post(reload_dictionary))
            .fallback(not_found)
            .method_not_allowed_fallback(method_not_allowed)
            .with_state(self)
    }

    /// A gRPC request carrying `message` and the caller's headers (the
    /// `authorization` token, and `grpc-timeout` from `x-server-timeout`
    /// seconds, Google's HTTP form of a deadline).
    fn request<T>(
        &self,
        message: T,
        headers: &HeaderMap,
        started: Instant,
    ) -> Result<tonic::Request<T>, HttpError> {
        let mut headers = headers.clone();
        if let Some(value) = headers.remove("x-server-timeout") {
            let seconds = value
                .to_str()
                .ok()
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|s| s.is_finite() && *s > 0.0)
                .ok_or_else(|| {
                    HttpError::new(
                        Code::InvalidArgument,
                        "x-server-timeout: expected a positive number of seconds",
                    )
                })?;
            let millis = (seconds * 1000.0).ceil().min(99_999_999.0) as u64;
            if let Ok(value) = HeaderValue::from_str(&format!("{millis}m")) {
                headers.insert("grpc-timeout", value);
            }
        }
        let mut extensions = tonic::Extensions::new();
        extensions.insert(CallStart(started));
        Ok(tonic::Request::from_parts(
            MetadataMap::from_headers(headers),
            extensions,
            message,
        ))
    }

    /// Checks the API token, as the gRPC server's interceptor does.
    fn check_api_token<T>(&self, request: &tonic::Request<T>) -> Result<(), HttpError> {
        match &self.api_token {
            Some(token) => Ok(token.check(request.metadata())?),
            None => Ok(()),
        }
    }
}

/// Runs one call of `route`: counts it in the metrics as a gRPC call is
/// counted, logs a failure, and answers JSON.
async fn call(
    route: &'static str,
    work: impl Future<Output = Result<Vec<u8>, HttpError>>,
) -> Response {
    let started = Instant::now();
    metrics::in_flight(1.0);
    let result = work.await;
    metrics::in_flight(-1.0);
    let code = result.as_ref().map_or_else(|e| e.code, |_| Code::Ok);
    metrics::call_finished(route, &format!("{code:?}"), started.elapsed());
    match result {
        Ok(json) => ([(header::CONTENT_TYPE, "application/json")], json).into_response(),
        Err(error) => {
            tracing::info!(
                route,
                status = error.status.as_u16(),
                error = %error.message,
                "HTTP call failed"
            );
            error.into_response()
        }
    }
}

/// Reads a body of at most `limit` bytes; over it, 413.
async fn read_body(body: Body, limit: usize) -> Result<bytes::Bytes, HttpError> {
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => {
            Err(HttpError::too_large(limit))
        }
        Err(error) => Err(HttpError::new(
            Code::InvalidArgument,
            format!("cannot read the request body: {error}"),
        )),
    }
}

async fn extract(State(http): State<Http>, headers: HeaderMap, body: Body) -> Response {
    call("POST /v1/extract", async {
        let started = Instant::now();
        let body = read_body(body, http.max_body).await?;
        let message: pb::ExtractRequest = json::decode("gazette.v1.ExtractRequest", &body)?;
        let request = http.request(message, &headers, started)?;
        http.check_api_token(&request)?;
        let response = http.extractor.extract(request).await?;
        Ok(json::encode_bytes(
            "gazette.v1.ExtractResponse",
            response.get_ref().as_bytes(),
        )?)
    })
    .await
}

async fn extract_batch(State(http): State<Http>, headers: HeaderMap, body: Body) -> Response {
    call("POST /v1/extract:batch", async {
        let started = Instant::now();
        let body = read_body(body, http.max_body).await?;
        let message: pb::ExtractBatchRequest =
            json::decode("gazette.v1.ExtractBatchRequest", &body)?;
        let request = http.request(message, &headers, started)?;
        http.check_api_token(&request)?;
        let response = http.extractor.extract_batch(request).await?;
        Ok(json::encode_bytes(
            "gazette.v1.ExtractBatchResponse",
            response.get_ref().as_bytes(),
        )?)
    })
    .await
}

async fn get_dictionary(State(http): State<Http>, headers: HeaderMap) -> Response {
    call("GET /v1/dictionary", async {
        let request = http.request(pb::GetDictionaryRequest {}, &headers, Instant::now())?;
        let response = http.admin.get_dictionary(request).await?;
        Ok(json::encode(
            "gazette.v1.GetDictionaryResponse",
            response.get_ref(),
        )?)
    })
    .await
}

/// The query of `GET /v1/entities`.
#[derive(Debug, serde::Deserialize)]
struct LookupQuery {
    #[serde(default)]
    query: String,
}

async fn lookup_entity(
    State(http): State<Http>,
    headers: HeaderMap,
    query: Result<Query<LookupQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    call("GET /v1/entities", async {
        let Query(LookupQuery { query }) =
            query.map_err(|e| HttpError::new(Code::InvalidArgument, e.body_text()))?;
        let message = pb::LookupEntityRequest { query };
        let request = http.request(message, &headers, Instant::now())?;
        let response = http.admin.lookup_entity(request).await?;
        Ok(json::encode(
            "gazette.v1.LookupEntityResponse",
            response.get_ref(),
        )?)
    })
    .await
}

async fn reload_dictionary(State(http): State<Http>, headers: HeaderMap, body: Body) -> Response {
    call("POST /v1/dictionary:reload", async {
        let started = Instant::now();
        let body = read_body(body, http.max_body).await?;
        // An empty body is the empty request.
        let message: pb::ReloadDictionaryRequest = if body.iter().all(u8::is_ascii_whitespace) {
            pb::ReloadDictionaryRequest {}
        } else {
            json::decode("gazette.v1.ReloadDictionaryRequest", &body)?
        };
        let request = http.request(message, &headers, started)?;
        let response = http.admin.reload_dictionary(request).await?;
        Ok(json::encode(
            "gazette.v1.ReloadDictionaryResponse",
            response.get_ref(),
        )?)
    })
    .await
}

/// `{"status":"SERVING"}`, or 503 `{"status":"NOT_SERVING"}` while the
/// server drains, as the gRPC health service says.
async fn healthz(State(http): State<Http>) -> Response {
    let (status, name) = if http.draining.load(Ordering::Relaxed) {
        (StatusCode::SERVICE_UNAVAILABLE, "NOT_SERVING")
    } else {
        (StatusCode::OK, "SERVING")
    };
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        format!("{{\"status\":\"{name}\"}}"),
    )
        .into_response()
}

async fn playground() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            // The page loads nothing from anywhere else.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
            ),
        ],
        PLAYGROUND,
    )
        .into_response()
}

async fn not_found(uri: axum::http::Uri) -> Response {
    HttpError::new(
        Code::NotFound,
        format!("no route for {}: see /v1/extract, /v1/extract:batch, /v1/dictionary, /v1/entities, /v1/dictionary:reload, /healthz", uri.path()),
    )
    .into_response()
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> Response {
    HttpError::method_not_allowed(format!("{method} is not served on {}", uri.path()))
        .into_response()
}

/// Serves `router` on `listener` (over TLS with `tls`) until `shutdown`
/// completes, then lets requests in flight finish for at most `grace`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    tls: Option<TlsAcceptor>,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) {
    let graceful = GracefulShutdown::new();
    let builder = auto::Builder::new(TokioExecutor::new());
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, most likely: wait, not spin.
                    tracing::warn!(%error, "HTTP accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        let builder = builder.clone();
        let watcher = graceful.watcher();
        let tls = tls.clone();
        tokio::spawn(async move {
            let result = match tls {
                None => {
                    let connection = builder.serve_connection(TokioIo::new(stream), service);
                    watcher.watch(connection.into_owned()).await
                }
                Some(acceptor) => {
                    match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                        Ok(Ok(stream)) => {
                            let connection =
                                builder.serve_connection(TokioIo::new(stream), service);
                            watcher.watch(connection.into_owned()).await
                        }
                        Ok(Err(error)) => {
                            tracing::debug!(%peer, %error, "TLS handshake failed");
                            return;
                        }
                        Err(_) => return,
                    }
                }
            };
            if let Err(error) = result {
                tracing::debug!(%peer, %error, "HTTP connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(grace) => {
            tracing::warn!(grace_secs = grace.as_secs(), "HTTP requests still in flight after the grace period");
        }
    }
}

/// A TLS acceptor for the HTTP port from the gRPC port's PEM material:
/// the same certificate, and the same client CA when TLS is mutual. It
/// offers HTTP/2 and HTTP/1.1 (tonic's offers only HTTP/2).
pub fn tls_acceptor(
    cert: &[u8],
    key: &[u8],
    client_ca: Option<&[u8]>,
) -> Result<TlsAcceptor, String> {
    use tokio_rustls::rustls;
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

    let certs = CertificateDer::pem_slice_iter(cert)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("the TLS certificate: {e}"))?;
    let key = PrivateKeyDer::from_pem_slice(key).map_err(|e| format!("the TLS key: {e}"))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let builder = match client_ca {
        Some(ca) => {
            let mut roots = rustls::RootCertStore::empty();
            for cert in CertificateDer::pem_slice_iter(ca) {
                let cert = cert.map_err(|e| format!("the TLS client CA: {e}"))?;
                roots
                    .add(cert)
                    .map_err(|e| format!("the TLS client CA: {e}"))?;
            }
            let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
                Arc::new(roots),
                provider,
            )
            .build()
            .map_err(|e| format!("the TLS client CA: {e}"))?;
            builder.with_client_cert_verifier(verifier)
        }
        None => builder.with_no_client_auth(),
    };
    let mut config = builder
        .with_single_cert(certs, key)
        .map_err(|e| format!("the TLS certificate and key: {e}"))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}
