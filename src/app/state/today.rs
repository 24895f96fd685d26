//! Today's date in Kazakhstan, for "3 days ago" and for the date rules.

use crate::model::Date;

/// Today in Kazakhstan (UTC+05:00), by the device's clock.
pub fn today() -> Date {
    #[cfg(target_arch = "wasm32")]
    let now_ms = js_sys::Date::now() as i64;
    #[cfg(not(target_arch = "wasm32"))]
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    Date::in_kazakhstan_at(now_ms)
}
