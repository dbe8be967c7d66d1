//! Human-readable view of a comparison, coloured when asked.

use std::fmt::Write;

use super::sanitize::{Style, terminal_line};
use crate::compare::{Comparison, Explanation, Location};

/// Renders `c` for a person; `color` adds ANSI colours.
pub fn render(c: &Comparison, color: bool) -> String {
    render_with(c, c, color)
}

/// [`render`], with the `[start..end]` offsets taken from `stored` (the
/// same comparison in file offsets, [`super::stored::to_stored`]).
pub fn render_with(c: &Comparison, stored: &Comparison, color: bool) -> String {
    let st = Style { on: color };
    let mut out = String::new();
    let same = c.original.path == c.rewrite.path;
    // The language, and the encoding of a file that is not UTF-8.
    let read_as = |language: &str, encoding: &Option<String>| match encoding {
        Some(e) => format!("{}, {}", terminal_line(language), terminal_line(e)),
        None => terminal_line(language),
    };
    if same {
        let _ = writeln!(
            out,
            "{} ({}): passages repeated or paraphrased later in the file",
            st.paint("1", &terminal_line(&c.original.path)),
            read_as(&c.original.language, &stored.original.encoding)
        );
    } else {
        let passages = |n: usize| format!("{n} passage{}", if n == 1 { "" } else { "s" });
        let _ = writeln!(
            out,
            "{} (original, {}, {}) vs {} (rewrite, {}, {})",
            st.paint("1", &terminal_line(&c.original.path)),
            read_as(&c.original.language, &stored.original.encoding),
            passages(c.original.passages),
            st.paint("1", &terminal_line(&c.rewrite.path)),
            read_as(&c.rewrite.language, &stored.rewrite.encoding),
            passages(c.rewrite.passages)
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
    if let Some(x) = &c.cross_language {
        let _ = writeln!(
            out,
            "{}",
            st.paint("33", &format!("note: {}", terminal_line(&x.note)))
        );
    }
    if let Some(note) = super::skipped_buckets_note(c) {
        let _ = writeln!(out, "{}", st.paint("33", &format!("warning: {note}")));
    }
    for (i, m) in c.matches.iter().enumerate() {
        let _ = writeln!(out);
        let head = format!(
            "#{} {} {} ↔ {} {}",
            i + 1,
            if same { "earlier" } else { "original" },
            place(&stored.matches[i].original),
            if same { "later" } else { "rewrite" },
            place(&stored.matches[i].rewrite)
        );
        let score = format!("score {:.2}", m.score);
        let _ = writeln!(
            out,
            "{}  {}",
            st.paint("1", &head),
            st.paint(score_colour(m.score), &score)
        );
        for l in &m.links {
            let o = slice(&m.original, l.original_start, l.original_end);
            let r = slice(&m.rewrite, l.rewrite_start, l.rewrite_end);
            let _ = writeln!(
                out,
                "  {}  {}",
                st.paint(score_colour(l.score), &format!("{:.2}", l.score)),
                terminal_line(o)
            );
            let _ = writeln!(out, "        {} {}", st.paint("2", "↳"), terminal_line(r));
            if let Some(a) = &l.anchors {
                let _ = writeln!(
                    out,
                    "        {} {}",
                    st.paint("2", "shared names, numbers and dates:"),
                    terminal_line(&a.join(", "))
                );
            }
            if let Some(e) = &l.explain {
                explain(&mut out, &st, l.support, e);
            }
        }
    }
    out
}

/// The `--explain` lines under a link.
fn explain(out: &mut String, st: &Style, support: &str, e: &Explanation) {
    let list = |words: &[String]| {
        if words.is_empty() {
            "–".to_string()
        } else {
            terminal_line(&words.join(", "))
        }
    };
    let _ = writeln!(
        out,
        "        {} {} · names/numbers: {}",
        st.paint("2", "shared:"),
        list(&e.shared),
        list(&e.shared_names)
    );
    if !e.synonyms.is_empty() {
        let pairs: Vec<String> = e
            .synonyms
            .iter()
            .map(|[a, b]| format!("{a} ~ {b}"))
            .collect();
        let _ = writeln!(
            out,
            "        {} {}",
            st.paint("2", "synonyms:"),
            list(&pairs)
        );
    }
    if !e.original_only.is_empty() || !e.rewrite_only.is_empty() {
        let _ = writeln!(
            out,
            "        {} {} · {} {}",
            st.paint("2", "only in the original:"),
            list(&e.original_only),
            st.paint("2", "only in the rewrite:"),
            list(&e.rewrite_only)
        );
    }
    let p = &e.parts;
    let _ = writeln!(
        out,
        "        {} overlap {:.2} → {:.2} + cover {:.2} → {:.2} + order {:.2} → {:.2} − clash {} → {:.2} · support {}",
        st.paint("2", "score:"),
        e.overlap,
        p.overlap,
        e.cover,
        p.cover,
        e.order,
        p.order,
        e.clash,
        -p.clash,
        support
    );
}

/// `L3-5 [120..480]`
fn place(loc: &Location) -> String {
    let lines = if loc.end_line > loc.line {
        format!("L{}-{}", loc.line, loc.end_line)
    } else {
        format!("L{}", loc.line)
    };
    format!("{lines} [{}..{}]", loc.start, loc.end)
}

/// The text of a link's passage, cut from its match's text.
fn slice(loc: &Location, start: usize, end: usize) -> &str {
    loc.text
        .get(start - loc.start..end - loc.start)
        .unwrap_or(&loc.text)
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
