//! One document column of the compare view: the text as in the file, each
//! linked passage an anchor in its match's colour that names its partners
//! on the other side, unmatched text as escaped runs in paragraph blocks.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::PALETTE;
use super::words::{capitalise, plural};
use crate::compare::Comparison;
use crate::format::group_digits;
use crate::report::sanitize::{html_line, push_html};

/// One side of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Original,
    Rewrite,
}

impl Side {
    /// Prefix of the element ids of this side's passages (`o3`, `r7`).
    pub fn prefix(self) -> char {
        match self {
            Side::Original => 'o',
            Side::Rewrite => 'r',
        }
    }

    pub fn other(self) -> Side {
        match self {
            Side::Original => Side::Rewrite,
            Side::Rewrite => Side::Original,
        }
    }
}

/// What the two sides are called: original and rewrite, or, for one file
/// compared with itself, its earlier and later text.
#[derive(Debug, Clone, Copy)]
pub struct Roles {
    pub same_file: bool,
}

impl Roles {
    pub fn name(self, side: Side) -> &'static str {
        match (self.same_file, side) {
            (false, Side::Original) => "original",
            (false, Side::Rewrite) => "rewrite",
            (true, Side::Original) => "earlier",
            (true, Side::Rewrite) => "later",
        }
    }
}

/// A highlighted passage of one side.
#[derive(Debug)]
struct Mark {
    start: usize,
    end: usize,
    /// Linked passages on the other side: (passage, score, match); those
    /// of its first match first, best first.
    partners: Vec<(usize, f64, usize)>,
    /// The matches this passage opens on its side (a passage shared by
    /// two matches can open both): their labels and scores are shown
    /// before it, in match order.
    opens: Vec<usize>,
    /// Names, numbers and dates its links share across languages (the
    /// cross-language rule's anchors), each once, in link order.
    anchors: Vec<String>,
}

/// Highlighted passages of `side`, by passage index.
fn marks(c: &Comparison, side: Side) -> BTreeMap<usize, Mark> {
    let mut marks: BTreeMap<usize, Mark> = BTreeMap::new();
    for (k, m) in c.matches.iter().enumerate() {
        let mut first = None;
        for l in &m.links {
            let (index, start, end, partner) = match side {
                Side::Original => (l.original, l.original_start, l.original_end, l.rewrite),
                Side::Rewrite => (l.rewrite, l.rewrite_start, l.rewrite_end, l.original),
            };
            first = Some(first.map_or(index, |f: usize| f.min(index)));
            let mark = marks.entry(index).or_insert(Mark {
                start,
                end,
                partners: Vec::new(),
                opens: Vec::new(),
                anchors: Vec::new(),
            });
            for a in l.anchors.iter().flatten() {
                if !mark.anchors.contains(a) {
                    mark.anchors.push(a.clone());
                }
            }
            if !mark.partners.iter().any(|p| p.0 == partner) {
                mark.partners.push((partner, l.score, k));
            }
        }
        if let Some(mark) = first.and_then(|f| marks.get_mut(&f)) {
            mark.opens.push(k);
        }
    }
    // A passage can belong to two matches (a sentence repeated far apart on
    // the other side). It takes the colour of the first, where its label
    // is, and links first to its best partner there.
    for mark in marks.values_mut() {
        let first = mark.partners.iter().map(|p| p.2).min().unwrap_or(0);
        mark.partners.sort_by(|a, b| {
            (a.2 != first)
                .cmp(&(b.2 != first))
                .then(b.1.total_cmp(&a.1))
                .then(a.0.cmp(&b.0))
        });
    }
    marks
}

pub fn column(out: &mut String, c: &Comparison, side: Side, text: &str, roles: Roles) {
    let info = match side {
        Side::Original => &c.original,
        Side::Rewrite => &c.rewrite,
    };
    let name = roles.name(side);
    // A file read in another encoding than UTF-8 says which.
    let encoding = info
        .encoding
        .as_deref()
        .map(|e| format!(" in {}", html_line(e)))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<section class=\"doc\" id=\"{name}\" aria-label=\"{name}\">\n<h2><span class=\"role\">{}</span> \
         <code>{}</code> <span class=\"meta\">{} {} · {} bytes{encoding}</span></h2>\n<div class=\"text\"><div>",
        capitalise(name),
        html_line(&info.path),
        info.passages,
        plural(info.passages, "passage", "passages"),
        group_digits(info.bytes as u64),
    );
    if text.is_empty() {
        out.push_str("<p class=\"empty\">(empty)</p>");
    }
    let other = roles.name(side.other());
    let mut pos = 0;
    for (index, mark) in &marks(c, side) {
        let fits = pos <= mark.start
            && mark.start < mark.end
            && text.is_char_boundary(mark.start)
            && text.is_char_boundary(mark.end);
        if mark.partners.is_empty() || !fits {
            continue;
        }
        push_unmatched(out, &text[pos..mark.start], false);
        open_anchor(out, c, side, *index, mark);
        out.push_str(" title=\"");
        push_title(out, mark, other);
        out.push_str("\">");
        push_html(out, &text[mark.start..mark.end]);
        out.push_str("</a>");
        pos = mark.end;
    }
    push_unmatched(out, &text[pos..], true);
    out.push_str("</div></div>\n</section>\n");
}

