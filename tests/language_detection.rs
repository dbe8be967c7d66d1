//! Language detection (`--lang auto`): accuracy on short texts, measured
//! on sentences and paragraphs of Debian's translated man pages (see
//! `tests/language/extract_manpages.py` and docs/languages.md), and the
//! default end to end.
//!
//! The measurement is an evaluation, not a test that can pass or fail on a
//! fresh clone: it runs only when asked,
//! `NEARDUP_LANG_SAMPLES=OUT.json cargo test --release --test integration
//! language_detection -- --ignored --nocapture`.

use std::collections::BTreeMap;
use std::time::Instant;

use crate::util::*;
use neardup::internals::detect;
use serde_json::Value;

#[test]
#[ignore = "an evaluation: needs NEARDUP_LANG_SAMPLES (docs/languages.md)"]
fn detection_accuracy_on_man_page_sentences_and_paragraphs() {
    let Ok(path) = std::env::var("NEARDUP_LANG_SAMPLES") else {
        eprintln!("NEARDUP_LANG_SAMPLES not set: nothing measured");
        return;
    };
    let samples: BTreeMap<String, BTreeMap<String, Vec<String>>> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    println!(
        "| language | sentences | right | paragraphs | right | whatlang alone: sentences | paragraphs |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let (mut total, mut right) = ([0usize; 2], [0usize; 2]);
    let mut confusions: BTreeMap<(String, &str), usize> = BTreeMap::new();
    let (mut bytes, mut texts) = (0usize, 0usize);
    let started = Instant::now();
    for (lang, kinds) in &samples {
        let mut row = format!("| {lang} |");
        for (k, kind) in ["sentences", "paragraphs"].iter().enumerate() {
            let list = &kinds[*kind];
            let ok = list
                .iter()
                .filter(|t| {
                    bytes += t.len();
                    texts += 1;
                    let got = detect(t).analysis;
                    if got != lang {
                        *confusions.entry((lang.clone(), got)).or_default() += 1;
                    }
                    got == lang
                })
                .count();
            total[k] += list.len();
            right[k] += ok;
            let pct = 100.0 * ok as f64 / list.len().max(1) as f64;
            row += &format!(" {} | {pct:.1}% |", list.len());
        }
        // whatlang's own answer, reliable or not, for comparison.
        for kind in ["sentences", "paragraphs"] {
            let list = &kinds[kind];
            let ok = list
                .iter()
                .filter(|t| whatlang::detect(t).map(|i| i.lang().code()) == whatlang_code(lang))
                .count();
            row += &format!(" {:.1}% |", 100.0 * ok as f64 / list.len().max(1) as f64);
        }
        println!("{row}");
    }
    let elapsed = started.elapsed();
    println!(
        "| all | {} | {:.1}% | {} | {:.1}% |",
        total[0],
        100.0 * right[0] as f64 / total[0] as f64,
        total[1],
        100.0 * right[1] as f64 / total[1] as f64
    );
    let mut top: Vec<_> = confusions.into_iter().collect();
    top.sort_by_key(|e| std::cmp::Reverse(e.1));
    println!(
        "most frequent confusions (language → read as): {:?}",
        &top[..top.len().min(12)]
    );
    println!(
        "{texts} texts, {bytes} bytes in {:.3} s: {:.1} µs per text, {:.1} MB/s",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / texts as f64,
        bytes as f64 / elapsed.as_secs_f64() / 1e6
    );
}

/// whatlang's ISO 639-3 code of one of our languages.
fn whatlang_code(lang: &str) -> Option<&'static str> {
    let pairs = [
        ("ar", "ara"),
        ("da", "dan"),
        ("de", "deu"),
        ("el", "ell"),
        ("en", "eng"),
        ("es", "spa"),
        ("fi", "fin"),
        ("fr", "fra"),
        ("hu", "hun"),
        ("it", "ita"),
        ("nl", "nld"),
        ("no", "nob"),
        ("pt", "por"),
        ("ro", "ron"),
        ("ru", "rus"),
        ("sv", "swe"),
        ("ta", "tam"),
        ("tr", "tur"),
    ];
    pairs.iter().find(|p| p.0 == lang).map(|p| p.1)
}

/// Short articles in several languages, compared with no flags: each is
/// read in its own language, and the language is in the report.
#[test]
fn compare_detects_each_documents_language() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "fr",
            "Le gouvernement a annoncé jeudi une réforme des hôpitaux publics. Les élus régionaux \
             ont salué une décision historique pour l'accès aux soins.",
        ),
        (
            "de",
            "Die Regierung kündigte am Donnerstag eine Reform der öffentlichen Krankenhäuser an. \
             Die Abgeordneten der Länder begrüßten die Entscheidung als historisch.",
        ),
        (
            "ru",
            "Правительство объявило в четверг о реформе государственных больниц. Региональные \
             депутаты назвали это решение историческим для доступа к медицинской помощи.",
        ),
        (
            "en",
            "The government announced a reform of public hospitals on Thursday. Regional \
             officials called it a historic decision for access to care.",
        ),
    ];
    for (code, text) in cases {
        let a = dir.path().join(format!("{code}.txt"));
        std::fs::write(&a, text).unwrap();
        let run = neardup_env(
            dir.path(),
            &[
                "compare",
                &format!("{code}.txt"),
                &format!("{code}.txt"),
                "--format",
                "json",
            ],
            &[],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let r: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(r["original"]["language"], code, "{text}");
        assert_eq!(r["settings"]["lang"], "auto");
        let forced = neardup_env(
            dir.path(),
            &[
                "compare",
                &format!("{code}.txt"),
                &format!("{code}.txt"),
                "--format",
                "json",
                "--lang",
                "none",
            ],
            &[],
        );
        let r: Value = serde_json::from_str(&forced.stdout).unwrap();
        assert_eq!(r["original"]["language"], "none", "--lang forces");
    }
}
