//! Text made safe for HTML and SVG markup that the app and the publisher write as strings
//! (the map's layers, the relay's charts).

/// `text` escaped for markup, in text and in attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(
            escape(r#"<a href="x">'Қ' & 1</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;Қ&#39; &amp; 1&lt;/a&gt;"
        );
    }
}
