//! PAN's text-alignment measures (Potthast et al., 2010), character level.
//!
//! A case or detection is a pair of character ranges: one in the
//! suspicious document, one in the source document. A detection *detects*
//! a case when they are about the same pair of documents and overlap in both.
//! With `s ⊓ r` the characters (in both documents) shared by a case and a
//! detection that detects it:
//!
//! - precision = mean over detections r of |∪_s (s ⊓ r)| / |r|
//! - recall    = mean over cases s of |∪_r (s ⊓ r)| / |s|
//! - granularity = mean over detected cases of the number of detections
//!   that detect it
//! - plagdet = F1(precision, recall) / log2(1 + granularity)
//!
//! As in PAN's evaluation script, no cases and no detections score 1 for
//! precision and recall, and cases without detections (or detections
//! without cases) score 0 for both.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

/// A case or a detection: two character ranges in a pair of documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// Name of the suspicious document.
    pub suspicious: String,
    /// Character range in the suspicious document.
    pub this: Range<usize>,
    /// Name of the source document.
    pub source: String,
    /// Character range in the source document.
    pub source_range: Range<usize>,
}

impl Annotation {
    fn len(&self) -> usize {
        self.this.len() + self.source_range.len()
    }

    fn detects(&self, case: &Annotation) -> bool {
        self.suspicious == case.suspicious
            && self.source == case.source
            && overlap(&self.this, &case.this) > 0
            && overlap(&self.source_range, &case.source_range) > 0
    }
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Size of the union of the parts of `ranges` inside `within`.
fn covered(within: &Range<usize>, ranges: impl Iterator<Item = Range<usize>>) -> usize {
    let mut parts: Vec<Range<usize>> = ranges
        .map(|r| r.start.max(within.start)..r.end.min(within.end))
        .filter(|r| r.start < r.end)
        .collect();
    parts.sort_by_key(|r| (r.start, r.end));
    let (mut total, mut reach) = (0, within.start);
    for p in parts {
        let start = p.start.max(reach);
        if p.end > start {
            total += p.end - start;
            reach = p.end;
        }
    }
    total
}

/// Share of `a` (both sides) covered by those of `others` that detect or are
/// detected by it.
fn share(a: &Annotation, others: &[Annotation]) -> f64 {
    let hits: Vec<&Annotation> = others.iter().filter(|o| o.detects(a)).collect();
    let this = covered(&a.this, hits.iter().map(|o| o.this.clone()));
    let src = covered(&a.source_range, hits.iter().map(|o| o.source_range.clone()));
    if a.len() == 0 {
        0.0
    } else {
        (this + src) as f64 / a.len() as f64
    }
}

/// PAN scores of a set of detections against a set of cases.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct PanScores {
    /// Plagdet: F1 / log2(1 + granularity).
    pub plagdet: f64,
    /// Character-level macro precision.
    pub precision: f64,
    /// Character-level macro recall.
    pub recall: f64,
    /// Mean detections per detected case (1 is ideal).
    pub granularity: f64,
    /// Number of cases.
    pub cases: usize,
    /// Number of detections.
    pub detections: usize,
}

/// The cases and detections of one document pair.
type CasesAndDetections = (Vec<Annotation>, Vec<Annotation>);

