//! Conversions between engine values and protobuf messages, and the offset
//! encodings of the API edge.

use std::collections::HashMap;

use super::pb;
use crate::dictionary::{EntityType, Entry};
use crate::engine::dates::{self, Date};
use crate::engine::{Engine, EntityView, Extraction, salience};

/// How offsets are counted in a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OffsetEncoding {
    /// UTF-8 bytes, as the engine counts.
    #[default]
    Utf8,
    /// UTF-16 code units.
    Utf16,
    /// Unicode scalar values.
    CodePoint,
}

/// The start and end of every mention, then of every dropped candidate, in
/// `encoding`.
pub fn extraction_offsets(
    text: &str,
    extraction: &Extraction,
    encoding: OffsetEncoding,
) -> Vec<usize> {
    let offsets: Vec<usize> = extraction
        .mentions
        .iter()
        .flat_map(|m| [m.start, m.end])
        .chain(extraction.dropped.iter().flat_map(|d| [d.start, d.end]))
        .collect();
    convert_offsets(text, &offsets, encoding)
}

/// Converts sorted-or-not UTF-8 byte offsets of `text` to another encoding
/// in one pass over the text.
pub fn convert_offsets(text: &str, offsets: &[usize], encoding: OffsetEncoding) -> Vec<usize> {
    if encoding == OffsetEncoding::Utf8 || offsets.is_empty() {
        return offsets.to_vec();
    }
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&i| offsets[i]);
    let mut converted = vec![0; offsets.len()];
    let (mut byte, mut units) = (0, 0);
    let mut chars = text.chars();
    for i in order {
        let target = offsets[i];
        while byte < target {
            let Some(c) = chars.next() else { break };
            byte += c.len_utf8();
            units += match encoding {
                OffsetEncoding::Utf16 => c.len_utf16(),
                _ => 1,
            };
        }
        converted[i] = units;
    }
    converted
}

/// The wire form of an entity type.
pub fn entity_type(t: EntityType) -> pb::EntityType {
    match t {
        EntityType::Leader => pb::EntityType::Leader,
        EntityType::Official => pb::EntityType::Official,
        EntityType::Organization => pb::EntityType::Organization,
        EntityType::Place => pb::EntityType::Place,
        EntityType::Other => pb::EntityType::Other,
    }
}

/// The domain form of a wire entity type; `None` for unspecified.
pub fn from_pb_entity_type(t: pb::EntityType) -> Option<EntityType> {
    match t {
        pb::EntityType::Unspecified => None,
        pb::EntityType::Leader => Some(EntityType::Leader),
        pb::EntityType::Official => Some(EntityType::Official),
        pb::EntityType::Organization => Some(EntityType::Organization),
        pb::EntityType::Place => Some(EntityType::Place),
        pb::EntityType::Other => Some(EntityType::Other),
    }
}

