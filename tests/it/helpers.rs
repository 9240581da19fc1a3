//! Shared test helpers: a real server on port 0, clients, tools.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gazette::api::pb::dictionary_service_client::DictionaryServiceClient;
use gazette::api::pb::entity_extractor_client::EntityExtractorClient;
use gazette::api::pb::{ExtractRequest, ExtractResponse};
use gazette::dictionary::{Dictionary, Source};
use gazette::engine::Engine;
use gazette::live::LiveDictionary;
use gazette::server::{self, Settings};
use tokio::sync::oneshot;
use tonic::transport::Channel;

/// A small dictionary in the Gazette JSON Lines format, for tests that
/// should not depend on the default dictionary's content.
pub const TEST_DICTIONARY: &str = r#"{"id":"Q884","name":"South Korea","type":"PLACE","subtype":"country","aliases":["Republic of Korea","대한민국"],"attributes":{"country":"KR"},"priority":10}
{"id":"Q423","name":"North Korea","type":"PLACE","subtype":"country","aliases":["DPRK"]}
{"id":"gazette:place/korea","name":"Korea","type":"PLACE","subtype":"region"}
{"id":"Q30","name":"United States","type":"PLACE","subtype":"country","aliases":["US","U.S.","USA","America"],"priority":10}
{"id":"Q12612463","name":"Lee Jae Myung","type":"LEADER","subtype":"head_of_state","aliases":["Lee Jae-myung","이재명",{"text":"Lee","short":true}]}
{"id":"Q22686","name":"Donald Trump","type":"LEADER","aliases":["Trump"]}
{"id":"Q39503","name":"Leeds","type":"PLACE","subtype":"city"}
{"id":"gazette:official/wi-sung-lac","name":"Wi Sung-lac","type":"OFFICIAL","aliases":["위성락",{"text":"Wi","short":true}]}
{"id":"Q1490","name":"Tokyo","type":"PLACE","subtype":"city","aliases":["東京"]}
{"id":"Q657","name":"Chad","type":"PLACE","subtype":"country","aliases":[{"text":"Chad","case_sensitive":true}]}
{"id":"gazette:leader/erdogan","name":"Recep Tayyip Erdoğan","type":"LEADER","aliases":["Erdoğan"]}
{"id":"Q60","name":"New York City","type":"PLACE","aliases":["New York"]}
{"id":"Q9684","name":"The New York Times","type":"ORGANIZATION","aliases":["New York Times"]}
{"id":"Q1520","name":"Georgia","type":"PLACE","subtype":"us_state","aliases":[]}
{"id":"Q230","name":"Georgia (country)","type":"PLACE","subtype":"country","aliases":["Georgia"],"priority":5}
"#;

/// An engine over [`TEST_DICTIONARY`].
pub fn test_engine() -> Engine {
    engine_from(TEST_DICTIONARY)
}

/// An engine over one JSON Lines dictionary text.
pub fn engine_from(jsonl: &str) -> Engine {
    let dictionary = Dictionary::load(&[Source::Text {
        name: "test.jsonl".into(),
        text: jsonl.into(),
    }])
    .expect("the test dictionary is valid");
    Engine::build(dictionary).expect("the test dictionary compiles")
}

/// The engine over the embedded default dictionary, built once.
pub fn default_engine() -> Arc<Engine> {
    static ENGINE: std::sync::OnceLock<Arc<Engine>> = std::sync::OnceLock::new();
    ENGINE
        .get_or_init(|| {
            let dictionary = Dictionary::embedded().expect("the default dictionary is valid");
            Arc::new(Engine::build(dictionary).expect("the default dictionary compiles"))
        })
        .clone()
}

/// A server running on a free port; stops when dropped.
pub struct TestServer {
    /// Where it listens.
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<()>>,
}

impl TestServer {
    /// Starts the real server on 127.0.0.1:0 serving `engine`, which has no
    /// files to reload from.
    pub async fn start(engine: Arc<Engine>, settings: Settings) -> TestServer {
        TestServer::start_live(Arc::new(LiveDictionary::new(engine, Vec::new())), settings).await
    }

    /// Starts the real server on 127.0.0.1:0 serving a live dictionary.
    pub async fn start_live(dictionary: Arc<LiveDictionary>, settings: Settings) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (shutdown, signal) = oneshot::channel::<()>();
        let handle = tokio::spawn(async move {
            server::run(listener, dictionary, settings, async {
                let _ = signal.await;
            })
            .await
            .expect("the server runs");
        });
        TestServer {
            addr,
            shutdown: Some(shutdown),
            handle: Some(handle),
        }
    }

    /// Starts a server over the default dictionary with default settings.
    pub async fn default() -> TestServer {
        TestServer::start(default_engine(), Settings::default()).await
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A connected channel.
    pub async fn channel(&self) -> Channel {
        Channel::from_shared(self.url())
            .unwrap()
            .connect()
            .await
            .unwrap()
    }

    /// A connected extractor client.
    pub async fn extractor(&self) -> EntityExtractorClient<Channel> {
        EntityExtractorClient::new(self.channel().await)
            .max_decoding_message_size(64 << 20)
            .max_encoding_message_size(64 << 20)
    }

    /// A connected dictionary client.
    pub async fn dictionary(&self) -> DictionaryServiceClient<Channel> {
        DictionaryServiceClient::new(self.channel().await)
    }

    /// Signals shutdown and waits for the server to drain and stop.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(handle) = self.handle.take() {
            handle.await.unwrap();
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A tool installed by `.ci/test` into `.venv/bin` (or found on PATH).
/// Panics with the fix when it is missing: a missing tool fails the test,
/// it never skips it.
pub fn tool(name: &str) -> PathBuf {
    let venv = std::env::var_os("GAZETTE_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".venv"));
    let in_venv = venv.join("bin").join(name);
    if in_venv.exists() {
        return in_venv;
    }
    if let Some(paths) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&paths) {
            let candidate = dir.join(name);
            if candidate.exists() {
                return candidate;
            }
        }
    }
    panic!("{name} is not installed: run `bash .ci/test`, which installs it into .venv");
}

