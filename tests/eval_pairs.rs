//! The defaults generalise beyond the seed: on the hand-written article
//! pairs in corpus/pairs (split, merged, reordered sentences and new
//! material that shares names and numbers), the links stay mostly precise
//! and find gold pairs that share few words. Floors sit a little below the
//! values measured in docs/accuracy.md, so a regression fails here; the
//! targets (precision 0.95, recall 0.90) are not reached yet.

use crate::util::*;
use serde_json::Value;

/// The first five pairs, written before the hard ones (median gold-pair
/// word overlap 0.3 and more).
const FIRST_FIVE: [&str; 5] = [
    "corpus/pairs/ashcombe-library",
    "corpus/pairs/corran-seagrass",
    "corpus/pairs/dunmore-cup-final",
    "corpus/pairs/lenvia-voting-age",
    "corpus/pairs/valdora-van-plant",
];

fn sum(pairs: &[&Value], key: &str) -> f64 {
    pairs.iter().map(|p| p[key].as_f64().unwrap()).sum()
}

#[test]
fn article_pairs_precision_and_recall() {
    let run = neardup(&["eval", "pairs", "corpus/pairs", "corpus/seed", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let pairs = v["pairs"].as_array().unwrap();
    assert!(pairs.len() >= 21, "twenty written pairs plus the seed");
    let total = &v["total"];
    let (p, r) = (
        total["precision"].as_f64().unwrap(),
        total["recall"].as_f64().unwrap(),
    );
    assert!(p >= 0.83, "precision {p}");
    assert!(r >= 0.59, "recall {r}");
    // Synonyms (session 20) found 22 more gold pairs and 7 more padding
    // sentences that share a name, a number and a near-synonym (31 -> 38).
    assert!(v["new_material_reported"].as_u64().unwrap() <= 40);
    let first: Vec<&Value> = pairs
        .iter()
        .filter(|p| FIRST_FIVE.contains(&p["name"].as_str().unwrap()) || p["name"] == "corpus/seed")
        .collect();
    assert_eq!(first.len(), 6);
    let p = sum(&first, "correct") / sum(&first, "links");
    let r = sum(&first, "found") / sum(&first, "gold");
    assert!(p >= 0.87, "precision on the first five and the seed {p}");
    assert!(r >= 0.84, "recall on the first five and the seed {r}");
    let seed = pairs.iter().find(|p| p["name"] == "corpus/seed").unwrap();
    assert_eq!(seed["found"], seed["gold"]);
    assert_eq!(seed["correct"], seed["links"]);
}
