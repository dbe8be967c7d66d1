//! CSV view of a comparison: one row per match (RFC 4180 quoting).

use crate::compare::Comparison;

/// The header row.
pub const HEADER: &str = "match,score,original_start,original_end,original_line,rewrite_start,rewrite_end,rewrite_line,original_text,rewrite_text";

/// Renders `c` as CSV with a header row.
pub fn render(c: &Comparison) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for (i, m) in c.matches.iter().enumerate() {
        let row = [
            (i + 1).to_string(),
            m.score.to_string(),
            m.original.start.to_string(),
            m.original.end.to_string(),
            m.original.line.to_string(),
            m.rewrite.start.to_string(),
            m.rewrite.end.to_string(),
            m.rewrite.line.to_string(),
            field(&m.original.text),
            field(&m.rewrite.text),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// Quotes a field when it holds a comma, quote or line break.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }
}
