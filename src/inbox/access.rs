//! Who may do what: moderators' tokens, the per-address rate limit on submissions, and
//! which address a request comes from.

use std::{
    collections::HashMap,
    net::IpAddr,
    path::Path,
    sync::Mutex,
    time::{Duration, Instant},
};

use subtle::ConstantTimeEq;

use super::InboxError;

/// The file a data folder keeps its own moderator token in, when none was given.
pub const TOKENS_FILE: &str = "moderator-tokens";
/// The shortest token accepted from a file or the environment.
pub const MIN_TOKEN_CHARS: usize = 16;

/// The moderators: names and their bearer tokens.
#[derive(Clone, Default)]
pub struct Moderators {
    tokens: Vec<(String, String)>,
}

impl std::fmt::Debug for Moderators {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.tokens.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Moderators").field("names", &names).finish()
    }
}

impl Moderators {
    /// Parses `name:token` entries separated by `separator` (new lines in a file, commas
    /// in `QQ_MODERATOR_TOKENS`); blank entries and `#` comments are skipped.
    pub fn parse(text: &str, separator: char, origin: &str) -> Result<Moderators, InboxError> {
        let mut tokens = Vec::new();
        for (index, entry) in text.split(separator).enumerate() {
            let entry = entry.trim();
            if entry.is_empty() || entry.starts_with('#') {
                continue;
            }
            let bad =
                |why: &str| InboxError::Config(format!("{origin}: entry {}: {why}", index + 1));
            let (name, token) = entry
                .split_once(':')
                .ok_or_else(|| bad("expected name:token"))?;
            let (name, token) = (name.trim(), token.trim());
            if name.is_empty() {
                return Err(bad("the name is empty"));
            }
            if token.chars().count() < MIN_TOKEN_CHARS {
                return Err(bad(&format!(
                    "the token needs at least {MIN_TOKEN_CHARS} characters"
                )));
            }
            tokens.push((name.to_string(), token.to_string()));
        }
        if tokens.is_empty() {
            return Err(InboxError::Config(format!("{origin}: no moderator token")));
        }
        Ok(Moderators { tokens })
    }

    /// The moderator whose token `presented` is. Every token is compared in constant
    /// time, so the time taken tells nothing about how much of one was guessed.
    pub fn who(&self, presented: &str) -> Option<&str> {
        let mut found = None;
        for (name, token) in &self.tokens {
            if bool::from(token.as_bytes().ct_eq(presented.as_bytes())) {
                found = Some(name.as_str());
            }
        }
        found
    }

    /// How many moderators there are.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// A new random token: 32 bytes from the operating system, in hex.
pub fn new_token() -> Result<String, InboxError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| InboxError::Config(format!("no randomness for a token: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The moderators, from the first of: the `--tokens` file, `QQ_MODERATOR_TOKENS`, the
/// data folder's own `moderator-tokens`. When there is none, creates that file with one
/// token for `admin` and returns it as the second value, to be shown once.
pub fn load_moderators(
    data: &Path,
    file: Option<&Path>,
    env: Option<&str>,
) -> Result<(Moderators, Option<String>), InboxError> {
    if let Some(file) = file {
        let text = std::fs::read_to_string(file).map_err(|e| InboxError::io(file, e))?;
        return Ok((
            Moderators::parse(&text, '\n', &file.display().to_string())?,
            None,
        ));
    }
    if let Some(env) = env.filter(|v| !v.trim().is_empty()) {
        return Ok((Moderators::parse(env, ',', "QQ_MODERATOR_TOKENS")?, None));
    }
    let own = data.join(TOKENS_FILE);
    if own.exists() {
        let text = std::fs::read_to_string(&own).map_err(|e| InboxError::io(&own, e))?;
        return Ok((
            Moderators::parse(&text, '\n', &own.display().to_string())?,
            None,
        ));
    }
    let token = new_token()?;
    let text = format!("# moderators of this inbox, one name:token a line\nadmin:{token}\n");
    write_private(&own, &text)?;
    Ok((Moderators::parse(&text, '\n', TOKENS_FILE)?, Some(token)))
}

fn write_private(path: &Path, text: &str) -> Result<(), InboxError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| InboxError::io(path, e))?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| InboxError::io(path, e))
}

/// A token bucket's size and refill rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Requests one address may make at once.
    pub burst: f64,
    /// Requests per second it regains.
    pub per_second: f64,
}

