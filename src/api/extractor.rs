//! The `gazette.v1.EntityExtractor` service.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::task::Poll;
use std::time::Instant;

use tokio::sync::mpsc;
use tokio_stream::Stream;
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status, Streaming};
use tracing::{Instrument, field};

use super::Shared;
use super::convert::{self, OffsetEncoding};
use super::encode::{self, EncodedBatch, EncodedResponse};
use super::pb;
use super::pb::entity_extractor_server::EntityExtractor;
use super::status::ApiError;
use crate::dictionary::EntityType;
use crate::engine::dates::Date;
use crate::engine::filter::FilterError;
use crate::engine::{Engine, Options, Overlap, TypeSet};
use crate::metrics;

/// Texts up to this size are tagged on the async runtime; larger ones on a
/// blocking thread, so one big document never stalls the other calls.
const INLINE_TEXT_BYTES: usize = 32 * 1024;

/// Responses a stream may buffer before it waits for the client to read.
const STREAM_BUFFER: usize = 64;

/// Most messages of one stream tagged as one batch.
const STREAM_BATCH_MESSAGES: usize = 64;

/// A stream stops adding messages to a batch once it holds this many bytes
/// of text.
const STREAM_BATCH_BYTES: usize = 1 << 20;

/// A stream's batch up to this size is tagged on the async runtime; a
/// larger one on every core. Lower than [`INLINE_TEXT_BYTES`]: a batch of
/// several messages is worth splitting across cores sooner than one text.
/// When every tagging thread already has a stream, there is nothing to
/// gain by splitting it: see [`stream_batching`].
const STREAM_INLINE_TEXT_BYTES: usize = 8 * 1024;

/// How a stream batches its next round, when `tagging` streams (itself
/// included) are tagging a batch: the text at which the batch stops taking
/// messages, and the size up to which it is tagged on the async runtime.
///
/// Moving a batch to other threads costs thread switches (a fifth of a
/// stream's throughput on one core: docs/performance.md). It pays only when
/// the batch then uses cores that would otherwise idle. With at least as
/// many streams tagging as tagging threads (always, on one core), each core
/// has a stream to tag: batches then stop at the size of one unary text
/// ([`INLINE_TEXT_BYTES`]) and are tagged in place, the last message
/// included. The runtime stalls for at most twice what one unary call may
/// stall it (tagging [`INLINE_TEXT_BYTES`] of text).
fn stream_batching(tagging: usize) -> (usize, usize) {
    if tagging < rayon::current_num_threads() {
        (STREAM_BATCH_BYTES, STREAM_INLINE_TEXT_BYTES)
    } else {
        (INLINE_TEXT_BYTES, 2 * INLINE_TEXT_BYTES)
    }
}

/// Counts a stream among those tagging until dropped.
struct Tagging<'a>(&'a AtomicUsize);

impl<'a> Tagging<'a> {
    /// Counts one more; returns the guard and the count, this one included.
    fn start(streams: &'a AtomicUsize) -> (Tagging<'a>, usize) {
        let count = streams.fetch_add(1, Ordering::Relaxed) + 1;
        (Tagging(streams), count)
    }
}

impl Drop for Tagging<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The extraction service.
#[derive(Debug, Clone)]
pub struct Extractor {
    shared: Arc<Shared>,
}

impl Extractor {
    /// A service over the shared engine and limits.
    pub fn new(shared: Arc<Shared>) -> Extractor {
        Extractor { shared }
    }
}

/// A request checked against the limits, ready for the engine.
struct Job {
    document_id: String,
    text: String,
    options: Options,
    encoding: OffsetEncoding,
    /// The request's countries and dictionaries, when it names any: they
    /// become `options.filter` against the engine that tags it
    /// ([`Job::apply_filter`]).
    filter: Option<Box<FilterRequest>>,
}

/// The filter fields of a request, checked against an engine's
/// countries and dictionaries.
struct FilterRequest {
    /// Names the document in errors, as in [`Job::parse`].
    prefix: String,
    countries: Vec<String>,
    dictionaries: Vec<String>,
}

