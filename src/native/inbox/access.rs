//! Who may do what: moderators' tokens, the per-address rate limit on submissions, and
//! which address a request comes from.
//!
//! Tokens are kept hashed at rest: a tokens file holds `name:sha256:<hex>` lines (a
//! plain `name:token` line is read too, for a file an operator writes by hand), and the
//! server compares the SHA-256 of the token a request presents. The file is read again
//! when it changes, so `qq moderators add` and `revoke` take effect without a restart.

use std::{
    collections::HashMap,
    net::{IpAddr, Ipv4Addr},
    path::{Path, PathBuf},
    sync::Mutex,
    time::{Duration, Instant, SystemTime},
};

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::InboxError;

/// The file a data folder keeps its own moderators' tokens in.
pub const TOKENS_FILE: &str = "moderator-tokens";
/// The shortest token accepted from a file or the environment.
pub const MIN_TOKEN_CHARS: usize = 16;
/// How a hashed token is marked in a tokens file: `name:sha256:<64 hex digits>`.
const HASHED: &str = "sha256:";

/// The SHA-256 of a token, as kept at rest.
pub fn token_digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// A tokens file's line for `name` holding `token`, hashed.
pub fn hashed_line(name: &str, token: &str) -> String {
    format!("{name}:{HASHED}{}", hex(&token_digest(token)))
}

/// The moderators: names and the digests of their bearer tokens.
#[derive(Clone, Default)]
pub struct Moderators {
    tokens: Vec<(String, [u8; 32])>,
    /// Entries read in plain text, which the file should hold hashed.
    plain: usize,
}

impl std::fmt::Debug for Moderators {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Moderators")
            .field("names", &self.names())
            .finish()
    }
}

impl Moderators {
    /// Parses `name:token` or `name:sha256:<hex>` entries separated by `separator` (new
    /// lines in a file, commas in `QQ_MODERATOR_TOKENS`); blank entries and `#` comments
    /// are skipped.
    pub fn parse(text: &str, separator: char, origin: &str) -> Result<Moderators, InboxError> {
        let mut moderators = Moderators::default();
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
            let digest = match token.strip_prefix(HASHED) {
                Some(hashed) => from_hex(hashed.trim())
                    .ok_or_else(|| bad("a hashed token is sha256: and 64 hex digits"))?,
                None if token.chars().count() < MIN_TOKEN_CHARS => {
                    return Err(bad(&format!(
                        "the token needs at least {MIN_TOKEN_CHARS} characters"
                    )));
                }
                None => {
                    moderators.plain += 1;
                    token_digest(token)
                }
            };
            moderators.tokens.push((name.to_string(), digest));
        }
        if moderators.tokens.is_empty() {
            return Err(InboxError::Config(format!("{origin}: no moderator token")));
        }
        Ok(moderators)
    }

    /// The moderator whose token `presented` is. The presented token is hashed and every
    /// digest compared in constant time, so the time taken tells nothing about how much
    /// of one was guessed.
    pub fn who(&self, presented: &str) -> Option<&str> {
        let digest = token_digest(presented);
        let mut found = None;
        for (name, kept) in &self.tokens {
            if bool::from(kept.ct_eq(&digest)) {
                found = Some(name.as_str());
            }
        }
        found
    }

    /// The moderators' names, in the file's order.
    pub fn names(&self) -> Vec<&str> {
        self.tokens.iter().map(|(name, _)| name.as_str()).collect()
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
    Ok(hex(&bytes))
}

/// Where the moderators come from, and their list as last read.
pub struct LiveModerators {
    /// The tokens file, read again when it changes; `None` for the environment's list.
    file: Option<PathBuf>,
    state: Mutex<(Moderators, Option<(SystemTime, u64)>)>,
}

impl std::fmt::Debug for LiveModerators {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveModerators")
            .field("file", &self.file)
            .finish()
    }
}

fn stamp(file: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(file).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

impl LiveModerators {
    /// A fixed list (the environment's, or a test's).
    pub fn fixed(moderators: Moderators) -> LiveModerators {
        LiveModerators {
            file: None,
            state: Mutex::new((moderators, None)),
        }
    }

    /// The list in `file`, read now and again whenever the file changes.
    pub fn from_file(file: &Path) -> Result<LiveModerators, InboxError> {
        let stamp = stamp(file);
        let moderators = read_tokens_file(file)?;
        Ok(LiveModerators {
            file: Some(file.to_path_buf()),
            state: Mutex::new((moderators, stamp)),
        })
    }

    /// The moderator whose token `presented` is, after reading the file again if it
    /// changed. A file that no longer parses keeps the last list that did, and says so
    /// in the log.
    pub fn who(&self, presented: &str) -> Option<String> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(file) = &self.file {
            let now = stamp(file);
            if now != state.1 {
                match read_tokens_file(file) {
                    Ok(moderators) => {
                        tracing::info!(
                            "moderators' tokens read again from {}: {}",
                            file.display(),
                            moderators.names().join(", ")
                        );
                        *state = (moderators, now);
                    }
                    Err(error) => {
                        tracing::error!("{error}; the previous moderators' list stays");
                        state.1 = now;
                    }
                }
            }
        }
        state.0.who(presented).map(str::to_string)
    }

    /// The moderators as last read.
    pub fn current(&self) -> Moderators {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .0
            .clone()
    }
}

