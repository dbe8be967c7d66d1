//! `neardup scan --lang auto` on a planted multilingual folder: the
//! Russian, Spanish and French article pairs of tests/language (each a
//! light paraphrase) and the English seed pair with its source article.
//! Each document is read in the language detected for it: a pair's
//! similarity is the one `--lang CODE` gives for its language, so the
//! Russian and Spanish pairs, whose words differ in their endings, are
//! found at a threshold `--lang none` misses them at, and the English
//! figures are those of `--lang en`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::util::*;
use serde_json::Value;

/// The planted folder: `LANG-a.txt` / `LANG-b.txt` per language, and the
/// seed's three English texts.
fn plant(dir: &Path) {
    for lang in ["ru", "es", "fr"] {
        for (file, side) in [("original", "a"), ("rewrite", "b")] {
            let text = read(&format!("tests/language/{lang}/{file}.txt"));
            fs::write(dir.join(format!("{lang}-{side}.txt")), text).unwrap();
        }
    }
    for file in ["original", "rewrite", "seed-article"] {
        let text = read(&format!("corpus/seed/{file}.txt"));
        fs::write(dir.join(format!("en-{file}.txt")), text).unwrap();
    }
}

/// Exact word:1 Jaccard of every pair at or above `threshold`, by pair.
fn pairs(dir: &Path, lang: &str, threshold: &str) -> (BTreeMap<String, f64>, Value) {
    let run = neardup_env(
        dir,
        &[
            "scan",
            ".",
            "--lang",
            lang,
            "--shingle",
            "word:1",
            "--exact",
            "--threshold",
            threshold,
            "--format",
            "json",
        ],
        &[],
    );
    assert!(run.code <= 1, "{}", run.stderr);
    let r: Value = serde_json::from_str(&run.stdout).unwrap();
    let found = r["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                format!("{} {}", p["a"].as_str().unwrap(), p["b"].as_str().unwrap()),
                p["similarity"].as_f64().unwrap(),
            )
        })
        .collect();
    (found, r)
}

#[test]
fn scan_reads_each_document_in_its_own_language() {
    let dir = tempfile::tempdir().unwrap();
    plant(dir.path());
    let (auto, report) = pairs(dir.path(), "auto", "0.2");
    assert_eq!(report["settings"]["lang"], "auto");
    assert_eq!(
        report["summary"]["languages"],
        serde_json::json!({"en": 3, "es": 2, "fr": 2, "ru": 2})
    );
    // Each pair scores as with its own language forced.
    for lang in ["ru", "es", "fr", "en"] {
        let (forced, r) = pairs(dir.path(), lang, "0.2");
        assert_eq!(r["summary"]["languages"], serde_json::json!({}));
        let prefix = format!("{lang}-");
        let mine = |m: &BTreeMap<String, f64>| -> Vec<(String, f64)> {
            m.iter()
                .filter(|(k, _)| k.split(' ').all(|p| p.starts_with(&prefix)))
                .map(|(k, v)| (k.clone(), *v))
                .collect()
        };
        assert!(!mine(&auto).is_empty(), "{lang}: {auto:?}");
        assert_eq!(mine(&auto), mine(&forced), "{lang}");
    }
    // Stemming brings the inflected pairs over a threshold that words
    // compared as written miss.
    let (none, _) = pairs(dir.path(), "none", "0.2");
    for pair in ["ru-a.txt ru-b.txt", "es-a.txt es-b.txt"] {
        assert!(auto[pair] > none[pair], "{pair}: {auto:?} vs {none:?}");
        assert!(auto[pair] >= 0.7 && none[pair] < 0.7, "{pair}");
    }
    let (found, _) = pairs(dir.path(), "auto", "0.7");
    assert!(found.contains_key("ru-a.txt ru-b.txt") && found.contains_key("es-a.txt es-b.txt"));
    let (missed, _) = pairs(dir.path(), "none", "0.7");
    assert!(!missed.contains_key("ru-a.txt ru-b.txt") && !missed.contains_key("es-a.txt es-b.txt"));
}

#[test]
fn scan_shows_the_languages_detected() {
    let dir = tempfile::tempdir().unwrap();
    plant(dir.path());
    let run = neardup_env(dir.path(), &["scan", ".", "--lang", "auto"], &[]);
    assert!(run.code <= 1, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Languages detected: en 3, es 2, fr 2, ru 2"),
        "{}",
        run.stdout
    );
    // The default reads words as written and detects nothing.
    let run = neardup_env(dir.path(), &["scan", ".", "--format", "json"], &[]);
    let r: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(r["settings"]["lang"], "none");
    assert_eq!(r["summary"]["languages"], serde_json::json!({}));
}
