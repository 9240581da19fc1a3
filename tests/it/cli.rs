//! The `gazette` binary: tag, dict and serve, as a user runs them.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::helpers::{gazette_bin, root};

/// Runs the binary with `args` and `stdin`; returns (success, stdout, stderr).
fn run(args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = Command::new(gazette_bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_string();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(data.as_bytes());
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn tag_json_lines_from_stdin_in_order() {
    let input: String = (0..300)
        .map(|i| format!("{{\"id\": \"d{i}\", \"text\": \"Doc {i}: Trump flew to Tokyo.\"}}\n"))
        .collect();
    let (ok, stdout, stderr) = run(&["tag"], &input);
    assert!(ok, "{stderr}");
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 300);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["id"], format!("d{i}"));
        let mentions = line["mentions"].as_array().unwrap();
        let names: Vec<&str> = mentions
            .iter()
            .map(|m| m["canonical_name"].as_str().unwrap())
            .collect();
        assert_eq!(names, vec!["Donald Trump", "Tokyo"]);
        assert_eq!(mentions[0]["type"], "LEADER");
        let text = format!("Doc {i}: Trump flew to Tokyo.");
        let (start, end) = (
            mentions[0]["start"].as_u64().unwrap() as usize,
            mentions[0]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[start..end], "Trump");
    }
}

#[test]
fn tag_reports_bad_lines_and_keeps_the_good_ones() {
    let input = "{\"id\": 1, \"text\": \"Seoul\"}\nnot json\n{\"id\": 3}\n{\"id\": 4, \"text\": \"Canada\"}\n";
    let (ok, stdout, stderr) = run(&["tag"], input);
    assert!(!ok);
    assert_eq!(stdout.lines().count(), 2);
    assert!(stderr.contains("stdin:2: invalid JSON"), "{stderr}");
    assert!(stderr.contains("stdin:3: missing \"text\""), "{stderr}");
}

#[test]
fn tag_detects_json_lines_in_a_json_file_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("articles.json");
    std::fs::write(
        &path,
        "\n{\"id\": \"a\", \"text\": \"Trump flew to Tokyo.\"}\n{\"id\": \"b\", \"text\": \"Tokyo\"}\n",
    )
    .unwrap();
    let (ok, stdout, stderr) = run(&["tag", path.to_str().unwrap()], "");
    assert!(ok, "{stderr}");
    let ids: Vec<String> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, vec!["a", "b"], "one line per document");
}

#[test]
fn tag_a_plain_text_file() {
    let article = root().join("tests/data/seed/article.txt");
    let (ok, stdout, stderr) = run(&["tag", article.to_str().unwrap()], "");
    assert!(ok, "{stderr}");
    let line: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert!(line["id"].as_str().unwrap().ends_with("article.txt"));
    assert!(line["mentions"].as_array().unwrap().len() > 40);
}

#[test]
fn dict_export_round_trips_through_dict_check() {
    let (ok, exported, stderr) = run(&["dict", "export"], "");
    assert!(ok, "{stderr}");
    assert!(exported.lines().count() > 100);
    let (ok, stdout, stderr) = run(&["dict", "check", "-"], &exported);
    assert!(ok, "{stderr}");
    assert!(stdout.starts_with("ok: "), "{stdout}");
}

