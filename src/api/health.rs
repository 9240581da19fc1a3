//! `grpc.health.v1.Health`: tonic-health's service, with `Watch` as the
//! health protocol specifies for a service the server does not know.
//!
//! The protocol says: "If the requested service is unknown when the call
//! is received, the server will send a message setting the serving status
//! to SERVICE_UNKNOWN but will not terminate the call." tonic-health ends
//! the call with `NOT_FOUND`; this wrapper answers `SERVICE_UNKNOWN` and
//! keeps the stream open. Gazette registers its services at start-up, so
//! an unknown service stays unknown for the life of the server.

use std::pin::Pin;

use tokio_stream::{Stream, StreamExt};
use tonic::{Code, Request, Response, Status};
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_server::Health;
use tonic_health::pb::{HealthCheckRequest, HealthCheckResponse};
use tonic_health::server::HealthService;

/// The health service Gazette serves.
#[derive(Debug)]
pub struct GazetteHealth {
    inner: HealthService,
}

impl GazetteHealth {
    /// Serves the statuses that `reporter` sets.
    pub fn new(reporter: tonic_health::server::HealthReporter) -> GazetteHealth {
        GazetteHealth {
            inner: HealthService::from_health_reporter(reporter),
        }
    }
}

type WatchStream = Pin<Box<dyn Stream<Item = Result<HealthCheckResponse, Status>> + Send>>;

#[tonic::async_trait]
impl Health for GazetteHealth {
    async fn check(
        &self,
        request: Request<HealthCheckRequest>,
    ) -> Result<Response<HealthCheckResponse>, Status> {
        self.inner.check(request).await
    }

    type WatchStream = WatchStream;

    async fn watch(
        &self,
        request: Request<HealthCheckRequest>,
    ) -> Result<Response<WatchStream>, Status> {
        match self.inner.watch(request).await {
            Ok(response) => Ok(Response::new(Box::pin(response.into_inner()) as WatchStream)),
            Err(status) if status.code() == Code::NotFound => {
                let unknown = HealthCheckResponse {
                    status: ServingStatus::ServiceUnknown as i32,
                };
                let stream = tokio_stream::once(Ok(unknown)).chain(tokio_stream::pending());
                Ok(Response::new(Box::pin(stream) as WatchStream))
            }
            Err(status) => Err(status),
        }
    }
}
