//! A Python `grpcio` client generated from our proto with `grpcio-tools`.

use std::process::Command;

use crate::helpers::{TestServer, root, tool};

#[tokio::test(flavor = "multi_thread")]
async fn python_grpcio_client_calls_every_rpc() {
    let server = TestServer::default().await;
    let script = root().join("tests/python/client_test.py");
    let output = tokio::task::spawn_blocking({
        let addr = server.addr.to_string();
        move || Command::new(tool("python")).arg(script).arg(addr).output()
    })
    .await
    .unwrap()
    .expect("python runs");
    assert!(
        output.status.success(),
        "python client failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs `scripts/score.py` against a live server; returns its JSON report.
async fn score(server: &TestServer, gold: &[&str], thresholds: &[&str]) -> serde_json::Value {
    let script = root().join("scripts/score.py");
    let mut args: Vec<String> = vec![
        script.display().to_string(),
        "--addr".into(),
        server.addr.to_string(),
        "--json".into(),
    ];
    args.extend(gold.iter().map(|g| root().join(g).display().to_string()));
    args.extend(thresholds.iter().map(|t| t.to_string()));
    let output =
        tokio::task::spawn_blocking(move || Command::new(tool("python")).args(args).output())
            .await
            .unwrap()
            .expect("python runs");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "score.py failed the bar:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout).expect("score.py --json prints JSON")
}

#[tokio::test(flavor = "multi_thread")]
async fn accuracy_on_the_seed_dev_and_beats_sets_meets_the_bar() {
    let server = TestServer::default().await;
    // The seed article: strict F1 at least 0.95.
    score(
        &server,
        &["tests/data/seed/gold.jsonl"],
        &["--min-f1", "0.95"],
    )
    .await;
    // The dev set: strict F1 and precision at least 0.95.
    let report = score(
        &server,
        &["tests/data/dev/dev.jsonl"],
        &["--min-f1", "0.95", "--min-precision", "0.95"],
    )
    .await;
    let strict = &report["strict"]["ALL"];
    assert!(strict["f1"].as_f64().unwrap() >= 0.95, "{report}");
    assert!(strict["precision"].as_f64().unwrap() >= 0.95, "{report}");
    assert_eq!(report["documents"], 35);
    // The beats: strict F1 at least 0.93 with precision at least 0.95.
    let report = score(
        &server,
        &["tests/data/dev/beats.jsonl"],
        &["--min-f1", "0.93", "--min-precision", "0.95"],
    )
    .await;
    assert!(
        report["strict"]["ALL"]["f1"].as_f64().unwrap() >= 0.93,
        "{report}"
    );
    assert_eq!(report["documents"], 42);
}
