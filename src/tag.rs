//! `gazette tag`: the engine offline, JSON Lines out.
//!
//! Input is read in chunks of documents; each chunk is tagged on every core
//! and written in input order, so memory stays bounded by the chunk size
//! whatever the input size.

use std::io::{self, BufRead, Write};

use rayon::prelude::*;
use serde_json::Value;

use crate::engine::{Engine, Extraction, Options, salience};

/// Documents tagged together; bounds memory and keeps every core busy. A
/// chunk's output lines are 3.4 times its text on news and are all held
/// until it is written, so a chunk is kept small enough for its output to
/// reuse the last chunk's memory rather than take fresh pages (RSS in
/// docs/performance.md, "What costs what").
const CHUNK_DOCUMENTS: usize = 512;
/// A chunk is also cut once it holds this many bytes of text.
const CHUNK_BYTES: usize = 1 << 20;

/// One input document.
#[derive(Debug)]
pub struct Document {
    /// The id to echo: from the input line, or the file name.
    pub id: Value,
    /// The text.
    pub text: String,
}

/// Tags one document into one JSON line (with its newline):
/// `{"id":..,"mentions":[{"start":..,"end":..,"text":..,"type":..,"label":..,
/// "entity_id":..,"canonical_name":..,"matched_alias":..,"confidence":..,
/// "source":..},..],"entities":[{"entity_id":..,"salience":..,
/// "mention_indices":[..]},..]}`, the entities most salient first (see
/// [`crate::engine::salience`]). Written by hand: serde's many small
/// writes, and its escape check of strings that need none, cost a
/// noticeable part of `gazette tag`.
pub fn tag_line(engine: &Engine, options: &Options, document: &Document) -> Vec<u8> {
    let extraction = engine.extract(&document.text, options);
    let text = document.text.as_str();
    // Sized for the usual line, so it never grows while being written.
    let mut line = Vec::with_capacity(64 + 256 * extraction.mentions.len());
    line.extend_from_slice(b"{\"id\":");
    // Writing to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut line, &document.id);
    line.extend_from_slice(b",\"mentions\":[");
    // Most mentions share a handful of confidences: each is formatted once.
    let mut confidence = (f32::NAN.to_bits(), Vec::new());
    for (i, m) in extraction.mentions.iter().enumerate() {
        let view = extraction.view(engine, m.referent);
        line.extend_from_slice(if i == 0 {
            b"{\"start\":"
        } else {
            b",{\"start\":"
        });
        line.extend_from_slice(itoa::Buffer::new().format(m.start).as_bytes());
        line.extend_from_slice(b",\"end\":");
        line.extend_from_slice(itoa::Buffer::new().format(m.end).as_bytes());
        line.extend_from_slice(b",\"text\":");
        json_str(&mut line, &text[m.start..m.end]);
        line.extend_from_slice(b",\"type\":");
        plain_str(&mut line, m.entity_type.as_str());
        line.extend_from_slice(b",\"label\":");
        json_str(&mut line, view.label(m.entity_type));
        line.extend_from_slice(b",\"entity_id\":");
        json_str(&mut line, view.id);
        line.extend_from_slice(b",\"canonical_name\":");
        json_str(&mut line, view.name);
        line.extend_from_slice(b",\"matched_alias\":");
        json_str(&mut line, extraction.matched_alias(engine, text, m));
        line.extend_from_slice(b",\"confidence\":");
        if confidence.0 != m.confidence.to_bits() {
            confidence.1.clear();
            let _ = serde_json::to_writer(&mut confidence.1, &m.confidence);
            confidence.0 = m.confidence.to_bits();
        }
        line.extend_from_slice(&confidence.1);
        line.extend_from_slice(b",\"source\":");
        plain_str(&mut line, m.source.as_str());
        line.push(b'}');
    }
    line.extend_from_slice(b"],\"entities\":[");
    write_entities(&mut line, engine, text, &extraction);
    line.extend_from_slice(b"]}\n");
    line
}

