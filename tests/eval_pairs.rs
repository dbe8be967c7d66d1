//! The defaults generalise beyond the seed: on the hand-written article
//! pairs in corpus/pairs (split, merged, reordered sentences and new
//! material that shares names and numbers), the links stay precise and
//! find most gold pairs. Floors sit a little below the measured values in
//! the README, so a regression fails here.

use crate::util::*;
use serde_json::Value;

#[test]
fn article_pairs_precision_and_recall() {
    let run = neardup(&["eval", "pairs", "corpus/pairs", "corpus/seed", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let pairs = v["pairs"].as_array().unwrap();
    assert!(pairs.len() >= 6, "five written pairs plus the seed");
    let total = &v["total"];
    let (p, r) = (
        total["precision"].as_f64().unwrap(),
        total["recall"].as_f64().unwrap(),
    );
    assert!(p >= 0.95, "precision {p}");
    assert!(r >= 0.72, "recall {r}");
    assert!(v["new_material_reported"].as_u64().unwrap() <= 1);
    let seed = pairs.iter().find(|p| p["name"] == "corpus/seed").unwrap();
    assert_eq!(seed["found"], seed["gold"]);
    assert_eq!(seed["correct"], seed["links"]);
}
