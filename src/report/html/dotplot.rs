//! A dot plot as inline SVG (no script): one axis per document, one dot per
//! linked pair of passages, shaded by score. Reordering, splits and merges
//! show as dots off the diagonal, columns and rows of dots.

use std::fmt::Write;

/// One document along an axis.
pub struct Axis<'a> {
    /// What its passages are called (`original`).
    pub label: &'a str,
    /// Number of passages.
    pub count: usize,
    /// Id prefix of its passages in the page, for the dots' links.
    pub prefix: char,
}

/// One linked pair of passages.
pub struct Dot {
    /// Passage index along the horizontal axis.
    pub x: usize,
    /// Passage index along the vertical axis.
    pub y: usize,
    /// Similarity (0..1): the darker, the higher.
    pub score: f64,
    /// The match it belongs to (0-based): named in its tooltip, and sets
    /// its ring colour.
    pub group: usize,
}

/// Plot area: left and top margins (for labels) and side, in SVG units.
const LEFT: f64 = 34.0;
const TOP: f64 = 30.0;
const SIDE: f64 = 300.0;
/// Height of the legend row under the plot.
const LEGEND: f64 = 30.0;

/// Appends an `<svg>` plotting `dots` with `x` across and `y` down.
/// Dots of group `k` get class `c{k % palette}` (their ring colour).
pub fn svg(out: &mut String, x: &Axis, y: &Axis, dots: &[Dot], palette: usize) {
    let (width, height) = (LEFT + SIDE + 8.0, TOP + SIDE + LEGEND);
    let _ = writeln!(
        out,
        "<svg class=\"dotplot\" viewBox=\"0 0 {width} {height}\" role=\"img\" \
         aria-label=\"dot plot: {} passages across, {} passages down\">",
        x.label, y.label
    );
    let _ = writeln!(
        out,
        "<rect class=\"frame\" x=\"{LEFT}\" y=\"{TOP}\" width=\"{SIDE}\" height=\"{SIDE}\"/>"
    );
    grid(out, x.count, true);
    grid(out, y.count, false);
    let _ = writeln!(
        out,
        "<line class=\"diagonal\" x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{}\" y2=\"{}\"/>",
        LEFT + SIDE,
        TOP + SIDE
    );
    // Axis labels: the first and last passage number at each end.
    let _ = writeln!(
        out,
        "<text class=\"axis\" x=\"{}\" y=\"12\" text-anchor=\"middle\">{} passage →</text>",
        LEFT + SIDE / 2.0,
        x.label
    );
    let _ = writeln!(
        out,
        "<text class=\"axis\" transform=\"translate(12 {}) rotate(-90)\" text-anchor=\"middle\">← {} passage</text>",
        TOP + SIDE / 2.0,
        y.label
    );
    let _ = writeln!(
        out,
        "<text class=\"tick\" x=\"{LEFT}\" y=\"{}\">1</text><text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
        TOP - 5.0,
        LEFT + SIDE,
        TOP - 5.0,
        x.count
    );
    let _ = writeln!(
        out,
        "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">1</text><text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
        LEFT - 4.0,
        TOP + 9.0,
        LEFT - 4.0,
        TOP + SIDE,
        y.count
    );
    let cell = |n: usize| SIDE / n.max(1) as f64;
    let radius = (cell(x.count).min(cell(y.count)) * 0.42).clamp(1.2, 7.0);
    for d in dots {
        let cx = LEFT + (d.x as f64 + 0.5) * cell(x.count);
        let cy = TOP + (d.y as f64 + 0.5) * cell(y.count);
        let _ = writeln!(
            out,
            "<a href=\"#{xp}{}\" data-o=\"{xp}{}\" data-r=\"{yp}{}\"><circle class=\"c{}\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{radius:.1}\" fill-opacity=\"{:.2}\">\
             <title>match #{} · {} passage {} ↔ {} passage {} · {:.2}</title></circle></a>",
            d.x,
            d.x,
            d.y,
            d.group % palette.max(1),
            shade(d.score),
            d.group + 1,
            x.label,
            d.x + 1,
            y.label,
            d.y + 1,
            d.score,
            xp = x.prefix,
            yp = y.prefix,
        );
    }
    legend(out, TOP + SIDE + 20.0);
    out.push_str("</svg>\n");
}

