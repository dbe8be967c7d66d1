//! CSV view of a comparison: one row per match (RFC 4180 quoting).
//!
//! Text cells are neutralised against formula injection as OWASP
//! recommends: a cell that starts with `=`, `+`, `-`, `@` or a control
//! character (tab, carriage return, ...) would run as a formula in a
//! spreadsheet, so it gets a leading `'` and is quoted. The JSON reports
//! carry the text unchanged.

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

/// A text cell: neutralised when a spreadsheet would read it as a formula
/// (see the module docs), quoted when it holds a comma, quote or line
/// break, or was neutralised.
pub fn field(s: &str) -> String {
    let formula = s
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@') || c.is_control());
    if formula {
        format!("\"'{}\"", s.replace('"', "\"\""))
    } else if s.contains([',', '"', '\n', '\r']) {
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

    #[test]
    fn csv_formula_injection_is_neutralised() {
        for (cell, want) in [
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
            ("+1+1", "\"'+1+1\""),
            ("-2+3", "\"'-2+3\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\t=1", "\"'\t=1\""),
            ("\r=1", "\"'\r=1\""),
            ("a=1", "a=1"),
            ("", ""),
        ] {
            assert_eq!(field(cell), want, "{cell:?}");
        }
    }
}