impl Job {
    /// Validates a request. `prefix` names the document in errors
    /// (`documents[3].` in a batch).
    fn parse(request: pb::ExtractRequest, prefix: &str, shared: &Shared) -> Result<Job, ApiError> {
        let limit = shared.limits.max_text_bytes;
        if request.text.len() > limit {
            return Err(ApiError::TextTooLarge {
                field: format!("{prefix}text"),
                size: request.text.len(),
                limit,
            });
        }
        let mut types = TypeSet::EMPTY;
        for (i, &value) in request.entity_types.iter().enumerate() {
            let t = pb::EntityType::try_from(value).map_err(|_| ApiError::UnknownEnumValue {
                field: format!("{prefix}entity_types[{i}]"),
                value,
                enum_name: "EntityType",
            })?;
            if let Some(t) = convert::from_pb_entity_type(t) {
                types.insert(t);
            }
        }
        let encoding = match pb::OffsetEncoding::try_from(request.offset_encoding) {
            Ok(pb::OffsetEncoding::Unspecified | pb::OffsetEncoding::Utf8) => OffsetEncoding::Utf8,
            Ok(pb::OffsetEncoding::Utf16) => OffsetEncoding::Utf16,
            Ok(pb::OffsetEncoding::Codepoint) => OffsetEncoding::CodePoint,
            Err(_) => {
                return Err(ApiError::UnknownEnumValue {
                    field: format!("{prefix}offset_encoding"),
                    value: request.offset_encoding,
                    enum_name: "OffsetEncoding",
                });
            }
        };
        let overlap = match pb::OverlapPolicy::try_from(request.overlap) {
            Ok(pb::OverlapPolicy::Unspecified | pb::OverlapPolicy::Longest) => Overlap::Longest,
            Ok(pb::OverlapPolicy::All) => Overlap::All,
            Ok(pb::OverlapPolicy::NoSub) => Overlap::NoSub,
            Err(_) => {
                return Err(ApiError::UnknownEnumValue {
                    field: format!("{prefix}overlap"),
                    value: request.overlap,
                    enum_name: "OverlapPolicy",
                });
            }
        };
        if !(0.0..=1.0).contains(&request.min_confidence) {
            return Err(ApiError::BadField {
                field: format!("{prefix}min_confidence"),
                reason: format!("{} is not between 0 and 1", request.min_confidence),
            });
        }
        let date = match request.document_date.as_str() {
            "" => None,
            text => Some(Date::parse_strict(text).ok_or_else(|| ApiError::BadField {
                field: format!("{prefix}document_date"),
                reason: format!("{text:?} is not a date written YYYY-MM-DD (a day that exists), YYYY-MM or YYYY, like 2025-03-09"),
            })?),
        };
        let filter =
            (!request.countries.is_empty() || !request.dictionaries.is_empty()).then(|| {
                Box::new(FilterRequest {
                    prefix: prefix.to_string(),
                    countries: request.countries,
                    dictionaries: request.dictionaries,
                })
            });
        Ok(Job {
            document_id: request.document_id,
            text: request.text,
            options: Options {
                overlap,
                types,
                min_confidence: request.min_confidence,
                date,
                explain: request.explain,
                max_mentions: shared.limits.max_mentions,
                filter: Default::default(),
            },
            encoding,
            filter,
        })
    }

    /// Turns the request's countries and dictionaries into the filter of
    /// `engine`; an unknown one is a bad field, named with its index.
    fn apply_filter(&mut self, engine: &Engine) -> Result<(), ApiError> {
        let Some(request) = &self.filter else {
            return Ok(());
        };
        let filter = engine.filters().filter(
            request.countries.iter().map(String::as_str),
            request.dictionaries.iter().map(String::as_str),
        );
        self.options.filter = filter.map_err(|error| {
            let (list, value, name) = match &error {
                FilterError::UnknownCountry(value) => (&request.countries, value, "countries"),
                FilterError::UnknownDictionary(value, _) => {
                    (&request.dictionaries, value, "dictionaries")
                }
            };
            let index = list.iter().position(|v| v == value).unwrap_or(0);
            ApiError::BadField {
                field: format!("{}{name}[{index}]", request.prefix),
                reason: error.to_string(),
            }
        })?;
        Ok(())
    }

    fn run(&self, engine: &Engine) -> EncodedResponse {
        let extraction = engine.extract(&self.text, &self.options);
        let mut by_type = [0u64; EntityType::ALL.len()];
        for m in &extraction.mentions {
            by_type[m.entity_type as usize] += 1;
        }
        metrics::document_tagged(
            self.text.len(),
            EntityType::ALL
                .iter()
                .map(|t| (t.as_str(), by_type[*t as usize])),
        );
        encode::response(
            engine,
            &self.document_id,
            &self.text,
            &extraction,
            self.encoding,
            self.options.document_date(),
        )
    }
}

