//! One page in three languages: the same components rendered in Kazakh, Russian and
//! English, merged into one markup whose interface texts are in all three, each in a span
//! the stylesheet shows only under its `<html lang>`.
//!
//! A reader who chose Russian must not see Kazakh first, and the page is static: the
//! page's one inline script sets `<html lang>` from the stored choice or the browser's
//! languages before the first paint, and `html:not([lang=ru]) .l-ru { display: none }`
//! (and the same for kk and en) does the rest. One page per address, not three: at 100,000
//! deeds the site stays 100,000 deed pages, and what the three languages add is short
//! interface text that compresses well. Without JavaScript the page's own `lang` (Kazakh)
//! shows.
//!
//! The three renders share their structure (the same components over the same data), so
//! they are merged token by token: markup is kept as the first language has it (an
//! attribute that differs, such as an `aria-label`, stays in the first language until the
//! app takes over), and a text that differs becomes three spans. Where a span cannot go
//! (the text of `<title>`, `<option>`, `<textarea>`, `<script>`, `<style>`), the first
//! language's text stays.

use std::fmt::Write;

/// Why three renders cannot be merged: their markup differs in shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the renders differ in structure at token {at}: {first:?} against {other:?}")]
pub struct MergeError {
    pub at: usize,
    pub first: String,
    pub other: String,
}

/// A piece of rendered HTML: a tag (or comment, or marker) as written, or the text
/// between two tags.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token<'a> {
    Tag(&'a str),
    Text(&'a str),
}

/// Splits rendered HTML into tags and texts. Quotes inside a tag are honoured, so an
/// attribute holding `>` does not end it; the contents of elements whose text is raw are
/// one text token.
fn tokens(html: &str) -> Vec<Token<'_>> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'<' {
            let end = if html[at..].starts_with("<!--") {
                html[at..].find("-->").map_or(bytes.len(), |i| at + i + 3)
            } else {
                let mut quote = None;
                let mut i = at + 1;
                while i < bytes.len() {
                    match (quote, bytes[i]) {
                        (None, b'"' | b'\'') => quote = Some(bytes[i]),
                        (Some(q), c) if c == q => quote = None,
                        (None, b'>') => break,
                        _ => {}
                    }
                    i += 1;
                }
                (i + 1).min(bytes.len())
            };
            let tag = &html[at..end];
            out.push(Token::Tag(tag));
            at = end;
            if let Some(name) = raw_text_element(tag) {
                let close = format!("</{name}");
                let stop = html[at..]
                    .to_ascii_lowercase()
                    .find(&close)
                    .map_or(bytes.len(), |i| at + i);
                if stop > at {
                    out.push(Token::Text(&html[at..stop]));
                }
                at = stop;
            }
        } else {
            let end = html[at..].find('<').map_or(bytes.len(), |i| at + i);
            out.push(Token::Text(&html[at..end]));
            at = end;
        }
    }
    out
}

/// The name of an element whose text is raw (no markup inside), if `tag` opens one.
fn raw_text_element(tag: &str) -> Option<&'static str> {
    let name = tag_name(tag)?;
    ["script", "style", "textarea", "title"]
        .into_iter()
        .find(|raw| name.eq_ignore_ascii_case(raw))
}

/// The element name of an opening tag (`<option value=x>` -> `option`).
fn tag_name(tag: &str) -> Option<&str> {
    let inner = tag.strip_prefix('<')?;
    if inner.starts_with(['/', '!', '?']) {
        return None;
    }
    let end = inner
        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .unwrap_or(inner.len());
    Some(&inner[..end])
}

/// Elements whose text cannot hold a span.
fn text_only(name: &str) -> bool {
    ["option", "title", "textarea", "script", "style"]
        .iter()
        .any(|n| name.eq_ignore_ascii_case(n))
}