/// Scores `detections` against `cases`.
pub fn score(cases: &[Annotation], detections: &[Annotation]) -> PanScores {
    // Only annotations of the same document pair can overlap: group them.
    let mut groups: BTreeMap<(&str, &str), CasesAndDetections> = BTreeMap::new();
    for c in cases {
        groups
            .entry((&c.suspicious, &c.source))
            .or_default()
            .0
            .push(c.clone());
    }
    for d in detections {
        groups
            .entry((&d.suspicious, &d.source))
            .or_default()
            .1
            .push(d.clone());
    }
    let (mut recall_sum, mut precision_sum) = (0.0, 0.0);
    let (mut detected, mut detections_of_detected) = (0usize, 0usize);
    for (cs, ds) in groups.values() {
        recall_sum += cs.iter().map(|c| share(c, ds)).sum::<f64>();
        precision_sum += ds.iter().map(|d| share(d, cs)).sum::<f64>();
        for c in cs {
            let n = ds.iter().filter(|d| d.detects(c)).count();
            if n > 0 {
                detected += 1;
                detections_of_detected += n;
            }
        }
    }
    let (precision, recall) = match (cases.is_empty(), detections.is_empty()) {
        (true, true) => (1.0, 1.0),
        (true, false) | (false, true) => (0.0, 0.0),
        (false, false) => (
            precision_sum / detections.len() as f64,
            recall_sum / cases.len() as f64,
        ),
    };
    let granularity = if detected == 0 {
        1.0
    } else {
        detections_of_detected as f64 / detected as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    PanScores {
        plagdet: f1 / (1.0 + granularity).log2(),
        precision,
        recall,
        granularity,
        cases: cases.len(),
        detections: detections.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(this: Range<usize>, src: Range<usize>) -> Annotation {
        Annotation {
            suspicious: "s".into(),
            this,
            source: "r".into(),
            source_range: src,
        }
    }

    #[test]
    fn perfect_detection() {
        let s = score(&[a(0..100, 50..150)], &[a(0..100, 50..150)]);
        assert_eq!(
            (s.precision, s.recall, s.granularity, s.plagdet),
            (1.0, 1.0, 1.0, 1.0)
        );
    }

    #[test]
    fn half_detected_case() {
        // The detection covers the first half of the case on both sides:
        // recall = (50 + 50) / 200, precision = 1.
        let s = score(&[a(0..100, 0..100)], &[a(0..50, 0..50)]);
        assert_eq!((s.precision, s.recall), (1.0, 0.5));
        // F1 = 2/3, granularity 1 -> plagdet = 2/3.
        assert!((s.plagdet - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn overlong_detection() {
        // Detection 0..200 / 0..100 against case 0..100 / 0..100:
        // precision = (100 + 100) / 300.
        let s = score(&[a(0..100, 0..100)], &[a(0..200, 0..100)]);
        assert!((s.precision - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(s.recall, 1.0);
    }

    #[test]
    fn split_detection_costs_granularity() {
        // Two detections cover the case exactly between them:
        // precision 1, recall 1, granularity 2 -> plagdet = 1 / log2(3).
        let s = score(
            &[a(0..100, 0..100)],
            &[a(0..50, 0..50), a(50..100, 50..100)],
        );
        assert_eq!((s.precision, s.recall, s.granularity), (1.0, 1.0, 2.0));
        assert!((s.plagdet - 1.0 / 3f64.log2()).abs() < 1e-12);
    }

    #[test]
    fn overlapping_detections_are_not_double_counted() {
        // Two detections both covering 0..60 of the case: recall counts the
        // union (60 + 60) / 200 = 0.6.
        let s = score(&[a(0..100, 0..100)], &[a(0..60, 0..60), a(0..60, 0..60)]);
        assert!((s.recall - 0.6).abs() < 1e-12);
    }

    #[test]
    fn must_overlap_on_both_sides_and_same_documents() {
        // Overlaps in the suspicious document only: detects nothing.
        let s = score(&[a(0..100, 0..100)], &[a(0..100, 500..600)]);
        assert_eq!((s.precision, s.recall), (0.0, 0.0));
        let mut other = a(0..100, 0..100);
        other.source = "other".into();
        let s = score(&[a(0..100, 0..100)], &[other]);
        assert_eq!(s.recall, 0.0);
    }

    #[test]
    fn empty_sets_follow_pan() {
        assert_eq!(score(&[], &[]).plagdet, 1.0);
        assert_eq!(score(&[], &[a(0..1, 0..1)]).plagdet, 0.0);
        assert_eq!(score(&[a(0..1, 0..1)], &[]).plagdet, 0.0);
    }

    #[test]
    fn two_cases_one_missed() {
        // Case 1 found exactly, case 2 missed: recall 0.5, precision 1.
        let cases = [a(0..100, 0..100), a(300..400, 300..400)];
        let s = score(&cases, &[a(0..100, 0..100)]);
        assert_eq!((s.precision, s.recall, s.granularity), (1.0, 0.5, 1.0));
    }
}
