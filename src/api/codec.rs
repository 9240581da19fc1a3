//! The protobuf codec, with decode failures reported as `INVALID_ARGUMENT`.
//!
//! tonic's prost codec reports a message it cannot decode (garbage bytes, a
//! `string` field that is not UTF-8) as `INTERNAL`, which tells the caller
//! the server is broken. It is the request that is wrong, so this codec says
//! so. `build.rs` makes the generated services use it.

use std::marker::PhantomData;

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

impl<U: Message + Default> Decoder for RequestDecoder<U> {
    type Item = U;
    type Error = Status;

    fn decode(&mut self, buf: &mut DecodeBuf<'_>) -> Result<Option<U>, Status> {
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
