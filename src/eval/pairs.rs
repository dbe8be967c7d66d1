//! Sentence-level evaluation on article pairs with gold alignments.
//!
//! A pair folder holds `original.txt`, `rewrite.txt` and `gold.tsv` (header
//! `original_sentence<TAB>rewrite_sentence`, one truly matching sentence
//! pair per line, sentences copied from the texts; a line break inside a
//! sentence may be written as a space). A reported passage link is correct
//! when its two passages hold the two sentences of some gold pair; a gold
//! pair is found when some link holds both its sentences. On the rewrite
//! side, a passage inside a match that holds no gold sentence is new
//! material reported by mistake.

use serde::Serialize;

use super::Prf;
use crate::compare::{Comparator, Comparison, Document};
use crate::error::Error;
use crate::text::Span;

/// One gold sentence pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldPair {
    /// The original sentence.
    pub original: String,
    /// The rewrite sentence.
    pub rewrite: String,
}

/// Parses a gold TSV (the header line is skipped).
pub fn parse_gold(tsv: &str) -> Result<Vec<GoldPair>, Error> {
    let mut out = Vec::new();
    for (n, line) in tsv.lines().enumerate().skip(1) {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let (o, r) = line.split_once('\t').ok_or(Error::BadLine {
            line: n + 1,
            expected: "two tab-separated sentences",
        })?;
        out.push(GoldPair {
            original: o.to_string(),
            rewrite: r.to_string(),
        });
    }
    Ok(out)
}

/// Finds `needle` in `text` ignoring differences in whitespace; returns the
/// byte span in `text`.
pub fn find_loose(text: &str, needle: &str) -> Option<Span> {
    let collapse = |s: &str| -> (String, Vec<usize>) {
        let mut out = String::new();
        let mut map = Vec::new();
        let mut space = false;
        for (i, c) in s.char_indices() {
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if space && !out.is_empty() {
                out.push(' ');
                map.push(i);
            }
            space = false;
            out.push(c);
            map.extend(std::iter::repeat_n(i, c.len_utf8()));
        }
        map.push(s.len());
        (out, map)
    };
    let (hay, map) = collapse(text);
    let (pin, _) = collapse(needle);
    if pin.is_empty() {
        return None;
    }
    let at = hay.find(&pin)?;
    let end = map[at + pin.len() - 1];
    let last_len = text[end..].chars().next().map_or(0, char::len_utf8);
    Some(Span::new(map[at], end + last_len))
}

/// Scores of one article pair.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PairScore {
    /// The pair's name (its folder).
    pub name: String,
    /// Gold sentence pairs.
    pub gold: usize,
    /// Gold pairs found.
    pub found: usize,
    /// Passage links reported.
    pub links: usize,
    /// Links that hold a gold pair.
    pub correct: usize,
    /// Rewrite passages inside a match that hold no gold sentence.
    pub new_material_reported: usize,
    /// Precision, recall and F1 of the links.
    pub scores: Prf,
    /// Gold pairs not found, with their similarity.
    pub missed: Vec<Missed>,
}

/// A gold pair the comparator did not report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Missed {
    /// The original sentence.
    pub original: String,
    /// The rewrite sentence.
    pub rewrite: String,
    /// Exact Jaccard similarity of the two sentences' shingle sets.
    pub similarity: f64,
}

/// Compares one pair and scores the result against `gold`.
pub fn score_pair(
    cmp: &Comparator,
    name: &str,
    original: &Document,
    rewrite: &Document,
    gold: &[GoldPair],
) -> Result<(PairScore, Comparison), Error> {
    let result = cmp.compare(original, rewrite);
    let po = cmp.passages(&original.text);
    let pr = cmp.passages(&rewrite.text);
    let mut gold_spans = Vec::new();
    for g in gold {
        let missing = |side, sentence: &str| Error::GoldNotFound {
            pair: name.to_string(),
            side,
            sentence: sentence.to_string(),
        };
        let o = find_loose(&original.text, &g.original)
            .ok_or_else(|| missing("original", &g.original))?;
        let r =
            find_loose(&rewrite.text, &g.rewrite).ok_or_else(|| missing("rewrite", &g.rewrite))?;
        gold_spans.push((o, r));
    }
    let overlaps = |a: Span, b: Span| a.start < b.end && b.start < a.end;
    let links: Vec<(Span, Span)> = result
        .matches
        .iter()
        .flat_map(|m| m.links.iter().map(|l| (po[l.original], pr[l.rewrite])))
        .collect();
    let holds =
        |(lo, lr): (Span, Span), (go, gr): (Span, Span)| overlaps(lo, go) && overlaps(lr, gr);
    let correct = links
        .iter()
        .filter(|&&l| gold_spans.iter().any(|&g| holds(l, g)))
        .count();
    let found = gold_spans
        .iter()
        .filter(|&&g| links.iter().any(|&l| holds(l, g)))
        .count();
    let missed = gold
        .iter()
        .zip(&gold_spans)
        .filter(|(_, g)| !links.iter().any(|&l| holds(l, **g)))
        .map(|(g, _)| Missed {
            original: g.original.clone(),
            rewrite: g.rewrite.clone(),
            similarity: crate::format::round4(cmp.similarity(&g.original, &g.rewrite)),
        })
        .collect();
    let new_material_reported = result
        .matches
        .iter()
        .flat_map(|m| m.rewrite.first_passage..=m.rewrite.last_passage)
        .filter(|&j| !gold_spans.iter().any(|g| overlaps(pr[j], g.1)))
        .count();
    let score = PairScore {
        name: name.to_string(),
        gold: gold.len(),
        found,
        links: links.len(),
        correct,
        new_material_reported,
        scores: Prf::new(correct, links.len(), found, gold.len()),
        missed,
    };
    Ok((score, result))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CompareConfig;

    #[test]
    fn finds_sentences_across_line_breaks() {
        let text = "Alpha beta\ngamma delta.  Next one.";
        let s = find_loose(text, "beta gamma delta.").unwrap();
        assert_eq!(&text[s.start..s.end], "beta\ngamma delta.");
        assert!(find_loose(text, "missing").is_none());
    }

    #[test]
    fn scores_a_small_pair() {
        let cmp = Comparator::new(CompareConfig::default()).unwrap();
        let original = Document {
            path: "o".into(),
            text: "The mayor opened the new bridge over the river in May. Traffic fell by a third."
                .into(),
        };
        let rewrite = Document {
            path: "r".into(),
            text: "Officials said the budget was tight this spring. In May the mayor opened the river's new bridge.".into(),
        };
        let gold = parse_gold(
            "original_sentence\trewrite_sentence\nThe mayor opened the new bridge over the river in May.\tIn May the mayor opened the river's new bridge.\n",
        )
        .unwrap();
        let (s, _) = score_pair(&cmp, "t", &original, &rewrite, &gold).unwrap();
        assert_eq!(
            (s.gold, s.found, s.correct, s.new_material_reported),
            (1, 1, 1, 0)
        );
    }
}
