//! Load generator for `lk-token-server` on loopback; driven by `bench/token-server/run.sh`.
//!
//! ```text
//! loadgen throughput --addr 127.0.0.1:PORT[,127.0.0.1:PORT2…] [--connections 1,4,16]
//!                    [--duration 10] [--warmup 2]
//! loadgen flood      --addr 127.0.0.1:PORT [--victims 50] [--victim-rate 1.5]
//!                    [--attackers 8] [--flood-rate 2000] [--duration 10]
//! ```
//! Prints one JSON object on stdout and a summary on stderr.
//!
//! It speaks just enough HTTP/1.1 (keep-alive, Content-Length) to keep its own CPU use small:
//! on a 2-core machine the generator competes with the server for the same cores. Each client
//! binds its own source address in 127.0.0.0/8, so the server's rate limiter sees distinct TCP
//! peers, exactly as it would for distinct users.

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::time::MissedTickBehavior;

/// What the widget sends: a name and an explicit dispatch of the default agent with metadata,
/// so every request goes through parsing, validation, the allowlist and signing.
const BODY: &str = r#"{"participant_name":"Load Test","room_config":{"agents":[{"agent_name":"sofia","metadata":"{\"persona\":\"support\"}"}]}}"#;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(mode) = args.first().cloned() else {
        eprintln!("usage: loadgen throughput|flood --addr HOST:PORT [options]");
        std::process::exit(2);
    };
    let opts = Opts::parse(&args[1..]);
    let result = match mode.as_str() {
        "throughput" => throughput(&opts),
        "flood" => flood(&opts),
        other => {
            eprintln!("unknown mode {other:?}");
            std::process::exit(2);
        }
    };
    println!("{result}");
}

struct Opts(Vec<(String, String)>);

impl Opts {
    fn parse(args: &[String]) -> Self {
        let pairs = args
            .chunks(2)
            .map(|c| {
                let key = c[0].trim_start_matches("--").to_owned();
                let value = c.get(1).cloned().unwrap_or_else(|| {
                    eprintln!("--{key} needs a value");
                    std::process::exit(2);
                });
                (key, value)
            })
            .collect();
        Self(pairs)
    }

    fn get<T: std::str::FromStr>(&self, key: &str, default: T) -> T {
        match self.0.iter().find(|(k, _)| k == key) {
            Some((_, v)) => v.parse().unwrap_or_else(|_| {
                eprintln!("--{key}: cannot parse {v:?}");
                std::process::exit(2);
            }),
            None => default,
        }
    }

    fn addr(&self) -> SocketAddr {
        self.get("addr", "127.0.0.1:8080".to_owned())
            .parse()
            .expect("--addr is HOST:PORT")
    }

    /// Several instances, as a load balancer spreads connections over them: connection i goes
    /// to the i-th address, round robin. All come from 127.0.0.1, one client for the limiter.
    fn addrs(&self) -> Vec<SocketAddr> {
        self.get("addr", "127.0.0.1:8080".to_owned())
            .split(',')
            .map(|a| a.trim().parse().expect("--addr is HOST:PORT[,HOST:PORT…]"))
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// A minimal HTTP/1.1 keep-alive client

struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
    request: Vec<u8>,
}

#[derive(Debug)]
struct Reply {
    status: u16,
    retry_after: bool,
    has_token: bool,
}

impl Conn {
    async fn open(addr: SocketAddr, source: IpAddr) -> io::Result<Self> {
        let socket = TcpSocket::new_v4()?;
        socket.bind(SocketAddr::new(source, 0))?;
        let stream = socket.connect(addr).await?;
        stream.set_nodelay(true)?;
        let request = format!(
            "POST /api/token HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{BODY}",
            BODY.len()
        )
        .into_bytes();
        Ok(Self {
            stream,
            buf: Vec::with_capacity(4096),
            request,
        })
    }

