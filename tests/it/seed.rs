//! The acceptance test the project started from: the seed article and its
//! hand-checked gold annotations (code point offsets).

use std::collections::BTreeSet;

use gazette::api::pb::{ExtractRequest, OffsetEncoding};
use serde::Deserialize;

use crate::helpers::{TestServer, root};

#[derive(Deserialize)]
struct GoldDocument {
    text: String,
    entities: Vec<GoldEntity>,
}

#[derive(Deserialize)]
struct GoldEntity {
    start: u32,
    end: u32,
    #[serde(rename = "type")]
    entity_type: String,
    canonical: String,
}

#[tokio::test]
async fn seed_article_matches_gold_exactly() {
    let gold_text = std::fs::read_to_string(root().join("tests/data/seed/gold.jsonl")).unwrap();
    let gold: GoldDocument = serde_json::from_str(gold_text.lines().next().unwrap()).unwrap();
    let article = std::fs::read_to_string(root().join("tests/data/seed/article.txt")).unwrap();
    assert_eq!(article, gold.text, "the article and the gold text agree");

    let server = TestServer::default().await;
    let mut client = server.extractor().await;
    let response = client
        .extract(ExtractRequest {
            text: gold.text.clone(),
            offset_encoding: OffsetEncoding::Codepoint as i32,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();

    let expected: BTreeSet<(u32, u32, String, String)> = gold
        .entities
        .iter()
        .map(|e| (e.start, e.end, e.entity_type.clone(), e.canonical.clone()))
        .collect();
    let found: BTreeSet<(u32, u32, String, String)> = response
        .mentions
        .iter()
        .map(|m| (m.start, m.end, m.label.clone(), m.canonical_name.clone()))
        .collect();
    let missed: Vec<_> = expected.difference(&found).collect();
    let extra: Vec<_> = found.difference(&expected).collect();
    assert!(
        missed.is_empty() && extra.is_empty(),
        "missed {} of {}: {missed:#?}\nextra: {extra:#?}",
        missed.len(),
        expected.len()
    );
}

#[test]
fn long_non_news_prose_tags_no_people_or_places() {
    // 37 software licence texts (CC0, see tests/data/prose/SOURCE.txt):
    // English prose full of capitalized common words and none of the
    // world's leaders, officials or places.
    let prose = std::fs::read_to_string(root().join("tests/data/prose/licenses.txt")).unwrap();
    assert!(prose.len() > 200_000);
    let engine = crate::helpers::default_engine();
    let extraction = engine.extract(&prose, &gazette::engine::Options::default());
    let wrong: Vec<String> = extraction
        .mentions
        .iter()
        .filter(|m| m.entity_type != gazette::dictionary::EntityType::Organization)
        .map(|m| format!("{:?} {}", &prose[m.start..m.end], m.entity_type))
        .collect();
    assert!(
        wrong.len() <= 2,
        "people or places in licence texts: {wrong:#?}"
    );
}
