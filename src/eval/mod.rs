//! Accuracy evaluation against gold data: article pairs with sentence-level
//! gold ([`pairs`]) and the Microsoft Research Paraphrase Corpus
//! ([`mrpc`]). These are measurements, not tests: `neardup eval` prints
//! them, and the README records them with the command that produced them.

pub mod mrpc;
pub mod pairs;
pub mod pan;
pub mod pan10;
pub mod retrieve;

use serde::Serialize;

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Prf {
    /// Correct predictions / predictions (1 when nothing was predicted).
    pub precision: f64,
    /// Found gold items / gold items (1 when there is no gold).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Prf {
    /// From `correct` of `predicted` predictions and `found` of `gold` items.
    pub fn new(correct: usize, predicted: usize, found: usize, gold: usize) -> Self {
        let precision = if predicted == 0 {
            1.0
        } else {
            correct as f64 / predicted as f64
        };
        let recall = if gold == 0 {
            1.0
        } else {
            found as f64 / gold as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_edge_cases() {
        assert_eq!(
            Prf::new(0, 0, 0, 0),
            Prf {
                precision: 1.0,
                recall: 1.0,
                f1: 1.0
            }
        );
        let p = Prf::new(3, 4, 3, 6);
        assert_eq!((p.precision, p.recall), (0.75, 0.5));
        assert!((p.f1 - 0.6).abs() < 1e-12);
    }
}