    async fn post_token(&mut self) -> io::Result<Reply> {
        self.stream.write_all(&self.request).await?;
        self.buf.clear();
        loop {
            if let Some(head_end) = find(&self.buf, b"\r\n\r\n") {
                let head = std::str::from_utf8(&self.buf[..head_end])
                    .map_err(|_| io::Error::other("non-UTF-8 response head"))?
                    .to_ascii_lowercase();
                let status = head
                    .get(9..12)
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| io::Error::other("bad status line"))?;
                let length: usize = header(&head, "content-length")
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| io::Error::other("no content-length"))?;
                let total = head_end + 4 + length;
                while self.buf.len() < total {
                    if self.stream.read_buf(&mut self.buf).await? == 0 {
                        return Err(io::ErrorKind::UnexpectedEof.into());
                    }
                }
                let body = &self.buf[head_end + 4..total];
                return Ok(Reply {
                    status,
                    retry_after: header(&head, "retry-after").is_some(),
                    has_token: find(body, b"\"participant_token\":\"").is_some(),
                });
            }
            if self.stream.read_buf(&mut self.buf).await? == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(k, _)| k.trim() == name)
        .map(|(_, v)| v.trim())
}

/// Distinct loopback source addresses: 127.<group>.x.y, up to 65k per group.
fn source(group: u8, index: usize) -> IpAddr {
    let i = index + 1;
    IpAddr::V4(Ipv4Addr::new(127, group, (i / 256) as u8, (i % 256) as u8))
}

// ---------------------------------------------------------------------------------------------
// Statistics

#[derive(Default)]
struct Samples {
    latencies_ns: Vec<u64>,
    /// For paced clients: how late each request left relative to its schedule (the generator's
    /// own timer resolution and load, not the server's).
    lag_ns: Vec<u64>,
    statuses: std::collections::BTreeMap<u16, u64>,
    errors: u64,
    missing_token: u64,
    missing_retry_after: u64,
}

impl Samples {
    fn record(&mut self, latency: Duration, reply: &io::Result<Reply>) {
        match reply {
            Ok(reply) => {
                self.latencies_ns.push(latency.as_nanos() as u64);
                *self.statuses.entry(reply.status).or_default() += 1;
                if reply.status == 200 && !reply.has_token {
                    self.missing_token += 1;
                }
                if reply.status == 429 && !reply.retry_after {
                    self.missing_retry_after += 1;
                }
            }
            Err(_) => self.errors += 1,
        }
    }

    fn merge(&mut self, other: Samples) {
        self.latencies_ns.extend(other.latencies_ns);
        self.lag_ns.extend(other.lag_ns);
        for (status, n) in other.statuses {
            *self.statuses.entry(status).or_default() += n;
        }
        self.errors += other.errors;
        self.missing_token += other.missing_token;
        self.missing_retry_after += other.missing_retry_after;
    }

    fn summary(mut self, seconds: f64) -> Value {
        self.latencies_ns.sort_unstable();
        self.lag_ns.sort_unstable();
        let n = self.latencies_ns.len();
        let pct = |p: f64| percentile_ms(&self.latencies_ns, p);
        let statuses: serde_json::Map<String, Value> = self
            .statuses
            .iter()
            .map(|(s, n)| (s.to_string(), json!(n)))
            .collect();
        json!({
            "requests": n,
            "per_second": round3(n as f64 / seconds),
            "statuses": statuses,
            "errors": self.errors,
            "ok_without_token": self.missing_token,
            "429_without_retry_after": self.missing_retry_after,
            "latency_ms": {
                "p50": pct(0.50), "p90": pct(0.90), "p99": pct(0.99), "p999": pct(0.999),
                "max": pct(1.0),
            },
            "send_lag_ms_p99": if self.lag_ns.is_empty() { Value::Null } else {
                json!(percentile_ms(&self.lag_ns, 0.99))
            },
        })
    }
}