fn read_tokens_file(file: &Path) -> Result<Moderators, InboxError> {
    let text = std::fs::read_to_string(file).map_err(|e| InboxError::io(file, e))?;
    let moderators = Moderators::parse(&text, '\n', &file.display().to_string())?;
    if moderators.plain > 0 {
        tracing::warn!(
            "{} holds {} token(s) in plain text: `qq moderators rehash --tokens {}` keeps only their hashes",
            file.display(),
            moderators.plain,
            file.display()
        );
    }
    Ok(moderators)
}

/// The moderators, from the first of: the `--tokens` file, `QQ_MODERATOR_TOKENS`, the
/// data folder's own `moderator-tokens`. When there is none, creates that file with one
/// token for `admin`, hashed, and returns the token as the second value, to be shown
/// once.
pub fn load_moderators(
    data: &Path,
    file: Option<&Path>,
    env: Option<&str>,
) -> Result<(LiveModerators, Option<String>), InboxError> {
    if let Some(file) = file {
        return Ok((LiveModerators::from_file(file)?, None));
    }
    if let Some(env) = env.filter(|v| !v.trim().is_empty()) {
        let moderators = Moderators::parse(env, ',', "QQ_MODERATOR_TOKENS")?;
        return Ok((LiveModerators::fixed(moderators), None));
    }
    let own = data.join(TOKENS_FILE);
    if own.exists() {
        rehash_tokens_file(&own)?;
        return Ok((LiveModerators::from_file(&own)?, None));
    }
    let token = new_token()?;
    let text = format!(
        "# moderators of this inbox, one name:sha256:<hash of the token> a line\n{}\n",
        hashed_line("admin", &token)
    );
    write_private(&own, &text)?;
    Ok((LiveModerators::from_file(&own)?, Some(token)))
}

/// Replaces every plain `name:token` line of `file` by its hashed form; returns how many
/// were replaced. Comments and hashed lines stay as they are.
pub fn rehash_tokens_file(file: &Path) -> Result<usize, InboxError> {
    let text = std::fs::read_to_string(file).map_err(|e| InboxError::io(file, e))?;
    // Refuse a file that does not parse before touching it.
    Moderators::parse(&text, '\n', &file.display().to_string())?;
    let mut replaced = 0;
    let mut out = String::new();
    for line in text.lines() {
        let entry = line.trim();
        match entry.split_once(':') {
            Some((name, token)) if !entry.starts_with('#') && !token.trim().starts_with(HASHED) => {
                out.push_str(&hashed_line(name.trim(), token.trim()));
                replaced += 1;
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    if replaced > 0 {
        replace_private(file, &out)?;
    }
    Ok(replaced)
}

/// Adds moderator `name` to `file` (created if missing) with a new token, which is
/// returned to be shown once; the file keeps only its hash. A name already there is
/// refused: revoke it first.
pub fn add_moderator(file: &Path, name: &str) -> Result<String, InboxError> {
    let name = name.trim();
    if name.is_empty() || name.contains(':') || name.contains('\n') || name.starts_with('#') {
        return Err(InboxError::Config(format!(
            "{name:?} cannot be a moderator's name: no ':', '#' or line breaks"
        )));
    }
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            "# moderators of this inbox, one name:sha256:<hash of the token> a line\n".into()
        }
        Err(e) => return Err(InboxError::io(file, e)),
    };
    let taken = text.lines().any(|line| {
        line.split_once(':')
            .is_some_and(|(n, _)| !line.trim().starts_with('#') && n.trim() == name)
    });
    if taken {
        return Err(InboxError::Config(format!(
            "{name} is a moderator already in {}; revoke it first to give a new token",
            file.display()
        )));
    }
    let token = new_token()?;
    let mut text = text;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&hashed_line(name, &token));
    text.push('\n');
    replace_private(file, &text)?;
    Ok(token)
}

