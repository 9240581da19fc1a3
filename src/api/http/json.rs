//! The canonical proto3 JSON mapping of the API's messages, generated from
//! the descriptor set `build.rs` writes (the one reflection serves), so the
//! HTTP API reads and writes exactly what grpcurl does: lowerCamelCase
//! names (proto names accepted too), enums by name, 64-bit integers as
//! strings, timestamps in RFC 3339, fields at their default left out.
//!
//! Messages cross as protobuf bytes: JSON is read into a dynamic message,
//! encoded and decoded into the `pb` type the handlers take; a handler's
//! answer (pre-encoded by `api::encode` or a `pb` message) is decoded
//! into a dynamic message and written as JSON. Nothing here is written by
//! hand per field.

use std::sync::LazyLock;

use prost::Message;
use prost_reflect::{DescriptorPool, DynamicMessage, MessageDescriptor};

use crate::api::pb;

/// The API's descriptors, decoded once.
static POOL: LazyLock<Result<DescriptorPool, String>> =
    LazyLock::new(|| DescriptorPool::decode(pb::FILE_DESCRIPTOR_SET).map_err(|e| e.to_string()));

/// Why a message could not cross between JSON and protobuf.
#[derive(Debug, thiserror::Error)]
pub enum JsonError {
    /// The body is not a valid JSON form of the message: the caller's fault.
    #[error("the body is not a valid {message} in JSON: {reason}")]
    Invalid {
        /// The message's full name.
        message: &'static str,
        /// What is wrong, from the JSON parser.
        reason: String,
    },
    /// The descriptors or an answer could not be read: a bug.
    #[error("cannot write {message} as JSON: {reason}")]
    Internal {
        /// The message's full name.
        message: &'static str,
        /// What failed.
        reason: String,
    },
}

fn descriptor(message: &'static str) -> Result<MessageDescriptor, JsonError> {
    let internal = |reason: String| JsonError::Internal { message, reason };
    let pool = POOL.as_ref().map_err(|e| internal(e.clone()))?;
    pool.get_message_by_name(message)
        .ok_or_else(|| internal("no such message in the descriptor set".into()))
}

/// Reads the JSON form of the message named `message` (e.g.
/// `gazette.v1.ExtractRequest`) into its `pb` type `M`.
pub fn decode<M: Message + Default>(message: &'static str, json: &[u8]) -> Result<M, JsonError> {
    let descriptor = descriptor(message)?;
    let invalid = |reason: String| JsonError::Invalid { message, reason };
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let dynamic = DynamicMessage::deserialize(descriptor, &mut deserializer)
        .map_err(|e| invalid(e.to_string()))?;
    deserializer.end().map_err(|e| invalid(e.to_string()))?;
    M::decode(dynamic.encode_to_vec().as_slice()).map_err(|e| invalid(e.to_string()))
}

/// Writes the protobuf `bytes` of the message named `message` as JSON.
pub fn encode_bytes(message: &'static str, bytes: &[u8]) -> Result<Vec<u8>, JsonError> {
    let descriptor = descriptor(message)?;
    let internal = |reason: String| JsonError::Internal { message, reason };
    let dynamic = DynamicMessage::decode(descriptor, bytes).map_err(|e| internal(e.to_string()))?;
    serde_json::to_vec(&dynamic).map_err(|e| internal(e.to_string()))
}

/// Writes a `pb` message as JSON.
pub fn encode<M: Message>(message: &'static str, value: &M) -> Result<Vec<u8>, JsonError> {
    encode_bytes(message, &value.encode_to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_read_both_field_name_forms_and_enum_names() {
        let request: pb::ExtractRequest = decode(
            "gazette.v1.ExtractRequest",
            br#"{"text":"Seoul","documentId":"a","entity_types":["ENTITY_TYPE_PLACE", 1],
                "offsetEncoding":"OFFSET_ENCODING_UTF16","minConfidence":0.5}"#,
        )
        .unwrap();
        assert_eq!(request.text, "Seoul");
        assert_eq!(request.document_id, "a");
        assert_eq!(request.entity_types, vec![4, 1]);
        assert_eq!(request.offset_encoding, 2);
        assert_eq!(request.min_confidence, 0.5);
    }

    #[test]
    fn bad_json_names_the_message_and_the_problem() {
        for body in [
            &b"{"[..],
            b"[]",
            br#"{"txet":"x"}"#,
            br#"{"text":5}"#,
            b"{} x",
        ] {
            let err = decode::<pb::ExtractRequest>("gazette.v1.ExtractRequest", body).unwrap_err();
            assert!(matches!(err, JsonError::Invalid { .. }), "{err}");
            assert!(
                err.to_string().contains("gazette.v1.ExtractRequest"),
                "{err}"
            );
        }
    }

    #[test]
    fn responses_use_the_canonical_mapping() {
        let response = pb::GetDictionaryResponse {
            version: "v".into(),
            total_entities: 3,
            loaded_at: Some(prost_types::Timestamp {
                seconds: 1_700_000_000,
                nanos: 0,
            }),
            ..Default::default()
        };
        let json: serde_json::Value =
            serde_json::from_slice(&encode("gazette.v1.GetDictionaryResponse", &response).unwrap())
                .unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "version": "v",
                "totalEntities": "3",
                "loadedAt": "2023-11-14T22:13:20Z",
            })
        );
    }
}
