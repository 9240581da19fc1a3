//! The command line: `serve`, `tag` and `dict`. Every flag also reads a
//! `GAZETTE_*` environment variable.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::api::Limits;
use crate::api::auth::Token;
use crate::config;
use crate::dictionary::{Dictionary, EntityType, Source, export_jsonl};
use crate::engine::{Automaton, Engine, Options, Overlap, TypeSet};
use crate::live::LiveDictionary;
use crate::server::{self, Settings, Tls};
use crate::tag::{self, Document};
use crate::telemetry::{self, LogFormat};

/// Gazette tags political leaders, officials, organizations and places in
/// news text.
#[derive(Debug, Parser)]
#[command(name = "gazette", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the gRPC API (and, with --http-listen, HTTP/JSON).
    Serve(Box<ServeArgs>),
    /// Tag plain text files or JSON Lines ({"id","text"}) offline; JSON
    /// Lines of mentions out, one line per document, in input order.
    Tag(TagArgs),
    /// Check or export dictionaries.
    #[command(subcommand)]
    Dict(DictCommand),
    /// Ask a running server's grpc.health.v1 service; exit 0 only when it
    /// is SERVING (for container health checks).
    Health(HealthArgs),
}

/// The address `gazette serve` listens on by default.
const DEFAULT_LISTEN: &str = "0.0.0.0:50051";

#[derive(Debug, Args)]
struct HealthArgs {
    /// The server to ask. Without it, the address `gazette serve` listens on
    /// (`GAZETTE_LISTEN`, an unspecified IP such as 0.0.0.0 asked on
    /// loopback), so a container's health check follows its listen address.
    #[arg(long, env = "GAZETTE_HEALTH_ADDR")]
    addr: Option<String>,
    /// The service to ask about; empty means the whole server.
    #[arg(long, default_value = "")]
    service: String,
    /// Seconds to wait for an answer.
    #[arg(long, default_value_t = 3)]
    timeout_secs: u64,
    /// Use TLS, trusting this CA certificate (PEM).
    #[arg(long, env = "GAZETTE_HEALTH_TLS_CA")]
    tls_ca: Option<PathBuf>,
    /// The name the server's certificate is for, when it differs from the
    /// address's host.
    #[arg(long, env = "GAZETTE_HEALTH_TLS_DOMAIN")]
    tls_domain: Option<String>,
    /// Present this client certificate chain (PEM) to a server that
    /// requires one (`serve --tls-client-ca`); needs --tls-key and --tls-ca.
    #[arg(
        long,
        env = "GAZETTE_HEALTH_TLS_CERT",
        requires = "tls_key",
        requires = "tls_ca"
    )]
    tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM).
    #[arg(long, env = "GAZETTE_HEALTH_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum DictCommand {
    /// Validate dictionary files (JSON Lines, TSV or spaCy patterns.jsonl;
    /// `-` for stdin) and report every problem as `file:line: reason`.
    Check {
        /// The files to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Write the loaded dictionary as JSON Lines to stdout.
    Export(DictionaryArgs),
    /// Counts by type and subtype, aliases, sources and as_of dates.
    Stats(DictionaryArgs),
}

