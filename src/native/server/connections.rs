//! The accept loop of `qq serve`: every connection with a deadline, a bounded number of
//! them, and a shutdown that ends on time.
//!
//! `axum::serve` reads request headers with no deadline and keeps every connection a
//! client opens, so a few hundred slow clients could hold every file descriptor. Here each
//! connection is served by hyper-util's HTTP/1 and HTTP/2 builder with:
//!
//! - a deadline for a request's headers ([`Limits::header_read`]), which also closes a
//!   keep-alive connection that never sends its next request;
//! - an idle deadline ([`Limits::idle`]) for a connection with nothing in flight;
//! - a cap on open connections ([`Limits::max_connections`], by default the process's
//!   descriptor limit less a reserve for files and the database): when a new connection
//!   finds the cap reached, the connection idle the longest is closed to make room, and
//!   if none is idle the newcomer is turned away;
//! - a shutdown deadline: on SIGTERM or Ctrl-C the listener closes, every connection is
//!   asked to finish, and whatever is still open after [`Limits::shutdown`] is dropped.
//!
//! A connection counts as busy from a request's arrival until its response body is sent
//! or dropped, so a phone slowly downloading the app is never taken for an idle one.
//! Request and body deadlines are tower-http layers (see [`super::app`]).

use std::{
    collections::HashMap,
    future::Future,
    net::SocketAddr,
    pin::Pin,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering},
    },
    task::{Context, Poll},
    time::{Duration, Instant},
};

use axum::{
    Router,
    body::{Body, Bytes},
    extract::{ConnectInfo, Request},
    response::Response,
};
use hyper_util::{
    rt::{TokioExecutor, TokioIo, TokioTimer},
    server::conn::auto::Builder,
    service::TowerToHyperService,
};
use tokio::{net::TcpListener, sync::Notify};
use tower::ServiceExt;

/// The deadlines and the connection cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How long a client may take to send a request's headers, and how long a
    /// keep-alive HTTP/1 connection may wait for its next request.
    pub header_read: Duration,
    /// How long a connection with no request in flight is kept.
    pub idle: Duration,
    /// The most connections open at once.
    pub max_connections: usize,
    /// How long a shutdown waits for connections to finish before dropping them.
    pub shutdown: Duration,
}

/// Descriptors kept free of connections: the listener, the runtime, files being served,
/// the database and its journal, the store being written.
const RESERVED_DESCRIPTORS: usize = 128;

impl Limits {
    /// The defaults, with the cap derived from this process's descriptor limit.
    pub fn for_this_process() -> Limits {
        Limits {
            header_read: Duration::from_secs(10),
            idle: Duration::from_secs(60),
            max_connections: connection_cap(descriptor_limit()),
            shutdown: Duration::from_secs(3),
        }
    }
}

/// The connections that fit in `descriptors` with [`RESERVED_DESCRIPTORS`] kept free.
pub fn connection_cap(descriptors: usize) -> usize {
    descriptors
        .saturating_sub(RESERVED_DESCRIPTORS)
        .clamp(16, 65_536)
}

/// The soft limit on open files (`RLIMIT_NOFILE`), or 1,024 when it cannot be read.
fn descriptor_limit() -> usize {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct it is given and reads nothing else.
    let read = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
    if read {
        usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX)
    } else {
        1024
    }
}

/// What the accept loop knows of one open connection.
struct Conn {
    /// Requests whose response is not yet fully sent.
    in_flight: AtomicUsize,
    /// When it last started or finished a request (milliseconds since the loop began).
    last_active_ms: AtomicU64,
    /// Asked to close.
    closing: AtomicBool,
    /// Asked to close at once: it has nothing in flight (a connection that sent half its
    /// headers has nothing in flight, and would otherwise wait for the rest).
    abrupt: AtomicBool,
    close: Notify,
}

impl Conn {
    fn is_idle(&self) -> bool {
        self.in_flight.load(Ordering::Acquire) == 0 && !self.closing.load(Ordering::Acquire)
    }