/// Builds the response for one document. `date` decides which office
/// each person entity reports.
///
/// The server does not build this message: it sends the bytes of
/// [`super::encode::response`], which decode to exactly this. It stays as
/// the readable definition of a response, which the tests hold the encoder
/// to.
pub fn response(
    engine: &Engine,
    document_id: String,
    text: &str,
    extraction: &Extraction,
    encoding: OffsetEncoding,
    date: Date,
) -> pb::ExtractResponse {
    let mentions = &extraction.mentions;
    let converted = extraction_offsets(text, extraction, encoding);
    let (grouped, ranking) = salience::ranked_entities(engine, extraction, text);
    // Most salient first; `mention_indices` point into `mentions` as before.
    let entities: Vec<pb::Entity> = ranking
        .order
        .iter()
        .map(|&e| {
            let (view, mention_type) = &grouped.list[e];
            pb::Entity {
                mention_indices: grouped.mentions_of(e).to_vec(),
                salience: ranking.salience[e],
                ..entity(view, *mention_type, date)
            }
        })
        .collect();
    let pb_mentions = mentions
        .iter()
        .enumerate()
        .map(|(index, m)| {
            let view = extraction.view(engine, m.referent);
            pb::Mention {
                start: converted[2 * index] as u32,
                end: converted[2 * index + 1] as u32,
                text: text[m.start..m.end].to_string(),
                r#type: entity_type(m.entity_type) as i32,
                label: view.label(m.entity_type).to_string(),
                entity_id: view.id.to_string(),
                canonical_name: view.name.to_string(),
                matched_alias: extraction.matched_alias(engine, text, m).to_string(),
                confidence: m.confidence,
                source: m.source.as_str().to_string(),
                explanation: m.explanation.clone(),
                alternatives: m
                    .alternatives
                    .iter()
                    .map(|&a| {
                        let entry = &engine.entries()[a];
                        pb::Alternative {
                            entity_id: entry.id.to_string(),
                            canonical_name: entry.name.to_string(),
                            r#type: entity_type(entry.entity_type) as i32,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let base = 2 * mentions.len();
    let dropped = extraction
        .dropped
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let view = extraction.view(engine, d.referent);
            pb::DroppedCandidate {
                start: converted[base + 2 * i] as u32,
                end: converted[base + 2 * i + 1] as u32,
                text: text[d.start..d.end].to_string(),
                entity_id: view.id.to_string(),
                canonical_name: view.name.to_string(),
                reason: d.reason.clone(),
            }
        })
        .collect();
    pb::ExtractResponse {
        document_id,
        mentions: pb_mentions,
        entities,
        dictionary_version: engine.version().to_string(),
        dropped,
        truncated: extraction.truncated,
    }
}

fn entity(view: &EntityView<'_>, mention_type: EntityType, date: Date) -> pb::Entity {
    let entry = view.entry;
    pb::Entity {
        id: view.id.to_string(),
        canonical_name: view.name.to_string(),
        r#type: entity_type(mention_type) as i32,
        label: view.label(mention_type).to_string(),
        subtype: entry.map(|e| e.subtype.to_string()).unwrap_or_default(),
        attributes: entry.map(wire_attributes).unwrap_or_default(),
        mention_indices: Vec::new(),
        salience: 0.0,
        office: entry
            .and_then(|e| dates::office_on(e, date))
            .unwrap_or_default()
            .to_string(),
    }
}

/// An entry's attributes as a wire map, built straight from the entry's
/// (cloning the entry's map first would allocate every node twice).
fn wire_attributes(entry: &Entry) -> HashMap<String, String> {
    entry
        .attributes
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The wire form of a dictionary entry.
pub fn dictionary_entry(entry: &Entry) -> pb::DictionaryEntry {
    pb::DictionaryEntry {
        id: entry.id.to_string(),
        canonical_name: entry.name.to_string(),
        r#type: entity_type(entry.entity_type) as i32,
        label: entry.label.to_string(),
        subtype: entry.subtype.to_string(),
        attributes: wire_attributes(entry),
        aliases: entry
            .aliases
            .iter()
            .map(|a| pb::Alias {
                text: a.text.to_string(),
                case_sensitive: a.case_sensitive,
                short: a.short,
                generated: a.generated,
            })
            .collect(),
        priority: entry.priority,
        source: entry.source.to_string(),
        offices: entry
            .offices
            .iter()
            .map(|o| pb::Office {
                title: o.title.to_string(),
                country: o.country.as_deref().unwrap_or_default().to_string(),
                organization: o.organization.as_deref().unwrap_or_default().to_string(),
                start: o.start.as_deref().unwrap_or_default().to_string(),
                end: o.end.as_deref().unwrap_or_default().to_string(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        // The flag is two regional indicators, each outside the BMP.
        let text = "🇰🇷 Seoul";
        let start = text.find("Seoul").unwrap();
        let got = convert_offsets(text, &[start, text.len()], OffsetEncoding::Utf16);
        assert_eq!(got, vec![5, 10]);
        let got = convert_offsets(text, &[start, text.len()], OffsetEncoding::CodePoint);
        assert_eq!(got, vec![3, 8]);
    }

    #[test]
    fn unsorted_offsets_convert_in_place() {
        let text = "é a é b";
        let got = convert_offsets(text, &[8, 0, 3], OffsetEncoding::CodePoint);
        assert_eq!(got, vec![6, 0, 2]);
    }
}
