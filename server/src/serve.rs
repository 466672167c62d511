//! The HTTP/1.1 accept loop, with the limits an internet-facing server needs and `axum::serve`
//! doesn't set: a cap on open connections, a deadline for request heads (slowloris) that also
//! closes idle keep-alive connections, and a shutdown that waits for in-flight requests but not
//! forever.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::Request;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tower::ServiceExt;

#[derive(Clone, Copy, Debug)]
pub struct ServeLimits {
    pub max_connections: usize,
    pub header_timeout: Duration,
    pub shutdown_grace: Duration,
}

/// Serves until `shutdown` resolves; then stops accepting, lets in-flight requests finish (idle
/// keep-alive connections close at once) and returns after at most `shutdown_grace`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ServeLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    // Connections watch `stop` to learn about shutdown, and each holds a clone of `alive_rx`;
    // when the last clone is gone, every connection has finished.
    let (stop_tx, stop_rx) = watch::channel(false);
    let (alive_tx, alive_rx) = watch::channel(());
    let mut shutdown = std::pin::pin!(shutdown);
    let mut warned_full = false;

    loop {
        // Waiting for a permit before accepting leaves surplus connections in the kernel's
        // backlog instead of spending memory and a file descriptor on each.
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_closed) => break,
            },
            () = &mut shutdown => break,
        };
        if permits.available_permits() == 0 && !warned_full {
            warned_full = true;
            tracing::warn!(
                max_connections = limits.max_connections,
                "connection limit reached; new connections wait (LK_MAX_CONNECTIONS)"
            );
        }
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_error(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Responses are one small write; Nagle's algorithm would only delay them.
        let _ = stream.set_nodelay(true);

        let router = router.clone();
        let mut stop = stop_rx.clone();
        let alive = alive_rx.clone();
        let header_timeout = limits.header_timeout;
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
                // Handlers and middleware learn the peer address the same way as under
                // `axum::serve(...into_make_service_with_connect_info())`.
                request.extensions_mut().insert(ConnectInfo(peer));
                router.clone().oneshot(request)
            });
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                result = connection.as_mut() => log_connection_end(result, peer),
                () = stopped(&mut stop) => {
                    connection.as_mut().graceful_shutdown();
                    log_connection_end(connection.await, peer);
                }
            }
            drop(alive);
            drop(permit);
        });
    }

    drop(listener);
    let _ = stop_tx.send(true);
    drop(alive_rx);
    let open = alive_tx.receiver_count();
    if open > 0 {
        tracing::info!(open, "waiting for open connections to finish");
    }
    if tokio::time::timeout(limits.shutdown_grace, alive_tx.closed())
        .await
        .is_err()
    {
        tracing::warn!(
            still_open = alive_tx.receiver_count(),
            grace_secs = limits.shutdown_grace.as_secs_f32(),
            "connections still open after the shutdown grace period; closing them"
        );
    }
    Ok(())
}

/// Resolves once shutdown begins (or the accept loop is gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
}

fn log_connection_end(result: Result<(), hyper::Error>, peer: SocketAddr) {
    if let Err(e) = result {
        // Timeouts, resets and malformed requests are the client's business; keep them quiet.
        tracing::debug!(%peer, error = %e, "connection ended with an error");
    }
}

/// Errors that concern one connection (it was reset before we accepted it) are skipped; others
/// (out of file descriptors) get a pause so the loop doesn't spin while the condition lasts.
async fn accept_error(e: io::Error) {
    use io::ErrorKind::*;
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset | Interrupted
    ) {
        return;
    }
    tracing::error!(error = %e, "accept failed; retrying in 1 s");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
