//! Documents in different languages (`compare`'s cross-language rule,
//! `src/compare/cross.rs`). Three short news articles in English, each
//! translated (French, German, Spanish) with one unrelated sentence
//! inserted as the translation's sixth line, and three unrelated articles
//! in those languages that share names, places, dates or numbers with
//! them (`tests/language/cross/`, written for these tests, one sentence
//! a line). Truth: line k of an original is line k of its translation
//! before the inserted line, line k + 1 after it.
//!
//! Measured: precision and recall of the links (a link is right when its
//! two passages lie on lines that translate each other; recall counts the
//! original's lines with a right link), and links between every other pair
//! of documents in different languages (none wanted).

use crate::util::*;
use serde_json::Value;

/// The translation pairs (original, translation).
const PAIRS: [(&str, &str); 3] = [
    ("en-fr/original.txt", "en-fr/rewrite.txt"),
    ("en-de/original.txt", "en-de/rewrite.txt"),
    ("en-es/original.txt", "en-es/rewrite.txt"),
];

/// The translation's inserted line (1-based).
const INSERTED: usize = 6;

/// Every document.
const DOCS: [&str; 9] = [
    "en-fr/original.txt",
    "en-de/original.txt",
    "en-es/original.txt",
    "en-fr/rewrite.txt",
    "en-de/rewrite.txt",
    "en-es/rewrite.txt",
    "unrelated/fr-securite-routiere.txt",
    "unrelated/de-oktoberfest.txt",
    "unrelated/es-dana.txt",
];

fn compare(a: &str, b: &str, extra: &[&str]) -> Value {
    let (a, b) = (
        format!("tests/language/cross/{a}"),
        format!("tests/language/cross/{b}"),
    );
    let mut args = vec!["compare", a.as_str(), b.as_str(), "--format", "json"];
    args.extend_from_slice(extra);
    let run = neardup(&args);
    assert!(run.code <= 1, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// 1-based line of byte `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// Every link of a report: (original line, rewrite line, support).
fn links(v: &Value, original: &str, rewrite: &str) -> Vec<(usize, usize, String)> {
    let at = |l: &Value, k: &str| l[k].as_u64().unwrap() as usize;
    v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["links"].as_array().unwrap())
        .map(|l| {
            (
                line_of(original, at(l, "original_start")),
                line_of(rewrite, at(l, "rewrite_start")),
                l["support"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The translation's line for original line `k`.
fn truth(k: usize) -> usize {
    if k < INSERTED { k } else { k + 1 }
}

#[test]
fn translations_are_linked_on_names_numbers_and_dates() {
    let mut table = String::from("pair    links  right  precision  lines found  recall\n");
    let (mut all_links, mut all_right, mut all_lines, mut all_found) = (0, 0, 0, 0);
    for (a, b) in PAIRS {
        let v = compare(a, b, &[]);
        let (original, rewrite) = (
            read(&format!("tests/language/cross/{a}")),
            read(&format!("tests/language/cross/{b}")),
        );
        // The report says what the matches rest on.
        let cross = &v["cross_language"];
        assert_eq!(cross["basis"], "names, numbers and dates", "{b}");
        assert!(
            cross["note"]
                .as_str()
                .unwrap()
                .contains("different languages"),
            "{cross}"
        );
        assert_eq!(
            cross["anchor_matches"].as_u64().unwrap() as usize,
            v["matches"].as_array().unwrap().len()
        );
        for l in v["matches"][0]["links"].as_array().unwrap() {
            assert_eq!(l["support"], "anchors");
            assert!(!l["anchors"].as_array().unwrap().is_empty(), "{l}");
        }
        let found = links(&v, &original, &rewrite);
        assert!(
            found.iter().all(|(_, r, _)| *r != INSERTED),
            "{b}: the inserted line is linked: {found:?}"
        );
        let right = found.iter().filter(|(o, r, _)| truth(*o) == *r).count();
        let lines = original.lines().count();
        let mut hit: Vec<usize> = found
            .iter()
            .filter(|(o, r, _)| truth(*o) == *r)
            .map(|(o, _, _)| *o)
            .collect();
        hit.dedup();
        table.push_str(&format!(
            "{:<7} {:>5}  {:>5}  {:>9.3}  {:>5} / {:<3}  {:.3}\n",
            &a[..5],
            found.len(),
            right,
            right as f64 / found.len().max(1) as f64,
            hit.len(),
            lines,
            hit.len() as f64 / lines as f64
        ));
        assert_eq!(right, found.len(), "{b}: a wrong link: {found:?}");
        assert!(
            hit.len() * 4 >= lines * 3,
            "{b}: {} of {lines} lines linked: {found:?}",
            hit.len()
        );
        (all_links, all_right) = (all_links + found.len(), all_right + right);
        (all_lines, all_found) = (all_lines + lines, all_found + hit.len());
    }
    table.push_str(&format!(
        "all     {all_links:>5}  {all_right:>5}  {:>9.3}  {all_found:>5} / {all_lines:<3}  {:.3}\n",
        all_right as f64 / all_links as f64,
        all_found as f64 / all_lines as f64
    ));
    println!("{table}");
}

#[test]
fn unrelated_documents_in_different_languages_are_not_linked() {
    let mut pairs = 0;
    let mut false_links = Vec::new();
    for (k, a) in DOCS.iter().enumerate() {
        for b in &DOCS[k + 1..] {
            if PAIRS.contains(&(*a, *b)) {
                continue;
            }
            let v = compare(a, b, &[]);
            if v["original"]["language"] == v["rewrite"]["language"] {
                assert!(v.get("cross_language").is_none(), "{a} {b}");
                continue;
            }
            pairs += 1;
            assert!(v["cross_language"].is_object(), "{a} {b}");
            for m in v["matches"].as_array().unwrap() {
                false_links.push(format!("{a} / {b}: {}", m["links"]));
            }
        }
    }
    println!("{pairs} pairs of unrelated documents in different languages");
    assert_eq!(pairs, 27);
    assert!(false_links.is_empty(), "{false_links:#?}");
}

#[test]
fn cross_language_reports_say_so() {
    let (a, b) = PAIRS[0];
    let (a, b) = (
        format!("tests/language/cross/{a}"),
        format!("tests/language/cross/{b}"),
    );
    let run = neardup(&["compare", &a, &b]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("different languages (en, fr): passages are linked only on the names"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("3.2 billion = 3,2 milliards"),
        "{}",
        run.stdout
    );
    let run = neardup(&["compare", &a, &b, "--format", "html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("different languages (en, fr)"),
        "{}",
        run.stdout
    );
    // Each linked passage's tooltip names what its links share.
    assert!(
        run.stdout.contains("shared names, numbers and dates: ")
            && run.stdout.contains("3.2 billion = 3,2 milliards"),
        "{}",
        run.stdout
    );
}

#[test]
fn forcing_one_language_turns_the_rule_off() {
    // `--lang en` reads both documents as English: one language, no
    // cross-language rule, and (names and numbers alone never make a
    // match) nothing found.
    let (a, b) = PAIRS[0];
    let v = compare(a, b, &["--lang", "en"]);
    assert!(v.get("cross_language").is_none());
    assert_eq!(v["matches"].as_array().unwrap().len(), 0);
}
