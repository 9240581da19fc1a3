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

/// How news writes a city the open data names otherwise: the capital
/// without its comma, a city without its qualifier, a city that shares
/// its name with a company.
#[test]
fn cities_as_news_writes_them() {
    for (text, name, expected) in [
        (
            "They signed it in Washington D.C. on June 27.",
            "Washington D.C.",
            "Q61",
        ),
        (
            "The ECB is based in Frankfurt.",
            "Frankfurt",
            "geonames:2925533",
        ),
        ("Toyota cut its forecast.", "Toyota", "gazette:org/toyota"),
        (
            "A plant in Toyota, Japan, closed.",
            "Toyota",
            "geonames:1849814",
        ),
    ] {
        assert_eq!(ids_of(text, name), [expected], "{text}");
    }
}