fn percentile_ms(sorted_ns: &[u64], p: f64) -> f64 {
    if sorted_ns.is_empty() {
        return 0.0;
    }
    let i = ((sorted_ns.len() - 1) as f64 * p).round() as usize;
    round3(sorted_ns[i] as f64 / 1e6)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

// ---------------------------------------------------------------------------------------------
// Closed loop: N connections, each sends its next request as soon as the previous one returns.

fn throughput(opts: &Opts) -> Value {
    let addrs = opts.addrs();
    let duration = Duration::from_secs_f64(opts.get("duration", 10.0));
    let warmup = Duration::from_secs_f64(opts.get("warmup", 2.0));
    let levels: Vec<usize> = opts
        .get("connections", "1,4,16".to_owned())
        .split(',')
        .map(|s| {
            s.trim()
                .parse()
                .expect("--connections is a list of numbers")
        })
        .collect();
    let runs: Vec<Value> = levels
        .into_iter()
        .map(|connections| {
            let samples = runtime().block_on(closed_loop(&addrs, connections, warmup, duration));
            let mut summary = samples.summary(duration.as_secs_f64());
            summary["connections"] = json!(connections);
            eprintln!(
                "throughput: {connections:>3} connections: {:>8} tokens/s  p50 {} ms  p99 {} ms",
                summary["per_second"], summary["latency_ms"]["p50"], summary["latency_ms"]["p99"]
            );
            summary
        })
        .collect();
    json!({ "body_bytes": BODY.len(), "duration_s": duration.as_secs_f64(), "instances": addrs.len(), "runs": runs })
}

async fn closed_loop(
    addrs: &[SocketAddr],
    connections: usize,
    warmup: Duration,
    duration: Duration,
) -> Samples {
    let start = Instant::now();
    let measure_from = start + warmup;
    let measure_until = measure_from + duration;
    let tasks: Vec<_> = (0..connections)
        .map(|i| {
            let addr = addrs[i % addrs.len()];
            tokio::spawn(async move {
                let mut samples = Samples::default();
                let mut conn = Conn::open(addr, IpAddr::V4(Ipv4Addr::LOCALHOST))
                    .await
                    .expect("connect");
                loop {
                    let sent = Instant::now();
                    if sent >= measure_until {
                        break;
                    }
                    let reply = conn.post_token().await;
                    let done = Instant::now();
                    if sent >= measure_from && done <= measure_until {
                        samples.record(done - sent, &reply);
                    }
                    if reply.is_err() {
                        conn = Conn::open(addr, IpAddr::V4(Ipv4Addr::LOCALHOST))
                            .await
                            .expect("reconnect");
                    }
                }
                samples
            })
        })
        .collect();
    let mut all = Samples::default();
    for task in tasks {
        all.merge(task.await.expect("client task"));
    }
    all
}

// ---------------------------------------------------------------------------------------------
// Flood: well-behaved clients at a steady pace, first alone, then while one address floods.

fn flood(opts: &Opts) -> Value {
    let addr = opts.addr();
    let duration = Duration::from_secs_f64(opts.get("duration", 10.0));
    let victims: usize = opts.get("victims", 50);
    let victim_rate: f64 = opts.get("victim-rate", 1.5);
    let attackers: usize = opts.get("attackers", 8);
    let flood_rate: f64 = opts.get("flood-rate", 2000.0);

    let baseline = victims_run(addr, victims, victim_rate, duration, 0);
    eprintln!(
        "flood: victims alone:        p50 {} ms  p99 {} ms  statuses {}",
        baseline["latency_ms"]["p50"], baseline["latency_ms"]["p99"], baseline["statuses"]
    );

    // Victims and the attacker run on separate threads, so a busy attacker loop in this process
    // doesn't show up as victim latency.
    let attacker = std::thread::spawn(move || {
        runtime().block_on(attack(addr, attackers, flood_rate, duration))
    });
    let during = victims_run(addr, victims, victim_rate, duration, 1);
    let attack = attacker
        .join()
        .expect("attacker thread")
        .summary(duration.as_secs_f64());
    eprintln!(
        "flood: victims under flood:  p50 {} ms  p99 {} ms  statuses {}",
        during["latency_ms"]["p50"], during["latency_ms"]["p99"], during["statuses"]
    );
    eprintln!(
        "flood: attacker (one address): {} req/s  statuses {}  p50 {} ms  p99 {} ms",
        attack["per_second"],
        attack["statuses"],
        attack["latency_ms"]["p50"],
        attack["latency_ms"]["p99"]
    );
    json!({
        "victims": victims,
        "victim_rate_per_s": victim_rate,
        "attacker_connections": attackers,
        "flood_rate_target_per_s": if flood_rate > 0.0 { json!(flood_rate) } else { json!("max") },
        "duration_s": duration.as_secs_f64(),
        "victims_alone": baseline,
        "victims_under_flood": during,
        "attacker": attack,
    })
}

/// `victims` clients, each from its own address, each sending `rate` requests per second.
/// Latency is measured from the moment the request is written; how late that was against the
/// schedule is reported separately as `send_lag_ms_p99` (tokio's timer has 1 ms granularity, so
/// measuring from the schedule would add up to 1 ms of the generator's own making). At 1.5
/// requests/s per client and sub-millisecond answers no request waits for the previous one.
fn victims_run(
    addr: SocketAddr,
    victims: usize,
    rate: f64,
    duration: Duration,
    group: u8,
) -> Value {
    let samples = runtime().block_on(async move {
        let until = Instant::now() + duration;
        let period = Duration::from_secs_f64(1.0 / rate);
        let tasks: Vec<_> = (0..victims)
            .map(|i| {
                tokio::spawn(async move {
                    let mut samples = Samples::default();
                    let source = source(2 + group, i);
                    let mut conn = Conn::open(addr, source).await.expect("victim connect");
                    // Spread the clients over the period instead of firing in lockstep.
                    let offset = period.mul_f64(i as f64 / victims as f64);
                    let mut ticks =
                        tokio::time::interval_at((Instant::now() + offset).into(), period);
                    ticks.set_missed_tick_behavior(MissedTickBehavior::Burst);
                    loop {
                        let due = ticks.tick().await.into_std();
                        if due >= until {
                            break;
                        }
                        let sent = Instant::now();
                        let reply = conn.post_token().await;
                        samples.record(sent.elapsed(), &reply);
                        samples.lag_ns.push((sent - due).as_nanos() as u64);
                        if reply.is_err() {
                            conn = Conn::open(addr, source).await.expect("victim reconnect");
                        }
                    }
                    samples
                })
            })
            .collect();
        let mut all = Samples::default();
        for task in tasks {
            all.merge(task.await.expect("victim task"));
        }
        all
    });
    samples.summary(duration.as_secs_f64())
}

/// One address, `connections` keep-alive connections, `rate` requests per second in total
/// (0 = as fast as the server answers).
async fn attack(addr: SocketAddr, connections: usize, rate: f64, duration: Duration) -> Samples {
    let until = Instant::now() + duration;
    let source = IpAddr::V4(Ipv4Addr::new(127, 66, 6, 6));
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            tokio::spawn(async move {
                let mut samples = Samples::default();
                let mut conn = Conn::open(addr, source).await.expect("attacker connect");
                let mut ticks = (rate > 0.0).then(|| {
                    let mut t =
                        tokio::time::interval(Duration::from_secs_f64(connections as f64 / rate));
                    t.set_missed_tick_behavior(MissedTickBehavior::Skip);
                    t
                });
                while Instant::now() < until {
                    if let Some(ticks) = ticks.as_mut() {
                        ticks.tick().await;
                    }
                    let sent = Instant::now();
                    let reply = conn.post_token().await;
                    samples.record(sent.elapsed(), &reply);
                    if reply.is_err() {
                        conn = Conn::open(addr, source).await.expect("attacker reconnect");
                    }
                }
                samples
            })
        })
        .collect();
    let mut all = Samples::default();
    for task in tasks {
        all.merge(task.await.expect("attacker task"));
    }
    all
}
