//! Responses written as protobuf bytes straight from an extraction.
//!
//! [`convert::response`] builds a `pb::ExtractResponse` with an owned
//! `String` for every field of every mention and a `HashMap` of attributes
//! for every entity, which prost then copies into the output and drops.
//! [`response`] writes the same message directly from the engine's borrowed
//! strings, without building that message, which costs a streaming server
//! much of its CPU. The bytes decode to exactly the message
//! [`convert::response`] builds (the tests check every option on the seed
//! article and the dev set), so clients see no difference.
//!
//! The server's generated code (see `build.rs`) sends [`EncodedResponse`]
//! and [`EncodedBatch`] where the proto says `ExtractResponse` and
//! `ExtractBatchResponse`; they go through the same codec as every other
//! message. Clients keep decoding into the `pb` types.
//!
//! Fields are written in field-number order and, like prost, fields with
//! their default value are left out.

use prost::bytes::{Buf, BufMut};
use prost::encoding::{self, DecodeContext, WireType};

use super::convert::{self, OffsetEncoding};
use crate::dictionary::{EntityType, Entry};
use crate::engine::dates::{self, Date};
use crate::engine::{Engine, Extraction, salience};

/// An encoded `gazette.v1.ExtractResponse`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EncodedResponse {
    bytes: Vec<u8>,
    /// Mentions in the response, for the call's log line.
    mentions: usize,
}

impl EncodedResponse {
    /// The encoded message.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// How many mentions it holds.
    pub fn mentions(&self) -> usize {
        self.mentions
    }
}

/// An encoded `gazette.v1.ExtractBatchResponse`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EncodedBatch {
    bytes: Vec<u8>,
}

impl EncodedBatch {
    /// The batch response holding `results`, in order.
    pub fn new(results: &[EncodedResponse]) -> EncodedBatch {
        let mut bytes = Vec::with_capacity(results.iter().map(|r| r.bytes.len() + 8).sum());
        for result in results {
            // `repeated ExtractResponse results = 1`.
            put_bytes(&mut bytes, 1, &result.bytes);
        }
        EncodedBatch { bytes }
    }

