//! Conversions between engine values and protobuf messages, and the offset
//! encodings of the API edge.

use std::collections::HashMap;

use super::pb;
use crate::dictionary::{EntityType, Entry};
use crate::engine::{Engine, Mention};

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

/// Builds the response for one document.
pub fn response(
    engine: &Engine,
    document_id: String,
    text: &str,
    mentions: &[Mention],
    encoding: OffsetEncoding,
) -> pb::ExtractResponse {
    let offsets: Vec<usize> = mentions.iter().flat_map(|m| [m.start, m.end]).collect();
    let converted = convert_offsets(text, &offsets, encoding);
    let mut entities: Vec<pb::Entity> = Vec::new();
    let mut entity_of: HashMap<usize, usize> = HashMap::new();
    let pb_mentions = mentions
        .iter()
        .enumerate()
        .map(|(index, m)| {
            let entry = engine.entry(m);
            let slot = *entity_of.entry(m.entry).or_insert_with(|| {
                entities.push(entity(entry));
                entities.len() - 1
            });
            entities[slot].mention_indices.push(index as u32);
            pb::Mention {
                start: converted[2 * index] as u32,
                end: converted[2 * index + 1] as u32,
                text: text[m.start..m.end].to_string(),
                r#type: entity_type(entry.entity_type) as i32,
                label: entry.label.clone(),
                entity_id: entry.id.clone(),
                canonical_name: entry.name.clone(),
                matched_alias: entry.aliases[m.alias].text.clone(),
                confidence: m.confidence,
                source: m.source.as_str().to_string(),
            }
        })
        .collect();
    pb::ExtractResponse {
        document_id,
        mentions: pb_mentions,
        entities,
        dictionary_version: engine.version().to_string(),
    }
}

fn entity(entry: &Entry) -> pb::Entity {
    pb::Entity {
        id: entry.id.clone(),
        canonical_name: entry.name.clone(),
        r#type: entity_type(entry.entity_type) as i32,
        label: entry.label.clone(),
        subtype: entry.subtype.clone(),
        attributes: entry.attributes.clone().into_iter().collect(),
        mention_indices: Vec::new(),
    }
}

/// The wire form of a dictionary entry.
pub fn dictionary_entry(entry: &Entry) -> pb::DictionaryEntry {
    pb::DictionaryEntry {
        id: entry.id.clone(),
        canonical_name: entry.name.clone(),
        r#type: entity_type(entry.entity_type) as i32,
        label: entry.label.clone(),
        subtype: entry.subtype.clone(),
        attributes: entry.attributes.clone().into_iter().collect(),
        aliases: entry
            .aliases
            .iter()
            .map(|a| pb::Alias {
                text: a.text.clone(),
                case_sensitive: a.case_sensitive,
                short: a.short,
                generated: a.generated,
            })
            .collect(),
        priority: entry.priority,
        source: entry.source.clone(),
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
