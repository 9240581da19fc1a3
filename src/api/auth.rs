//! Bearer-token checks for the API and for admin calls.

use tonic::metadata::MetadataMap;
use tonic::{Request, Status};

/// A secret token that callers present as `authorization: Bearer <token>`.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    /// Wraps a token; `None` for an empty one.
    pub fn new(token: impl Into<String>) -> Option<Token> {
        let token = token.into();
        (!token.trim().is_empty()).then(|| Token(token.trim().to_string()))
    }

    /// Checks a call's metadata: `UNAUTHENTICATED` when no bearer token is
    /// sent, `PERMISSION_DENIED` when it is not this one.
    pub fn check(&self, metadata: &MetadataMap) -> Result<(), Status> {
        let Some(value) = metadata.get("authorization") else {
            return Err(Status::unauthenticated(
                "missing credentials: send metadata `authorization: Bearer <token>`",
            ));
        };
        let presented = value
            .to_str()
            .ok()
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .ok_or_else(|| {
                Status::unauthenticated(
                    "malformed credentials: expected `authorization: Bearer <token>`",
                )
            })?;
        if constant_time_eq(presented.trim().as_bytes(), self.0.as_bytes()) {
            Ok(())
        } else {
            Err(Status::permission_denied(
                "the token is not valid for this call",
            ))
        }
    }

    /// A tonic interceptor that checks every call against `token`, or lets
    /// every call through when there is none.
    pub fn interceptor(
        token: Option<Token>,
    ) -> impl FnMut(Request<()>) -> Result<Request<()>, Status> + Clone {
        move |request: Request<()>| {
            if let Some(token) = &token {
                token.check(request.metadata())?;
            }
            Ok(request)
        }
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// Compares in time that depends only on the lengths, so a caller cannot
/// learn the token byte by byte from response times.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(value: Option<&str>) -> MetadataMap {
        let mut map = MetadataMap::new();
        if let Some(value) = value {
            map.insert("authorization", value.parse().unwrap());
        }
        map
    }

    #[test]
    fn missing_wrong_and_right_tokens() {
        let token = Token::new("s3cret").unwrap();
        assert_eq!(
            token.check(&metadata(None)).unwrap_err().code(),
            tonic::Code::Unauthenticated
        );
        assert_eq!(
            token.check(&metadata(Some("Basic x"))).unwrap_err().code(),
            tonic::Code::Unauthenticated
        );
        assert_eq!(
            token
                .check(&metadata(Some("Bearer nope")))
                .unwrap_err()
                .code(),
            tonic::Code::PermissionDenied
        );
        assert_eq!(
            token
                .check(&metadata(Some("Bearer s3cre")))
                .unwrap_err()
                .code(),
            tonic::Code::PermissionDenied
        );
        assert!(token.check(&metadata(Some("Bearer s3cret"))).is_ok());
        assert!(Token::new("  ").is_none());
        assert_eq!(format!("{token:?}"), "Token(<redacted>)");
    }
}