/// Which dictionaries to load.
#[derive(Debug, Args)]
struct DictionaryArgs {
    /// A user dictionary loaded on top of the default (repeatable; entries
    /// override the default by id). Request filters know it by its file's
    /// stem, or by NAME with NAME=PATH.
    #[arg(long = "dictionary", env = "GAZETTE_DICTIONARY", value_delimiter = ',')]
    dictionaries: Vec<PathBuf>,
    /// Do not load the embedded default dictionary.
    #[arg(long, env = "GAZETTE_NO_DEFAULT_DICTIONARY")]
    no_default_dictionary: bool,
    /// The automaton over the aliases, for benchmarks; auto picks one by
    /// the dictionary's size.
    #[arg(long, env = "GAZETTE_AUTOMATON", value_enum, default_value_t = AutomatonArg::Auto)]
    automaton: AutomatonArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum AutomatonArg {
    Auto,
    Dfa,
    Nfa,
    Trie,
}

impl From<AutomatonArg> for Automaton {
    fn from(arg: AutomatonArg) -> Automaton {
        match arg {
            AutomatonArg::Auto => Automaton::Auto,
            AutomatonArg::Dfa => Automaton::Dfa,
            AutomatonArg::Nfa => Automaton::Nfa,
            AutomatonArg::Trie => Automaton::Trie,
        }
    }
}

impl DictionaryArgs {
    fn sources(&self) -> Vec<Source> {
        let mut sources = Vec::new();
        if !self.no_default_dictionary {
            sources.push(Source::Default);
        }
        sources.extend(self.dictionaries.iter().map(|path| dictionary_source(path)));
        sources
    }