/// The `gazette` binary built for these tests.
pub fn gazette_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_gazette"))
}

/// The `gazette serve` binary running as a child process, logging JSON.
pub struct ServeProcess {
    /// The child process.
    pub child: std::process::Child,
    /// The address it listens on, read from its log.
    pub addr: SocketAddr,
    log: Arc<std::sync::Mutex<Vec<String>>>,
}

impl ServeProcess {
    /// Starts `gazette serve --listen 127.0.0.1:0 --log-format json` with
    /// more `args` and `env`, and waits until it logs its address.
    pub fn start(args: &[&str], env: &[(&str, &str)]) -> ServeProcess {
        use std::io::BufRead;
        let mut command = std::process::Command::new(gazette_bin());
        command
            .args(["serve", "--log-format", "json"])
            .args(args)
            .stderr(std::process::Stdio::piped());
        if !args.contains(&"--listen") && !env.iter().any(|(k, _)| *k == "GAZETTE_LISTEN") {
            command.args(["--listen", "127.0.0.1:0"]);
        }
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("gazette starts");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(std::sync::Mutex::new(Vec::new()));
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Ok(event) = serde_json::from_str::<serde_json::Value>(&line)
                    && let Some(addr) = event["listen"].as_str()
                {
                    let _ = addr_tx.send(addr.parse::<SocketAddr>().unwrap());
                }
                sink.lock().unwrap().push(line);
            }
        });
        let addr = addr_rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("gazette did not start: {:?}", log.lock().unwrap()));
        ServeProcess { child, addr, log }
    }

    /// Waits up to `secs` for a log line containing `needle`.
    pub fn wait_for_log(&self, needle: &str, secs: u64) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            if let Some(line) = self.log.lock().unwrap().iter().find(|l| l.contains(needle)) {
                return line.clone();
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no log line with {needle:?} in {:#?}",
                self.log.lock().unwrap()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// How many log lines contain `needle`.
    pub fn count_log(&self, needle: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.contains(needle))
            .count()
    }

    /// How many log lines `keep` holds for.
    pub fn count_log_where(&self, keep: impl Fn(&str) -> bool) -> usize {
        self.log.lock().unwrap().iter().filter(|l| keep(l)).count()
    }

    /// Sends a signal (`TERM`, `HUP`...) with `kill`.
    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([format!("-{name}"), self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// A connected extractor client.
    pub async fn extractor(&self) -> EntityExtractorClient<Channel> {
        let channel = Channel::from_shared(format!("http://{}", self.addr))
            .unwrap()
            .connect()
            .await
            .unwrap();
        EntityExtractorClient::new(channel)
    }

    /// Sends SIGTERM and returns the exit status.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        self.signal("TERM");
        self.child.wait().unwrap()
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free TCP port on 127.0.0.1 (free when this returns).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A request for `text` with every other field at its default.
pub fn request(text: &str) -> ExtractRequest {
    ExtractRequest {
        text: text.to_string(),
        ..Default::default()
    }
}

/// Opens an `ExtractStream` fed by a channel: send requests into the
/// sender, read answers from the stream; dropping the sender ends it.
pub async fn open_stream(
    client: &mut EntityExtractorClient<Channel>,
) -> (
    tokio::sync::mpsc::Sender<ExtractRequest>,
    tonic::Streaming<ExtractResponse>,
) {
    let (sender, receiver) = tokio::sync::mpsc::channel(8);
    let responses = client
        .extract_stream(tokio_stream::wrappers::ReceiverStream::new(receiver))
        .await
        .expect("the stream opens")
        .into_inner();
    (sender, responses)
}

/// A gRPC request frame: no compression, 4-byte big-endian length, message.
pub fn grpc_frame(message: &impl prost::Message) -> bytes::Bytes {
    let body = message.encode_to_vec();
    let mut frame = vec![0u8];
    frame.extend_from_slice(&(body.len() as u32).to_be_bytes());
    frame.extend_from_slice(&body);
    frame.into()
}

/// Opens a raw HTTP/2 connection with a stream window of `window` bytes:
/// the client answers PINGs and SETTINGS, and accepts response data only
/// as the test releases it (with zero, never).
pub async fn raw_client(
    addr: std::net::SocketAddr,
    window: u32,
) -> (
    h2::client::SendRequest<bytes::Bytes>,
    tokio::task::JoinHandle<Result<(), h2::Error>>,
) {
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (send, connection) = h2::client::Builder::new()
        .initial_window_size(window)
        .handshake::<_, bytes::Bytes>(tcp)
        .await
        .unwrap();
    (send, tokio::spawn(connection))
}

/// Sends `Extract` of `text` on a raw connection; returns the response
/// body once the headers are in.
pub async fn raw_call(
    send: &mut h2::client::SendRequest<bytes::Bytes>,
    text: &str,
) -> h2::RecvStream {
    let head = http::Request::post("http://gazette/gazette.v1.EntityExtractor/Extract")
        .header("content-type", "application/grpc")
        .header("te", "trailers")
        .body(())
        .unwrap();
    let (response, mut body) = send
        .clone()
        .ready()
        .await
        .unwrap()
        .send_request(head, false)
        .unwrap();
    body.send_data(grpc_frame(&request(text)), true).unwrap();
    let response = response.await.unwrap();
    assert_eq!(response.status(), 200);
    response.into_body()
}
