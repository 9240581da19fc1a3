//! Connections and response bodies: a connection that can be dropped from
//! a call, and a response body that drops its connection when the client
//! accepts none of its bytes within the send timeout.
//!
//! HTTP/2 flow control lets a client stop accepting a response while it
//! keeps the connection alive (it still answers PINGs). Whatever the server
//! has queued for that response is then held for as long as the client
//! likes. hyper pulls the next piece of a body only once the previous one
//! has send capacity, so a body handed out in pieces of [`PIECE_BYTES`]
//! sees the client's progress: a body that has handed out a piece and is
//! not asked for the next one within the timeout is stuck, and its
//! connection is closed, which frees everything queued on it.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tonic::transport::server::{Connected, TcpConnectInfo};

/// The largest piece of a response body handed to the transport at once.
pub const PIECE_BYTES: usize = 64 * 1024;

/// A body that has handed out this many bytes is watched: smaller ones fit
/// the default HTTP/2 window and leave at once.
const WATCH_AFTER_BYTES: usize = 64 * 1024;

/// One accepted connection, shared by its transport and its calls.
#[derive(Debug, Default)]
pub struct Connection {
    closed: AtomicBool,
    /// The task reading the connection, woken to notice [`Connection::close`].
    reader: Mutex<Option<Waker>>,
}

impl Connection {
    /// Closes the connection: its next read or write fails, and every call
    /// on it ends.
    pub fn close(&self) {
        self.closed.store(true, Ordering::Release);
        if let Ok(mut reader) = self.reader.lock()
            && let Some(waker) = reader.take()
        {
            waker.wake();
        }
    }

    fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }
}

/// What a call knows of its connection (in the request's extensions).
#[derive(Debug, Clone)]
pub struct ConnectionInfo {
    /// The peer's address and ours.
    pub tcp: TcpConnectInfo,
    /// The connection, to close it.
    pub connection: Arc<Connection>,
}

/// A TCP stream that fails once its [`Connection`] is closed.
#[derive(Debug)]
pub struct Guarded {
    stream: TcpStream,
    connection: Arc<Connection>,
}

impl Guarded {
    /// Wraps an accepted stream.
    pub fn new(stream: TcpStream) -> Guarded {
        Guarded {
            stream,
            connection: Arc::default(),
        }
    }

    fn closed_error() -> io::Error {
        io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "closed: the client accepted no response bytes within the send timeout",
        )
    }
}

impl Connected for Guarded {
    type ConnectInfo = ConnectionInfo;

    fn connect_info(&self) -> ConnectionInfo {
        ConnectionInfo {
            tcp: self.stream.connect_info(),
            connection: self.connection.clone(),
        }
    }
}

impl AsyncRead for Guarded {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.connection.is_closed() {
            return Poll::Ready(Err(Guarded::closed_error()));
        }
        let poll = Pin::new(&mut self.stream).poll_read(cx, buf);
        if poll.is_pending() {
            if let Ok(mut reader) = self.connection.reader.lock() {
                *reader = Some(cx.waker().clone());
            }
            // Closed between the check and the registration.
            if self.connection.is_closed() {
                return Poll::Ready(Err(Guarded::closed_error()));
            }
        }
        poll
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.connection.is_closed() {
            return Poll::Ready(Err(Guarded::closed_error()));
        }
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.connection.is_closed() {
            return Poll::Ready(Err(Guarded::closed_error()));
        }
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

/// The connection of a request, plain or TLS.
pub fn connection_of<B>(request: &http::Request<B>) -> Option<Arc<Connection>> {
    let extensions = request.extensions();
    if let Some(info) = extensions.get::<ConnectionInfo>() {
        return Some(info.connection.clone());
    }
    extensions
        .get::<tonic::transport::server::TlsConnectInfo<ConnectionInfo>>()
        .map(|info| info.get_ref().connection.clone())
}

/// Progress of one body, shared with its watchdog.
#[derive(Debug, Default)]
struct Progress {
    /// Pieces handed out so far.
    pieces: AtomicU64,
    /// A piece was handed out and the next has not been asked for.
    waiting: AtomicBool,
    /// The body is finished or dropped.
    done: AtomicBool,
}

/// A response body handed out in pieces, whose connection is closed when
/// the client accepts no piece within the send timeout.
pub struct Watched<B> {
    inner: B,
    /// The rest of a data frame larger than one piece.
    rest: Bytes,
    handed_out: usize,
    watch: Option<Watch>,
}

/// What a watched body needs to start its watchdog.
struct Watch {
    connection: Arc<Connection>,
    timeout: Duration,
    method: String,
    progress: Option<Arc<Progress>>,
}

impl<B> Watched<B> {
    /// Wraps `inner`; without a connection (or with a zero timeout) the body
    /// is only cut into pieces.
    pub fn new(
        inner: B,
        connection: Option<Arc<Connection>>,
        timeout: Duration,
        method: &str,
    ) -> Watched<B> {
        Watched {
            inner,
            rest: Bytes::new(),
            handed_out: 0,
            watch: connection
                .filter(|_| !timeout.is_zero())
                .map(|connection| Watch {
                    connection,
                    timeout,
                    method: method.to_string(),
                    progress: None,
                }),
        }
    }

