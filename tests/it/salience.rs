//! Entity salience over gRPC and in `gazette tag`: every value in [0, 1],
//! entities ordered by it, mention indices still pointing at their
//! entity's mentions.

use std::io::Write;
use std::process::{Command, Stdio};

use gazette::api::pb::ExtractResponse;
use serde_json::Value;

use crate::helpers::{TestServer, gazette_bin, request, root};

/// Checks what must hold of any response's entities.
fn assert_ranked(response: &ExtractResponse) {
    let mut seen = vec![false; response.mentions.len()];
    let mut total = 0.0;
    for pair in response.entities.windows(2) {
        assert!(
            pair[0].salience >= pair[1].salience,
            "{} ({}) before {} ({})",
            pair[0].canonical_name,
            pair[0].salience,
            pair[1].canonical_name,
            pair[1].salience
        );
    }
    for entity in &response.entities {
        assert!(
            (0.0..=1.0).contains(&entity.salience),
            "{}",
            entity.salience
        );
        total += entity.salience;
        assert!(!entity.mention_indices.is_empty());
        for &index in &entity.mention_indices {
            let mention = &response.mentions[index as usize];
            assert_eq!(mention.entity_id, entity.id);
            assert!(!seen[index as usize], "mention {index} listed twice");
            seen[index as usize] = true;
        }
    }
    assert!(
        seen.iter().all(|&s| s),
        "every mention belongs to an entity"
    );
    if !response.entities.is_empty() {
        assert!((total - 1.0).abs() < 1e-4, "saliences add up to {total}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn entities_come_most_salient_first_with_correct_indices() {
    let server = TestServer::default().await;
    let mut client = server.extractor().await;
    let article = std::fs::read_to_string(root().join("tests/data/seed/article.txt")).unwrap();
    let response = client
        .extract(request(&article))
        .await
        .unwrap()
        .into_inner();
    assert!(response.entities.len() > 5);
    assert_ranked(&response);

    // The subject of the headline, mentioned again and again, outranks a
    // place named once at the end.
    let text = "Lee Jae Myung to visit Tokyo\n\nPresident Lee Jae Myung will fly to \
                Japan next week. Lee said the talks would cover trade. Officials in \
                Seoul said Lee would also meet business leaders.\n\nThe trip ends in Osaka.";
    let response = client.extract(request(text)).await.unwrap().into_inner();
    assert_ranked(&response);
    let names: Vec<&str> = response
        .entities
        .iter()
        .map(|e| e.canonical_name.as_str())
        .collect();
    assert_eq!(names[0], "Lee Jae Myung", "{names:?}");
    assert_eq!(names.last(), Some(&"Osaka"), "{names:?}");
    assert!(response.entities[0].salience > 0.5);
}

#[test]
fn gazette_tag_lists_entities_by_salience() {
    let mut child = Command::new(gazette_bin())
        .arg("tag")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"id\":1,\"text\":\"Tokyo. President Trump met Trump's aides in Tokyo and Seoul.\"}\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let line: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mentions = line["mentions"].as_array().unwrap();
    let entities = line["entities"].as_array().unwrap();
    let ids: Vec<&str> = entities
        .iter()
        .map(|e| e["entity_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    let mut previous = f64::INFINITY;
    let mut covered = 0;
    for entity in entities {
        let salience = entity["salience"].as_f64().unwrap();
        assert!(salience <= previous && (0.0..=1.0).contains(&salience));
        previous = salience;
        for index in entity["mention_indices"].as_array().unwrap() {
            let mention = &mentions[index.as_u64().unwrap() as usize];
            assert_eq!(mention["entity_id"], entity["entity_id"]);
            covered += 1;
        }
    }
    assert_eq!(covered, mentions.len());
    // Tokyo: the first word and mentioned twice; Trump twice after a title.
    let top: Vec<&str> = mentions
        .iter()
        .filter(|m| m["entity_id"] == entities[0]["entity_id"])
        .map(|m| m["canonical_name"].as_str().unwrap())
        .collect();
    assert!(top[0] == "Tokyo" || top[0] == "Donald Trump", "{top:?}");
    assert_eq!(
        ids.last().copied(),
        mentions.last().map(|m| m["entity_id"].as_str().unwrap()),
        "Seoul, once, last"
    );
}
