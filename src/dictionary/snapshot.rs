//! The embedded default dictionary as a snapshot: its entries, parsed and
//! checked by `build.rs`, in a compact binary form that loads without
//! parsing JSON.
//!
//! `build.rs` compiles this module (with the rest of `dictionary`), parses
//! the files of `data/dictionary/`, fails the build on any problem in them,
//! and writes [`encode`]'s bytes; the binary embeds them and [`decode`]s
//! them at start-up. A round-trip test holds the snapshot equal to a parse
//! of the same files.
//!
//! # Layout
//!
//! Little-endian throughout. A header: [`MAGIC`], the dictionary's
//! fingerprint (`u64`), the shared strings (labels and subtypes: a count,
//! then each string) and the chunk count. Then the chunks, each its entry
//! count and its length in bytes (`u32` both) and its entries, so that
//! start-up reads them on every core. Each entry: id, name, type
//! (`u8`), label and subtype (`u32` indexes into the shared strings),
//! priority (`i32`), aliases (a count, then each alias's text and a flags
//! byte), attributes (a count, then key and value, in key order) and
//! offices (a count, then title, and country, organization, start and end,
//! each an optional string). A string is its length (`u32`) and its UTF-8
//! bytes; an optional string is a `u8` 0 (none) or 1 and the string.

use std::collections::BTreeMap;
use std::collections::HashMap;
use std::sync::Arc;

use super::{Alias, EntityType, Entry, Office};

/// The first bytes of a snapshot, with its layout's version.
pub(crate) const MAGIC: &[u8; 8] = b"GZSNAP02";

/// Entries per chunk: enough chunks for any number of cores, few enough
/// that their headers cost nothing.
const CHUNK_ENTRIES: usize = 2_048;

/// Alias flag bits.
const CASE_SENSITIVE: u8 = 1;
const SHORT: u8 = 2;
const GENERATED: u8 = 4;

/// Why a snapshot could not be read: only a snapshot written by another
/// build of Gazette, or damaged, gives one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the embedded dictionary snapshot is unreadable: {0}")]
pub(crate) struct SnapshotError(&'static str);

/// Writes `entries` (all from one source, which [`decode`] does not
/// restore) with `fingerprint`.
#[allow(
    dead_code,
    reason = "build.rs writes snapshots; the library only reads them"
)]
pub(crate) fn encode(entries: &[Entry], fingerprint: u64) -> Vec<u8> {
    let mut shared: Vec<&str> = Vec::new();
    let mut index: HashMap<&str, u32> = HashMap::new();
    for entry in entries {
        for text in [&*entry.label, &*entry.subtype] {
            index.entry(text).or_insert_with(|| {
                shared.push(text);
                (shared.len() - 1) as u32
            });
        }
    }
    let mut out = Writer(Vec::with_capacity(entries.len() * 160));
    out.0.extend_from_slice(MAGIC);
    out.0.extend_from_slice(&fingerprint.to_le_bytes());
    out.count(shared.len());
    for text in &shared {
        out.str(text);
    }
    let chunks = entries.chunks(CHUNK_ENTRIES);
    out.count(chunks.len());
    for chunk in chunks {
        let mut body = Writer(Vec::with_capacity(chunk.len() * 160));
        for entry in chunk {
            body.entry(entry, &index);
        }
        out.count(chunk.len());
        out.count(body.0.len());
        out.0.extend_from_slice(&body.0);
    }
    out.0
}

