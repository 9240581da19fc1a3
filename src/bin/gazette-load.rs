//! `gazette-load`: a load generator for a running Gazette server, in the
//! manner of redis-benchmark.
//!
//! ```text
//! gazette-load --addr 127.0.0.1:50051 --connections 2 --concurrency 16 \
//!     --mode unary --duration 10 --corpus tests/data/dev/dev.jsonl
//! gazette-load --mode stream --window 32 ...        # pipelined ExtractStream
//! gazette-load --rate 2000 --text-file tests/data/seed/article.txt ...
//! ```
//!
//! Each of `--connections` HTTP/2 connections runs `--concurrency` workers.
//! In unary mode a worker sends one `Extract` at a time; in stream mode a
//! worker keeps one `ExtractStream` open with up to `--window` requests in
//! flight. With `--rate R` requests are scheduled at R per second in total
//! (open loop) and latency counts from the scheduled time, so a stalled
//! server cannot hide its queueing (no coordinated omission). The first
//! `--warmup` seconds are not counted. Reports requests/s, MB/s of request
//! text, p50/p90/p99/p99.9/max latency (hdrhistogram) and errors.
//!
//! The schedule is kept by a pacer thread that sleeps with the operating
//! system's high-resolution timer and releases one permit per scheduled
//! request. tokio's timer rounds every sleep up to the next millisecond, so
//! pacing with it added up to a millisecond to every measured latency and
//! released requests in bursts. With `--rate`, the report also gives the
//! send lag (how late requests left against their schedule): a large lag
//! means the workers were all busy, or this process did not get the CPU.
//! `--threads` sets the client's runtime threads; on a machine shared with
//! the server, one thread leaves more of the CPU to the server.
//!
//! Responses are not decoded by default: the tool reads each response
//! message's bytes and drops them, so that on a machine it shares with the
//! server it spends no CPU building `ExtractResponse`s nobody looks at. A
//! call still counts as an error when the server answers with a non-OK
//! status, a stream ends early or a message cannot be read, but a
//! malformed response body would go unnoticed. `--decode` decodes every
//! response with prost, as a client would, and also checks that each
//! echoes the `document_id` of its request (in order, on a stream); it
//! costs client CPU, so it lowers the throughput measured when client and
//! server share cores.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::{Parser, ValueEnum};
use gazette::api::codec::GazetteCodec;
use gazette::api::pb;
use hdrhistogram::Histogram;
use http::uri::PathAndQuery;
use tokio::sync::{Semaphore, mpsc};
use tonic::Status;
use tonic::client::Grpc;
use tonic::codec::{BufferSettings, Codec, DecodeBuf, Decoder};
use tonic::transport::{Channel, Endpoint};
use tonic_prost::ProstEncoder;

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Mode {
    Unary,
    Stream,
}

/// Load generator for a Gazette server.
///
/// Responses are read but not decoded unless --decode is given, so that a
/// client sharing cores with the server takes less CPU from it: a non-OK
/// status, a broken stream or a bad frame still counts as an error, but a
/// malformed response body does not. With --decode every response is
/// decoded with prost and must echo its request's document_id; expect
/// lower figures when client and server share cores.
#[derive(Debug, Parser)]
#[command(name = "gazette-load", version)]
struct Args {
    /// The server, host:port or a URL.
    #[arg(long, default_value = "127.0.0.1:50051")]
    addr: String,
    /// HTTP/2 connections.
    #[arg(long, default_value_t = 2)]
    connections: usize,
    /// Workers per connection (concurrent calls or streams).
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// unary (Extract) or stream (ExtractStream).
    #[arg(long, value_enum, default_value_t = Mode::Unary)]
    mode: Mode,
    /// Requests in flight per stream (stream mode).
    #[arg(long, default_value_t = 32)]
    window: usize,
    /// Seconds to measure (after the warm-up).
    #[arg(long, default_value_t = 10.0)]
    duration: f64,
    /// Seconds of warm-up, not counted.
    #[arg(long, default_value_t = 1.0)]
    warmup: f64,
    /// JSON Lines documents with a "text" field (default: the dev set).
    #[arg(long)]
    corpus: Option<std::path::PathBuf>,
    /// Send this plain-text file as the only document instead.
    #[arg(long, conflicts_with = "corpus")]
    text_file: Option<std::path::PathBuf>,
    /// Total requests per second to send (open loop); 0 means as fast as
    /// the workers go.
    #[arg(long, default_value_t = 0.0)]
    rate: f64,
    /// Also print the result as one JSON line.
    #[arg(long)]
    json: bool,
    /// Threads of the client's runtime; 0 means one per core.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Decode every response (and check its document_id) instead of only
    /// reading its bytes; costs client CPU.
    #[arg(long)]
    decode: bool,
}