/// Removes moderator `name`'s tokens from `file`; returns how many lines went. The
/// server stops accepting them on its next moderation request.
pub fn revoke_moderator(file: &Path, name: &str) -> Result<usize, InboxError> {
    let text = std::fs::read_to_string(file).map_err(|e| InboxError::io(file, e))?;
    let mut removed = 0;
    let mut out = String::new();
    for line in text.lines() {
        let is_theirs = !line.trim().starts_with('#')
            && line
                .split_once(':')
                .is_some_and(|(n, _)| n.trim() == name.trim());
        if is_theirs {
            removed += 1;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if removed == 0 {
        return Err(InboxError::Config(format!(
            "{name} is no moderator in {}",
            file.display()
        )));
    }
    replace_private(file, &out)?;
    Ok(removed)
}

/// Creates `path` with `text`, readable by its owner only; refuses an existing file.
fn write_private(path: &Path, text: &str) -> Result<(), InboxError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| InboxError::io(path, e))?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| InboxError::io(path, e))
}

/// Replaces `path` with `text` atomically (a private temporary file, then a rename).
fn replace_private(path: &Path, text: &str) -> Result<(), InboxError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let _ = std::fs::remove_file(&temporary);
    write_private(&temporary, text)?;
    std::fs::rename(&temporary, path).map_err(|e| InboxError::io(path, e))
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

impl Bucket {
    /// The tokens it holds at `now`, refilled at `limit`'s rate.
    fn refill(&mut self, limit: RateLimit, now: Instant) {
        let refill = now.saturating_duration_since(self.at).as_secs_f64() * limit.per_second;
        self.tokens = (self.tokens + refill).min(limit.burst);
        self.at = now;
    }

    fn wait(&self, limit: RateLimit) -> Duration {
        if limit.per_second > 0.0 {
            Duration::from_secs_f64((1.0 - self.tokens).max(0.0) / limit.per_second)
        } else {
            Duration::from_secs(3600)
        }
    }
}

/// Which bucket a client draws on. An IPv6 client is one /64 (one network; a host can
/// pick any address in its /64), and also part of its /48 (one site), whose wider bucket
/// catches a client that rotates through many /64s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BucketKey {
    V4(Ipv4Addr),
    Net64(u64),
    Net48(u64),
}

/// The buckets `addr` draws on: one for IPv4 (and IPv4 mapped into IPv6), its /64 and its
/// /48 for IPv6.
pub fn bucket_keys(addr: IpAddr) -> Vec<BucketKey> {
    match addr {
        IpAddr::V4(v4) => vec![BucketKey::V4(v4)],
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => vec![BucketKey::V4(v4)],
            None => {
                let bits = u128::from(v6);
                vec![
                    BucketKey::Net64((bits >> 64) as u64),
                    BucketKey::Net48((bits >> 80) as u64),
                ]
            }
        },
    }
}

/// How much more an IPv6 /48 may send than one /64: a campus's /48 holds many networks.
pub const SITE_FACTOR: f64 = 4.0;

/// Token buckets per client address (see [`bucket_keys`]).
pub struct Limiter {
    limit: RateLimit,
    buckets: Mutex<HashMap<BucketKey, Bucket>>,
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

    fn limit_of(&self, key: BucketKey) -> RateLimit {
        match key {
            BucketKey::Net48(_) => RateLimit {
                burst: self.limit.burst * SITE_FACTOR,
                per_second: self.limit.per_second * SITE_FACTOR,
            },
            _ => self.limit,
        }
    }

    /// Takes one token for `addr` at `now` from each of its buckets; when any is empty,
    /// takes none and says how long until every one has a token.
    pub fn check(&self, addr: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_BUCKETS {
            buckets.retain(|key, b| {
                let limit = self.limit_of(*key);
                b.tokens + now.duration_since(b.at).as_secs_f64() * limit.per_second < limit.burst
            });
        }
        let keys = bucket_keys(addr);
        let mut wait = Duration::ZERO;
        for key in &keys {
            let limit = self.limit_of(*key);
            let bucket = buckets.entry(*key).or_insert(Bucket {
                tokens: limit.burst,
                at: now,
            });
            bucket.refill(limit, now);
            if bucket.tokens < 1.0 {
                wait = wait.max(bucket.wait(limit));
            }
        }
        if wait > Duration::ZERO {
            return Err(wait);
        }
        for key in &keys {
            if let Some(bucket) = buckets.get_mut(key) {
                bucket.tokens -= 1.0;
            }
        }
        Ok(())
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
        assert!(Moderators::parse("alma:sha256:00ff", '\n', "t").is_err());
        assert!(Moderators::parse("no-colon-here-at-all", '\n', "t").is_err());
        assert!(Moderators::parse("", ',', "t").is_err());
        let env = Moderators::parse("a:0123456789abcdef0,b:0123456789abcdef1", ',', "e").unwrap();
        assert_eq!(env.who("0123456789abcdef1"), Some("b"));
    }