impl RateLimit {
    /// The default: a campus behind one NAT address may send 1,000 submissions at once
    /// and 20 a second after that (72,000 an hour). See the README for why.
    pub const DEFAULT: RateLimit = RateLimit {
        burst: 1000.0,
        per_second: 20.0,
    };
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Token buckets per client address.
pub struct Limiter {
    limit: RateLimit,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

/// Buckets kept before full ones are forgotten.
const MAX_BUCKETS: usize = 100_000;

impl Limiter {
    pub fn new(limit: RateLimit) -> Limiter {
        Limiter {
            limit,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `addr` at `now`; when there is none, how long until there is.
    pub fn check(&self, addr: IpAddr, now: Instant) -> Result<(), Duration> {
        let limit = self.limit;
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_BUCKETS {
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.at).as_secs_f64() * limit.per_second < limit.burst
            });
        }
        let bucket = buckets.entry(addr).or_insert(Bucket {
            tokens: limit.burst,
            at: now,
        });
        let refill = now.saturating_duration_since(bucket.at).as_secs_f64() * limit.per_second;
        bucket.tokens = (bucket.tokens + refill).min(limit.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else if limit.per_second > 0.0 {
            Err(Duration::from_secs_f64(
                (1.0 - bucket.tokens) / limit.per_second,
            ))
        } else {
            Err(Duration::from_secs(3600))
        }
    }
}

/// The address a request comes from: the peer's, unless the peer is one of the
/// `trusted` proxies; then the nearest address in `X-Forwarded-For` (read from the
/// right) that is not itself a trusted proxy. A header from anyone else is ignored: a
/// client could write anything there.
pub fn client_addr<'a>(
    peer: IpAddr,
    forwarded_for: impl Iterator<Item = &'a str>,
    trusted: &[IpAddr],
) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<&str> = forwarded_for.flat_map(|value| value.split(',')).collect();
    for hop in hops.into_iter().rev() {
        let hop = hop.trim();
        let parsed = hop
            .parse::<IpAddr>()
            .ok()
            .or_else(|| hop.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()));
        match parsed {
            Some(addr) if trusted.contains(&addr) => continue,
            Some(addr) => return addr,
            None => return peer,
        }
    }
    peer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_come_as_name_colon_token() {
        let moderators = Moderators::parse(
            "# a comment\nalma:0123456789abcdef0\n\nbek: fedcba98765432100 \n",
            '\n',
            "tokens",
        )
        .unwrap();
        assert_eq!(moderators.len(), 2);
        assert_eq!(moderators.who("0123456789abcdef0"), Some("alma"));
        assert_eq!(moderators.who("fedcba98765432100"), Some("bek"));
        assert_eq!(moderators.who("0123456789abcdef"), None);
        assert_eq!(moderators.who(""), None);
        assert!(Moderators::parse("alma:short", '\n', "t").is_err());
        assert!(Moderators::parse("no-colon-here-at-all", '\n', "t").is_err());
        assert!(Moderators::parse("", ',', "t").is_err());
        let env = Moderators::parse("a:0123456789abcdef0,b:0123456789abcdef1", ',', "e").unwrap();
        assert_eq!(env.who("0123456789abcdef1"), Some("b"));
    }

    #[test]
    fn a_token_is_made_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (first, shown) = load_moderators(dir.path(), None, None).unwrap();
        let token = shown.expect("a new token is shown");
        assert_eq!(token.len(), 64);
        assert_eq!(first.who(&token), Some("admin"));
        let (again, shown) = load_moderators(dir.path(), None, None).unwrap();
        assert_eq!(shown, None, "shown only when created");
        assert_eq!(again.who(&token), Some("admin"));
        let (env, _) = load_moderators(dir.path(), None, Some("alma:0123456789abcdef0")).unwrap();
        assert_eq!(env.who(&token), None, "the environment takes precedence");
    }

    #[test]
    fn the_bucket_allows_a_burst_then_its_rate() {
        let limiter = Limiter::new(RateLimit {
            burst: 3.0,
            per_second: 2.0,
        });
        let addr: IpAddr = "10.0.0.1".parse().unwrap();
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check(addr, start).is_ok());
        }
        let wait = limiter.check(addr, start).unwrap_err();
        assert!(wait > Duration::from_millis(400) && wait <= Duration::from_millis(500));
        assert!(
            limiter.check(other, start).is_ok(),
            "each address has its own"
        );
        assert!(
            limiter
                .check(addr, start + Duration::from_millis(500))
                .is_ok()
        );
        assert!(
            limiter
                .check(addr, start + Duration::from_millis(500))
                .is_err()
        );
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        let stranger: IpAddr = "198.51.100.9".parse().unwrap();
        let header = ["1.2.3.4, 203.0.113.7"];
        assert_eq!(
            client_addr(stranger, header.into_iter(), &[proxy]),
            stranger
        );
        assert_eq!(client_addr(proxy, header.into_iter(), &[proxy]), client);
        assert_eq!(client_addr(proxy, [].into_iter(), &[proxy]), proxy);
        let chain = ["203.0.113.7", "127.0.0.1"];
        assert_eq!(client_addr(proxy, chain.into_iter(), &[proxy]), client);
        assert_eq!(client_addr(proxy, ["garbage"].into_iter(), &[proxy]), proxy);
        assert_eq!(
            client_addr(proxy, ["203.0.113.7:5555"].into_iter(), &[proxy]),
            client
        );
    }
}