/// Reads a snapshot [`encode`] wrote: its entries, each with `source` as
/// its source, and its fingerprint.
pub(crate) fn decode(bytes: &[u8], source: &Arc<str>) -> Result<(Vec<Entry>, u64), SnapshotError> {
    let mut input = Reader(bytes);
    if input.take(MAGIC.len())? != MAGIC {
        return Err(SnapshotError("it is not a snapshot of this layout"));
    }
    let fingerprint = u64::from_le_bytes(input.array()?);
    let shared_count = input.count()?;
    let mut shared: Vec<Arc<str>> = Vec::with_capacity(shared_count);
    for _ in 0..shared_count {
        shared.push(Arc::from(input.str()?));
    }
    let chunk_count = input.count()?;
    let mut chunks = Vec::with_capacity(chunk_count);
    for _ in 0..chunk_count {
        let count = input.count()?;
        let len = input.u32()? as usize;
        chunks.push((count, input.take(len)?));
    }
    if !input.0.is_empty() {
        return Err(SnapshotError("bytes follow the last chunk"));
    }
    // The chunks in contiguous runs, one run per core.
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let run = chunks.len().div_ceil(cores.max(1)).max(1);
    let runs: Vec<Result<Vec<Entry>, SnapshotError>> = std::thread::scope(|scope| {
        let threads: Vec<_> = chunks
            .chunks(run)
            .map(|run| {
                let shared = &shared;
                scope.spawn(move || {
                    let mut entries = Vec::with_capacity(run.iter().map(|(n, _)| n).sum());
                    for &(count, bytes) in run {
                        decode_chunk(bytes, count, shared, source, &mut entries)?;
                    }
                    Ok(entries)
                })
            })
            .collect();
        threads
            .into_iter()
            .map(|thread| {
                thread
                    .join()
                    .unwrap_or(Err(SnapshotError("a decoding thread panicked")))
            })
            .collect()
    });
    let mut entries = Vec::with_capacity(chunks.iter().map(|(n, _)| n).sum());
    for run in runs {
        entries.append(&mut run?);
    }
    Ok((entries, fingerprint))
}

/// Reads the `count` entries of one chunk onto `entries`.
fn decode_chunk(
    bytes: &[u8],
    count: usize,
    shared: &[Arc<str>],
    source: &Arc<str>,
    entries: &mut Vec<Entry>,
) -> Result<(), SnapshotError> {
    let mut input = Reader(bytes);
    let shared_at = |i: u32| {
        shared
            .get(i as usize)
            .cloned()
            .ok_or(SnapshotError("a label index is out of range"))
    };
    for _ in 0..count {
        let id = input.boxed()?;
        let name = input.boxed()?;
        let entity_type = *EntityType::ALL
            .get(usize::from(input.byte()?))
            .ok_or(SnapshotError("a type is out of range"))?;
        let label = shared_at(input.u32()?)?;
        let subtype = shared_at(input.u32()?)?;
        let priority = i32::from_le_bytes(input.array()?);
        let alias_count = input.count()?;
        let mut aliases = Vec::with_capacity(alias_count);
        for _ in 0..alias_count {
            let text = input.boxed()?;
            let flags = input.byte()?;
            aliases.push(Alias {
                text,
                case_sensitive: flags & CASE_SENSITIVE != 0,
                short: flags & SHORT != 0,
                generated: flags & GENERATED != 0,
            });
        }
        let attribute_count = input.count()?;
        let mut attributes = Vec::with_capacity(attribute_count);
        for _ in 0..attribute_count {
            attributes.push((input.str()?.to_string(), input.str()?.to_string()));
        }
        let office_count = input.count()?;
        let mut offices = Vec::with_capacity(office_count);
        for _ in 0..office_count {
            offices.push(Office {
                title: input.boxed()?,
                country: input.optional()?,
                organization: input.optional()?,
                start: input.optional()?,
                end: input.optional()?,
            });
        }
        entries.push(Entry {
            id,
            name,
            entity_type,
            label,
            subtype,
            aliases: aliases.into_boxed_slice(),
            // Written in key order: collecting builds the map in bulk.
            attributes: attributes.into_iter().collect::<BTreeMap<_, _>>(),
            offices: offices.into_boxed_slice(),
            priority,
            source: source.clone(),
        });
    }
    if !input.0.is_empty() {
        return Err(SnapshotError("bytes follow a chunk's last entry"));
    }
    Ok(())
}

struct Writer(Vec<u8>);

#[allow(
    dead_code,
    reason = "build.rs writes snapshots; the library only reads them"
)]
impl Writer {
    fn entry(&mut self, entry: &Entry, shared: &HashMap<&str, u32>) {
        self.str(&entry.id);
        self.str(&entry.name);
        self.0.push(entry.entity_type as u8);
        self.u32(shared[&*entry.label]);
        self.u32(shared[&*entry.subtype]);
        self.0.extend_from_slice(&entry.priority.to_le_bytes());
        self.count(entry.aliases.len());
        for alias in &entry.aliases {
            self.str(&alias.text);
            let flags = (u8::from(alias.case_sensitive) * CASE_SENSITIVE)
                | (u8::from(alias.short) * SHORT)
                | (u8::from(alias.generated) * GENERATED);
            self.0.push(flags);
        }
        self.count(entry.attributes.len());
        for (key, value) in &entry.attributes {
            self.str(key);
            self.str(value);
        }
        self.count(entry.offices.len());
        for office in &entry.offices {
            self.str(&office.title);
            for part in [
                &office.country,
                &office.organization,
                &office.start,
                &office.end,
            ] {
                self.optional(part.as_deref());
            }
        }
    }