    #[test]
    fn a_token_is_made_once_and_kept_only_as_its_hash() {
        let dir = tempfile::tempdir().unwrap();
        let (first, shown) = load_moderators(dir.path(), None, None).unwrap();
        let token = shown.expect("a new token is shown");
        assert_eq!(token.len(), 64);
        assert_eq!(first.who(&token).as_deref(), Some("admin"));
        let kept = std::fs::read_to_string(dir.path().join(TOKENS_FILE)).unwrap();
        assert!(
            !kept.contains(&token),
            "the token is not kept in plain text"
        );
        assert!(kept.contains(&hashed_line("admin", &token)));
        let (again, shown) = load_moderators(dir.path(), None, None).unwrap();
        assert_eq!(shown, None, "shown only when created");
        assert_eq!(again.who(&token).as_deref(), Some("admin"));
        let (env, _) = load_moderators(dir.path(), None, Some("alma:0123456789abcdef0")).unwrap();
        assert_eq!(env.who(&token), None, "the environment takes precedence");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(TOKENS_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_plain_token_in_the_own_file_is_rehashed_on_start() {
        let dir = tempfile::tempdir().unwrap();
        let own = dir.path().join(TOKENS_FILE);
        std::fs::write(&own, "# old\nalma:0123456789abcdef0\n").unwrap();
        let (moderators, _) = load_moderators(dir.path(), None, None).unwrap();
        assert_eq!(moderators.who("0123456789abcdef0").as_deref(), Some("alma"));
        let kept = std::fs::read_to_string(&own).unwrap();
        assert!(!kept.contains("0123456789abcdef0"), "{kept}");
        assert!(kept.starts_with("# old\n"));
    }

    #[test]
    fn tokens_are_added_and_revoked_without_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("tokens");
        let alma = add_moderator(&file, "alma").unwrap();
        let live = LiveModerators::from_file(&file).unwrap();
        assert_eq!(live.who(&alma).as_deref(), Some("alma"));

        let bek = add_moderator(&file, "bek").unwrap();
        assert!(add_moderator(&file, "bek").is_err(), "one token per name");
        assert_eq!(
            live.who(&bek).as_deref(),
            Some("bek"),
            "read again after a change"
        );

        assert_eq!(revoke_moderator(&file, "alma").unwrap(), 1);
        assert_eq!(
            live.who(&alma),
            None,
            "a revoked token stops working at once"
        );
        assert_eq!(live.who(&bek).as_deref(), Some("bek"));
        assert!(revoke_moderator(&file, "alma").is_err());

        // A file broken by hand keeps the last good list, rather than locking everyone out
        // or letting everyone in.
        std::fs::write(&file, "this is not a tokens file\n").unwrap();
        assert_eq!(live.who(&bek).as_deref(), Some("bek"));
        assert_eq!(live.who("this is not a tokens file"), None);
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
    fn ipv6_clients_are_limited_per_64_and_per_48() {
        let limiter = Limiter::new(RateLimit {
            burst: 2.0,
            per_second: 0.0,
        });
        let now = Instant::now();
        let host: IpAddr = "2001:db8:aaaa:1::1".parse().unwrap();
        let same_64: IpAddr = "2001:db8:aaaa:1:ffff:ffff:ffff:ffff".parse().unwrap();
        assert!(limiter.check(host, now).is_ok());
        assert!(limiter.check(same_64, now).is_ok());
        assert!(
            limiter.check(host, now).is_err(),
            "another address in the same /64 shares its bucket"
        );
        // Rotating through the /64s of one /48 runs into the /48's bucket (2 x 4).
        let mut allowed = 2;
        for net in 2..40u16 {
            let addr: IpAddr = format!("2001:db8:aaaa:{net:x}::1").parse().unwrap();
            if limiter.check(addr, now).is_ok() {
                allowed += 1;
            }
        }
        assert_eq!(allowed, (2.0 * SITE_FACTOR) as usize);
        // Another site is another bucket; IPv4 mapped into IPv6 is that IPv4 address.
        assert!(
            limiter
                .check("2001:db8:bbbb::1".parse().unwrap(), now)
                .is_ok()
        );
        let v4: IpAddr = "192.0.2.1".parse().unwrap();
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().unwrap();
        assert_eq!(bucket_keys(mapped), bucket_keys(v4));
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
