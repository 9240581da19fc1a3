//! Places that share a name, on the default dictionary: the place beside
//! one across a comma, and the document's countries, decide.

use gazette::api::pb::LookupEntityRequest;
use gazette::engine::Options;

use crate::helpers::{TestServer, default_engine};

/// The id the default dictionary gives each mention of `name` in `text`.
fn ids_of(text: &str, name: &str) -> Vec<String> {
    let engine = default_engine();
    let extraction = engine.extract(text, &Options::default());
    extraction
        .mentions
        .iter()
        .filter(|m| &text[m.start..m.end] == name)
        .map(|m| extraction.view(&engine, m.referent).id.to_string())
        .collect()
}

const STATE: &str = "gazette:region/us-ga";
const COUNTRY: &str = "Q230";

#[test]
fn plain_georgia_is_the_state_beside_a_us_place_and_the_country_otherwise() {
    for (text, expected) in [
        ("The plant opens in Atlanta, Georgia, next year.", STATE),
        ("She grew up in Savannah, Georgia.", STATE),
        ("Flights from Tbilisi, Georgia, resumed.", COUNTRY),
        ("Georgia's president vetoed the bill.", COUNTRY),
        ("Protesters filled the streets of Georgia.", COUNTRY),
    ] {
        assert_eq!(ids_of(text, "Georgia"), [expected], "{text}");
    }
}

#[tokio::test]
async fn lookup_georgia_returns_the_country_and_the_state() {
    let server = TestServer::default().await;
    let mut client = server.dictionary().await;
    let response = client
        .lookup_entity(LookupEntityRequest {
            query: "Georgia".into(),
        })
        .await
        .unwrap()
        .into_inner();
    let mut ids: Vec<&str> = response.entries.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    assert!(ids.contains(&COUNTRY) && ids.contains(&STATE), "{ids:?}");
}