    /// The encoded message.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// Pre-encoded messages as prost messages, so that tonic's codec writes
/// them like any other. They only travel from the server: decoding one
/// skips every field (clients decode into the `pb` types instead).
macro_rules! encoded_message {
    ($type:ty) => {
        impl prost::Message for $type {
            fn encode_raw(&self, buf: &mut impl BufMut) {
                buf.put_slice(&self.bytes);
            }

            fn merge_field(
                &mut self,
                tag: u32,
                wire_type: WireType,
                buf: &mut impl Buf,
                ctx: DecodeContext,
            ) -> Result<(), prost::DecodeError> {
                encoding::skip_field(wire_type, tag, buf, ctx)
            }

            fn encoded_len(&self) -> usize {
                self.bytes.len()
            }

            fn clear(&mut self) {
                self.bytes.clear();
            }
        }
    };
}

encoded_message!(EncodedResponse);
encoded_message!(EncodedBatch);

/// Encodes the response for one document: the message
/// [`convert::response`] builds, without building it. `date` decides which
/// office each person entity reports.
pub fn response(
    engine: &Engine,
    document_id: &str,
    text: &str,
    extraction: &Extraction,
    encoding: OffsetEncoding,
    date: Date,
) -> EncodedResponse {
    let mentions = &extraction.mentions;
    let converted = convert::extraction_offsets(text, extraction, encoding);

    // The entities, each with its mentions, written most salient first.
    let (entities, ranking) = salience::ranked_entities(engine, extraction, text);

    let mut out = Vec::with_capacity(256 + 192 * mentions.len());
    put_str(&mut out, 1, document_id);
    for (index, m) in mentions.iter().enumerate() {
        let view = extraction.view(engine, m.referent);
        put_nested(&mut out, 2, |s| {
            put_uint(s, 1, converted[2 * index] as u64);
            put_uint(s, 2, converted[2 * index + 1] as u64);
            put_str(s, 3, &text[m.start..m.end]);
            put_uint(s, 4, wire_type(m.entity_type));
            put_str(s, 5, view.label(m.entity_type));
            put_str(s, 6, view.id);
            put_str(s, 7, view.name);
            put_str(s, 8, extraction.matched_alias(engine, text, m));
            put_float(s, 9, m.confidence);
            put_str(s, 10, m.source.as_str());
            put_str(s, 11, &m.explanation);
            for &a in &m.alternatives {
                let entry = &engine.entries()[a];
                put_nested(s, 12, |s| {
                    put_str(s, 1, &entry.id);
                    put_str(s, 2, &entry.name);
                    put_uint(s, 3, wire_type(entry.entity_type));
                });
            }
        });
    }
    for &e in &ranking.order {
        let (view, mention_type) = &entities.list[e];
        put_nested(&mut out, 3, |s| {
            put_str(s, 1, view.id);
            put_str(s, 2, view.name);
            put_uint(s, 3, wire_type(*mention_type));
            put_str(s, 4, view.label(*mention_type));
            if let Some(entry) = view.entry {
                put_str(s, 5, &entry.subtype);
                put_attributes(s, 6, entry);
            }
            put_packed(s, 7, entities.mentions_of(e));
            if let Some(office) = view.entry.and_then(|e| dates::office_on(e, date)) {
                put_str(s, 8, office);
            }
            put_float(s, 9, ranking.salience[e]);
        });
    }
    put_str(&mut out, 4, engine.version());
    let base = 2 * mentions.len();
    for (i, d) in extraction.dropped.iter().enumerate() {
        let view = extraction.view(engine, d.referent);
        put_nested(&mut out, 5, |s| {
            put_uint(s, 1, converted[base + 2 * i] as u64);
            put_uint(s, 2, converted[base + 2 * i + 1] as u64);
            put_str(s, 3, &text[d.start..d.end]);
            put_str(s, 4, view.id);
            put_str(s, 5, view.name);
            put_str(s, 6, &d.reason);
        });
    }
    if extraction.truncated {
        put_uint(&mut out, 6, 1);
    }
    EncodedResponse {
        bytes: out,
        mentions: mentions.len(),
    }
}

/// The wire value of an entity type.
fn wire_type(t: EntityType) -> u64 {
    convert::entity_type(t) as u64
}

/// `map<string, string>` field `tag`: one nested entry (key 1, value 2) per
/// attribute.
fn put_attributes(out: &mut Vec<u8>, tag: u32, entry: &Entry) {
    for (key, value) in &entry.attributes {
        put_nested(out, tag, |s| {
            put_str(s, 1, key);
            put_str(s, 2, value);
        });
    }
}

/// A nested message, written by `write` in place after its key and length.
/// The length takes one byte, as nearly every mention's does; a longer one
/// moves the message along to make room (where a scratch buffer copied
/// every message).
#[inline]
fn put_nested(out: &mut Vec<u8>, tag: u32, write: impl FnOnce(&mut Vec<u8>)) {
    put_key(out, tag, WireType::LengthDelimited);
    let at = out.len();
    out.push(0);
    write(out);
    let len = out.len() - at - 1;
    if len < 0x80 {
        out[at] = len as u8;
    } else {
        let mut prefix = Vec::with_capacity(10);
        put_varint(&mut prefix, len as u64);
        out.splice(at..at + 1, prefix);
    }
}

/// A string or bytes: key, length, then the bytes.
fn put_bytes(out: &mut Vec<u8>, tag: u32, bytes: &[u8]) {
    put_key(out, tag, WireType::LengthDelimited);
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// A field's key.
#[inline]
fn put_key(out: &mut Vec<u8>, tag: u32, wire_type: WireType) {
    put_varint(out, u64::from(tag << 3 | wire_type as u32));
}

/// A varint, in line: keys and lengths are nearly always one byte.
#[inline]
fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// A `string` field, left out when empty.
fn put_str(out: &mut Vec<u8>, tag: u32, value: &str) {
    if !value.is_empty() {
        put_bytes(out, tag, value.as_bytes());
    }
}

/// A `uint32`, `bool` or non-negative enum field, left out when zero.
fn put_uint(out: &mut Vec<u8>, tag: u32, value: u64) {
    if value != 0 {
        put_key(out, tag, WireType::Varint);
        put_varint(out, value);
    }
}

/// A `float` field, left out when zero.
fn put_float(out: &mut Vec<u8>, tag: u32, value: f32) {
    if value != 0.0 {
        put_key(out, tag, WireType::ThirtyTwoBit);
        out.put_f32_le(value);
    }
}

/// A packed `repeated uint32` field, left out when empty.
fn put_packed(out: &mut Vec<u8>, tag: u32, values: &[u32]) {
    if !values.is_empty() {
        put_nested(out, tag, |s| {
            for &v in values {
                put_varint(s, u64::from(v));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, OnceLock};

    use prost::Message;

    use super::*;
    use crate::api::pb;
    use crate::dictionary::{Dictionary, Source};
    use crate::engine::{Options, Overlap, TypeSet};

    fn default_engine() -> Arc<Engine> {
        static ENGINE: OnceLock<Arc<Engine>> = OnceLock::new();
        ENGINE
            .get_or_init(|| {
                let dictionary = Dictionary::embedded().expect("the default dictionary loads");
                Arc::new(Engine::build(dictionary).expect("the default dictionary compiles"))
            })
            .clone()
    }

    fn data(path: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The seed article and every document of the dev set.
    fn documents() -> Vec<String> {
        let mut documents = vec![data("tests/data/seed/article.txt")];
        for line in data("tests/data/dev/dev.jsonl").lines() {
            if line.trim().is_empty() {
                continue;
            }
            let value: serde_json::Value = serde_json::from_str(line).expect("dev.jsonl is JSON");
            let text = value["text"]
                .as_str()
                .expect("every dev document has a text");
            documents.push(text.to_string());
        }
        documents
    }

    /// The options the response depends on, each away from its default at
    /// least once.
    fn option_sets() -> Vec<(Options, OffsetEncoding, Date)> {
        let base = Options {
            overlap: Overlap::Longest,
            types: TypeSet::EMPTY,
            min_confidence: 0.0,
            date: None,
            explain: false,
            max_mentions: 10_000,
            filter: Default::default(),
        };
        let today = Date::today();
        let past = Date::parse("2019-05-01", false).expect("a valid date");
        vec![
            (base, OffsetEncoding::Utf8, today),
            (
                Options {
                    explain: true,
                    ..base
                },
                OffsetEncoding::Utf16,
                today,
            ),
            (
                Options {
                    overlap: Overlap::All,
                    explain: true,
                    date: Some(past),
                    ..base
                },
                OffsetEncoding::CodePoint,
                past,
            ),
            (
                Options {
                    overlap: Overlap::NoSub,
                    max_mentions: 3,
                    ..base
                },
                OffsetEncoding::Utf8,
                today,
            ),
        ]
    }

    /// The encoder's bytes against the message `convert::response` builds.
    fn assert_same_message(engine: &Engine, id: &str, text: &str) -> usize {
        let mut mentions = 0;
        for (options, encoding, date) in option_sets() {
            let extraction = engine.extract(text, &options);
            let expected =
                convert::response(engine, id.to_string(), text, &extraction, encoding, date);
            let encoded = response(engine, id, text, &extraction, encoding, date);
            let decoded = pb::ExtractResponse::decode(encoded.as_bytes())
                .expect("the encoder writes a valid ExtractResponse");
            assert_eq!(
                decoded, expected,
                "document {id}, {options:?}, {encoding:?}"
            );
            assert_eq!(encoded.mentions(), expected.mentions.len());
            // Without attribute maps, whose order prost takes from a
            // HashMap, the bytes are prost's own.
            if expected.entities.iter().all(|e| e.attributes.len() < 2) {
                assert_eq!(
                    encoded.as_bytes(),
                    expected.encode_to_vec(),
                    "document {id}"
                );
            }
            mentions += expected.mentions.len();
        }
        mentions
    }

    #[test]
    fn seed_and_dev_set_decode_to_the_built_message() {
        let engine = default_engine();
        let mut mentions = 0;
        for (i, text) in documents().iter().enumerate() {
            mentions += assert_same_message(&engine, &format!("doc-{i}"), text);
        }
        // The comparison is only worth something if there was much to compare.
        assert!(mentions > 1000, "only {mentions} mentions");
    }

    #[test]
    fn custom_labels_retyped_and_named_entities_decode_to_the_built_message() {
        let dictionary = Dictionary::load(&[Source::Text {
            name: "custom.jsonl".into(),
            text: concat!(
                r#"{"id":"x:1","name":"Acme Widgets","type":"COMPANY","aliases":["Acme"],"attributes":{"sector":"","":"empty key","ticker":"ACME"}}"#,
                "\n",
                r#"{"id":"Q30","name":"United States","type":"PLACE","aliases":["US"]}"#,
                "\n",
                r#"{"id":"Q35657","name":"White House","type":"PLACE","subtype":"building"}"#,
                "\n",
            )
            .into(),
        }])
        .expect("the test dictionary loads");
        let engine = Engine::build(dictionary).expect("the test dictionary compiles");
        let text = "Acme said the White House said US Foreign Minister Jane Doe met \
                    Acme 🇺🇸 officials. Acme!";
        assert!(assert_same_message(&engine, "custom", text) > 0);
        // The cases this test is for are in the text.
        let options = option_sets()[0].0;
        let built = convert::response(
            &engine,
            "custom".into(),
            text,
            &engine.extract(text, &options),
            OffsetEncoding::Utf8,
            Date::today(),
        );
        let labels: Vec<&str> = built.entities.iter().map(|e| e.label.as_str()).collect();
        assert!(labels.contains(&"COMPANY"), "{labels:?}");
        assert!(labels.contains(&"ORGANIZATION"), "{labels:?}");
        assert!(
            built
                .entities
                .iter()
                .any(|e| e.id.starts_with("gazette:person/"))
        );
        assert!(built.entities.iter().any(|e| e.attributes.contains_key("")));
        assert_same_message(&engine, "", "");
    }

    #[test]
    fn a_batch_is_its_results_as_field_one() {
        let engine = default_engine();
        let options = option_sets().remove(0).0;
        let texts = documents();
        let mut encoded = Vec::new();
        let mut expected = pb::ExtractBatchResponse::default();
        for (i, text) in texts.iter().take(5).enumerate() {
            let extraction = engine.extract(text, &options);
            let id = i.to_string();
            let date = Date::today();
            encoded.push(response(
                &engine,
                &id,
                text,
                &extraction,
                OffsetEncoding::Utf8,
                date,
            ));
            expected.results.push(convert::response(
                &engine,
                id,
                text,
                &extraction,
                OffsetEncoding::Utf8,
                date,
            ));
        }
        let batch = EncodedBatch::new(&encoded);
        let decoded = pb::ExtractBatchResponse::decode(batch.as_bytes())
            .expect("the encoder writes a valid ExtractBatchResponse");
        assert_eq!(decoded, expected);
    }
}