const EXTRACT: &str = "/gazette.v1.EntityExtractor/Extract";
const EXTRACT_STREAM: &str = "/gazette.v1.EntityExtractor/ExtractStream";

/// What the tool keeps of a response message.
trait Reply: Send + Sync + 'static {
    /// The echoed `document_id`, when the message was decoded.
    fn document_id(&self) -> Option<&str>;
}

impl Reply for pb::ExtractResponse {
    fn document_id(&self) -> Option<&str> {
        Some(&self.document_id)
    }
}

/// A response message read but not decoded.
struct Undecoded;

impl Reply for Undecoded {
    fn document_id(&self) -> Option<&str> {
        None
    }
}

/// Sends requests with prost and reads response messages without decoding
/// them. tonic still checks the framing and the call's status.
#[derive(Debug, Clone, Copy, Default)]
struct SkipResponses;

impl Codec for SkipResponses {
    type Encode = pb::ExtractRequest;
    type Decode = Undecoded;
    type Encoder = ProstEncoder<pb::ExtractRequest>;
    type Decoder = SkipDecoder;

    fn encoder(&mut self) -> Self::Encoder {
        ProstEncoder::new(BufferSettings::default())
    }

    fn decoder(&mut self) -> Self::Decoder {
        SkipDecoder
    }
}

/// Drops each message's bytes.
#[derive(Debug)]
struct SkipDecoder;

impl Decoder for SkipDecoder {
    type Item = Undecoded;
    type Error = Status;

    fn decode(&mut self, buf: &mut DecodeBuf<'_>) -> Result<Option<Undecoded>, Status> {
        use prost::bytes::Buf;
        buf.advance(buf.remaining());
        Ok(Some(Undecoded))
    }
}

/// The codec with `--decode`: prost both ways, as a client would.
type DecodeResponses = GazetteCodec<pb::ExtractRequest, pb::ExtractResponse>;

/// The codecs the workers take.
trait ExtractCodec: Codec<Encode = pb::ExtractRequest, Decode: Reply> + Clone + Send + 'static {}
impl<C: Codec<Encode = pb::ExtractRequest, Decode: Reply> + Clone + Send + 'static> ExtractCodec
    for C
{
}

/// An error unless a decoded reply echoes request `i`'s document id.
fn check_reply(reply: &impl Reply, i: u64) -> Result<(), String> {
    match reply.document_id() {
        Some(id) if id != i.to_string() => Err(format!(
            "the response to document_id {i:?} has document_id {id:?}"
        )),
        _ => Ok(()),
    }
}

fn status_text(status: &Status) -> String {
    format!("{}: {}", status.code(), status.message())
}

struct Shared {
    docs: Vec<String>,
    next_doc: AtomicU64,
    /// Ticket counter for the rate schedule.
    ticket: AtomicU64,
    start: Instant,
    measure_from: Instant,
    deadline: Instant,
    rate: f64,
    /// With `--rate`: one permit per request whose scheduled time has come,
    /// released by the pacer thread.
    due: Semaphore,
    /// How late requests were sent against their schedule, in microseconds.
    lag: Mutex<Histogram<u64>>,
}

impl Shared {
    fn doc(&self) -> &str {
        let i = self.next_doc.fetch_add(1, Ordering::Relaxed) as usize;
        &self.docs[i % self.docs.len()]
    }

    /// The scheduled time of request `k`.
    fn scheduled(&self, k: u64) -> Instant {
        self.start + Duration::from_secs_f64(k as f64 / self.rate)
    }

