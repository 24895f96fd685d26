//! A moment the inbox gives (RFC 3339 in UTC, `2026-11-26T10:00:00.000Z`) as the reader's
//! clock shows it: the day in words (through the site's own date words, in the reader's
//! language) and the time. The browser says how far its clock is from UTC.

use crate::model::Date;

/// A day and a time of day on the reader's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    pub date: Date,
    pub hour: u8,
    pub minute: u8,
}

impl LocalTime {
    /// `HH:MM`.
    pub fn clock(self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }
}

/// Milliseconds since the epoch of an RFC 3339 time (`Z` or a `±HH:MM` offset; seconds
/// may carry a fraction).
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let (date, rest) = text.trim().split_once(['T', 't', ' '])?;
    let date = Date::parse(date).ok()?;
    let number = |part: &str| -> Option<i64> {
        (part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse().ok())?
    };
    let (clock, offset_minutes) = if let Some(clock) = rest.strip_suffix(['Z', 'z']) {
        (clock, 0)
    } else {
        let at = rest.rfind(['+', '-'])?;
        let (clock, offset) = rest.split_at(at);
        let sign = if offset.starts_with('-') { -1 } else { 1 };
        let (hours, minutes) = offset[1..].split_once(':')?;
        (clock, sign * (number(hours)? * 60 + number(minutes)?))
    };
    let mut parts = clock.splitn(3, ':');
    let hour = number(parts.next()?)?;
    let minute = number(parts.next()?)?;
    let seconds = parts.next()?;
    let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
    let second = number(whole)?;
    if hour > 23 || minute > 59 || second > 60 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let millis: i64 = format!("{fraction:0<3}")[..3].parse().ok()?;
    let seconds =
        date.days_since_epoch() * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

/// The moment `unix_ms` on a clock `offset_minutes` ahead of UTC.
pub fn local_time(unix_ms: i64, offset_minutes: i64) -> LocalTime {
    let seconds = unix_ms.div_euclid(1000) + offset_minutes * 60;
    let of_day = seconds.rem_euclid(86_400);
    LocalTime {
        date: Date::from_days_since_epoch(seconds.div_euclid(86_400)),
        hour: (of_day / 3600) as u8,
        minute: (of_day % 3600 / 60) as u8,
    }
}

/// How many minutes the browser's clock is ahead of UTC at `unix_ms` (none outside one).
pub fn offset_at(unix_ms: i64) -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix_ms as f64));
        -(date.get_timezone_offset() as i64)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = unix_ms;
        0
    }
}

/// `text` (RFC 3339) on the reader's clock, if it is a time at all.
pub fn on_readers_clock(text: &str) -> Option<LocalTime> {
    let unix_ms = parse_rfc3339(text)?;
    Some(local_time(unix_ms, offset_at(unix_ms)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inbox_times_parse_to_the_millisecond() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("1970-01-01T00:00:01.5Z"), Some(1500));
        assert_eq!(
            parse_rfc3339("2026-11-26T10:00:00.000Z"),
            Some(1_795_687_200_000)
        );
        assert_eq!(
            parse_rfc3339("2026-11-26T15:00:00+05:00"),
            parse_rfc3339("2026-11-26T10:00:00Z")
        );
        assert_eq!(
            parse_rfc3339("2026-11-26T05:30:00-04:30"),
            parse_rfc3339("2026-11-26T10:00:00Z")
        );
    }

    #[test]
    fn what_is_no_time_is_refused() {
        for bad in [
            "",
            "2026-11-26",
            "2026-11-26T25:00:00Z",
            "2026-11-26T10:00Z",
            "2026-02-30T10:00:00Z",
            "2026-11-26T10:00:00.x0Z",
            "yesterday",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_moment_is_shown_on_the_readers_clock() {
        let at = parse_rfc3339("2026-11-26T21:30:00.000Z").unwrap();
        let utc = local_time(at, 0);
        assert_eq!(utc.date.to_string(), "2026-11-26");
        assert_eq!(utc.clock(), "21:30");
        // Almaty, UTC+5: already the next day.
        let almaty = local_time(at, 300);
        assert_eq!(almaty.date.to_string(), "2026-11-27");
        assert_eq!(almaty.clock(), "02:30");
        // West of UTC.
        let west = local_time(parse_rfc3339("2026-11-26T01:05:00Z").unwrap(), -300);
        assert_eq!(west.date.to_string(), "2026-11-25");
        assert_eq!(west.clock(), "20:05");
    }
}
