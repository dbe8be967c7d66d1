//! Making untrusted document text safe to print: on a terminal (no escape
//! sequences, no reordering) and in HTML (no markup, no reordering).

/// Text for one terminal line: whitespace runs collapse to one space, and
/// control, bidirectional-override and other invisible format characters are
/// shown as `\u{..}` escapes, so a document cannot move the cursor, recolour
/// the terminal or reorder what is displayed.
pub fn terminal_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if is_unsafe(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// ANSI colouring for the terminal reports, off when not asked for.
pub struct Style {
    /// Whether to emit colour codes.
    pub on: bool,
}

impl Style {
    /// `s` in SGR colour `code` (e.g. `"1"` bold, `"31"` red) when on.
    pub fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// Control characters, bidi embeddings/overrides/isolates and the
/// zero-width format characters used to hide text.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Appends `text` to `out` as HTML character data that is also safe inside
/// a quoted attribute value: `&`, `<`, `>`, `"` and `'` become references,
/// and unsafe characters (see [`is_unsafe`]) become visible `\u{..}`
/// escapes, so a document can neither add markup nor reorder what is shown.
/// Line breaks and tabs are kept (the report shows text with
/// `white-space: pre-wrap`); a carriage return is read as a line break
/// (`\r\n` as one).
pub fn push_html(out: &mut String, text: &str) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            c if is_unsafe(c) => push_escape(out, c),
            c => out.push(c),
        }
    }
}

/// `text` on one line for HTML (a path, a setting): [`terminal_line`], then
/// escaped as by [`push_html`].
pub fn html_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_html(&mut out, &terminal_line(text));
    out
}

fn push_escape(out: &mut String, c: char) {
    use std::fmt::Write;
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi() {
        assert_eq!(terminal_line("a\x1b[31mb"), "a\\u{1b}[31mb");
        assert_eq!(terminal_line("x\u{202E}y"), "x\\u{202e}y");
        assert_eq!(terminal_line("  two\n lines  "), "two lines");
    }

    fn html(s: &str) -> String {
        let mut out = String::new();
        push_html(&mut out, s);
        out
    }

    #[test]
    fn html_escapes_markup_quotes_and_invisible_characters() {
        assert_eq!(
            html(r#"<script>"x" & 'y'</script>"#),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
        assert_eq!(
            html("a\u{202E}b\u{2066}c\u{061C}"),
            r"a\u{202e}b\u{2066}c\u{61c}"
        );
        assert_eq!(
            html("bell\x07 esc\x1b[1m nul\0"),
            r"bell\u{7} esc\u{1b}[1m nul\u{0}"
        );
        assert_eq!(html("one\r\ntwo\rthree\n\tfour"), "one\ntwo\nthree\n\tfour");
        assert_eq!(html("Café – ok"), "Café – ok");
    }

    #[test]
    fn html_line_is_one_escaped_line() {
        assert_eq!(html_line("a\n<b>\u{202E}"), r"a &lt;b&gt;\u{202e}");
    }
}
