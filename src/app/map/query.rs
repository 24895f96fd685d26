//! What the map page keeps in its address (`/map?u=kaznu&r=kz&sort=joined`): the
//! selected university, the region shown and the order of the list beside the map, so a
//! view of the map can be shared and reloaded. Parsed and printed in plain Rust, like the
//! feed's [`Filter`](crate::model::feed::Filter); the page ([`crate::app::pages::map_page`])
//! reads it from the router's query and navigates to a changed one.

use crate::model::{Region, feed::percent_encode};

/// How the list of universities beside the map is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// Most deeds first (the default).
    #[default]
    Deeds,
    /// The earliest to join the relay first (`sort=joined`).
    Joined,
}

/// The map page's address state. Every field is optional; unknown or malformed values in
/// an address are ignored rather than failing the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MapQuery {
    /// `u`: the university whose panel is open.
    pub university: Option<String>,
    /// `r`: only Kazakhstan's, the near or the far abroad's universities.
    pub region: Option<Region>,
    /// `sort=joined`: the list by joining (the default is by deeds).
    pub order: Order,
}

impl MapQuery {
    /// Reads the address state from URL query parameters (decoded values by key).
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> MapQuery {
        MapQuery {
            university: get("u").filter(|u| !u.is_empty()),
            region: get("r").and_then(|r| Region::from_slug(&r)),
            order: match get("sort").as_deref() {
                Some("joined") => Order::Joined,
                _ => Order::Deeds,
            },
        }
    }

    /// The address state as URL query parameters, defaults left out.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut query = Vec::new();
        if let Some(u) = &self.university {
            query.push(("u", u.clone()));
        }
        if let Some(r) = self.region {
            query.push(("r", r.slug().to_string()));
        }
        if self.order == Order::Joined {
            query.push(("sort", "joined".to_string()));
        }
        query
    }

    /// The address state as a URL query string (`?u=kaznu&sort=joined`), or `""` when
    /// everything is at its default.
    pub fn to_query_string(&self) -> String {
        let pairs: Vec<String> = self
            .to_query()
            .into_iter()
            .map(|(key, value)| format!("{key}={}", percent_encode(&value)))
            .collect();
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// The query string's values by key, decoded as the router decodes them.
    fn parse(query: &str) -> MapQuery {
        let pairs: HashMap<String, String> = query
            .trim_start_matches('?')
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_string(), percent_decode(v)))
            .collect();
        MapQuery::from_query(|key| pairs.get(key).cloned())
    }

    fn percent_decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%'
                && let Some(hex) = text.get(i + 1..i + 3)
                && let Ok(byte) = u8::from_str_radix(hex, 16)
            {
                out.push(byte);
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).expect("the tests encode UTF-8")
    }

    #[test]
    fn every_state_round_trips_through_the_address() {
        let universities = [
            None,
            Some("kaznu".to_string()),
            Some("қазұу ü&=?".to_string()),
        ];
        let regions = [
            None,
            Some(Region::Kz),
            Some(Region::Near),
            Some(Region::Far),
        ];
        for university in &universities {
            for region in regions {
                for order in [Order::Deeds, Order::Joined] {
                    let state = MapQuery {
                        university: university.clone(),
                        region,
                        order,
                    };
                    assert_eq!(parse(&state.to_query_string()), state, "{state:?}");
                }
            }
        }
    }

    #[test]
    fn the_address_is_written_as_before() {
        let state = MapQuery {
            university: Some("kaznu".to_string()),
            region: Some(Region::Near),
            order: Order::Joined,
        };
        assert_eq!(state.to_query_string(), "?u=kaznu&r=near&sort=joined");
        assert_eq!(
            MapQuery {
                region: Some(Region::Far),
                ..MapQuery::default()
            }
            .to_query_string(),
            "?r=far"
        );
        // The defaults leave the address bare.
        assert_eq!(MapQuery::default().to_query_string(), "");
        assert_eq!(MapQuery::default().to_query(), []);
    }

    #[test]
    fn nonsense_in_the_address_is_ignored() {
        assert_eq!(parse("?r=moon&sort=sideways&x=1"), MapQuery::default());
        assert_eq!(parse("?u=&r=&sort="), MapQuery::default());
        assert_eq!(parse(""), MapQuery::default());
        // What makes sense is kept beside what does not.
        assert_eq!(
            parse("?u=enu&r=KZ&sort=joined"),
            MapQuery {
                university: Some("enu".to_string()),
                region: None,
                order: Order::Joined,
            }
        );
        assert_eq!(parse("?sort=deeds").order, Order::Deeds);
    }
}