    /// Asks it to finish what is in flight and close.
    fn ask_to_close(&self) {
        self.closing.store(true, Ordering::Release);
        self.close.notify_one();
    }

    /// Closes it now: only for a connection with nothing in flight.
    fn drop_now(&self) {
        self.abrupt.store(true, Ordering::Release);
        self.ask_to_close();
    }
}

/// Every open connection, by number.
struct Registry {
    started: Instant,
    conns: Mutex<HashMap<u64, Arc<Conn>>>,
    next: AtomicU64,
    /// Signalled when the last connection has closed.
    empty: Notify,
}

impl Registry {
    fn now_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    fn open(&self) -> (u64, Arc<Conn>) {
        let conn = Arc::new(Conn {
            in_flight: AtomicUsize::new(0),
            last_active_ms: AtomicU64::new(self.now_ms()),
            closing: AtomicBool::new(false),
            abrupt: AtomicBool::new(false),
            close: Notify::new(),
        });
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        self.lock().insert(id, Arc::clone(&conn));
        (id, conn)
    }

    fn closed(&self, id: u64) {
        let mut conns = self.lock();
        conns.remove(&id);
        if conns.is_empty() {
            self.empty.notify_waiters();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<Conn>>> {
        self.conns.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn len(&self) -> usize {
        self.lock().len()
    }

    /// Asks the connection idle the longest to close; false when none is idle.
    fn shed_oldest_idle(&self) -> bool {
        let conns = self.lock();
        let oldest = conns
            .values()
            .filter(|conn| conn.is_idle())
            .min_by_key(|conn| conn.last_active_ms.load(Ordering::Acquire));
        match oldest {
            Some(conn) => {
                conn.drop_now();
                true
            }
            None => false,
        }
    }

    /// Asks every connection idle for longer than `idle` to close.
    fn shed_idle_since(&self, idle: Duration) {
        let Some(cutoff) = self.now_ms().checked_sub(idle.as_millis() as u64) else {
            return;
        };
        for conn in self.lock().values() {
            if conn.is_idle() && conn.last_active_ms.load(Ordering::Acquire) <= cutoff {
                conn.drop_now();
            }
        }
    }

    /// Closes every idle connection now and asks the busy ones to finish.
    fn close_all(&self) {
        for conn in self.lock().values() {
            if conn.is_idle() {
                conn.drop_now();
            } else {
                conn.ask_to_close();
            }
        }
    }
}

/// Marks its connection busy while alive; made when a request arrives and dropped with
/// the response body, so a slow download counts as busy to its end.
struct Busy {
    conn: Arc<Conn>,
    registry: Arc<Registry>,
}

impl Busy {
    fn new(conn: Arc<Conn>, registry: Arc<Registry>) -> Busy {
        conn.in_flight.fetch_add(1, Ordering::AcqRel);
        conn.last_active_ms
            .store(registry.now_ms(), Ordering::Release);
        Busy { conn, registry }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.conn
            .last_active_ms
            .store(self.registry.now_ms(), Ordering::Release);
        self.conn.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A response body that keeps its connection [`Busy`] until it is sent or dropped.
struct BusyBody {
    inner: Body,
    _busy: Busy,
}

impl http_body::Body for BusyBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// Serves `app` on `listener` under `limits` until `shutdown` resolves, then gives open
/// connections [`Limits::shutdown`] to finish. Handlers can read the peer's address with
/// `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let registry = Arc::new(Registry {
        started: Instant::now(),
        conns: Mutex::new(HashMap::new()),
        next: AtomicU64::new(0),
        empty: Notify::new(),
    });
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read)
        .max_headers(100);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(Some(limits.idle))
        .max_concurrent_streams(64);
    let builder = Arc::new(builder);

    let reaper = tokio::spawn({
        let registry = Arc::clone(&registry);
        async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            loop {
                tick.tick().await;
                registry.shed_idle_since(limits.idle);
            }
        }
    });

    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of descriptors (or a connection reset before it was taken): make
                // room, and do not spin.
                tracing::warn!("cannot accept a connection: {error}");
                registry.shed_oldest_idle();
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        if registry.len() >= limits.max_connections && !registry.shed_oldest_idle() {
            // Every connection is busy: this one waits for none of them.
            drop(stream);
            continue;
        }
        let _ = stream.set_nodelay(true);
        let (id, conn) = registry.open();
        let service = {
            let app = app.clone();
            let conn = Arc::clone(&conn);
            let registry = Arc::clone(&registry);
            tower::service_fn(move |mut request: Request<hyper::body::Incoming>| {
                let busy = Busy::new(Arc::clone(&conn), Arc::clone(&registry));
                request
                    .extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(peer));
                let app = app.clone();
                async move {
                    let response: Response = app.oneshot(request.map(Body::new)).await?;
                    Ok::<_, std::convert::Infallible>(
                        response.map(|inner| Body::new(BusyBody { inner, _busy: busy })),
                    )
                }
            })
        };
        let builder = Arc::clone(&builder);
        let registry = Arc::clone(&registry);
        tokio::spawn(async move {
            let connection = builder.serve_connection_with_upgrades(
                TokioIo::new(stream),
                TowerToHyperService::new(service),
            );
            tokio::pin!(connection);
            let mut asked = false;
            loop {
                tokio::select! {
                    _ = connection.as_mut() => break,
                    () = conn.close.notified(), if !asked => {
                        if conn.abrupt.load(Ordering::Acquire) {
                            // Dropping the connection closes its socket.
                            break;
                        }
                        asked = true;
                        connection.as_mut().graceful_shutdown();
                    }
                }
            }
            registry.closed(id);
        });
    }
    drop(listener);
    reaper.abort();

    // Finish what is in flight, within the deadline.
    let emptied = registry.empty.notified();
    tokio::pin!(emptied);
    emptied.as_mut().enable();
    registry.close_all();
    if registry.len() > 0 {
        let _ = tokio::time::timeout(limits.shutdown, emptied).await;
    }
    let left = registry.len();
    if left > 0 {
        tracing::info!("shutting down with {left} connections still open: dropped");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_descriptors_for_files() {
        assert_eq!(connection_cap(1024), 896);
        assert_eq!(connection_cap(20), 16, "never below a usable floor");
        assert_eq!(connection_cap(usize::MAX), 65_536);
    }

    #[test]
    fn the_connection_idle_longest_goes_first() {
        let registry = Registry {
            started: Instant::now() - Duration::from_secs(100),
            conns: Mutex::new(HashMap::new()),
            next: AtomicU64::new(0),
            empty: Notify::new(),
        };
        let (_, old) = registry.open();
        let (_, busy) = registry.open();
        let (_, new) = registry.open();
        old.last_active_ms.store(1_000, Ordering::Release);
        busy.last_active_ms.store(0, Ordering::Release);
        busy.in_flight.store(1, Ordering::Release);
        new.last_active_ms.store(50_000, Ordering::Release);

        assert!(registry.shed_oldest_idle());
        assert!(old.closing.load(Ordering::Acquire));
        assert!(!busy.closing.load(Ordering::Acquire), "busy is never shed");
        assert!(!new.closing.load(Ordering::Acquire));

        assert!(registry.shed_oldest_idle());
        assert!(new.closing.load(Ordering::Acquire));
        assert!(!registry.shed_oldest_idle(), "only the busy one is left");

        // The idle deadline spares the busy connection too.
        busy.closing.store(false, Ordering::Release);
        registry.shed_idle_since(Duration::from_secs(1));
        assert!(!busy.closing.load(Ordering::Acquire));

        // Nothing has been idle longer than the process has run.
        let young = Registry {
            started: Instant::now(),
            conns: Mutex::new(HashMap::new()),
            next: AtomicU64::new(0),
            empty: Notify::new(),
        };
        let (_, fresh) = young.open();
        young.shed_idle_since(Duration::from_secs(60));
        assert!(
            !fresh.closing.load(Ordering::Acquire),
            "a new connection is kept"
        );
    }
}
