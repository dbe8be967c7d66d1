//! The histogram of a scan's pair similarities as inline SVG (no script):
//! one bar per bin of the scan result's `similarity_histogram`, placed by
//! its bounds on a similarity axis from the threshold to 1, and the bin at
//! exactly 1 as a bar of its own to the right. Heights are on a
//! logarithmic scale: a corpus often has millions of exact copies beside a
//! handful of edited ones, and every non-empty bin must stay visible.

use std::fmt::Write;

use crate::scan::HistogramBin;

/// Drawing area, in SVG units.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 210.0;
const LEFT: f64 = 46.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 40.0;
/// Width of the bar at exactly 1, and the gap before it.
const ONE_BAR: f64 = 14.0;
const ONE_GAP: f64 = 28.0;

/// Appends the `<svg>` of `bins` (as in the scan result: contiguous bins
/// from about the threshold to 1, then the bin at exactly 1).
pub fn svg(out: &mut String, bins: &[HistogramBin], threshold: f64) {
    let (ranged, one) = match bins.split_last() {
        Some((last, rest)) if last.from >= 1.0 => (rest, Some(last)),
        _ => (bins, None),
    };
    let low = ranged
        .first()
        .map_or(threshold, |b| b.from.min(threshold))
        .clamp(0.0, 1.0);
    let max = bins.iter().map(|b| b.pairs).max().unwrap_or(0);
    let scale = Scale {
        low,
        decades: decades(max),
        plot_right: WIDTH - RIGHT - ONE_BAR - ONE_GAP,
        base: HEIGHT - BOTTOM,
    };
    let _ = writeln!(
        out,
        "<svg class=\"histogram\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" \
         aria-label=\"histogram of the similarity of the similar pairs\">"
    );
    count_axis(out, &scale);
    for b in ranged.iter().filter(|b| b.pairs > 0) {
        let (x0, x1) = (scale.x(b.from), scale.x(b.to));
        bar(
            out,
            x0,
            (x1 - x0).max(1.0),
            scale.y(b.pairs),
            scale.base,
            b,
            "bar",
        );
    }
    if let Some(b) = one.filter(|b| b.pairs > 0) {
        bar(
            out,
            WIDTH - RIGHT - ONE_BAR,
            ONE_BAR,
            scale.y(b.pairs),
            scale.base,
            b,
            "bar one",
        );
    }
    similarity_axis(out, &scale);
    out.push_str("</svg>\n");
}

/// Where values fall in the drawing.
struct Scale {
    /// The similarity at the left end of the axis.
    low: f64,
    /// Powers of ten on the count axis.
    decades: u32,
    /// The right end of the similarity axis (the bar at 1 is beyond).
    plot_right: f64,
    /// The y of a count of 0.
    base: f64,
}

impl Scale {
    /// The x of similarity `s`.
    fn x(&self, s: f64) -> f64 {
        let span = (1.0 - self.low).max(1e-9);
        LEFT + (s - self.low) / span * (self.plot_right - LEFT)
    }

    /// The y of `count` pairs (logarithmic).
    fn y(&self, count: u64) -> f64 {
        let top = 10f64.powi(self.decades as i32);
        self.base - (1.0 + count as f64).log10() / (1.0 + top).log10() * (self.base - TOP)
    }
}

/// The horizontal grid and count labels, one per power of ten, and 0.
fn count_axis(out: &mut String, scale: &Scale) {
    for k in 0..=scale.decades {
        let count = 10u64.pow(k);
        let at = scale.y(count);
        let _ = writeln!(
            out,
            "<line class=\"grid\" x1=\"{LEFT}\" y1=\"{at:.1}\" x2=\"{}\" y2=\"{at:.1}\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            WIDTH - RIGHT,
            LEFT - 5.0,
            at + 4.0,
            short_count(count)
        );
    }
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>",
        LEFT - 5.0,
        scale.base + 4.0
    );
}

/// The similarity axis: its line, ticks every 0.05 (0.1 over wide ranges)
/// from the threshold's tick up, 1 under the bar of its own, and the axis
/// titles.
fn similarity_axis(out: &mut String, scale: &Scale) {
    let base = scale.base;
    let _ = writeln!(
        out,
        "<line class=\"axis-line\" x1=\"{LEFT}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\"/>",
        WIDTH - RIGHT
    );
    let step = if 1.0 - scale.low > 0.5 { 10 } else { 5 };
    let first = ((scale.low * 100.0 - 1e-6).ceil() as u32).div_ceil(step) * step;
    for hundredths in (first..100).step_by(step as usize) {
        let at = scale.x(f64::from(hundredths) / 100.0);
        tick(out, at, &format!("{:.2}", f64::from(hundredths) / 100.0));
    }
    tick(out, scale.x(1.0), "1");
    tick(out, WIDTH - RIGHT - ONE_BAR / 2.0, "= 1");
    let _ = writeln!(
        out,
        "<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">similarity →</text>",
        (LEFT + scale.plot_right) / 2.0,
        HEIGHT - 4.0
    );
    let _ = writeln!(
        out,
        "<text class=\"axis\" transform=\"translate(11 {}) rotate(-90)\" text-anchor=\"middle\">pairs</text>",
        (TOP + base) / 2.0
    );
}

