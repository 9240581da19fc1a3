//! The gRPC server: services, health, reflection, gRPC-Web, limits and
//! shutdown; and the HTTP/JSON port beside it when asked for.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio_stream::StreamExt;
use tonic::codec::CompressionEncoding;
use tonic::transport::server::TcpIncoming;
use tonic::transport::{Certificate, Identity, Server, ServerTlsConfig};
use tonic_health::pb::health_server::HealthServer;
use tower::limit::GlobalConcurrencyLimitLayer;

use crate::api::admin::Admin;
use crate::api::auth::Token;
use crate::api::extractor::Extractor;
use crate::api::health::GazetteHealth;
use crate::api::http::{self, Http};
use crate::api::pb::dictionary_service_server::DictionaryServiceServer;
use crate::api::pb::entity_extractor_server::EntityExtractorServer;
use crate::api::status::CallLayer;
use crate::api::web::GrpcOnlyLayer;
use crate::api::{Limits, Shared, pb};
use crate::live::LiveDictionary;
use crate::transport::Guarded;

/// How the server runs, beyond the engine it serves.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Per-call limits on text size and batch size.
    pub limits: Limits,
    /// The transport limit on one decoded message, in bytes.
    pub max_message_bytes: usize,
    /// Calls served at once across all connections; more wait their turn.
    /// A stream counts while its handler starts, not while it stays open:
    /// see `max_open_streams`.
    pub max_concurrency: usize,
    /// `ExtractStream` calls open at once across all connections; more are
    /// refused with `RESOURCE_EXHAUSTED`.
    pub max_open_streams: usize,
    /// How long a response may wait for its client to accept any of its
    /// bytes before the connection is closed; zero waits for ever.
    pub send_timeout: Duration,
    /// Concurrent streams one HTTP/2 connection may open.
    pub max_streams_per_connection: u32,
    /// How long the server keeps taking calls after a shutdown signal, with
    /// health already `NOT_SERVING`, so that load balancers stop sending
    /// calls before the listeners close.
    pub shutdown_delay: Duration,
    /// How long calls in flight may take to finish after a shutdown signal.
    pub shutdown_grace: Duration,
    /// Required by mutating DictionaryService calls, when set.
    pub admin_token: Option<Token>,
    /// Required by EntityExtractor calls, when set.
    pub api_token: Option<Token>,
    /// TLS, when set; plaintext otherwise. The HTTP port uses it too.
    pub tls: Option<Tls>,
    /// Origins whose browsers may call (gRPC-Web on the gRPC port, JSON on
    /// the HTTP port); `*` for any. Empty: no CORS headers.
    pub cors_origins: Vec<String>,
}

/// PEM-encoded TLS material.
#[derive(Clone)]
pub struct Tls {
    /// The server's certificate chain.
    pub cert: Vec<u8>,
    /// The server's private key.
    pub key: Vec<u8>,
    /// When set, clients must present a certificate signed by this CA.
    pub client_ca: Option<Vec<u8>>,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tls")
            .field("mutual", &self.client_ca.is_some())
            .finish_non_exhaustive()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            limits: Limits::default(),
            max_message_bytes: 4 << 20,
            max_concurrency: 1024,
            max_open_streams: 1024,
            send_timeout: Duration::from_secs(30),
            max_streams_per_connection: 256,
            shutdown_delay: Duration::ZERO,
            shutdown_grace: Duration::from_secs(30),
            admin_token: None,
            api_token: None,
            tls: None,
            cors_origins: Vec::new(),
        }
    }
}

