//! The real `grpcurl` binary against the real server, with no proto file:
//! everything it knows comes from server reflection (v1alpha, the version
//! the PyPI grpcurl speaks).

use std::process::Command;

use serde_json::Value;

use crate::helpers::{TestServer, tool};

/// Runs grpcurl with `args` (plaintext, against `server`) and returns its
/// stdout; panics with stderr on failure.
fn grpcurl(server: &TestServer, args: &[&str], data: Option<&str>) -> String {
    let mut command = Command::new(tool("grpcurl"));
    command.arg("-plaintext");
    if let Some(data) = data {
        command.args(["-d", data]);
    }
    let addr = server.addr.to_string();
    // Options first, then the address, then the verb and its symbol.
    let (options, rest): (Vec<&str>, Vec<&str>) = args.iter().partition(|a| a.starts_with('-'));
    command.args(options).arg(&addr).args(rest);
    let output = command.output().expect("grpcurl runs");
    assert!(
        output.status.success(),
        "grpcurl {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn list_shows_every_service() {
    let server = TestServer::default().await;
    let listed = grpcurl(&server, &["list"], None);
    for service in [
        "gazette.v1.EntityExtractor",
        "gazette.v1.DictionaryService",
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
    ] {
        assert!(
            listed.lines().any(|l| l == service),
            "{service} missing from:\n{listed}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn describe_shows_the_documented_api() {
    let server = TestServer::default().await;
    let described = grpcurl(&server, &["describe", "gazette.v1.EntityExtractor"], None);
    assert!(described.contains("rpc ExtractStream ( stream .gazette.v1.ExtractRequest ) returns ( stream .gazette.v1.ExtractResponse )"), "{described}");
    let message = grpcurl(&server, &["describe", "gazette.v1.Mention"], None);
    assert!(message.contains("string canonical_name = 7;"), "{message}");
    assert!(
        message.contains("How sure the engine is"),
        "field docs travel with reflection:\n{message}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn extract_answers_documented_json() {
    let server = TestServer::default().await;
    let request = r#"{"text": "President Lee Jae Myung met Prime Minister Shigeru Ishiba in Tokyo.", "document_id": "grpcurl-1", "offset_encoding": "OFFSET_ENCODING_UTF16"}"#;
    let output = grpcurl(
        &server,
        &["gazette.v1.EntityExtractor/Extract"],
        Some(request),
    );
    let response: Value = serde_json::from_str(&output).unwrap();
    assert_eq!(response["documentId"], "grpcurl-1");
    let mentions = response["mentions"].as_array().unwrap();
    let names: Vec<&str> = mentions
        .iter()
        .map(|m| m["canonicalName"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Lee Jae Myung", "Shigeru Ishiba", "Tokyo"]);
    assert_eq!(mentions[0]["type"], "ENTITY_TYPE_LEADER");
    assert_eq!(mentions[0]["start"], 10);
    assert_eq!(mentions[0]["end"], 23);
    assert_eq!(mentions[2]["label"], "PLACE");
    assert!(
        response["dictionaryVersion"]
            .as_str()
            .is_some_and(|v| !v.is_empty())
    );
    assert_eq!(response["entities"].as_array().unwrap().len(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn dictionary_service_answers_through_grpcurl() {
    let server = TestServer::default().await;
    let output = grpcurl(
        &server,
        &["gazette.v1.DictionaryService/GetDictionary"],
        None,
    );
    let info: Value = serde_json::from_str(&output).unwrap();
    assert!(
        info["totalEntities"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 100
    );
    assert_eq!(info["sources"][0]["name"], "default");
    let output = grpcurl(
        &server,
        &["gazette.v1.DictionaryService/LookupEntity"],
        Some(r#"{"query": "Yonhap"}"#),
    );
    let found: Value = serde_json::from_str(&output).unwrap();
    assert_eq!(found["entries"][0]["canonicalName"], "Yonhap News Agency");
}

#[tokio::test(flavor = "multi_thread")]
async fn health_check_is_serving() {
    let server = TestServer::default().await;
    let output = grpcurl(&server, &["grpc.health.v1.Health/Check"], Some("{}"));
    let health: Value = serde_json::from_str(&output).unwrap();
    assert_eq!(health["status"], "SERVING");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_shows_a_clear_status_in_grpcurl() {
    let server = TestServer::default().await;
    let mut command = Command::new(tool("grpcurl"));
    let output = command
        .args([
            "-plaintext",
            "-d",
            r#"{"text": "Tokyo", "entity_types": [42]}"#,
        ])
        .arg(server.addr.to_string())
        .arg("gazette.v1.EntityExtractor/Extract")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("InvalidArgument"), "{stderr}");
    assert!(
        stderr.contains("entity_types[0]: 42 is not a valid EntityType"),
        "{stderr}"
    );
}
