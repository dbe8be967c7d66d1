//! The Microsoft Research Paraphrase Corpus as a sentence-pair classifier
//! test: a pair is predicted to be a paraphrase when `compare` reports a
//! match between its two sentences.
//!
//! Format: TSV with header `Quality<TAB>#1 ID<TAB>#2 ID<TAB>#1 String<TAB>#2
//! String`, UTF-8 with a byte-order mark and CRLF line ends; strings are
//! split on tabs only.

use rayon::prelude::*;
use serde::Serialize;

use super::Prf;
use crate::compare::{Comparator, Comparison, Document};
use crate::error::Error;

/// One labelled sentence pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledPair {
    /// True when annotators judged the pair a paraphrase.
    pub paraphrase: bool,
    /// First sentence.
    pub a: String,
    /// Second sentence.
    pub b: String,
}

impl LabelledPair {
    /// Compares the pair: the first text as the original, the second as
    /// the rewrite.
    pub fn compare(&self, cmp: &Comparator) -> Comparison {
        let doc = |path: &str, text: &str| Document {
            path: path.into(),
            text: text.into(),
        };
        cmp.compare(&doc("original", &self.a), &doc("rewrite", &self.b))
    }
}

/// Parses the MRPC TSV.
pub fn parse(tsv: &str) -> Result<Vec<LabelledPair>, Error> {
    let tsv = tsv.trim_start_matches('\u{feff}');
    let mut out = Vec::new();
    for (n, line) in tsv.lines().enumerate().skip(1) {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 5 || !(f[0] == "0" || f[0] == "1") {
            return Err(Error::BadLine {
                line: n + 1,
                expected: "5 tab-separated fields starting with 0 or 1",
            });
        }
        out.push(LabelledPair {
            paraphrase: f[0] == "1",
            a: f[3].to_string(),
            b: f[4].to_string(),
        });
    }
    Ok(out)
}

/// Classification scores.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MrpcScore {
    /// Pairs evaluated.
    pub pairs: usize,
    /// Pairs labelled paraphrase.
    pub positives: usize,
    /// Pairs predicted paraphrase.
    pub predicted: usize,
    /// Predicted and labelled paraphrase.
    pub true_positives: usize,
    /// Share of pairs classified correctly.
    pub accuracy: f64,
    /// Precision, recall, F1 of the paraphrase class.
    pub scores: Prf,
}

/// Classifies every pair with `cmp` and scores the predictions.
pub fn evaluate(cmp: &Comparator, pairs: &[LabelledPair]) -> MrpcScore {
    let predicted: Vec<bool> = pairs
        .par_iter()
        .map(|p| !p.compare(cmp).matches.is_empty())
        .collect();
    let positives = pairs.iter().filter(|p| p.paraphrase).count();
    let npred = predicted.iter().filter(|&&x| x).count();
    let tp = pairs
        .iter()
        .zip(&predicted)
        .filter(|(p, x)| p.paraphrase && **x)
        .count();
    let right = pairs
        .iter()
        .zip(&predicted)
        .filter(|(p, x)| p.paraphrase == **x)
        .count();
    MrpcScore {
        pairs: pairs.len(),
        positives,
        predicted: npred,
        true_positives: tp,
        accuracy: if pairs.is_empty() {
            0.0
        } else {
            right as f64 / pairs.len() as f64
        },
        scores: Prf::new(tp, npred, tp, positives),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CompareConfig;

    #[test]
    fn parses_and_scores() {
        let tsv = "\u{feff}Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n\
            1\t1\t2\tThe company posted record profits in the third quarter.\tIn the third quarter the company's profits hit a record.\r\n\
            0\t3\t4\tThe storm closed schools across the state on Monday.\tShares of the retailer rose sharply after earnings.\r\n";
        let pairs = parse(tsv).unwrap();
        assert_eq!(pairs.len(), 2);
        let cmp = Comparator::new(CompareConfig::default()).unwrap();
        let s = evaluate(&cmp, &pairs);
        assert_eq!((s.true_positives, s.predicted, s.accuracy), (1, 1, 1.0));
        assert!(parse("h\nx\ty\n").is_err());
    }
}