fn bar(out: &mut String, x: f64, width: f64, top: f64, base: f64, b: &HistogramBin, class: &str) {
    let _ = writeln!(
        out,
        "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{top:.1}\" width=\"{width:.1}\" height=\"{:.1}\">\
         <title>{}: {} {}</title></rect>",
        (base - top).max(0.5),
        bin_label(b),
        b.pairs,
        if b.pairs == 1 { "pair" } else { "pairs" }
    );
}

fn tick(out: &mut String, at: f64, label: &str) {
    let base = HEIGHT - BOTTOM;
    let _ = writeln!(
        out,
        "<line class=\"tick\" x1=\"{at:.1}\" y1=\"{base}\" x2=\"{at:.1}\" y2=\"{}\"/>\
         <text x=\"{at:.1}\" y=\"{}\" text-anchor=\"middle\">{label}</text>",
        base + 4.0,
        base + 16.0
    );
}

/// `0.8047–0.8125`, or `1` for the bin at exactly 1.
pub fn bin_label(b: &HistogramBin) -> String {
    if b.from >= 1.0 {
        "1".to_string()
    } else {
        format!("{:.4}–{:.4}", b.from, b.to)
    }
}

/// Powers of ten the count axis needs: the smallest `k` with `10^k >= max`.
fn decades(max: u64) -> u32 {
    let mut k = 0;
    while k < 19 && 10u64.pow(k) < max {
        k += 1;
    }
    k
}

/// `1`, `10`, `100`, `1k`, … `10M`.
fn short_count(n: u64) -> String {
    match n {
        0..1_000 => n.to_string(),
        1_000..1_000_000 => format!("{}k", n / 1_000),
        1_000_000..1_000_000_000 => format!("{}M", n / 1_000_000),
        _ => format!("{}G", n / 1_000_000_000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bin(from: f64, to: f64, pairs: u64) -> HistogramBin {
        HistogramBin { from, to, pairs }
    }

    #[test]
    fn one_bar_per_non_empty_bin_and_one_for_exact_copies() {
        let bins = [
            bin(0.8, 0.85, 3),
            bin(0.85, 0.9, 0),
            bin(0.9, 1.0, 40),
            bin(1.0, 1.0, 49_995_000),
        ];
        let mut out = String::new();
        svg(&mut out, &bins, 0.8);
        assert_eq!(out.matches("<rect class=\"bar\"").count(), 2);
        assert_eq!(out.matches("<rect class=\"bar one\"").count(), 1);
        assert!(out.contains("<title>0.8000–0.8500: 3 pairs</title>"));
        assert!(out.contains("<title>1: 49995000 pairs</title>"));
        // Log scale: 10^8 is the top line; the smallest bar is visible.
        assert!(out.contains(">100M</text>"));
        let heights: Vec<f64> = out
            .split("height=\"")
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
            .collect();
        assert_eq!(heights.len(), 3);
        assert!(heights[0] > 10.0 && heights[0] < heights[1] && heights[1] < heights[2]);
        for label in ["0.80", "0.85", "0.90", "0.95", "= 1"] {
            assert!(out.contains(&format!(">{label}</text>")), "{label}");
        }
    }

    #[test]
    fn empty_and_degenerate_histograms_draw() {
        for (bins, t) in [
            (vec![], 0.8),
            (vec![bin(1.0, 1.0, 0)], 1.0),
            (vec![bin(1.0, 1.0, 2)], 1.0),
            (vec![bin(0.01, 1.0, 1), bin(1.0, 1.0, 0)], 0.01),
        ] {
            let mut out = String::new();
            svg(&mut out, &bins, t);
            assert!(out.ends_with("</svg>\n"));
            assert!(!out.contains("NaN") && !out.contains("inf"), "{out}");
        }
    }

    #[test]
    fn counts_are_short() {
        assert_eq!(decades(0), 0);
        assert_eq!(decades(1), 0);
        assert_eq!(decades(2), 1);
        assert_eq!(decades(10), 1);
        assert_eq!(decades(u64::MAX), 19);
        assert_eq!(short_count(10_000_000), "10M");
        assert_eq!(short_count(1_000), "1k");
    }
}
