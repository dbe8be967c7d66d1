//! The compare view: the summary figures, both documents side by side with
//! every linked passage highlighted in its match's colour and linked to its
//! partners, the dot plot and the list of matches with their scores.

use std::fmt::Write;

use super::document::{self, Roles, Side};
use super::dotplot::{self, Dot};
use super::words::{percent, plural};
use super::{PALETTE, Up};
use crate::compare::{Comparison, Location};
use crate::report::sanitize::{html_line, push_html};

/// The `<body>` content of a compare page; `up`, when given, links from
/// the header to the page it belongs to (an index, a cluster).
pub fn body(c: &Comparison, original_text: &str, rewrite_text: &str, up: Option<&Up>) -> String {
    let roles = Roles {
        same_file: c.original.path == c.rewrite.path,
    };
    let mut out = String::with_capacity(2 * (original_text.len() + rewrite_text.len()) + 8192);
    header(&mut out, c, roles, up);
    out.push_str("<main>\n");
    for (side, text) in [
        (Side::Original, original_text),
        (Side::Rewrite, rewrite_text),
    ] {
        document::column(&mut out, c, side, text, roles);
    }
    out.push_str("<aside>\n");
    plot(&mut out, c, roles);
    match_list(&mut out, c, roles);
    settings(&mut out, c);
    out.push_str("</aside>\n</main>\n");
    out
}

fn header(out: &mut String, c: &Comparison, roles: Roles, up: Option<&Up>) {
    let (o, r) = (roles.name(Side::Original), roles.name(Side::Rewrite));
    out.push_str("<header>\n");
    if let Some(up) = up {
        out.push_str("<nav><a class=\"up\" href=\"");
        push_html(out, &up.href);
        out.push_str("\">");
        push_html(out, &up.label);
        out.push_str("</a></nav>\n");
    }
    out.push_str("<h1>");
    if roles.same_file {
        let _ = write!(
            out,
            "<code>{}</code> <span class=\"sub\">passages repeated or paraphrased later in the file</span>",
            html_line(&c.original.path)
        );
    } else {
        let _ = write!(
            out,
            "<code>{}</code> <span class=\"sub\">vs</span> <code>{}</code>",
            html_line(&c.original.path),
            html_line(&c.rewrite.path)
        );
    }
    out.push_str("</h1>\n<dl class=\"figures\">\n");
    let links: usize = c.matches.iter().map(|m| m.links.len()).sum();
    let (o, r) = if roles.same_file {
        ("earlier text", "later text")
    } else {
        (o, r)
    };
    let figures = [
        (percent(c.original_reused), format!("of the {o} reused")),
        (
            percent(c.rewrite_derived),
            format!("of the {r} derived from it"),
        ),
        (
            c.matches.len().to_string(),
            plural(c.matches.len(), "match", "matches").into(),
        ),
        (
            links.to_string(),
            plural(links, "passage link", "passage links").into(),
        ),
    ];
    for (value, what) in figures {
        let _ = writeln!(out, "<div><dt>{what}</dt><dd>{value}</dd></div>");
    }
    out.push_str("</dl>\n");
    if let Some(x) = &c.cross_language {
        let _ = writeln!(
            out,
            "<p class=\"warning\"><strong>Note:</strong> {}</p>",
            html_line(&x.note)
        );
    }
    if let Some(note) = crate::report::skipped_buckets_note(c) {
        let _ = writeln!(
            out,
            "<p class=\"warning\" role=\"alert\"><strong>Warning:</strong> {}</p>",
            html_line(&note)
        );
    }
    out.push_str("</header>\n");
}

fn plot(out: &mut String, c: &Comparison, roles: Roles) {
    let dots: Vec<Dot> = c
        .matches
        .iter()
        .enumerate()
        .flat_map(|(k, m)| {
            m.links.iter().map(move |l| Dot {
                x: l.original,
                y: l.rewrite,
                score: l.score,
                group: k,
            })
        })
        .collect();
    let x = dotplot::Axis {
        label: roles.name(Side::Original),
        count: c.original.passages,
        prefix: Side::Original.prefix(),
    };
    let y = dotplot::Axis {
        label: roles.name(Side::Rewrite),
        count: c.rewrite.passages,
        prefix: Side::Rewrite.prefix(),
    };
    out.push_str("<figure class=\"plot\">\n");
    dotplot::svg(out, &x, &y, &dots, PALETTE);
    let _ = writeln!(
        out,
        "<figcaption>One dot per linked pair of passages, darker for a higher score, \
         ringed in its match's colour. Text kept in order runs from top left to bottom \
         right; a dot off the run is a moved passage, a row of dots is {0} passages merged \
         into one {1} passage, a column of dots is one {0} passage split.</figcaption>\n</figure>",
        x.label, y.label
    );
}

fn match_list(out: &mut String, c: &Comparison, roles: Roles) {
    let (o, r) = (roles.name(Side::Original), roles.name(Side::Rewrite));
    out.push_str("<section class=\"matches\">\n<h2>Matches</h2>\n");
    if c.matches.is_empty() {
        let _ = writeln!(
            out,
            "<p>No passage of the {r} paraphrases the {o} at threshold {}.</p>",
            c.settings.threshold
        );
    }
    out.push_str("<ol>\n");
    for (k, m) in c.matches.iter().enumerate() {
        let _ = writeln!(
            out,
            "<li class=\"c{}\" id=\"m{}\"><a href=\"#o{}\" data-o=\"o{}\" data-r=\"r{}\">\
             <b>#{}</b> <span class=\"score\">{:.2}</span> {o} {} ↔ {r} {}</a> \
             <span class=\"n\">{} {}</span></li>",
            k % PALETTE,
            k + 1,
            m.original.first_passage,
            m.original.first_passage,
            m.rewrite.first_passage,
            k + 1,
            m.score,
            lines(&m.original),
            lines(&m.rewrite),
            m.links.len(),
            plural(m.links.len(), "link", "links"),
        );
    }
    out.push_str("</ol>\n</section>\n");
}

fn settings(out: &mut String, c: &Comparison) {
    let s = &c.settings;
    // Under --lang auto, the language detected for each document.
    let language = if s.lang == "auto" {
        format!(
            "auto (original {}, rewrite {})",
            c.original.language, c.rewrite.language
        )
    } else {
        s.lang.clone()
    };
    let _ = writeln!(
        out,
        "<details class=\"settings\"><summary>Settings</summary><p>threshold {} · shingles {} · \
         language {} · stop words {} · {} permutations · seed {} · LSH {} bands × {} rows · \
         {} candidate pairs · {} buckets skipped</p></details>",
        s.threshold,
        html_line(&s.shingle),
        html_line(&language),
        if s.keep_stop_words { "kept" } else { "dropped" },
        s.perms,
        s.seed,
        s.bands,
        s.rows,
        s.candidates,
        s.skipped_buckets,
    );
}

/// `L3–5` or `L3`.
fn lines(loc: &Location) -> String {
    if loc.end_line > loc.line {
        format!("L{}–{}", loc.line, loc.end_line)
    } else {
        format!("L{}", loc.line)
    }
}