    fn u32(&mut self, value: u32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    /// A count or length; the parsers' limits keep every one far below
    /// `u32::MAX`.
    fn count(&mut self, value: usize) {
        self.u32(u32::try_from(value).unwrap_or(u32::MAX));
    }

    fn str(&mut self, text: &str) {
        self.count(text.len());
        self.0.extend_from_slice(text.as_bytes());
    }

    fn optional(&mut self, text: Option<&str>) {
        match text {
            None => self.0.push(0),
            Some(text) => {
                self.0.push(1);
                self.str(text);
            }
        }
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8], SnapshotError> {
        if self.0.len() < len {
            return Err(SnapshotError("it ends early"));
        }
        let (head, rest) = self.0.split_at(len);
        self.0 = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], SnapshotError> {
        let mut array = [0; N];
        array.copy_from_slice(self.take(N)?);
        Ok(array)
    }

    fn byte(&mut self) -> Result<u8, SnapshotError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, SnapshotError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    /// A count, checked against the bytes left (every counted item takes
    /// at least one), so that a damaged count cannot ask for a huge
    /// allocation.
    fn count(&mut self) -> Result<usize, SnapshotError> {
        let count = self.u32()? as usize;
        if count > self.0.len() {
            return Err(SnapshotError("a count exceeds the bytes left"));
        }
        Ok(count)
    }

    fn str(&mut self) -> Result<&'a str, SnapshotError> {
        let len = self.u32()? as usize;
        std::str::from_utf8(self.take(len)?).map_err(|_| SnapshotError("a string is not UTF-8"))
    }

    fn boxed(&mut self) -> Result<Box<str>, SnapshotError> {
        self.str().map(Box::from)
    }

    fn optional(&mut self) -> Result<Option<Box<str>>, SnapshotError> {
        match self.byte()? {
            0 => Ok(None),
            1 => self.boxed().map(Some),
            _ => Err(SnapshotError("an optional string's tag is neither 0 nor 1")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary::{Format, parse};

    fn entries(text: &str) -> Vec<Entry> {
        let source: Arc<str> = Arc::from("test");
        let mut entries = parse("test.jsonl", text, Format::JsonLines).expect("valid entries");
        for entry in &mut entries {
            entry.source = source.clone();
        }
        entries
    }

    const SAMPLE: &str = concat!(
        r#"{"id":"Q1","name":"Mark Rutte","type":"LEADER","subtype":"head_of_government","aliases":["Rutte",{"text":"MR","case_sensitive":true}],"attributes":{"country":"NL","as_of":"2025-06-01"},"offices":[{"title":"Secretary General","organization":"NATO","start":"2024-10-01"},{"title":"Prime Minister","country":"NL","start":"2010-10-14","end":"2024-07-02"}],"priority":2}"#,
        "\n",
        r#"{"id":"gazette:place/guinea-bissau","name":"Guinea-Bissau","type":"PLACE","aliases":["Antigua and Barbuda"]}"#,
        "\n",
        r#"{"id":"x","name":"Acme","type":"COMPANY","priority":-3}"#,
        "\n",
    );

    #[test]
    fn entries_read_back_as_written() {
        let written = entries(SAMPLE);
        let source: Arc<str> = Arc::from("test");
        let (read, fingerprint) = decode(&encode(&written, 42), &source).expect("readable");
        assert_eq!(fingerprint, 42);
        assert_eq!(read, written);
        assert!(read.iter().any(|e| e.aliases.iter().any(|a| a.generated)));
        assert!(Arc::ptr_eq(&read[0].source, &source));
    }

    #[test]
    fn damaged_snapshots_are_errors_not_panics() {
        let bytes = encode(&entries(SAMPLE), 7);
        let source: Arc<str> = Arc::from("test");
        for len in 0..bytes.len() {
            assert!(decode(&bytes[..len], &source).is_err(), "cut at {len}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer, &source).is_err());
        let mut other = bytes.clone();
        other[7] = b'9';
        assert!(decode(&other, &source).is_err());
        for at in (MAGIC.len()..bytes.len()).step_by(3) {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0xff;
            // Any answer but a panic will do: a flipped byte may still
            // read as another valid snapshot.
            let _ = decode(&flipped, &source);
        }
    }
}