    /// Loads and compiles; problems go to stderr.
    fn engine(&self) -> Result<Engine, String> {
        crate::memory::loading(|| {
            let dictionary = Dictionary::load(&self.sources()).map_err(|e| e.to_string())?;
            Engine::build_with(dictionary, self.automaton.into()).map_err(|e| e.to_string())
        })
    }
}

/// The source of a `--dictionary` value: `NAME=PATH` names the dictionary
/// for request filters (when NAME is a plain name and the whole value is
/// not a file); anything else is a path.
fn dictionary_source(value: &std::path::Path) -> Source {
    let text = value.to_string_lossy();
    if let Some((name, path)) = text.split_once('=')
        && !name.is_empty()
        && !path.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !value.exists()
    {
        return Source::Named {
            name: name.to_string(),
            path: PathBuf::from(path),
        };
    }
    Source::File(value.to_path_buf())
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// A TOML file with the same keys as these flags (`max-text-bytes = 1000`);
    /// the environment and flags override it.
    #[arg(long, env = "GAZETTE_CONFIG")]
    config: Option<PathBuf>,
    /// Address to listen on: IP:PORT, or HOST:PORT with a host name
    /// (`localhost:50051`) that resolves to the address to bind.
    #[arg(
        long,
        env = "GAZETTE_LISTEN",
        default_value = DEFAULT_LISTEN,
        value_parser = parse_listen
    )]
    listen: String,
    #[command(flatten)]
    dictionary: DictionaryArgs,
    /// Largest text of one document, in UTF-8 bytes.
    #[arg(
        long,
        env = "GAZETTE_MAX_TEXT_BYTES",
        default_value_t = Limits::default().max_text_bytes
    )]
    max_text_bytes: usize,
    /// Most documents in one ExtractBatch call.
    #[arg(
        long,
        env = "GAZETTE_MAX_BATCH",
        default_value_t = Limits::default().max_batch
    )]
    max_batch: usize,
    /// Most mentions returned for one document (the response says
    /// `truncated` beyond).
    #[arg(
        long,
        env = "GAZETTE_MAX_MENTIONS",
        default_value_t = Limits::default().max_mentions
    )]
    max_mentions: usize,
    /// Largest gRPC message the server decodes, in bytes.
    #[arg(
        long,
        env = "GAZETTE_MAX_MESSAGE_BYTES",
        default_value_t = Settings::default().max_message_bytes
    )]
    max_message_bytes: usize,
    /// Calls served at once across all connections; more wait their turn.
    #[arg(
        long,
        env = "GAZETTE_MAX_CONCURRENCY",
        default_value_t = Settings::default().max_concurrency
    )]
    max_concurrency: usize,
    /// ExtractStream calls open at once across all connections; more are
    /// refused with RESOURCE_EXHAUSTED.
    #[arg(long, env = "GAZETTE_MAX_OPEN_STREAMS", default_value_t = 1024)]
    max_open_streams: usize,
    /// Largest response message, in bytes (a batch's whole answer, or one
    /// answer of a stream); larger answers fail with RESOURCE_EXHAUSTED.
    #[arg(long, env = "GAZETTE_MAX_RESPONSE_BYTES", default_value_t = 16 << 20)]
    max_response_bytes: usize,
    /// Seconds a response may wait for its client to accept any of its
    /// bytes; then the connection is closed. 0 waits for ever.
    #[arg(long, env = "GAZETTE_SEND_TIMEOUT_SECS", default_value_t = 30)]
    send_timeout_secs: u64,
    /// Concurrent streams one HTTP/2 connection may open.
    #[arg(
        long,
        env = "GAZETTE_MAX_STREAMS_PER_CONNECTION",
        default_value_t = Settings::default().max_streams_per_connection
    )]
    max_streams_per_connection: u32,
    /// Seconds the server keeps taking calls after SIGTERM or SIGINT, with
    /// health already NOT_SERVING, before it closes its listeners: time for
    /// load balancers to stop sending calls.
    #[arg(
        long,
        env = "GAZETTE_SHUTDOWN_DELAY_SECS",
        default_value_t = Settings::default().shutdown_delay.as_secs()
    )]
    shutdown_delay_secs: u64,
    /// Seconds calls in flight may take to finish after SIGTERM or SIGINT.
    #[arg(
        long,
        env = "GAZETTE_SHUTDOWN_GRACE_SECS",
        default_value_t = Settings::default().shutdown_grace.as_secs()
    )]
    shutdown_grace_secs: u64,
    /// Reload the dictionaries when a dictionary file changes.
    #[arg(long, env = "GAZETTE_WATCH")]
    watch: bool,
    /// Serve Prometheus metrics at http://ADDR/metrics.
    #[arg(long, env = "GAZETTE_METRICS_LISTEN")]
    metrics_listen: Option<SocketAddr>,
    /// Also serve the HTTP/JSON API and the playground page on ADDR
    /// (`POST /v1/extract`, `GET /`...); off unless given. Uses the same
    /// TLS, tokens and limits as gRPC.
    #[arg(long, env = "GAZETTE_HTTP_LISTEN")]
    http_listen: Option<SocketAddr>,
    /// Let browsers on this origin call the server (gRPC-Web on --listen,
    /// JSON on --http-listen): CORS. Repeatable; `*` for any origin.
    #[arg(
        long = "cors-allow-origin",
        env = "GAZETTE_CORS_ALLOW_ORIGIN",
        value_delimiter = ','
    )]
    cors_allow_origins: Vec<String>,
    /// Bearer token required by DictionaryService.ReloadDictionary.
    #[arg(long, env = "GAZETTE_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// Bearer token required by every EntityExtractor call.
    #[arg(long, env = "GAZETTE_API_TOKEN", hide_env_values = true)]
    api_token: Option<String>,
    /// Serve TLS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, env = "GAZETTE_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM).
    #[arg(long, env = "GAZETTE_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Require client certificates signed by this CA (PEM): mutual TLS.
    #[arg(long, env = "GAZETTE_TLS_CLIENT_CA", requires = "tls_cert")]
    tls_client_ca: Option<PathBuf>,
    /// Log format.
    #[arg(long, env = "GAZETTE_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    /// Log filter, e.g. "info" or "gazette=debug".
    #[arg(long, env = "GAZETTE_LOG", default_value = "info")]
    log: String,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OverlapArg {
    Longest,
    All,
    NoSub,
}

