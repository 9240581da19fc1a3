//! Request-time filters: countries and dictionaries, over gRPC, HTTP and
//! `gazette tag`, applied before overlaps are resolved.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::Arc;

use gazette::api::pb::{ExtractBatchRequest, ExtractRequest, GetDictionaryRequest};
use gazette::dictionary::{Dictionary, Source};
use gazette::engine::Engine;
use gazette::server::Settings;
use serde_json::Value;

use crate::helpers::{TestServer, gazette_bin};

const BASE: &str = concat!(
    r#"{"id":"x:kr","name":"South Korea","type":"PLACE","subtype":"country","attributes":{"country":"KR"}}"#,
    "\n",
    r#"{"id":"x:tokyo","name":"Tokyo","type":"PLACE","attributes":{"country":"JP"}}"#,
    "\n",
    r#"{"id":"x:un","name":"United Nations","type":"ORGANIZATION"}"#,
    "\n",
);
const WATCH: &str =
    r#"{"id":"w:korea","name":"Korea","type":"PLACE","attributes":{"country":"KR"}}"#;
const TEXT: &str = "South Korea and Tokyo, said the United Nations.";

fn engine() -> Engine {
    let dictionary = Dictionary::load(&[
        Source::Text {
            name: "base.jsonl".into(),
            text: BASE.into(),
        },
        Source::Text {
            name: "lists/watch.jsonl".into(),
            text: WATCH.into(),
        },
    ])
    .unwrap();
    Engine::build(dictionary).unwrap()
}

fn filtered(countries: &[&str], dictionaries: &[&str]) -> ExtractRequest {
    ExtractRequest {
        text: TEXT.into(),
        countries: countries.iter().map(|s| s.to_string()).collect(),
        dictionaries: dictionaries.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn filters_keep_entities_before_overlaps_over_grpc() {
    let server = TestServer::start(Arc::new(engine()), Settings::default()).await;
    let mut client = server.extractor().await;
    let spans = |response: gazette::api::pb::ExtractResponse| -> Vec<(String, u32, u32)> {
        response
            .mentions
            .into_iter()
            .map(|m| (m.entity_id, m.start, m.end))
            .collect()
    };
    // Countries, dictionaries, and the mentions kept.
    type Case<'a> = (&'a [&'a str], &'a [&'a str], Vec<(&'a str, u32, u32)>);
    let cases: [Case; 6] = [
        (
            &[],
            &[],
            vec![("x:kr", 0, 11), ("x:tokyo", 16, 21), ("x:un", 32, 46)],
        ),
        // "South Korea" is filtered out, so it no longer hides "Korea".
        (&[], &["watch"], vec![("w:korea", 6, 11)]),
        (&["jp"], &[], vec![("x:tokyo", 16, 21)]),
        (&["KR"], &[], vec![("x:kr", 0, 11)]),
        (
            &["KR", "JP"],
            &["base"],
            vec![("x:kr", 0, 11), ("x:tokyo", 16, 21)],
        ),
        (&["JP"], &["watch"], vec![]),
    ];
    for (countries, dictionaries, expected) in cases {
        let response = client
            .extract(filtered(countries, dictionaries))
            .await
            .unwrap()
            .into_inner();
        let expected: Vec<(String, u32, u32)> = expected
            .into_iter()
            .map(|(id, s, e)| (id.to_string(), s, e))
            .collect();
        assert_eq!(spans(response), expected, "{countries:?} {dictionaries:?}");
    }

    for (request, field, value) in [
        (filtered(&["KR", "XX"], &[]), "countries[1]", "XX"),
        (filtered(&["KOR"], &[]), "countries[0]", "KOR"),
        (filtered(&[], &["nope"]), "dictionaries[0]", "nope"),
    ] {
        let status = client.extract(request).await.unwrap_err();
        assert_eq!(status.code(), tonic::Code::InvalidArgument);
        assert!(status.message().starts_with(field), "{}", status.message());
        assert!(status.message().contains(value), "{}", status.message());
    }
    let batch = ExtractBatchRequest {
        documents: vec![filtered(&[], &[]), filtered(&[], &["default"])],
    };
    let status = client.extract_batch(batch).await.unwrap_err();
    assert!(
        status.message().starts_with("documents[1].dictionaries[0]"),
        "{}",
        status.message()
    );

    let sources = server
        .dictionary()
        .await
        .get_dictionary(GetDictionaryRequest {})
        .await
        .unwrap()
        .into_inner()
        .sources;
    let names: Vec<(&str, &str, u64)> = sources
        .iter()
        .map(|s| (s.name.as_str(), s.dictionary.as_str(), s.entities))
        .collect();
    assert_eq!(
        names,
        [("base.jsonl", "base", 3), ("lists/watch.jsonl", "watch", 1)]
    );
}

#[test]
fn gazette_tag_filters_with_named_dictionaries() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("a.jsonl");
    let watch = dir.path().join("watch.jsonl");
    std::fs::write(&base, BASE).unwrap();
    std::fs::write(&watch, WATCH).unwrap();
    let tag = |extra: &[&str]| -> (bool, Vec<String>, String) {
        let mut child = Command::new(gazette_bin())
            .args(["tag", "--no-default-dictionary", "--dictionary"])
            .arg(format!("base={}", base.display()))
            .arg("--dictionary")
            .arg(&watch)
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let line = serde_json::json!({"id": 1, "text": TEXT}).to_string();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(line.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        let ids = if output.status.success() {
            let line: Value = serde_json::from_slice(&output.stdout).unwrap();
            line["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["entity_id"].as_str().unwrap().to_string())
                .collect()
        } else {
            Vec::new()
        };
        (
            output.status.success(),
            ids,
            String::from_utf8_lossy(&output.stderr).to_string(),
        )
    };
    assert_eq!(tag(&[]).1, ["x:kr", "x:tokyo", "x:un"]);
    assert_eq!(tag(&["--dictionaries", "watch"]).1, ["w:korea"]);
    assert_eq!(
        tag(&["--dictionaries", "base", "--countries", "jp"]).1,
        ["x:tokyo"]
    );
    let (ok, _, stderr) = tag(&["--dictionaries", "a"]);
    assert!(!ok);
    assert!(
        stderr.contains("\"a\" is not a loaded dictionary (loaded: base, watch)"),
        "{stderr}"
    );
    let (ok, _, stderr) = tag(&["--countries", "ZZ"]);
    assert!(!ok);
    assert!(stderr.contains("\"ZZ\""), "{stderr}");
}
