//! Errors of the HTTP API: gRPC status codes mapped to HTTP statuses, with
//! a JSON body in the style of Google's APIs:
//! `{"code": 400, "status": "INVALID_ARGUMENT", "message": "..."}`.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tonic::Code;

use super::json::JsonError;

/// An error answered to an HTTP caller.
#[derive(Debug, Clone)]
pub struct HttpError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The gRPC code it stands for.
    pub code: Code,
    /// What went wrong, as gRPC would say it.
    pub message: String,
}

impl HttpError {
    /// An error with the HTTP status of `code`.
    pub fn new(code: Code, message: impl Into<String>) -> HttpError {
        HttpError {
            status: http_status(code),
            code,
            message: message.into(),
        }
    }

    /// A body over the size limit: 413, `RESOURCE_EXHAUSTED` as gRPC says
    /// for a message over its transport limit.
    pub fn too_large(limit: usize) -> HttpError {
        HttpError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: Code::ResourceExhausted,
            message: format!(
                "the request body is over the limit of {limit} bytes (--max-message-bytes)"
            ),
        }
    }

    /// A path that is served, asked with the wrong method: 405.
    pub fn method_not_allowed(message: impl Into<String>) -> HttpError {
        HttpError {
            status: StatusCode::METHOD_NOT_ALLOWED,
            code: Code::Unimplemented,
            message: message.into(),
        }
    }
}

impl From<tonic::Status> for HttpError {
    fn from(status: tonic::Status) -> HttpError {
        HttpError::new(status.code(), status.message())
    }
}

impl From<JsonError> for HttpError {
    fn from(error: JsonError) -> HttpError {
        let code = match error {
            JsonError::Invalid { .. } => Code::InvalidArgument,
            JsonError::Internal { .. } => Code::Internal,
        };
        HttpError::new(code, error.to_string())
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        /// The body, its fields in the order Google's APIs write them.
        #[derive(serde::Serialize)]
        struct Body<'a> {
            code: u16,
            status: &'static str,
            message: &'a str,
        }
        let body = Body {
            code: self.status.as_u16(),
            status: code_name(self.code),
            message: &self.message,
        };
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            serde_json::to_string(&body).unwrap_or_default(),
        )
            .into_response()
    }
}

/// The HTTP status for a gRPC code, as Google's APIs map them
/// (`google.rpc.Code`).
pub fn http_status(code: Code) -> StatusCode {
    match code {
        Code::Ok => StatusCode::OK,
        Code::InvalidArgument | Code::FailedPrecondition | Code::OutOfRange => {
            StatusCode::BAD_REQUEST
        }
        Code::Unauthenticated => StatusCode::UNAUTHORIZED,
        Code::PermissionDenied => StatusCode::FORBIDDEN,
        Code::NotFound => StatusCode::NOT_FOUND,
        Code::AlreadyExists | Code::Aborted => StatusCode::CONFLICT,
        Code::ResourceExhausted => StatusCode::TOO_MANY_REQUESTS,
        // 499 Client Closed Request: nginx's, and Google's for CANCELLED.
        Code::Cancelled => StatusCode::from_u16(499).unwrap_or(StatusCode::BAD_REQUEST),
        Code::Unimplemented => StatusCode::NOT_IMPLEMENTED,
        Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        Code::DeadlineExceeded => StatusCode::GATEWAY_TIMEOUT,
        Code::Unknown | Code::Internal | Code::DataLoss => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The code's name as the gRPC specification writes it.
pub fn code_name(code: Code) -> &'static str {
    match code {
        Code::Ok => "OK",
        Code::Cancelled => "CANCELLED",
        Code::Unknown => "UNKNOWN",
        Code::InvalidArgument => "INVALID_ARGUMENT",
        Code::DeadlineExceeded => "DEADLINE_EXCEEDED",
        Code::NotFound => "NOT_FOUND",
        Code::AlreadyExists => "ALREADY_EXISTS",
        Code::PermissionDenied => "PERMISSION_DENIED",
        Code::ResourceExhausted => "RESOURCE_EXHAUSTED",
        Code::FailedPrecondition => "FAILED_PRECONDITION",
        Code::Aborted => "ABORTED",
        Code::OutOfRange => "OUT_OF_RANGE",
        Code::Unimplemented => "UNIMPLEMENTED",
        Code::Internal => "INTERNAL",
        Code::Unavailable => "UNAVAILABLE",
        Code::DataLoss => "DATA_LOSS",
        Code::Unauthenticated => "UNAUTHENTICATED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code, its HTTP status and its name, as `google.rpc.Code`
    /// documents them.
    #[test]
    fn every_code_maps_as_google_rpc_code_says() {
        let table = [
            (Code::Ok, 200, "OK"),
            (Code::Cancelled, 499, "CANCELLED"),
            (Code::Unknown, 500, "UNKNOWN"),
            (Code::InvalidArgument, 400, "INVALID_ARGUMENT"),
            (Code::DeadlineExceeded, 504, "DEADLINE_EXCEEDED"),
            (Code::NotFound, 404, "NOT_FOUND"),
            (Code::AlreadyExists, 409, "ALREADY_EXISTS"),
            (Code::PermissionDenied, 403, "PERMISSION_DENIED"),
            (Code::ResourceExhausted, 429, "RESOURCE_EXHAUSTED"),
            (Code::FailedPrecondition, 400, "FAILED_PRECONDITION"),
            (Code::Aborted, 409, "ABORTED"),
            (Code::OutOfRange, 400, "OUT_OF_RANGE"),
            (Code::Unimplemented, 501, "UNIMPLEMENTED"),
            (Code::Internal, 500, "INTERNAL"),
            (Code::Unavailable, 503, "UNAVAILABLE"),
            (Code::DataLoss, 500, "DATA_LOSS"),
            (Code::Unauthenticated, 401, "UNAUTHENTICATED"),
        ];
        for (code, status, name) in table {
            assert_eq!(http_status(code).as_u16(), status, "{code:?}");
            assert_eq!(code_name(code), name);
            // The name is tonic's, in upper snake case.
            let tonic_name: String = format!("{code:?}")
                .chars()
                .flat_map(|c| {
                    let sep = c.is_uppercase().then_some('_');
                    sep.into_iter()
                        .chain(std::iter::once(c.to_ascii_uppercase()))
                })
                .collect();
            assert_eq!(tonic_name.trim_start_matches('_'), name);
        }
    }
}