/// Why the server stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Reflection could not read the descriptor set (a build bug).
    #[error("cannot set up server reflection: {0}")]
    Reflection(#[from] tonic_reflection::server::Error),
    /// The transport failed.
    #[error("transport error: {0}")]
    Transport(#[from] tonic::transport::Error),
    /// The HTTP port or CORS could not be set up (bad TLS material or
    /// origin).
    #[error("cannot serve HTTP: {0}")]
    Http(String),
}

/// Serves the API on `listener` until `shutdown` completes, then drains
/// calls in flight for at most [`Settings::shutdown_grace`].
pub async fn run(
    listener: TcpListener,
    dictionary: Arc<LiveDictionary>,
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    run_with_http(listener, None, dictionary, settings, shutdown).await
}

/// [`run`], with the HTTP/JSON API and the playground on `http` too
/// (`--http-listen`), drained with the gRPC port.
pub async fn run_with_http(
    listener: TcpListener,
    http: Option<TcpListener>,
    dictionary: Arc<LiveDictionary>,
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let shared = Arc::new(Shared {
        dictionary,
        limits: settings.limits,
        admin_token: settings.admin_token.clone(),
        tagging_streams: Default::default(),
        open_streams: Arc::new(tokio::sync::Semaphore::new(settings.max_open_streams)),
        max_open_streams: settings.max_open_streams,
    });
    let health = tonic_health::server::HealthReporter::new();
    let health_service = HealthServer::new(GazetteHealth::new(health.clone()));
    health
        .set_serving::<EntityExtractorServer<Extractor>>()
        .await;
    health.set_serving::<DictionaryServiceServer<Admin>>().await;

    // Both reflection versions describe every service, each other included,
    // so `grpcurl list` shows the same set whichever version it speaks.
    let reflection = || {
        tonic_reflection::server::Builder::configure()
            .include_reflection_service(false)
            .register_encoded_file_descriptor_set(pb::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(
                tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET,
            )
    };
    let reflection_v1 = reflection().build_v1()?;
    let reflection_v1alpha = reflection().build_v1alpha()?;

    // gzip and zstd both ways: a request in either is accepted, and a
    // response is compressed when the client's grpc-accept-encoding asks.
    let extractor = EntityExtractorServer::new(Extractor::new(shared.clone()))
        .max_decoding_message_size(settings.max_message_bytes)
        .accept_compressed(CompressionEncoding::Gzip)
        .accept_compressed(CompressionEncoding::Zstd)
        .send_compressed(CompressionEncoding::Gzip)
        .send_compressed(CompressionEncoding::Zstd);
    let extractor = tonic::service::interceptor::InterceptedService::new(
        extractor,
        Token::interceptor(settings.api_token.clone()),
    );
    let admin = DictionaryServiceServer::new(Admin::new(shared.clone()))
        .max_decoding_message_size(settings.max_message_bytes)
        .accept_compressed(CompressionEncoding::Gzip)
        .accept_compressed(CompressionEncoding::Zstd)
        .send_compressed(CompressionEncoding::Gzip)
        .send_compressed(CompressionEncoding::Zstd);

    // One budget of calls for both ports.
    let calls = Arc::new(tokio::sync::Semaphore::new(settings.max_concurrency));
    let cors = crate::api::web::cors(&settings.cors_origins).map_err(ServeError::Http)?;
    let draining = Arc::new(AtomicBool::new(false));
    let (http_stop_tx, http_stop_rx) = tokio::sync::oneshot::channel::<()>();
    let http_server = match http {
        Some(http_listener) => {
            let mut router = Http::new(
                Extractor::new(shared.clone()),
                Admin::new(shared.clone()),
                settings.api_token.clone(),
                settings.max_message_bytes,
                draining.clone(),
            )
            .router();
            if let Some(cors) = cors.clone() {
                router = router.layer(cors);
            }
            let router = router.layer(GlobalConcurrencyLimitLayer::with_semaphore(calls.clone()));
            let tls = match &settings.tls {
                Some(tls) => Some(
                    http::tls_acceptor(&tls.cert, &tls.key, tls.client_ca.as_deref())
                        .map_err(ServeError::Http)?,
                ),
                None => None,
            };
            let stop = async {
                let _ = http_stop_rx.await;
            };
            Some(tokio::spawn(http::serve(
                http_listener,
                router,
                tls,
                stop,
                settings.shutdown_grace,
            )))
        }
        None => None,
    };

    // The drain starts when `shutdown` completes: health turns NOT_SERVING
    // at once, the listeners close after `shutdown_delay`, and the grace
    // timer starts then.
    let (draining_tx, draining_rx) = tokio::sync::oneshot::channel::<()>();
    let drain_health = health.clone();
    let grace = settings.shutdown_grace;
    let delay = settings.shutdown_delay;
    let signal = async move {
        shutdown.await;
        draining.store(true, Ordering::Relaxed);
        drain_health
            .set_service_status("", tonic_health::ServingStatus::NotServing)
            .await;
        drain_health
            .set_not_serving::<EntityExtractorServer<Extractor>>()
            .await;
        if !delay.is_zero() {
            tracing::info!(
                delay_secs = delay.as_secs_f64(),
                "shutting down: health reports NOT_SERVING; calls are still taken for {} s (--shutdown-delay-secs) so that load balancers stop sending them",
                delay.as_secs_f64()
            );
            tokio::time::sleep(delay).await;
        }
        let _ = http_stop_tx.send(());
        tracing::info!(
            grace_secs = grace.as_secs_f64(),
            "shutting down: no new connections or calls; draining calls in flight for at most {} s (--shutdown-grace-secs; a second SIGINT or SIGTERM stops at once)",
            grace.as_secs_f64()
        );
        let _ = draining_tx.send(());
    };

    // tonic drops `incoming` (closing the listening socket) as soon as
    // `signal` completes, so a connection attempt during the drain is
    // refused at once instead of waiting for the grace period.
    let incoming = TcpIncoming::from(listener)
        .with_nodelay(Some(true))
        .map(|stream| stream.map(Guarded::new));
    let mut builder = Server::builder();
    if let Some(tls) = &settings.tls {
        let mut config = ServerTlsConfig::new().identity(Identity::from_pem(&tls.cert, &tls.key));
        if let Some(ca) = &tls.client_ca {
            config = config.client_ca_root(Certificate::from_pem(ca));
        }
        builder = builder.tls_config(config)?;
    }
    let server = builder
        .max_concurrent_streams(settings.max_streams_per_connection)
        .http2_keepalive_interval(Some(Duration::from_secs(30)))
        .http2_keepalive_timeout(Some(Duration::from_secs(10)))
        // gRPC-Web from browsers comes over HTTP/1.1 too.
        .accept_http1(true)
        .layer(GlobalConcurrencyLimitLayer::with_semaphore(calls))
        .layer(tower::util::option_layer(cors))
        .layer(GrpcOnlyLayer)
        .layer(tonic_web::GrpcWebLayer::new())
        .layer(CallLayer {
            send_timeout: settings.send_timeout,
        })
        .add_service(health_service)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(extractor)
        .add_service(admin)
        .serve_with_incoming_shutdown(incoming, signal);

    tokio::select! {
        result = server => result?,
        () = async {
            if draining_rx.await.is_ok() {
                tokio::time::sleep(grace).await;
            } else {
                std::future::pending::<()>().await;
            }
        } => {
            tracing::warn!(grace_secs = grace.as_secs(), "calls still in flight after the grace period; stopping anyway");
        }
    }
    if let Some(http_server) = http_server {
        // The HTTP port drains with its own grace bound.
        let _ = http_server.await;
    }
    tracing::info!("server stopped");
    Ok(())
}

/// A future that completes on SIGINT (Ctrl-C) or SIGTERM. The handlers are
/// installed before this returns, so a signal that arrives before the
/// future is first polled is not lost (and does not kill the process).
/// Once it has completed, a second SIGINT or SIGTERM exits the process at
/// once with status 130.
#[cfg(unix)]
pub fn shutdown_signal() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => tracing::info!("received SIGINT"),
            _ = terminate.recv() => tracing::info!("received SIGTERM"),
        }
        // During the drain, a second signal (Ctrl-C again) stops at once.
        tokio::spawn(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
            tracing::warn!("second signal during the drain: stopping now, calls in flight are cut");
            std::process::exit(130);
        });
    })
}

/// A future that completes on Ctrl-C.
#[cfg(not(unix))]
pub fn shutdown_signal() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("received Ctrl-C");
    })
}