    /// When the next request should go: now, or its slot in the schedule
    /// once the pacer has released it. Permits are released in schedule
    /// order and tickets taken in permit order, so ticket `k` is never
    /// taken before its time. `None` when the schedule is over.
    async fn slot(&self) -> Option<Instant> {
        if self.rate <= 0.0 {
            return Some(Instant::now());
        }
        self.due.acquire().await.ok()?.forget();
        let k = self.ticket.fetch_add(1, Ordering::Relaxed);
        let at = self.scheduled(k);
        if at >= self.measure_from && at < self.deadline {
            let us = at.elapsed().as_micros().max(1) as u64;
            if let Ok(mut lag) = self.lag.lock() {
                lag.saturating_record(us);
            }
        }
        Some(at)
    }
}

/// Releases one permit of `shared.due` at each scheduled time until the
/// deadline, then closes the semaphore so that idle workers stop.
/// `std::thread::sleep` uses the high-resolution timer (tens of
/// microseconds late), where tokio's timer wheel has millisecond ticks.
fn pace(shared: &Shared) {
    let mut released = 0u64;
    loop {
        let now = Instant::now();
        if now >= shared.deadline {
            break;
        }
        let due = ((now - shared.start).as_secs_f64() * shared.rate).floor() as u64 + 1;
        if due > released {
            shared.due.add_permits((due - released) as usize);
            released = due;
        }
        let next = shared.scheduled(released).min(shared.deadline);
        std::thread::sleep(next.saturating_duration_since(Instant::now()));
    }
    shared.due.close();
}

#[derive(Debug)]
struct Stats {
    hist: Histogram<u64>,
    requests: u64,
    bytes: u64,
    errors: u64,
    first_error: Option<String>,
}

impl Stats {
    fn new() -> Stats {
        Stats {
            hist: Histogram::new_with_bounds(1, 120_000_000, 3).expect("histogram bounds"),
            requests: 0,
            bytes: 0,
            errors: 0,
            first_error: None,
        }
    }

    /// Counts a call sent at `sent`: in the latency and throughput figures
    /// when it was sent inside the measured window, and as an error
    /// whenever it failed (an error in the warm-up must not go unseen).
    fn record(&mut self, shared: &Shared, sent: Instant, bytes: usize, ok: Result<(), String>) {
        let measured = sent >= shared.measure_from && sent < shared.deadline;
        match ok {
            Ok(()) if !measured => {}
            Ok(()) => {
                let us = sent.elapsed().as_micros().max(1) as u64;
                self.hist.saturating_record(us);
                self.requests += 1;
                self.bytes += bytes as u64;
            }
            Err(e) => {
                self.errors += 1;
                self.first_error.get_or_insert(e);
            }
        }
    }

    fn merge(&mut self, other: Stats) {
        self.hist.add(&other.hist).expect("same bounds");
        self.requests += other.requests;
        self.bytes += other.bytes;
        self.errors += other.errors;
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }
}

fn request(text: &str, i: u64) -> pb::ExtractRequest {
    pb::ExtractRequest {
        text: text.to_string(),
        document_id: i.to_string(),
        ..Default::default()
    }
}

async fn unary_worker<C: ExtractCodec>(
    mut client: Grpc<Channel>,
    shared: Arc<Shared>,
    codec: C,
) -> Stats {
    let mut stats = Stats::new();
    let mut i = 0;
    loop {
        let Some(sent) = shared.slot().await else {
            break;
        };
        if sent >= shared.deadline {
            break;
        }
        let text = shared.doc();
        let result = match client.ready().await {
            Ok(()) => client
                .unary(
                    tonic::Request::new(request(text, i)),
                    PathAndQuery::from_static(EXTRACT),
                    codec.clone(),
                )
                .await
                .map_err(|s| status_text(&s))
                .and_then(|response| check_reply(response.get_ref(), i)),
            Err(e) => Err(format!("the connection is not ready: {e}")),
        };
        stats.record(&shared, sent, text.len(), result);
        i += 1;
    }
    stats
}