    /// Hands out the next piece of `rest`.
    fn piece(&mut self) -> Bytes {
        let len = self.rest.len().min(PIECE_BYTES);
        let piece = self.rest.split_to(len);
        self.handed_out += piece.len();
        if let Some(watch) = &mut self.watch {
            if watch.progress.is_none() && self.handed_out >= WATCH_AFTER_BYTES {
                watch.progress = Some(start_watchdog(
                    watch.connection.clone(),
                    watch.timeout,
                    std::mem::take(&mut watch.method),
                ));
            }
            if let Some(progress) = &watch.progress {
                progress.pieces.fetch_add(1, Ordering::Relaxed);
                progress.waiting.store(true, Ordering::Relaxed);
            }
        }
        piece
    }

    fn asked(&self) {
        if let Some(progress) = self.watch.as_ref().and_then(|w| w.progress.as_ref()) {
            progress.waiting.store(false, Ordering::Relaxed);
        }
    }
}

impl<B> Drop for Watched<B> {
    fn drop(&mut self) {
        if let Some(progress) = self.watch.as_ref().and_then(|w| w.progress.as_ref()) {
            progress.done.store(true, Ordering::Relaxed);
        }
    }
}

/// Checks `progress` every `timeout`: a body waiting to hand out its next
/// piece with no piece accepted since the last check closes `connection`.
fn start_watchdog(connection: Arc<Connection>, timeout: Duration, method: String) -> Arc<Progress> {
    let progress = Arc::new(Progress::default());
    let watched = progress.clone();
    tokio::spawn(async move {
        let mut last = watched.pieces.load(Ordering::Relaxed);
        loop {
            tokio::time::sleep(timeout).await;
            if watched.done.load(Ordering::Relaxed) {
                return;
            }
            let now = watched.pieces.load(Ordering::Relaxed);
            if now == last && watched.waiting.load(Ordering::Relaxed) {
                tracing::warn!(
                    method,
                    send_timeout_secs = timeout.as_secs_f64(),
                    "closing a connection: the client accepted no response bytes within the send timeout (--send-timeout-secs)"
                );
                crate::metrics::connection_closed_stalled();
                connection.close();
                return;
            }
            last = now;
        }
    });
    progress
}

impl<B> Body for Watched<B>
where
    B: Body<Data = Bytes> + Unpin,
{
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        self.asked();
        if !self.rest.is_empty() {
            let piece = self.piece();
            return Poll::Ready(Some(Ok(Frame::data(piece))));
        }
        match Pin::new(&mut self.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                Ok(data) => {
                    self.rest = data;
                    let piece = self.piece();
                    Poll::Ready(Some(Ok(Frame::data(piece))))
                }
                Err(frame) => Poll::Ready(Some(Ok(frame))),
            },
            other => other,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.rest.is_empty() && self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        let mut hint = self.inner.size_hint();
        let rest = self.rest.len() as u64;
        hint.set_lower(hint.lower().saturating_add(rest));
        if let Some(upper) = hint.upper() {
            hint.set_upper(upper.saturating_add(rest));
        }
        hint
    }
}