#[derive(Debug, Args)]
struct TagArgs {
    /// Input files; none or `-` for stdin. Files ending in .jsonl or
    /// .ndjson, and any file or stdin whose first non-blank character is
    /// `{`, are JSON Lines; anything else is one plain-text document per
    /// file.
    files: Vec<PathBuf>,
    #[command(flatten)]
    dictionary: DictionaryArgs,
    /// Overlap policy.
    #[arg(long, env = "GAZETTE_OVERLAP", value_enum, default_value_t = OverlapArg::Longest)]
    overlap: OverlapArg,
    /// Only these types (LEADER, OFFICIAL, ORGANIZATION, PLACE, OTHER).
    #[arg(long = "type", env = "GAZETTE_TYPES", value_delimiter = ',')]
    types: Vec<String>,
    /// Drop mentions less confident than this (0 to 1).
    #[arg(long, env = "GAZETTE_MIN_CONFIDENCE", default_value_t = 0.0)]
    min_confidence: f32,
    /// The documents' date (YYYY-MM-DD), for resolving offices; default today.
    #[arg(long, env = "GAZETTE_DOCUMENT_DATE")]
    document_date: Option<String>,
    /// Keep only entities of these countries (ISO 3166-1 alpha-2, e.g.
    /// KR,US), before overlaps are resolved.
    #[arg(long, env = "GAZETTE_COUNTRIES", value_delimiter = ',')]
    countries: Vec<String>,
    /// Keep only entities from these loaded dictionaries (`default`, a
    /// file stem, or the NAME of --dictionary NAME=PATH), before overlaps
    /// are resolved. A filter, unlike --dictionary, which loads one.
    #[arg(
        long = "dictionaries",
        env = "GAZETTE_DICTIONARIES",
        value_delimiter = ','
    )]
    dictionary_filter: Vec<String>,
    /// Worker threads; 0 means one per core.
    #[arg(long, env = "GAZETTE_THREADS", default_value_t = 0)]
    threads: usize,
}

