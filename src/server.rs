//! The gRPC server: services, health, reflection, limits and shutdown.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tonic::transport::Server;
use tonic::transport::server::TcpIncoming;
use tower::limit::GlobalConcurrencyLimitLayer;

use crate::api::admin::Admin;
use crate::api::extractor::Extractor;
use crate::api::pb::dictionary_service_server::DictionaryServiceServer;
use crate::api::pb::entity_extractor_server::EntityExtractorServer;
use crate::api::status::StatusCodeLayer;
use crate::api::{Limits, Shared, pb};
use crate::engine::Engine;

/// How the server runs, beyond the engine it serves.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Per-call limits on text size and batch size.
    pub limits: Limits,
    /// The transport limit on one decoded message, in bytes.
    pub max_message_bytes: usize,
    /// Calls served at once across all connections; more wait their turn.
    pub max_concurrency: usize,
    /// Concurrent streams one HTTP/2 connection may open.
    pub max_streams_per_connection: u32,
    /// How long calls in flight may take to finish after a shutdown signal.
    pub shutdown_grace: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            limits: Limits::default(),
            max_message_bytes: 4 << 20,
            max_concurrency: 1024,
            max_streams_per_connection: 256,
            shutdown_grace: Duration::from_secs(30),
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
}

/// Serves the API on `listener` until `shutdown` completes, then drains
/// calls in flight for at most [`Settings::shutdown_grace`].
pub async fn run(
    listener: TcpListener,
    engine: Arc<Engine>,
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let shared = Arc::new(Shared {
        engine,
        limits: settings.limits,
    });
    let (health, health_service) = tonic_health::server::health_reporter();
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

    let extractor = EntityExtractorServer::new(Extractor::new(shared.clone()))
        .max_decoding_message_size(settings.max_message_bytes);
    let admin = DictionaryServiceServer::new(Admin::new(shared.clone()))
        .max_decoding_message_size(settings.max_message_bytes);

    // The drain starts when `shutdown` completes; the grace timer starts
    // with it.
    let (draining_tx, draining_rx) = tokio::sync::oneshot::channel::<()>();
    let drain_health = health.clone();
    let signal = async move {
        shutdown.await;
        tracing::info!("shutting down: no new calls, draining calls in flight");
        drain_health
            .set_service_status("", tonic_health::ServingStatus::NotServing)
            .await;
        drain_health
            .set_not_serving::<EntityExtractorServer<Extractor>>()
            .await;
        let _ = draining_tx.send(());
    };

    let incoming = TcpIncoming::from(listener).with_nodelay(Some(true));
    let server = Server::builder()
        .max_concurrent_streams(settings.max_streams_per_connection)
        .http2_keepalive_interval(Some(Duration::from_secs(30)))
        .http2_keepalive_timeout(Some(Duration::from_secs(10)))
        .layer(GlobalConcurrencyLimitLayer::new(settings.max_concurrency))
        .layer(StatusCodeLayer)
        .add_service(health_service)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(extractor)
        .add_service(admin)
        .serve_with_incoming_shutdown(incoming, signal);

    let grace = settings.shutdown_grace;
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
    tracing::info!("server stopped");
    Ok(())
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => tracing::info!("received SIGINT"),
        () = terminate => tracing::info!("received SIGTERM"),
    }
}