/// When a call must be answered by: a little before the client's deadline,
/// so that the answer is DEADLINE_EXCEEDED from us rather than tonic's
/// CANCELLED when its own timer fires.
fn deadline_of<T>(request: &Request<T>) -> Option<(Instant, u128)> {
    let timeout = super::status::grpc_timeout(request.metadata())?;
    let start = request
        .extensions()
        .get::<super::status::CallStart>()
        .map_or_else(Instant::now, |s| s.0);
    Some((start + timeout.mul_f64(0.9), timeout.as_millis()))
}

/// Runs jobs within the deadline, if any.
async fn run_jobs_by(
    shared: &Shared,
    jobs: Vec<Job>,
    deadline: Option<(Instant, u128)>,
) -> Result<Vec<EncodedResponse>, ApiError> {
    let Some((at, millis)) = deadline else {
        return run_jobs(shared, jobs, INLINE_TEXT_BYTES).await;
    };
    if Instant::now() >= at {
        return Err(ApiError::DeadlineExceeded(millis));
    }
    tokio::time::timeout_at(at.into(), run_jobs(shared, jobs, INLINE_TEXT_BYTES))
        .await
        .map_err(|_| ApiError::DeadlineExceeded(millis))?
}

/// Runs jobs, off the async runtime (and on every core) when they hold
/// more than `inline_bytes` of text.
async fn run_jobs(
    shared: &Shared,
    mut jobs: Vec<Job>,
    inline_bytes: usize,
) -> Result<Vec<EncodedResponse>, ApiError> {
    // One engine for the whole call, even if a reload swaps it meanwhile.
    let engine = shared.dictionary.engine();
    for job in &mut jobs {
        job.apply_filter(&engine)?;
    }
    let bytes: usize = jobs.iter().map(|j| j.text.len()).sum();
    if bytes <= inline_bytes {
        return Ok(jobs.iter().map(|job| job.run(&engine)).collect());
    }
    // When the caller stops waiting (deadline, cancellation), this future
    // is dropped; the flag tells the blocking work to skip what is left.
    struct CancelOnDrop(Arc<AtomicBool>);
    impl Drop for CancelOnDrop {
        fn drop(&mut self) {
            self.0.store(true, Ordering::Relaxed);
        }
    }
    let cancelled = Arc::new(AtomicBool::new(false));
    let _guard = CancelOnDrop(cancelled.clone());
    let results: Vec<Option<EncodedResponse>> = tokio::task::spawn_blocking(move || {
        use rayon::prelude::*;
        let run = |job: &Job| (!cancelled.load(Ordering::Relaxed)).then(|| job.run(&engine));
        // One tagging thread: this one, without a switch to it.
        if rayon::current_num_threads() == 1 {
            return jobs.iter().map(run).collect();
        }
        jobs.par_iter().map(run).collect()
    })
    .await
    .map_err(|err| ApiError::Internal(format!("the tagging task failed: {err}")))?;
    results
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| ApiError::Internal("the call was cancelled".into()))
}

/// Fails when `responses`, as the one message that carries them, would be
/// over `--max-response-bytes`: one response for `Extract` and each
/// `ExtractStream` answer, all of them for `ExtractBatch`.
fn check_response_size(
    shared: &Shared,
    responses: &[EncodedResponse],
    batch: bool,
) -> Result<(), ApiError> {
    let size: usize = responses
        .iter()
        .map(|r| {
            let len = r.as_bytes().len();
            // A batch holds each response as a length-delimited field.
            if batch {
                1 + prost::encoding::encoded_len_varint(len as u64) + len
            } else {
                len
            }
        })
        .sum();
    let limit = shared.limits.max_response_bytes;
    if size > limit {
        metrics::refused("max-response-bytes");
        return Err(ApiError::ResponseTooLarge { size, limit });
    }
    Ok(())
}

fn mention_count(responses: &[EncodedResponse]) -> usize {
    responses.iter().map(EncodedResponse::mentions).sum()
}