/// The entities of `extraction`, most salient first, each with its
/// mentions' indices: `{"entity_id":..,"salience":..,"mention_indices":[..]}`.
fn write_entities(line: &mut Vec<u8>, engine: &Engine, text: &str, extraction: &Extraction) {
    let (entities, ranking) = salience::ranked_entities(engine, extraction, text);
    for (rank, &e) in ranking.order.iter().enumerate() {
        line.extend_from_slice(if rank == 0 {
            b"{\"entity_id\":"
        } else {
            b",{\"entity_id\":"
        });
        json_str(line, entities.list[e].0.id);
        line.extend_from_slice(b",\"salience\":");
        let _ = serde_json::to_writer(&mut *line, &ranking.salience[e]);
        line.extend_from_slice(b",\"mention_indices\":[");
        for (i, index) in entities.mentions_of(e).iter().enumerate() {
            if i > 0 {
                line.push(b',');
            }
            line.extend_from_slice(itoa::Buffer::new().format(*index).as_bytes());
        }
        line.extend_from_slice(b"]}");
    }
}

/// Writes one of our own names (a type, a source), which need no escaping,
/// as a JSON string.
fn plain_str(out: &mut Vec<u8>, s: &'static str) {
    debug_assert!(!needs_escape(s));
    quoted(out, s);
}

/// Writes `s` as a JSON string, as serde_json would: copied whole when no
/// byte needs escaping, as in nearly every name.
fn json_str(out: &mut Vec<u8>, s: &str) {
    if needs_escape(s) {
        // Writing to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    } else {
        quoted(out, s);
    }
}