/// Parses the command line (with the `--config` file under it) and runs it.
pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let (command, file) = match config::apply_file(Cli::command(), &args) {
        Ok(layered) => layered,
        Err(message) => {
            eprintln!("gazette: {message}");
            return ExitCode::FAILURE;
        }
    };
    let matches = command.clone().get_matches_from(args);
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => err.exit(),
    };
    let result = match cli.command {
        Command::Serve(args) => serve(*args, &config::effective(&command, &matches, &file)),
        Command::Health(args) => health(args),
        Command::Tag(args) => tag(args),
        Command::Dict(DictCommand::Check { paths }) => dict_check(&paths),
        Command::Dict(DictCommand::Export(args)) => dict_export(&args),
        Command::Dict(DictCommand::Stats(args)) => dict_stats(&args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("gazette: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Checks `--listen`: `IP:PORT`, `[IPv6]:PORT` or `HOST:PORT`; the host is
/// resolved when the server binds.
fn parse_listen(text: &str) -> Result<String, String> {
    if text.parse::<SocketAddr>().is_ok() {
        return Ok(text.to_string());
    }
    let needs = "give HOST:PORT, like 0.0.0.0:50051, [::]:50051 or localhost:50051";
    let Some((host, port)) = text.rsplit_once(':') else {
        return Err(format!("{text:?} has no port: {needs}"));
    };
    if host.is_empty() || host.contains(':') {
        return Err(format!("{text:?} is not an address: {needs}"));
    }
    port.parse::<u16>()
        .map_err(|_| format!("{port:?} is not a port number (0 to 65535): {needs}"))?;
    Ok(text.to_string())
}

fn read_pem(path: &std::path::Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn serve(args: ServeArgs, effective: &[String]) -> Result<ExitCode, String> {
    telemetry::init(args.log_format, &args.log);
    tracing::info!(config = ?effective, "effective configuration");
    let started = Instant::now();
    let live = match crate::memory::loading(|| {
        LiveDictionary::load_with(args.dictionary.sources(), args.dictionary.automaton.into())
    }) {
        Ok(live) => Arc::new(live),
        Err(problems) => {
            for line in problems.to_string().lines() {
                tracing::error!(problem = line, "dictionary error");
            }
            return Err("the dictionary has errors; not serving".into());
        }
    };
    let engine = live.engine();
    tracing::info!(
        entities = engine.entries().len(),
        aliases = engine.alias_count(),
        automaton = engine.automaton_kind(),
        automaton_bytes = engine.automaton_bytes(),
        version = engine.version(),
        load_ms = started.elapsed().as_millis() as u64,
        "dictionary loaded"
    );
    let settings = Settings {
        limits: Limits {
            max_text_bytes: args.max_text_bytes,
            max_batch: args.max_batch,
            max_mentions: args.max_mentions,
            max_response_bytes: args.max_response_bytes,
        },
        max_message_bytes: args.max_message_bytes,
        max_concurrency: args.max_concurrency.max(1),
        max_open_streams: args.max_open_streams,
        send_timeout: Duration::from_secs(args.send_timeout_secs),
        max_streams_per_connection: args.max_streams_per_connection.max(1),
        shutdown_delay: Duration::from_secs(args.shutdown_delay_secs),
        shutdown_grace: Duration::from_secs(args.shutdown_grace_secs),
        admin_token: args.admin_token.and_then(Token::new),
        api_token: args.api_token.and_then(Token::new),
        tls: match (&args.tls_cert, &args.tls_key) {
            (Some(cert), Some(key)) => Some(Tls {
                cert: read_pem(cert)?,
                key: read_pem(key)?,
                client_ca: args.tls_client_ca.as_deref().map(read_pem).transpose()?,
            }),
            _ => None,
        },
        cors_origins: args.cors_allow_origins.clone(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen.as_str())
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
        let local = listener.local_addr().map_err(|e| e.to_string())?;
        let http = match args.http_listen {
            Some(addr) => Some(
                tokio::net::TcpListener::bind(addr)
                    .await
                    .map_err(|e| format!("cannot listen on {addr} (--http-listen): {e}"))?,
            ),
            None => None,
        };
        if let Some(http) = &http {
            let addr = http.local_addr().map_err(|e| e.to_string())?;
            tracing::info!(%addr, "serving the HTTP/JSON API and the playground");
        }
        // Before the address is logged: whoever reads it may signal at once.
        let shutdown = server::shutdown_signal()
            .map_err(|e| format!("cannot listen for SIGTERM and SIGINT: {e}"))?;
        if let Some(addr) = args.metrics_listen {
            crate::metrics::install(addr)?;
            crate::metrics::dictionary_loaded(&engine, None);
            tracing::info!(%addr, "serving metrics at /metrics");
        }
        #[cfg(unix)]
        live.reload_on_sighup()
            .map_err(|e| format!("cannot listen for SIGHUP: {e}"))?;
        let _watcher = if args.watch {
            Some(
                live.watch(Duration::from_millis(500))
                    .map_err(|e| format!("cannot watch the dictionary files: {e}"))?,
            )
        } else {
            None
        };
        tracing::info!(
            listen = %local,
            tls = settings.tls.is_some(),
            max_text_bytes = settings.limits.max_text_bytes,
            max_batch = settings.limits.max_batch,
            max_message_bytes = settings.max_message_bytes,
            max_concurrency = settings.max_concurrency,
            // One per core, or RAYON_NUM_THREADS; with one, stream batches
            // are tagged on the async runtime (`api::extractor`).
            tagging_threads = rayon::current_num_threads(),
            "serving gazette.v1.EntityExtractor and gazette.v1.DictionaryService"
        );
        let mutual_tls = settings
            .tls
            .as_ref()
            .is_some_and(|tls| tls.client_ca.is_some());
        if settings.admin_token.is_none() && !mutual_tls && !local.ip().is_loopback() {
            tracing::warn!(
                listen = %local,
                "the admin RPC DictionaryService.ReloadDictionary is open to anyone who can reach this address: set --admin-token (GAZETTE_ADMIN_TOKEN), require client certificates (--tls-client-ca), or listen on a loopback address"
            );
        }
        server::run_with_http(listener, http, live.clone(), settings, shutdown)
            .await
            .map_err(|e| e.to_string())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The address `gazette health` asks when `--addr` is not given: the listen
/// address from `GAZETTE_LISTEN`, or the default listen address.
fn health_addr(listen: Option<&str>) -> String {
    let listen = listen
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .unwrap_or(DEFAULT_LISTEN);
    match listen.parse::<std::net::SocketAddr>() {
        Ok(addr) if addr.ip().is_unspecified() => {
            let loopback: std::net::IpAddr = if addr.is_ipv4() {
                std::net::Ipv4Addr::LOCALHOST.into()
            } else {
                std::net::Ipv6Addr::LOCALHOST.into()
            };
            std::net::SocketAddr::new(loopback, addr.port()).to_string()
        }
        _ => listen.to_string(),
    }
}

fn health(args: HealthArgs) -> Result<ExitCode, String> {
    use tonic_health::pb::health_check_response::ServingStatus;
    let addr = args
        .addr
        .clone()
        .unwrap_or_else(|| health_addr(std::env::var("GAZETTE_LISTEN").ok().as_deref()));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let status = runtime.block_on(async {
        let scheme = if args.tls_ca.is_some() {
            "https"
        } else {
            "http"
        };
        let mut endpoint = tonic::transport::Endpoint::from_shared(format!("{scheme}://{addr}"))
            .map_err(|e| format!("bad address {addr}: {e}"))?
            .connect_timeout(Duration::from_secs(args.timeout_secs))
            .timeout(Duration::from_secs(args.timeout_secs));
        if let Some(ca) = &args.tls_ca {
            let mut tls = tonic::transport::ClientTlsConfig::new()
                .ca_certificate(tonic::transport::Certificate::from_pem(read_pem(ca)?));
            if let Some(domain) = &args.tls_domain {
                tls = tls.domain_name(domain.clone());
            }
            if let (Some(cert), Some(key)) = (&args.tls_cert, &args.tls_key) {
                tls = tls.identity(tonic::transport::Identity::from_pem(
                    read_pem(cert)?,
                    read_pem(key)?,
                ));
            }
            endpoint = endpoint.tls_config(tls).map_err(|e| e.to_string())?;
        }
        let channel = endpoint
            .connect()
            .await
            .map_err(|e| format!("cannot reach {addr}: {e}"))?;
        let mut client = tonic_health::pb::health_client::HealthClient::new(channel);
        let response = client
            .check(tonic_health::pb::HealthCheckRequest {
                service: args.service.clone(),
            })
            .await
            .map_err(|e| format!("health check failed: {}: {}", e.code(), e.message()))?;
        Ok::<i32, String>(response.into_inner().status)
    })?;
    let name = ServingStatus::try_from(status)
        .map(|s| s.as_str_name())
        .unwrap_or("UNKNOWN");
    println!("{name}");
    Ok(if status == ServingStatus::Serving as i32 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn tag(args: TagArgs) -> Result<ExitCode, String> {
    let mut types = TypeSet::EMPTY;
    for name in &args.types {
        let label = name.trim().to_ascii_uppercase();
        let t = EntityType::ALL
            .into_iter()
            .find(|t| t.as_str() == label)
            .ok_or_else(|| {
                format!("unknown type {name:?}: use LEADER, OFFICIAL, ORGANIZATION, PLACE or OTHER")
            })?;
        types.insert(t);
    }
    let mut options = Options {
        min_confidence: args.min_confidence,
        date: match &args.document_date {
            Some(text) => Some(crate::engine::dates::Date::parse_strict(text).ok_or_else(|| {
                format!("--document-date {text:?} is not a date written YYYY-MM-DD (a day that exists), YYYY-MM or YYYY, like 2025-03-09")
            })?),
            None => None,
        },
        explain: false,
        max_mentions: 0,
        overlap: match args.overlap {
            OverlapArg::Longest => Overlap::Longest,
            OverlapArg::All => Overlap::All,
            OverlapArg::NoSub => Overlap::NoSub,
        },
        types,
        filter: Default::default(),
    };
    if args.threads > 0 {
        // Fails only if the pool already exists, which it cannot here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(args.threads)
            .build_global();
    }
    let engine = args.dictionary.engine()?;
    options.filter = engine
        .filters()
        .filter(
            args.countries.iter().map(String::as_str),
            args.dictionary_filter.iter().map(String::as_str),
        )
        .map_err(|e| e.to_string())?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut errors = Vec::new();
    let files = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files
    };
    for path in &files {
        let result = if path.as_os_str() == "-" {
            tag_stdin(&engine, &options, &mut out)
        } else {
            tag_file(&engine, &options, path, &mut out)
        };
        match result {
            Ok(mut found) => errors.append(&mut found),
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
            Err(err) => errors.push(format!("{}: {err}", path.display())),
        }
    }
    if let Err(err) = out.flush()
        && err.kind() != io::ErrorKind::BrokenPipe
    {
        return Err(format!("cannot write the output: {err}"));
    }
    for error in &errors {
        eprintln!("gazette: {error}");
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn tag_stdin(engine: &Engine, options: &Options, out: &mut impl Write) -> io::Result<Vec<String>> {
    let mut input = BufReader::with_capacity(1 << 16, io::stdin().lock());
    if starts_with_brace(&mut input)? {
        let errors = tag::tag_json_lines(engine, options, "stdin", input, out)?;
        return Ok(errors.into_iter().map(|e| e.message).collect());
    }
    let mut text = String::new();
    input
        .read_to_string(&mut text)
        .map_err(|e| io::Error::new(e.kind(), format!("stdin: {e}")))?;
    let document = Document {
        id: "stdin".into(),
        text,
    };
    tag::write_chunk(engine, options, std::slice::from_ref(&document), out)?;
    Ok(Vec::new())
}

/// Whether the first non-blank byte of `input` is `{`: JSON Lines.
fn starts_with_brace(input: &mut impl BufRead) -> io::Result<bool> {
    let buffer = input.fill_buf()?;
    Ok(buffer.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{'))
}

fn tag_file(
    engine: &Engine,
    options: &Options,
    path: &std::path::Path,
    out: &mut impl Write,
) -> io::Result<Vec<String>> {
    let name = path.display().to_string();
    let mut input = BufReader::with_capacity(1 << 16, std::fs::File::open(path)?);
    // By name, or by content as on stdin: `file.json` holding JSON Lines is
    // JSON Lines.
    let json_lines = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("jsonl" | "ndjson")
    ) || starts_with_brace(&mut input)?;
    if json_lines {
        let errors = tag::tag_json_lines(engine, options, &name, input, out)?;
        return Ok(errors.into_iter().map(|e| e.message).collect());
    }
    let mut text = String::new();
    input.read_to_string(&mut text)?;
    let document = Document {
        id: name.into(),
        text,
    };
    tag::write_chunk(engine, options, std::slice::from_ref(&document), out)?;
    Ok(Vec::new())
}

fn dict_check(paths: &[PathBuf]) -> Result<ExitCode, String> {
    let mut sources = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut text = String::new();
            io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("cannot read stdin: {e}"))?;
            sources.push(Source::Text {
                name: "-".into(),
                text,
            });
        } else {
            sources.push(Source::File(path.clone()));
        }
    }
    // Parse and build in one load, as `tag` and `serve` do.
    let loaded = crate::memory::loading(|| {
        Dictionary::load(&sources).map(|dictionary| {
            let entries = dictionary.entries().len();
            (entries, Engine::build(dictionary))
        })
    });
    match loaded {
        Ok((entries, engine)) => {
            let engine = engine.map_err(|e| e.to_string())?;
            println!(
                "ok: {entries} entities, {} distinct aliases in {} file(s)",
                engine.alias_count(),
                paths.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            for problem in &error.problems {
                eprintln!("{problem}");
            }
            eprintln!("gazette: {} problem(s) found", error.problems.len());
            Ok(ExitCode::FAILURE)
        }
    }
}

fn dict_stats(args: &DictionaryArgs) -> Result<ExitCode, String> {
    use std::collections::BTreeMap;
    let engine = args.engine()?;
    let entries = engine.entries();
    let mut by_type: BTreeMap<&str, (usize, BTreeMap<&str, usize>)> = BTreeMap::new();
    let mut as_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut tags: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut aliases, mut short, mut case_sensitive, mut generated) = (0, 0, 0, 0);
    for entry in entries {
        let slot = by_type.entry(&entry.label).or_default();
        slot.0 += 1;
        let subtype = if entry.subtype.is_empty() {
            "-"
        } else {
            &entry.subtype
        };
        *slot.1.entry(subtype).or_default() += 1;
        if let Some(date) = entry.attributes.get("as_of") {
            *as_of.entry(date).or_default() += 1;
        }
        let source = entry.attributes.get("source").map_or("", String::as_str);
        for tag in source.split(';').map(str::trim).filter(|t| !t.is_empty()) {
            *tags.entry(tag).or_default() += 1;
        }
        aliases += entry.aliases.len();
        short += entry.aliases.iter().filter(|a| a.short).count();
        case_sensitive += entry.aliases.iter().filter(|a| a.case_sensitive).count();
        generated += entry.aliases.iter().filter(|a| a.generated).count();
    }
    println!("version {}", engine.version());
    println!("entities {}", entries.len());
    println!(
        "aliases {aliases} (distinct after folding {}; case-sensitive {case_sensitive}; short forms {short}; generated variants {generated})",
        engine.alias_count()
    );
    println!(
        "automaton {} {} bytes",
        engine.automaton_kind(),
        engine.automaton_bytes()
    );
    println!("by type and subtype:");
    for (label, (count, subtypes)) in &by_type {
        let parts: Vec<String> = subtypes.iter().map(|(s, n)| format!("{s} {n}")).collect();
        println!("  {label} {count}: {}", parts.join(", "));
    }
    println!("sources:");
    for source in engine.dictionary().sources() {
        println!("  {} {}", source.name, source.entities);
    }
    println!("by data source (attributes.source):");
    for (tag, count) in &tags {
        println!("  {tag} {count}");
    }
    let dated: usize = as_of.values().sum();
    match (as_of.keys().next(), as_of.keys().next_back()) {
        (Some(first), Some(last)) => println!(
            "as_of: {first} to {last} ({dated} entities dated, {} not)",
            entries.len() - dated
        ),
        _ => println!("as_of: none of {} entities is dated", entries.len()),
    }
    Ok(ExitCode::SUCCESS)
}

fn dict_export(args: &DictionaryArgs) -> Result<ExitCode, String> {
    let dictionary = Dictionary::load(&args.sources()).map_err(|e| e.to_string())?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match export_jsonl(dictionary.entries(), &mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(err) => Err(format!("cannot write the output: {err}")),
    }
}

#[cfg(test)]
mod tests {
    use super::health_addr;

    #[test]
    fn health_asks_the_listen_address_on_loopback() {
        for (listen, asked) in [
            (None, "127.0.0.1:50051"),
            (Some(""), "127.0.0.1:50051"),
            (Some("0.0.0.0:8443"), "127.0.0.1:8443"),
            (Some("[::]:7000"), "[::1]:7000"),
            (Some("10.1.2.3:50051"), "10.1.2.3:50051"),
            (Some("gazette.internal:50051"), "gazette.internal:50051"),
        ] {
            assert_eq!(health_addr(listen), asked, "listen {listen:?}");
        }
    }
}