#[tonic::async_trait]
impl EntityExtractor for Extractor {
    #[tracing::instrument(
        name = "Extract",
        skip_all,
        fields(document_id = field::Empty, text_bytes = field::Empty, mentions = field::Empty)
    )]
    async fn extract(
        &self,
        request: Request<pb::ExtractRequest>,
    ) -> Result<Response<EncodedResponse>, Status> {
        let started = Instant::now();
        let deadline = deadline_of(&request);
        let request = request.into_inner();
        let span = tracing::Span::current();
        span.record("document_id", request.document_id.as_str());
        span.record("text_bytes", request.text.len());
        let result = async {
            let job = Job::parse(request, "", &self.shared)?;
            let mut responses = run_jobs_by(&self.shared, vec![job], deadline).await?;
            check_response_size(&self.shared, &responses, false)?;
            responses
                .pop()
                .ok_or_else(|| ApiError::Internal("no result".into()))
        }
        .await;
        finish(
            &span,
            started,
            result.as_ref().map(EncodedResponse::mentions),
        );
        Ok(Response::new(result?))
    }

    #[tracing::instrument(
        name = "ExtractBatch",
        skip_all,
        fields(documents = field::Empty, text_bytes = field::Empty, mentions = field::Empty)
    )]
    async fn extract_batch(
        &self,
        request: Request<pb::ExtractBatchRequest>,
    ) -> Result<Response<EncodedBatch>, Status> {
        let started = Instant::now();
        let deadline = deadline_of(&request);
        let documents = request.into_inner().documents;
        let span = tracing::Span::current();
        span.record("documents", documents.len());
        span.record(
            "text_bytes",
            documents.iter().map(|d| d.text.len()).sum::<usize>(),
        );
        let result = async {
            let limit = self.shared.limits.max_batch;
            if documents.len() > limit {
                return Err(ApiError::BatchTooLarge {
                    size: documents.len(),
                    limit,
                });
            }
            let jobs = documents
                .into_iter()
                .enumerate()
                .map(|(i, d)| Job::parse(d, &format!("documents[{i}]."), &self.shared))
                .collect::<Result<Vec<_>, _>>()?;
            let responses = run_jobs_by(&self.shared, jobs, deadline).await?;
            check_response_size(&self.shared, &responses, true)?;
            Ok(responses)
        }
        .await;
        finish(&span, started, result.as_deref().map(mention_count));
        Ok(Response::new(EncodedBatch::new(&result?)))
    }

    type ExtractStreamStream =
        Pin<Box<dyn Stream<Item = Result<EncodedResponse, Status>> + Send + 'static>>;

    async fn extract_stream(
        &self,
        request: Request<Streaming<pb::ExtractRequest>>,
    ) -> Result<Response<Self::ExtractStreamStream>, Status> {
        let permit = self
            .shared
            .open_streams
            .clone()
            .try_acquire_owned()
            .map_err(|_| {
                metrics::refused("max-open-streams");
                ApiError::TooManyStreams {
                    limit: self.shared.max_open_streams,
                }
            })?;
        let mut inbound = request.into_inner();
        let shared = self.shared.clone();
        let (sender, receiver) = mpsc::channel(STREAM_BUFFER);
        let span = tracing::info_span!(
            "ExtractStream",
            documents = field::Empty,
            text_bytes = field::Empty,
            mentions = field::Empty
        );
        let task_span = span.clone();
        tokio::spawn(
            async move {
                // Held until the stream ends.
                let _permit = permit;
                let started = Instant::now();
                let mut tally = StreamTally::default();
                serve_stream(&shared, &mut inbound, &sender, &mut tally).await;
                let span = tracing::Span::current();
                span.record("documents", tally.documents);
                span.record("text_bytes", tally.bytes);
                match tally.failed {
                    None => finish(&span, started, Ok::<_, String>(tally.mentions)),
                    Some(message) => finish(&span, started, Err(&message)),
                }
            }
            .instrument(task_span),
        );
        Ok(Response::new(Box::pin(ReceiverStream::new(receiver))))
    }
}

/// What a stream did, for its log line.
#[derive(Default)]
struct StreamTally {
    documents: usize,
    bytes: usize,
    mentions: usize,
    /// Why the stream ended early, if it did.
    failed: Option<String>,
}

