//! The protobuf codec, with decode failures reported as `INVALID_ARGUMENT`.
//!
//! tonic's prost codec reports a message it cannot decode (garbage bytes, a
//! `string` field that is not UTF-8) as `INTERNAL`, which tells the caller
//! the server is broken. It is the request that is wrong, so this codec says
//! so. `build.rs` makes the generated services use it.

use std::any::TypeId;
use std::marker::PhantomData;

use bytes::Buf;
use prost::Message;
use tonic::Status;
use tonic::codec::{BufferSettings, Codec, DecodeBuf, Decoder};
use tonic_prost::{ProstDecoder, ProstEncoder};

/// A prost codec whose decode errors are `INVALID_ARGUMENT`.
#[derive(Debug, Clone)]
pub struct GazetteCodec<T, U>(PhantomData<(T, U)>);

impl<T, U> Default for GazetteCodec<T, U> {
    fn default() -> Self {
        GazetteCodec(PhantomData)
    }
}

impl<T, U> Codec for GazetteCodec<T, U>
where
    T: Message + Send + 'static,
    U: Message + Default + Send + 'static,
{
    type Encode = T;
    type Decode = U;
    type Encoder = ProstEncoder<T>;
    type Decoder = RequestDecoder<U>;

    fn encoder(&mut self) -> Self::Encoder {
        ProstEncoder::new(BufferSettings::default())
    }

    fn decoder(&mut self) -> Self::Decoder {
        RequestDecoder(ProstDecoder::new(BufferSettings::default()))
    }
}

/// Decodes with prost and maps failures to `INVALID_ARGUMENT`.
#[derive(Debug, Clone)]
pub struct RequestDecoder<U>(ProstDecoder<U>);

impl<U: Message + Default + 'static> Decoder for RequestDecoder<U> {
    type Item = U;
    type Error = Status;

    fn decode(&mut self, buf: &mut DecodeBuf<'_>) -> Result<Option<U>, Status> {
        if buf.chunk().len() == buf.remaining() {
            // The whole message is in one slice: on failure it can still be
            // read to say which document of a batch is bad.
            let bytes = buf.chunk();
            let decoded = U::decode(bytes).map_err(|error| {
                let reason = which_document::<U>(bytes).unwrap_or_else(|| reason_of(&error));
                Status::invalid_argument(format!("the message could not be decoded: {reason}"))
            })?;
            buf.advance(buf.remaining());
            return Ok(Some(decoded));
        }
        self.0.decode(buf).map_err(|status| {
            Status::invalid_argument(format!(
                "the message could not be decoded: {}",
                status.message()
            ))
        })
    }

    fn buffer_settings(&self) -> BufferSettings {
        self.0.buffer_settings()
    }
}

/// prost's reason, without its "failed to decode Protobuf message: " lead.
fn reason_of(error: &prost::DecodeError) -> String {
    let text = error.to_string();
    match text.strip_prefix("failed to decode Protobuf message: ") {
        Some(reason) => reason.to_string(),
        None => text,
    }
}

/// For an `ExtractBatchRequest` that does not decode, the first document
/// that does not, named `documents[i]`: prost names only the message types
/// (`ExtractRequest.text: ExtractBatchRequest.documents: invalid string
/// value`). `None` for other messages, or when the batch itself is
/// malformed rather than one of its documents.
fn which_document<U: 'static>(mut bytes: &[u8]) -> Option<String> {
    use prost::encoding::{WireType, decode_key, decode_varint};
    if TypeId::of::<U>() != TypeId::of::<super::pb::ExtractBatchRequest>() {
        return None;
    }
    let mut index = 0;
    while !bytes.is_empty() {
        let (tag, wire_type) = decode_key(&mut bytes).ok()?;
        if tag != 1 || wire_type != WireType::LengthDelimited {
            return None;
        }
        let len = usize::try_from(decode_varint(&mut bytes).ok()?).ok()?;
        let document = bytes.get(..len)?;
        if let Err(error) = super::pb::ExtractRequest::decode(document) {
            let reason = reason_of(&error);
            // "ExtractRequest.text: invalid string value" names the field.
            let reason = match reason
                .strip_prefix("ExtractRequest.")
                .and_then(|rest| rest.split_once(": "))
            {
                Some((field, why)) => format!("documents[{index}].{field}: {why}"),
                None => format!("documents[{index}]: {reason}"),
            };
            return Some(reason);
        }
        bytes = &bytes[len..];
        index += 1;
    }
    None
}