/// Merges the renders of one page, `renders[0]` first (its language is the page's own),
/// each with its language tag (`kk`).
pub fn merge(renders: &[(&str, &str)]) -> Result<String, MergeError> {
    let Some(((_, first), others)) = renders.split_first() else {
        return Ok(String::new());
    };
    let first_tokens = tokens(first);
    let other_tokens: Vec<Vec<Token<'_>>> = others.iter().map(|(_, html)| tokens(html)).collect();
    for other in &other_tokens {
        if other.len() != first_tokens.len() {
            let at = first_tokens
                .iter()
                .zip(other)
                .position(|(a, b)| !same_shape(a, b))
                .unwrap_or(first_tokens.len().min(other.len()));
            return Err(MergeError {
                at,
                first: describe(first_tokens.get(at)),
                other: describe(other.get(at)),
            });
        }
    }
    let mut out = String::with_capacity(first.len() * 5 / 4);
    // The innermost open element, for telling where a span may go.
    let mut open: Vec<&str> = Vec::new();
    for (index, token) in first_tokens.iter().enumerate() {
        for other in &other_tokens {
            if !same_shape(token, &other[index]) {
                return Err(MergeError {
                    at: index,
                    first: describe(Some(token)),
                    other: describe(Some(&other[index])),
                });
            }
        }
        match token {
            Token::Tag(tag) => {
                track(&mut open, tag);
                out.push_str(tag);
            }
            Token::Text(text) => {
                let all_same = other_tokens
                    .iter()
                    .all(|other| other[index] == Token::Text(text));
                let inside = open.last().copied().unwrap_or_default();
                if all_same || text_only(inside) {
                    out.push_str(text);
                } else {
                    for (n, (lang, _)) in renders.iter().enumerate() {
                        let text = if n == 0 {
                            *text
                        } else {
                            match other_tokens[n - 1][index] {
                                Token::Text(t) => t,
                                Token::Tag(_) => unreachable!("shapes were compared above"),
                            }
                        };
                        let _ =
                            write!(out, r#"<span lang="{lang}" class="l-{lang}">{text}</span>"#);
                    }
                }
            }
        }
    }
    Ok(out)
}

/// Keeps `open` as the stack of open elements after `tag`.
fn track<'a>(open: &mut Vec<&'a str>, tag: &'a str) {
    if let Some(closing) = tag.strip_prefix("</") {
        let name = closing.trim_end_matches('>').trim();
        if let Some(at) = open.iter().rposition(|n| n.eq_ignore_ascii_case(name)) {
            open.truncate(at);
        }
    } else if let Some(name) = tag_name(tag) {
        let void = tag.ends_with("/>")
            || [
                "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                "source", "track", "wbr",
            ]
            .iter()
            .any(|v| name.eq_ignore_ascii_case(v));
        if !void {
            open.push(name);
        }
    }
}

/// Whether two tokens are the same piece of structure: texts, or tags of the same name.
fn same_shape(a: &Token<'_>, b: &Token<'_>) -> bool {
    match (a, b) {
        (Token::Text(_), Token::Text(_)) => true,
        (Token::Tag(a), Token::Tag(b)) => tag_key(a) == tag_key(b),
        _ => false,
    }
}

/// What must agree between two renders' tags: the name, and whether it opens or closes.
fn tag_key(tag: &str) -> (bool, &str) {
    let closing = tag.starts_with("</");
    let name = if closing {
        tag[2..].trim_end_matches('>').trim()
    } else {
        tag_name(tag).unwrap_or(if tag.starts_with("<!--") { "<!--" } else { tag })
    };
    (closing, name)
}

fn describe(token: Option<&Token<'_>>) -> String {
    match token {
        Some(Token::Tag(tag)) | Some(Token::Text(tag)) => tag.chars().take(60).collect(),
        None => "the end".to_string(),
    }
}

/// The stylesheet rule that shows each span under its language only.
pub const LANGUAGE_CSS: &str = r#"html:not([lang="kk"]) .l-kk,html:not([lang="ru"]) .l-ru,html:not([lang="en"]) .l-en{display:none}"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_that_differ_become_one_span_per_language() {
        let merged = merge(&[
            ("kk", r#"<nav><a href="/">Басты</a><!><span>5</span></nav>"#),
            (
                "ru",
                r#"<nav><a href="/">Главная</a><!><span>5</span></nav>"#,
            ),
            ("en", r#"<nav><a href="/">Home</a><!><span>5</span></nav>"#),
        ])
        .unwrap();
        assert_eq!(
            merged,
            r#"<nav><a href="/"><span lang="kk" class="l-kk">Басты</span><span lang="ru" class="l-ru">Главная</span><span lang="en" class="l-en">Home</span></a><!><span>5</span></nav>"#
        );
    }

    #[test]
    fn attributes_and_text_only_elements_keep_the_first_language() {
        let merged = merge(&[
            ("kk", r#"<button aria-label="Жабу">×</button><select><option value="a">Алма</option></select>"#),
            ("ru", r#"<button aria-label="Закрыть">×</button><select><option value="a">Алма-Ата</option></select>"#),
            ("en", r#"<button aria-label="Close">×</button><select><option value="a">Almaty</option></select>"#),
        ])
        .unwrap();
        assert!(merged.contains(r#"aria-label="Жабу""#));
        assert!(merged.contains("<option value=\"a\">Алма</option>"));
        assert!(!merged.contains("l-ru"));
    }

    #[test]
    fn a_quoted_angle_bracket_does_not_end_a_tag() {
        let kk = r#"<p title="a > b">Иә</p>"#;
        let ru = r#"<p title="a > b">Да</p>"#;
        let merged = merge(&[("kk", kk), ("ru", ru)]).unwrap();
        assert!(
            merged.starts_with(r#"<p title="a > b"><span lang="kk""#),
            "{merged}"
        );
    }

    #[test]
    fn renders_of_another_shape_are_refused() {
        let error = merge(&[("kk", "<p>бір</p>"), ("ru", "<p><b>один</b></p>")]).unwrap_err();
        assert_eq!(error.at, 1);
        assert!(merge(&[("kk", "<p>a</p><p>b</p>"), ("ru", "<p>a</p>")]).is_err());
    }

    #[test]
    fn escaped_text_stays_escaped() {
        let merged = merge(&[
            ("kk", "<p>&lt;script&gt; бір</p>"),
            ("ru", "<p>&lt;script&gt; один</p>"),
        ])
        .unwrap();
        assert!(!merged.contains("<script>"));
        assert!(merged.contains("&lt;script&gt; один"));
    }
}