/// Answers the messages of one `ExtractStream` in order until the client
/// closes its side, a message is bad, or the client goes away.
///
/// The messages already received are tagged together: each round waits for
/// one message, takes the ones that arrived meanwhile (at most
/// [`STREAM_BATCH_MESSAGES`] or about [`STREAM_BATCH_BYTES`]; less when every
/// tagging thread has a stream, see [`stream_batching`]) and runs them as a
/// batch, on every core when they are big enough. A client that keeps
/// several messages in flight on one stream thus gets the throughput of a
/// batch call without waiting for a batch to fill, and one that sends a
/// message at a time gets it answered at once. A bad message is answered
/// with its status after the answers to the messages before it, and ends
/// the stream.
async fn serve_stream(
    shared: &Shared,
    inbound: &mut Streaming<pb::ExtractRequest>,
    sender: &mpsc::Sender<Result<EncodedResponse, Status>>,
    tally: &mut StreamTally,
) {
    loop {
        let mut jobs = Vec::new();
        let mut batch_bytes = 0;
        // The status that ends the stream after this batch, if any.
        let mut fatal: Option<Status> = None;
        let mut ended = false;
        let mut next = Some(inbound.message().await);
        // Busy from its first message until its batch is tagged.
        let (tagging, count) = Tagging::start(&shared.tagging_streams);
        let (batch_limit, inline_bytes) = stream_batching(count);
        while let Some(item) = next.take() {
            match item {
                Ok(Some(request)) => {
                    tally.documents += 1;
                    tally.bytes += request.text.len();
                    let prefix = format!("message {}: ", tally.documents);
                    match Job::parse(request, &prefix, shared) {
                        Ok(job) => {
                            batch_bytes += job.text.len();
                            jobs.push(job);
                        }
                        Err(err) => {
                            tally.failed = Some(err.to_string());
                            fatal = Some(err.into());
                        }
                    }
                }
                Ok(None) => ended = true,
                Err(status) => {
                    tally.failed = Some(status.message().to_string());
                    fatal = Some(status);
                }
            }
            if fatal.is_none()
                && !ended
                && jobs.len() < STREAM_BATCH_MESSAGES
                && batch_bytes < batch_limit
            {
                next = already_received(inbound).await;
            }
        }
        if !jobs.is_empty() {
            let tagged = run_jobs(shared, jobs, inline_bytes).await;
            drop(tagging);
            match tagged {
                Ok(responses) => {
                    for response in responses {
                        if let Err(err) =
                            check_response_size(shared, std::slice::from_ref(&response), false)
                        {
                            tally.failed = Some(err.to_string());
                            let _ = sender.send(Err(err.into())).await;
                            return;
                        }
                        tally.mentions += response.mentions();
                        // A closed channel means the client went away.
                        if sender.send(Ok(response)).await.is_err() {
                            return;
                        }
                    }
                }
                Err(err) => {
                    tally.failed = Some(err.to_string());
                    let _ = sender.send(Err(err.into())).await;
                    return;
                }
            }
        }
        if let Some(status) = fatal {
            let _ = sender.send(Err(status)).await;
            return;
        }
        if ended {
            return;
        }
    }
}

/// The next message if it has already arrived, without waiting: `None`
/// when none is ready.
async fn already_received(
    inbound: &mut Streaming<pb::ExtractRequest>,
) -> Option<Result<Option<pb::ExtractRequest>, Status>> {
    std::future::poll_fn(|cx| {
        Poll::Ready(match Pin::new(&mut *inbound).poll_next(cx) {
            Poll::Ready(Some(Ok(request))) => Some(Ok(Some(request))),
            Poll::Ready(Some(Err(status))) => Some(Err(status)),
            Poll::Ready(None) => Some(Ok(None)),
            Poll::Pending => None,
        })
    })
    .await
}

/// Logs the end of a call inside its span: mention count and duration,
/// never the text.
fn finish<E: std::fmt::Display>(span: &tracing::Span, started: Instant, result: Result<usize, E>) {
    let elapsed_us = started.elapsed().as_micros() as u64;
    match result {
        Ok(mentions) => {
            span.record("mentions", mentions);
            tracing::info!(elapsed_us, "call finished");
        }
        Err(err) => tracing::info!(elapsed_us, error = %err, "call failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_tag_in_place_once_every_thread_has_one() {
        let streams = AtomicUsize::new(0);
        let threads = rayon::current_num_threads();
        let mut guards = Vec::new();
        for expected in 1..=threads + 1 {
            let (guard, count) = Tagging::start(&streams);
            assert_eq!(count, expected);
            guards.push(guard);
            let in_place = (INLINE_TEXT_BYTES, 2 * INLINE_TEXT_BYTES);
            let spread = (STREAM_BATCH_BYTES, STREAM_INLINE_TEXT_BYTES);
            let want = if count >= threads { in_place } else { spread };
            assert_eq!(stream_batching(count), want, "{count} of {threads}");
        }
        drop(guards);
        assert_eq!(streams.load(Ordering::Relaxed), 0);
    }
}