/// Opens the anchor of passage `index` (a mark with partners): its
/// colour, its id, a link to its best partner, all its partners, and the
/// labels of the matches it opens.
fn open_anchor(out: &mut String, c: &Comparison, side: Side, index: usize, mark: &Mark) {
    let best = mark.partners[0].0;
    let partner_prefix = side.other().prefix();
    let _ = write!(
        out,
        "<a class=\"p c{}\" id=\"{}{index}\" href=\"#{partner_prefix}{best}\" data-partners=\"",
        mark.partners[0].2 % PALETTE,
        side.prefix(),
    );
    for (i, (partner, _, _)) in mark.partners.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{partner_prefix}{partner}");
    }
    out.push('"');
    for (i, &opens) in mark.opens.iter().enumerate() {
        let _ = write!(
            out,
            "{}#{} · {:.2}",
            if i == 0 { " data-tag=\"" } else { ", " },
            opens + 1,
            c.matches[opens].score
        );
    }
    if !mark.opens.is_empty() {
        out.push('"');
    }
}

/// The tooltip of a passage: its matches and its partners on the `other`
/// side with their scores.
fn push_title(out: &mut String, mark: &Mark, other: &str) {
    let mut seen = Vec::new();
    for &(_, _, m) in &mark.partners {
        if !seen.contains(&m) {
            seen.push(m);
        }
    }
    seen.sort_unstable();
    out.push_str(plural(seen.len(), "match", "matches"));
    for (i, m) in seen.iter().enumerate() {
        let _ = write!(out, "{}#{}", if i == 0 { " " } else { ", " }, m + 1);
    }
    let _ = write!(out, " · {other} ");
    if let [(best, score, _)] = mark.partners[..] {
        let _ = write!(out, "passage {} · score {score:.2}", best + 1);
    } else {
        out.push_str("passages ");
        for (i, (partner, score, _)) in mark.partners.iter().enumerate() {
            let sep = if i > 0 { ", " } else { "" };
            let _ = write!(out, "{sep}{} ({score:.2})", partner + 1);
        }
    }
    if !mark.anchors.is_empty() {
        out.push_str(" · shared names, numbers and dates: ");
        out.push_str(&html_line(&mark.anchors.join(", ")));
    }
}

/// Appends unmatched text, escaped, starting a new block after each blank
/// line. The blocks let the browser skip laying out paragraphs that are
/// off screen (`content-visibility: auto`), which halves the time a
/// megabyte document takes to show. Highlights never straddle a block:
/// passages end at blank lines, and only unmatched text is split. `last`:
/// nothing follows `text`, so a blank line at its end starts no block.
fn push_unmatched(out: &mut String, text: &str, last: bool) {
    let mut rest = text;
    while let Some(at) = paragraph_end(rest) {
        if last && at == rest.len() {
            break;
        }
        push_html(out, &rest[..at]);
        out.push_str("</div><div>");
        rest = &rest[at..];
    }
    push_html(out, rest);
}

/// Where the first paragraph of `text` ends: after a line break, any blank
/// lines (whitespace only) and at least one of them, before the next text.
/// `None` when `text` holds no blank line.
fn paragraph_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(nl) = text[from..].find('\n').map(|i| from + i) {
        let mut end = nl + 1;
        let mut breaks = 1;
        while let Some(&b) = bytes.get(end) {
            match b {
                b'\n' => breaks += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => break,
            }
            end += 1;
        }
        if breaks >= 2 {
            // Whitespace after the last line break belongs to the next line.
            let last = text[..end].rfind('\n').map_or(end, |i| i + 1);
            return Some(last);
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_end_after_blank_lines() {
        assert_eq!(paragraph_end("one\ntwo"), None);
        assert_eq!(paragraph_end("one\n\ntwo"), Some(5));
        assert_eq!(paragraph_end("one\r\n  \r\n  two"), Some(9));
        assert_eq!(paragraph_end("one\n\n"), Some(5));
        assert_eq!(paragraph_end("a\nb\n\n\nc"), Some(6));
        let mut out = String::new();
        push_unmatched(&mut out, "a <b>\n\nc\n\n\nd\n\n", false);
        assert_eq!(
            out,
            "a &lt;b&gt;\n\n</div><div>c\n\n\n</div><div>d\n\n</div><div>"
        );
        out.clear();
        push_unmatched(&mut out, "d\n\n", true);
        assert_eq!(out, "d\n\n");
    }
}
