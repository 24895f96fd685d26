//! The real `qq serve` under slow and idle clients, with the file descriptors systemd
//! gives a service by default (1,024): a normal request is still answered, and SIGTERM
//! ends the server on time whatever clients do.
#![cfg(not(target_arch = "wasm32"))]

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::{SocketAddr, TcpStream},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

const SLOW: usize = 1100;
const IDLE: usize = 100;

struct Server {
    child: Child,
    addr: SocketAddr,
}

/// A server the test did not end (it failed on the way) is ended with it.
impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `qq serve` on a small site with an inbox, limited to 1,024 open files.
fn spawn_limited(dist: &std::path::Path, data: &std::path::Path) -> Server {
    let mut child = Command::new("bash")
        .arg("-c")
        .arg(r#"ulimit -n 1024 && exec "$0" "$@""#)
        .arg(env!("CARGO_BIN_EXE_qq"))
        .args(["serve", "--addr", "127.0.0.1:0", "--seed", "none", "--dist"])
        .arg(dist)
        .arg("--data")
        .arg(data)
        .env("QQ_MODERATOR_TOKENS", "alma:0123456789abcdef0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("qq starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("qq prints its address");
    let addr = first
        .trim()
        .rsplit("http://")
        .next()
        .and_then(|rest| rest.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("no address in {first:?}"));
    Server { child, addr }
}

/// Lets this test process open the thousand-odd sockets it needs.
fn raise_own_descriptor_limit() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit read and write the struct they are given only.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < 4096 {
            limit.rlim_cur = limit.rlim_max.min(4096);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

/// A whole request on a new connection; the status line, or the error.
fn normal_request(addr: SocketAddr) -> Result<String, std::io::Error> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "GET /config.json HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer.lines().next().unwrap_or_default().to_string())
}

#[test]
fn slow_and_idle_clients_cannot_starve_the_server_nor_hold_its_shutdown() {
    raise_own_descriptor_limit();
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>t</title>").unwrap();
    std::fs::write(dist.join("config.json"), r#"{ "inbox": "" }"#).unwrap();
    let mut server = spawn_limited(&dist, &dir.path().join("data"));
    let addr = server.addr;

    // Busy: a submission whose body stops after 10 of its 1,000 bytes.
    let mut busy = TcpStream::connect(addr).unwrap();
    write!(
        busy,
        "POST /api/v1/deeds HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: 1000\r\n\r\n{{\"id\": \"0f"
    )
    .unwrap();

    // Idle: one request answered, then the connection kept open and silent.
    let mut held = Vec::new();
    for _ in 0..IDLE {
        let Ok(mut stream) = TcpStream::connect(addr) else {
            continue;
        };
        let _ = write!(stream, "GET /config.json HTTP/1.1\r\nHost: x\r\n\r\n");
        let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
        let mut buffer = [0u8; 1024];
        let _ = stream.read(&mut buffer);
        held.push(stream);
    }
    // Slow: half a request's headers, and nothing more.
    for _ in 0..SLOW {
        if let Ok(mut stream) = TcpStream::connect(addr) {
            let _ = stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            held.push(stream);
        }
    }
    assert!(
        held.len() > 1024,
        "only {} connections opened: the test needs more than the server's descriptors",
        held.len()
    );

    let asked = Instant::now();
    let answer = normal_request(addr);
    let took = asked.elapsed();
    eprintln!(
        "a normal request beside {} slow and idle connections: answered in {took:?}",
        held.len()
    );
    assert!(
        answer
            .as_deref()
            .is_ok_and(|line| line.starts_with("HTTP/1.1 200")),
        "with {} slow and idle connections open: {answer:?} after {took:?}",
        held.len()
    );
    assert!(took < Duration::from_secs(5), "answered after {took:?}");

    // Half-sent requests and a half-sent body are still open: SIGTERM ends the server
    // anyway, on time.
    let pid = server.child.id().to_string();
    assert!(!pid.is_empty());
    let asked = Instant::now();
    let sent = Command::new("kill")
        .args(["-s", "TERM", "--", &pid])
        .status()
        .unwrap();
    assert!(sent.success());
    loop {
        if server.child.try_wait().unwrap().is_some() {
            eprintln!(
                "SIGTERM with half-sent requests open: exited after {:?}",
                asked.elapsed()
            );
            break;
        }
        assert!(
            asked.elapsed() < Duration::from_secs(5),
            "still running 5 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(held);
    drop(busy);
}
