//! Making untrusted document text safe to print.

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
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Control characters, bidi embeddings/overrides/isolates and the
/// zero-width format characters used to hide text.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
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
}
