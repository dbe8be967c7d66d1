//! Human-readable view of a comparison, coloured when asked.

use std::fmt::Write;

use super::sanitize::terminal_line;
use crate::compare::{Comparison, Location};

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// Renders `c` for a person; `color` adds ANSI colours.
pub fn render(c: &Comparison, color: bool) -> String {
    let st = Style { on: color };
    let mut out = String::new();
    let same = c.original.path == c.rewrite.path;
    if same {
        let _ = writeln!(
            out,
            "{}: passages repeated or paraphrased later in the file",
            st.paint("1", &terminal_line(&c.original.path))
        );
    } else {
        let _ = writeln!(
            out,
            "{} (original, {} passages) vs {} (rewrite, {} passages)",
            st.paint("1", &terminal_line(&c.original.path)),
            c.original.passages,
            st.paint("1", &terminal_line(&c.rewrite.path)),
            c.rewrite.passages
        );
    }
    let n = c.matches.len();
    let _ = writeln!(
        out,
        "{} {} · {:.1}% of the {} reused · {:.1}% of the {} derived from it",
        n,
        if n == 1 { "match" } else { "matches" },
        100.0 * c.original_reused,
        if same { "earlier text" } else { "original" },
        100.0 * c.rewrite_derived,
        if same { "later text" } else { "rewrite" },
    );
    for (i, m) in c.matches.iter().enumerate() {
        let _ = writeln!(out);
        let score = format!("score {:.2}", m.score);
        let _ = writeln!(
            out,
            "{} {}",
            st.paint("1", &format!("#{}", i + 1)),
            st.paint(score_colour(m.score), &score)
        );
        line(
            &mut out,
            &st,
            if same { "earlier" } else { "original" },
            &m.original,
        );
        line(
            &mut out,
            &st,
            if same { "later" } else { "rewrite" },
            &m.rewrite,
        );
    }
    out
}

fn line(out: &mut String, st: &Style, label: &str, loc: &Location) {
    let place = format!("L{} {}..{}", loc.line, loc.start, loc.end);
    let _ = writeln!(
        out,
        "  {:<8} {}  {}",
        st.paint("2", label),
        st.paint("2", &place),
        terminal_line(&loc.text)
    );
}

fn score_colour(score: f64) -> &'static str {
    if score >= 0.6 {
        "31"
    } else if score >= 0.4 {
        "33"
    } else {
        "36"
    }
}