async fn stream_worker<C: ExtractCodec>(
    mut client: Grpc<Channel>,
    shared: Arc<Shared>,
    window: usize,
    codec: C,
) -> Stats {
    let (tx, rx) = mpsc::channel::<pb::ExtractRequest>(window);
    let in_flight = Arc::new(Semaphore::new(window));
    // Send time, text length and number of each request in flight, in
    // order. A plain mutex: it is never held across an await.
    let pending: Arc<Mutex<VecDeque<(Instant, usize, u64)>>> = Arc::default();
    let sender = {
        let (shared, in_flight, pending) = (shared.clone(), in_flight.clone(), pending.clone());
        tokio::spawn(async move {
            let mut i = 0;
            loop {
                let Ok(permit) = in_flight.clone().acquire_owned().await else {
                    break;
                };
                permit.forget();
                let Some(sent) = shared.slot().await else {
                    break;
                };
                if sent >= shared.deadline {
                    break;
                }
                let text = shared.doc();
                if let Ok(mut pending) = pending.lock() {
                    pending.push_back((sent, text.len(), i));
                }
                if tx.send(request(text, i)).await.is_err() {
                    break;
                }
                i += 1;
            }
        })
    };
    let mut stats = Stats::new();
    let outbound = tokio_stream::wrappers::ReceiverStream::new(rx);
    let call = match client.ready().await {
        Ok(()) => client
            .streaming(
                tonic::Request::new(outbound),
                PathAndQuery::from_static(EXTRACT_STREAM),
                codec,
            )
            .await
            .map_err(|s| status_text(&s)),
        Err(e) => Err(format!("the connection is not ready: {e}")),
    };
    match call {
        Ok(response) => {
            let mut inbound = response.into_inner();
            loop {
                let item = inbound.message().await;
                let front = pending.lock().ok().and_then(|mut p| p.pop_front());
                match (item, front) {
                    (Ok(Some(reply)), Some((sent, len, i))) => {
                        let checked = check_reply(&reply, i);
                        let failed = checked.is_err();
                        stats.record(&shared, sent, len, checked);
                        if failed {
                            break;
                        }
                        in_flight.add_permits(1);
                    }
                    (Ok(None), _) | (Ok(Some(_)), None) => break,
                    (Err(s), front) => {
                        let sent = front.map_or(shared.measure_from, |(t, _, _)| t);
                        stats.record(&shared, sent, 0, Err(status_text(&s)));
                        break;
                    }
                }
            }
        }
        Err(e) => {
            stats.errors += 1;
            stats.first_error = Some(e);
        }
    }
    in_flight.close();
    let _ = sender.await;
    stats
}

fn load_docs(args: &Args) -> Result<Vec<String>, String> {
    if let Some(path) = &args.text_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        return Ok(vec![text]);
    }
    let path = args.corpus.clone().unwrap_or_else(|| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dev/dev.jsonl")
    });
    let content = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut docs = Vec::new();
    for (n, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        match v.get("text").and_then(|t| t.as_str()) {
            Some(t) => docs.push(t.to_string()),
            None => return Err(format!("{}:{}: no \"text\"", path.display(), n + 1)),
        }
    }
    if docs.is_empty() {
        return Err(format!("{}: no documents", path.display()));
    }
    Ok(docs)
}

fn main() -> Result<(), String> {
    let args = Args::parse();
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if args.threads > 0 {
        runtime.worker_threads(args.threads);
    }
    let runtime = runtime
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(run(args))
}