/// Whether a JSON string of `s` needs an escape.
fn needs_escape(s: &str) -> bool {
    s.bytes().fold(false, |escape, b| {
        escape | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// `s` between quotes, as it is.
fn quoted(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
}

/// A problem with one input line; tagging goes on without it.
#[derive(Debug)]
pub struct InputError {
    /// `file:line: reason`.
    pub message: String,
}

/// Tags JSON Lines documents (`{"id": .., "text": ..}`) from `input`,
/// writing one output line per good input line, in order. Returns the
/// problems with bad lines.
pub fn tag_json_lines(
    engine: &Engine,
    options: &Options,
    name: &str,
    input: impl BufRead,
    out: &mut impl Write,
) -> io::Result<Vec<InputError>> {
    let mut errors = Vec::new();
    // Raw lines with their numbers: parsing runs on the workers too.
    let mut chunk: Vec<(usize, String)> = Vec::new();
    let mut chunk_bytes = 0;
    for (index, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        chunk_bytes += line.len();
        chunk.push((index + 1, line));
        if chunk.len() >= CHUNK_DOCUMENTS || chunk_bytes >= CHUNK_BYTES {
            write_lines(engine, options, name, &chunk, out, &mut errors)?;
            chunk.clear();
            chunk_bytes = 0;
        }
    }
    write_lines(engine, options, name, &chunk, out, &mut errors)?;
    Ok(errors)
}

/// Parses and tags a chunk of raw lines on the worker threads, then writes
/// the results and collects the errors in input order.
fn write_lines(
    engine: &Engine,
    options: &Options,
    name: &str,
    chunk: &[(usize, String)],
    out: &mut impl Write,
    errors: &mut Vec<InputError>,
) -> io::Result<()> {
    let results: Vec<Result<Vec<u8>, String>> = chunk
        .par_iter()
        .map(|(number, line)| {
            parse_document(line, *number)
                .map(|document| tag_line(engine, options, &document))
                .map_err(|reason| format!("{name}:{number}: {reason}"))
        })
        .collect();
    for result in results {
        match result {
            Ok(line) => out.write_all(&line)?,
            Err(message) => errors.push(InputError { message }),
        }
    }
    Ok(())
}

fn parse_document(line: &str, number: usize) -> Result<Document, String> {
    /// The usual line, parsed straight into its fields without building a
    /// map of the object first.
    #[derive(serde::Deserialize)]
    struct Line {
        id: Option<Value>,
        text: String,
    }
    if let Ok(Line { id: Some(id), text }) = serde_json::from_str::<Line>(line) {
        return Ok(Document { id, text });
    }
    // Anything else (no id, a null id, errors) the general way, which says
    // what is wrong.
    let mut value: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let object = value.as_object_mut().ok_or("expected a JSON object")?;
    let text = match object.remove("text") {
        Some(Value::String(text)) => text,
        Some(_) => return Err("\"text\" must be a string".into()),
        None => return Err("missing \"text\"".into()),
    };
    let id = object.remove("id").unwrap_or(Value::from(number));
    Ok(Document { id, text })
}

/// Tags a chunk on every core and writes it in order.
pub fn write_chunk(
    engine: &Engine,
    options: &Options,
    chunk: &[Document],
    out: &mut impl Write,
) -> io::Result<()> {
    let lines: Vec<Vec<u8>> = chunk
        .par_iter()
        .map(|d| tag_line(engine, options, d))
        .collect();
    for line in lines {
        out.write_all(&line)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_parse_alike_on_the_fast_and_general_paths() {
        let parsed = |line: &str| parse_document(line, 7).map(|d| (d.id, d.text));
        // The usual line, straight into its fields.
        assert_eq!(
            parsed(r#"{"id":"a","text":"Seoul","lang":"en"}"#),
            Ok((Value::from("a"), "Seoul".to_string()))
        );
        // The general path: no id, a null id, a repeated field, errors.
        assert_eq!(
            parsed(r#"{"text":"Seoul"}"#),
            Ok((Value::from(7), "Seoul".into()))
        );
        assert_eq!(
            parsed(r#"{"id":null,"text":"x"}"#),
            Ok((Value::Null, "x".into()))
        );
        assert_eq!(
            parsed(r#"{"id":1,"text":"a","text":"b"}"#),
            Ok((Value::from(1), "b".into()))
        );
        assert_eq!(
            parsed(r#"{"id":1,"text":5}"#),
            Err("\"text\" must be a string".into())
        );
        assert_eq!(parsed(r#"{"id":1}"#), Err("missing \"text\"".into()));
        assert_eq!(parsed("[1]"), Err("expected a JSON object".into()));
    }

    #[test]
    fn chunks_keep_input_order_and_line_numbers() {
        // Three chunks and more by count, then lines big enough to cut
        // chunks by bytes, with bad lines among them.
        let engine = Engine::build(crate::dictionary::Dictionary::embedded().unwrap()).unwrap();
        let big = "Seoul. ".repeat(CHUNK_BYTES / 7 / 2);
        let mut input = String::new();
        let mut expected = Vec::new();
        for i in 0..3 * CHUNK_DOCUMENTS + 7 {
            if i % 500 == 13 {
                input.push_str("not json\n");
            } else {
                let text = if i >= 3 * CHUNK_DOCUMENTS + 4 {
                    &big
                } else {
                    "Seoul"
                };
                input.push_str(&serde_json::json!({"id": i, "text": text}).to_string());
                input.push('\n');
                expected.push(i as u64);
            }
        }
        let mut out = Vec::new();
        let errors = tag_json_lines(
            &engine,
            &Options::default(),
            "in",
            input.as_bytes(),
            &mut out,
        )
        .unwrap();
        let ids: Vec<u64> = out
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| {
                serde_json::from_slice::<Value>(l).unwrap()["id"]
                    .as_u64()
                    .unwrap()
            })
            .collect();
        assert_eq!(ids, expected);
        let lines: Vec<String> = errors
            .iter()
            .map(|e| e.message.split(':').nth(1).unwrap().to_string())
            .collect();
        assert_eq!(lines, ["14", "514", "1014", "1514"]);
    }

    #[test]
    fn lines_are_json_with_every_string_escaped() {
        let engine = Engine::build(crate::dictionary::Dictionary::embedded().unwrap()).unwrap();
        let text = "\"Quoted\" \\ Emmanuel Macron\tvisited\nSeoul \u{1}and Tōkyō";
        let document = Document {
            id: Value::from("a\"b"),
            text: text.to_string(),
        };
        let line = tag_line(&engine, &Options::default(), &document);
        assert_eq!(line.last(), Some(&b'\n'));
        let parsed: Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(parsed["id"], "a\"b");
        let mentions = parsed["mentions"].as_array().unwrap();
        let names: Vec<&str> = mentions
            .iter()
            .map(|m| m["canonical_name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Emmanuel Macron", "Seoul", "Tokyo"]);
        for m in mentions {
            let (start, end) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
            assert_eq!(m["text"], text[start as usize..end as usize]);
            let keys: Vec<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys.len(), 10, "{keys:?}");
            assert!(m["confidence"].as_f64().unwrap() > 0.5);
        }
        // Strings that need escaping come out as serde_json writes them.
        let mut out = Vec::new();
        json_str(&mut out, "a\"b\\c\nd\u{1f}é");
        assert_eq!(out, serde_json::to_vec("a\"b\\c\nd\u{1f}é").unwrap());
    }
}