#[test]
fn dict_check_reports_every_problem_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.jsonl");
    std::fs::write(
        &path,
        "{\"id\": \"a\", \"name\": \"Alpha\", \"type\": \"PLACE\"}\n{\"id\": \"a\", \"name\": \"Alpha\", \"type\": \"PLACE\"}\n{oops\n",
    )
    .unwrap();
    let (ok, _, stderr) = run(&["dict", "check", path.to_str().unwrap()], "");
    assert!(!ok);
    let file = path.display().to_string();
    assert!(
        stderr.contains(&format!(
            "{file}:2: duplicate id \"a\", first defined on line 1"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{file}:3: invalid JSON")),
        "{stderr}"
    );
    assert!(stderr.contains("2 problem(s) found"), "{stderr}");
}

#[test]
fn user_dictionary_extends_and_overrides_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.tsv");
    std::fs::write(
        &path,
        "gazette:org/acme\tAcme Widgets\tORGANIZATION\tAcme\tcompany\n",
    )
    .unwrap();
    let (ok, stdout, stderr) = run(
        &["tag", "--dictionary", path.to_str().unwrap()],
        "{\"id\": 1, \"text\": \"Acme opened a plant in Tokyo.\"}\n",
    );
    assert!(ok, "{stderr}");
    let line: Value = serde_json::from_str(stdout.trim()).unwrap();
    let names: Vec<&str> = line["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["canonical_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Acme Widgets", "Tokyo"]);

    let (ok, stdout, _) = run(
        &[
            "tag",
            "--no-default-dictionary",
            "--dictionary",
            path.to_str().unwrap(),
        ],
        "{\"id\": 1, \"text\": \"Acme opened a plant in Tokyo.\"}\n",
    );
    assert!(ok);
    let line: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(line["mentions"].as_array().unwrap().len(), 1);
}

#[test]
fn serve_refuses_a_bad_dictionary() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.jsonl");
    std::fs::write(&path, "{\"id\": \"a\"}\n").unwrap();
    let (ok, _, stderr) = run(
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--dictionary",
            path.to_str().unwrap(),
        ],
        "",
    );
    assert!(!ok);
    assert!(
        stderr.contains("bad.jsonl:1: invalid entry: missing field `name`"),
        "{stderr}"
    );
    assert!(stderr.contains("not serving"), "{stderr}");
}

#[test]
fn serve_reads_the_environment_and_exits_zero_on_sigterm() {
    let mut child = Command::new(gazette_bin())
        .arg("serve")
        .env("GAZETTE_LISTEN", "127.0.0.1:0")
        .env("GAZETTE_LOG_FORMAT", "json")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let mut listen = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        let event: Value = serde_json::from_str(&line).expect("JSON log lines");
        if let Some(addr) = event["listen"].as_str() {
            listen = Some(addr.to_string());
            break;
        }
    }
    let listen = listen.expect("the server logs its address");
    assert!(listen.starts_with("127.0.0.1:"), "{listen}");
    std::thread::sleep(Duration::from_millis(100));
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let rest: Vec<String> = lines.map(Result::unwrap).collect();
    let status = child.wait().unwrap();
    assert!(status.success(), "exit status {status:?}; log: {rest:?}");
    assert!(
        rest.iter().any(|l| l.contains("received SIGTERM")),
        "{rest:?}"
    );
    assert!(
        rest.iter().any(|l| l.contains("server stopped")),
        "{rest:?}"
    );
}

#[test]
fn dict_stats_counts_types_subtypes_and_sources() {
    let (ok, stdout, stderr) = run(&["dict", "stats"], "");
    assert!(ok, "{stderr}");
    let count = |label: &str| -> usize {
        let line = stdout
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{label} ")))
            .unwrap();
        line.trim_start()[label.len() + 1..]
            .split(':')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    // The default dictionary's promised coverage.
    assert!(count("LEADER") >= 1_200, "{stdout}");
    assert!(count("OFFICIAL") >= 5_000, "{stdout}");
    assert!(count("ORGANIZATION") >= 8_000, "{stdout}");
    assert!(count("PLACE") >= 40_000, "{stdout}");
    assert!(stdout.contains("country"), "{stdout}");
    assert!(stdout.contains("sources:\n  default "), "{stdout}");
    assert!(
        stdout.contains("by data source (attributes.source):\n")
            && stdout.lines().any(|l| l.starts_with("  geonames ")),
        "{stdout}"
    );
    let as_of = stdout.lines().find(|l| l.starts_with("as_of: ")).unwrap();
    let range: Vec<&str> = as_of["as_of: ".len()..].split(' ').collect();
    assert_eq!(range[1], "to", "{as_of}");
    assert!(range[0] <= range[2], "{as_of}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_log_pipe_does_not_fail_calls() {
    let mut child = Command::new(gazette_bin())
        .args(["serve", "--listen", "127.0.0.1:0", "--log-format", "json"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            serde_json::from_str::<Value>(&line).ok()?["listen"]
                .as_str()
                .map(String::from)
        })
        .expect("the server logs its address");
    // Whoever read the logs goes away.
    drop(lines);
    let channel = tonic::transport::Channel::from_shared(format!("http://{addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut client = gazette::api::pb::entity_extractor_client::EntityExtractorClient::new(channel);
    for _ in 0..3 {
        let response = client
            .extract(crate::helpers::request("Tokyo"))
            .await
            .expect("calls succeed with nowhere to log")
            .into_inner();
        assert_eq!(response.mentions.len(), 1);
    }
    let _ = child.kill();
    let _ = child.wait();
}
