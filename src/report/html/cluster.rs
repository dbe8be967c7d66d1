//! One cluster's section of the scan view: its members (the
//! representative marked, each with its best similarity to another
//! member) and its listed pairs, most similar first, each linked to its
//! side-by-side view or saying why it has none; and the helpers the
//! clusters table shares with it.

use std::fmt::Write;

use super::index::relative_url;
use super::words::plural;
use crate::format::group_digits;
use crate::report::sanitize::{html_line, push_html};
use crate::scan::{Cluster, Pair, ScanResult};

/// The side-by-side views of the listed pairs.
#[derive(Debug, Clone, Copy)]
pub struct Views<'a> {
    /// One per listed pair, in the order of [`ScanResult::pairs`](crate::scan::ScanResult::pairs).
    pub pairs: &'a [PairView],
    /// How the pairs were compared, shown on the page (for example
    /// `neardup compare A B --preset pan`).
    pub how: &'a str,
}

/// The side-by-side view of one listed pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PairView {
    /// Written: its file name, beside the page.
    Report(String),
    /// Not written: why, in one line.
    Unavailable(String),
}

/// Id of the section of cluster `id`: `index.html#cluster-3` opens it.
pub fn cluster_anchor(id: usize) -> String {
    format!("cluster-{id}")
}

/// The lowest and highest best similarity of a cluster's members.
pub(super) fn range(c: &Cluster) -> (f64, f64) {
    let finite = c
        .member_similarity
        .iter()
        .copied()
        .filter(|x| x.is_finite());
    let lo = finite.clone().fold(f64::INFINITY, f64::min);
    let hi = finite.fold(f64::NEG_INFINITY, f64::max);
    if lo <= hi { (lo, hi) } else { (0.0, 0.0) }
}

/// `0.90–0.97`, or `0.97` when both ends are equal at two decimals.
pub(super) fn range_text(c: &Cluster) -> String {
    let (lo, hi) = range(c);
    let (lo, hi) = (format!("{lo:.2}"), format!("{hi:.2}"));
    if lo == hi { hi } else { format!("{lo}–{hi}") }
}

pub(super) fn sort_heading(
    out: &mut String,
    label: &str,
    sort: &str,
    first: &str,
    num: bool,
    on: bool,
) {
    out.push_str("<th scope=\"col\"");
    if num {
        out.push_str(" class=\"num\"");
    }
    if !sort.is_empty() {
        let _ = write!(out, " data-sort=\"{sort}\" data-first=\"{first}\"");
    }
    if on {
        let _ = write!(out, " aria-sort=\"{first}\"");
    }
    let _ = write!(out, ">{label}</th>");
}

pub(super) fn section(
    out: &mut String,
    r: &ScanResult,
    c: &Cluster,
    pairs: &[usize],
    views: Option<Views<'_>>,
) {
    let _ = writeln!(
        out,
        "<section class=\"cluster\" id=\"{}\">\n<h2>Cluster {} <span class=\"sub\">{} {} · {} {} · \
         similarity {}</span> <a class=\"top\" href=\"#clusters\">↑ clusters</a></h2>",
        cluster_anchor(c.id),
        c.id,
        group_digits(c.size as u64),
        plural(c.size, "document", "documents"),
        group_digits(c.pairs),
        plural64(c.pairs, "pair", "pairs"),
        range_text(c),
    );
    out.push_str(
        "<table class=\"members\">\n<thead><tr><th scope=\"col\">Document</th>\
         <th scope=\"col\" class=\"num\">Best similarity</th></tr></thead>\n<tbody>\n",
    );
    for (m, s) in c.members.iter().zip(&c.member_similarity) {
        let rep = *m == c.representative;
        let _ = writeln!(
            out,
            "<tr{}><td><code>{}</code>{}</td><td class=\"num\">{s:.2}</td></tr>",
            if rep { " class=\"rep\"" } else { "" },
            html_line(m),
            if rep {
                " <span class=\"badge\" title=\"the member similar to the most others: the one \
                 to keep\">representative</span>"
            } else {
                ""
            },
        );
    }
    out.push_str("</tbody>\n</table>\n");
    pair_table(out, r, c, pairs, views);
    if c.pairs > c.pairs_listed as u64 {
        let _ = writeln!(
            out,
            "<p class=\"note\">{} of {} pairs listed (at most <code>--max-pairs</code> {} per cluster).</p>",
            group_digits(c.pairs_listed as u64),
            group_digits(c.pairs),
            r.settings.max_pairs
        );
    }
    out.push_str("</section>\n");
}

fn pair_table(
    out: &mut String,
    r: &ScanResult,
    c: &Cluster,
    pairs: &[usize],
    views: Option<Views<'_>>,
) {
    // Most similar first, then in the order of the JSON's pairs.
    let mut order: Vec<(usize, &Pair)> = pairs
        .iter()
        .filter_map(|&k| r.pairs.get(k).map(|p| (k, p)))
        .collect();
    order.sort_by(|(ka, a), (kb, b)| b.similarity.total_cmp(&a.similarity).then(ka.cmp(kb)));
    let _ = write!(
        out,
        "<table class=\"sortable pairs\" id=\"pairs-{}\">\n<thead><tr>",
        c.id
    );
    sort_heading(out, "#", "num", "ascending", true, false);
    sort_heading(out, "Document A", "text", "ascending", false, false);
    sort_heading(out, "Document B", "text", "ascending", false, false);
    sort_heading(out, "Similarity", "num", "descending", true, true);
    if views.is_some() {
        sort_heading(out, "Side by side", "", "", false, false);
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (k, p) in order {
        let number = k + 1;
        let _ = write!(
            out,
            "<tr data-n=\"{number}\" id=\"pair-{number}\"><td class=\"num\">{number}</td>\
             <td><code>{}</code></td><td><code>{}</code></td>\
             <td class=\"num\" data-key=\"{}\">{:.4}</td>",
            html_line(&p.a),
            html_line(&p.b),
            p.similarity,
            p.similarity,
        );
        if let Some(v) = views {
            match v.pairs.get(k) {
                Some(PairView::Report(file)) => {
                    out.push_str("<td><a class=\"view\" href=\"");
                    push_html(out, &relative_url(file));
                    out.push_str("\">view</a></td>");
                }
                Some(PairView::Unavailable(why)) => {
                    let _ = write!(out, "<td class=\"why\">{}</td>", html_line(why));
                }
                None => out.push_str("<td class=\"why\">not written</td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

pub(super) fn plural64(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}