async fn run(args: Args) -> Result<(), String> {
    let docs = load_docs(&args)?;
    let url = if args.addr.contains("://") {
        args.addr.clone()
    } else {
        format!("http://{}", args.addr)
    };
    let mut clients = Vec::new();
    for _ in 0..args.connections.max(1) {
        let channel = Endpoint::from_shared(url.clone())
            .map_err(|e| format!("bad address {url}: {e}"))?
            .tcp_nodelay(true)
            .connect()
            .await
            .map_err(|e| format!("cannot connect to {url}: {e}"))?;
        clients.push(
            Grpc::new(channel)
                .max_decoding_message_size(64 << 20)
                .max_encoding_message_size(64 << 20),
        );
    }
    let avg = docs.iter().map(String::len).sum::<usize>() / docs.len();
    let start = Instant::now();
    let measure_from = start + Duration::from_secs_f64(args.warmup);
    let deadline = measure_from + Duration::from_secs_f64(args.duration);
    let shared = Arc::new(Shared {
        docs,
        next_doc: AtomicU64::new(0),
        ticket: AtomicU64::new(0),
        start,
        measure_from,
        deadline,
        rate: args.rate,
        due: Semaphore::new(0),
        lag: Mutex::new(Histogram::new_with_bounds(1, 120_000_000, 3).expect("histogram bounds")),
    });
    let pacer = (args.rate > 0.0).then(|| {
        let shared = shared.clone();
        std::thread::spawn(move || pace(&shared))
    });
    let mut tasks = Vec::new();
    for client in &clients {
        for _ in 0..args.concurrency.max(1) {
            let (client, shared) = (client.clone(), shared.clone());
            let window = args.window.max(1);
            tasks.push(match (args.mode, args.decode) {
                (Mode::Unary, false) => tokio::spawn(unary_worker(client, shared, SkipResponses)),
                (Mode::Unary, true) => {
                    tokio::spawn(unary_worker(client, shared, DecodeResponses::default()))
                }
                (Mode::Stream, false) => {
                    tokio::spawn(stream_worker(client, shared, window, SkipResponses))
                }
                (Mode::Stream, true) => tokio::spawn(stream_worker(
                    client,
                    shared,
                    window,
                    DecodeResponses::default(),
                )),
            });
        }
    }
    let mut total = Stats::new();
    for t in tasks {
        total.merge(t.await.map_err(|e| format!("worker failed: {e}"))?);
    }
    if let Some(pacer) = pacer {
        pacer
            .join()
            .map_err(|_| "the pacer thread failed".to_string())?;
    }
    let lag = shared
        .lag
        .lock()
        .map_err(|_| "the lag histogram is poisoned".to_string())?
        .clone();
    let lag_q = |p: f64| lag.value_at_quantile(p) as f64 / 1000.0;
    let secs = args.duration;
    let q = |p: f64| total.hist.value_at_quantile(p) as f64 / 1000.0;
    let rps = total.requests as f64 / secs;
    let mbps = total.bytes as f64 / secs / 1e6;
    println!(
        "mode={:?} connections={} concurrency={} window={} rate={} docs={} avg_doc_bytes={avg} responses={}",
        args.mode,
        args.connections,
        args.concurrency,
        if args.mode == Mode::Stream {
            args.window
        } else {
            1
        },
        if args.rate > 0.0 {
            format!("{}", args.rate)
        } else {
            "max".into()
        },
        shared.docs.len(),
        if args.decode {
            "decoded"
        } else {
            "not decoded"
        },
    );
    println!(
        "requests/s {rps:.0}  MB/s {mbps:.2}  requests {}  errors {}  latency ms p50 {:.3} p90 {:.3} p99 {:.3} p99.9 {:.3} max {:.3}",
        total.requests,
        total.errors,
        q(0.5),
        q(0.9),
        q(0.99),
        q(0.999),
        total.hist.max() as f64 / 1000.0
    );
    if args.rate > 0.0 {
        println!(
            "send lag ms (sent after the scheduled time) p50 {:.3} p99 {:.3} max {:.3}",
            lag_q(0.5),
            lag_q(0.99),
            lag.max() as f64 / 1000.0
        );
    }
    if let Some(e) = &total.first_error {
        println!("first error: {e}");
    }
    if args.json {
        println!(
            "{}",
            serde_json::json!({
                "mode": format!("{:?}", args.mode).to_lowercase(),
                "connections": args.connections, "concurrency": args.concurrency,
                "window": args.window, "rate": args.rate, "avg_doc_bytes": avg,
                "threads": args.threads, "decode": args.decode,
                "rps": rps, "mbps": mbps, "requests": total.requests, "errors": total.errors,
                "p50_ms": q(0.5), "p90_ms": q(0.9), "p99_ms": q(0.99), "p999_ms": q(0.999),
                "max_ms": total.hist.max() as f64 / 1000.0,
                "lag_p50_ms": lag_q(0.5), "lag_p99_ms": lag_q(0.99),
            })
        );
    }
    Ok(())
}