/// Opacity of a dot of `score`: never invisible, fully dark at 1.
fn shade(score: f64) -> f64 {
    0.15 + 0.85 * score.clamp(0.0, 1.0)
}

/// Faint lines every `step` passages, `step` a round number giving at most
/// ten lines, so passages can be counted.
fn grid(out: &mut String, count: usize, vertical: bool) {
    let step = round_step(count.div_ceil(10));
    let cell = SIDE / count.max(1) as f64;
    let mut at = step;
    while at < count {
        let p = at as f64 * cell;
        let _ = if vertical {
            writeln!(
                out,
                "<line class=\"grid\" x1=\"{0:.1}\" y1=\"{TOP}\" x2=\"{0:.1}\" y2=\"{1}\"/>",
                LEFT + p,
                TOP + SIDE
            )
        } else {
            writeln!(
                out,
                "<line class=\"grid\" x1=\"{LEFT}\" y1=\"{0:.1}\" x2=\"{1}\" y2=\"{0:.1}\"/>",
                TOP + p,
                LEFT + SIDE
            )
        };
        at += step;
    }
}

/// The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `n`.
fn round_step(n: usize) -> usize {
    let mut base = 1usize;
    loop {
        for m in [1, 2, 5] {
            if base.saturating_mul(m) >= n {
                return base.saturating_mul(m);
            }
        }
        base = base.saturating_mul(10);
    }
}

fn legend(out: &mut String, y: f64) {
    let _ = write!(
        out,
        "<text class=\"tick\" x=\"{LEFT}\" y=\"{:.1}\">score</text>",
        y + 4.0
    );
    for (i, score) in [0.2, 0.4, 0.6, 0.8, 1.0].into_iter().enumerate() {
        let x = LEFT + 56.0 + 48.0 * i as f64;
        let _ = write!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" fill-opacity=\"{:.2}\"/>\
             <text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\">{score:.1}</text>",
            shade(score),
            x + 8.0,
            y + 4.0
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round_and_large_enough() {
        assert_eq!(round_step(0), 1);
        assert_eq!(round_step(1), 1);
        assert_eq!(round_step(3), 5);
        assert_eq!(round_step(7), 10);
        assert_eq!(round_step(11), 20);
        assert_eq!(round_step(430), 500);
    }

    #[test]
    fn one_dot_per_link_inside_the_frame() {
        let x = Axis {
            label: "original",
            count: 3,
            prefix: 'o',
        };
        let y = Axis {
            label: "rewrite",
            count: 5,
            prefix: 'r',
        };
        let dots = [
            Dot {
                x: 0,
                y: 4,
                score: 0.5,
                group: 0,
            },
            Dot {
                x: 2,
                y: 0,
                score: 1.0,
                group: 1,
            },
        ];
        let mut out = String::new();
        svg(&mut out, &x, &y, &dots, 8);
        assert_eq!(out.matches("<a href=").count(), 2);
        assert!(out.contains("href=\"#o0\" data-o=\"o0\" data-r=\"r4\""));
        assert!(out.contains("class=\"c0\" cx=\"84.0\" cy=\"300.0\""));
        assert!(out.contains("fill-opacity=\"1.00\"><title>match #2"));
    }

    #[test]
    fn empty_documents_draw_an_empty_frame() {
        let x = Axis {
            label: "original",
            count: 0,
            prefix: 'o',
        };
        let y = Axis {
            label: "rewrite",
            count: 0,
            prefix: 'r',
        };
        let mut out = String::new();
        svg(&mut out, &x, &y, &[], 8);
        assert!(out.starts_with("<svg") && out.ends_with("</svg>\n"));
        assert!(!out.contains("<a "));
    }
}
