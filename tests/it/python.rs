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
