//! Report formats: golden files for the seed pair, the JSON schema, and
//! byte-identical output whatever the thread count.
//!
//! To regenerate the golden files after an intended change:
//! `NEARDUP_BLESS=1 cargo test --test integration compare_output`, then review the diff.

use crate::util::*;
use serde_json::Value;

const SEED: [&str; 3] = [
    "compare",
    "corpus/seed/original.txt",
    "corpus/seed/rewrite.txt",
];

fn golden(name: &str, actual: &str) {
    let path = repo(&format!("tests/golden/{name}"));
    if std::env::var_os("NEARDUP_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        actual, want,
        "{name} differs from its golden file (NEARDUP_BLESS=1 to update)"
    );
}

fn seed_run(format: &str, env: &[(&str, &str)]) -> Run {
    let args = [SEED[0], SEED[1], SEED[2], "--format", format];
    let run = neardup_env(&root(), &args, env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

#[test]
fn golden_reports() {
    golden("seed.json", &seed_run("json", &[]).stdout);
    golden("seed.csv", &seed_run("csv", &[]).stdout);
    // Not a terminal: no colour unless asked.
    golden("seed.txt", &seed_run("terminal", &[]).stdout);
}

#[test]
fn colour_only_when_asked_and_no_color_respected() {
    let plain = seed_run("terminal", &[]).stdout;
    assert!(!plain.contains('\x1b'));
    let args = [SEED[0], SEED[1], SEED[2], "--color", "always"];
    let coloured = neardup_env(&root(), &args, &[]).stdout;
    assert!(coloured.contains("\x1b["));
    let auto = neardup_env(&root(), &SEED, &[("NO_COLOR", "1")]).stdout;
    assert!(!auto.contains('\x1b'));
}

/// Regression: the NO_COLOR test above cannot fail, since its stdout is a
/// pipe and a pipe gets no colour anyway. On a (pseudo-)terminal the
/// report is coloured, and NO_COLOR, CLICOLOR=0 and TERM=dumb turn it off.
#[cfg(unix)]
#[test]
fn no_color_turns_colour_off_on_a_terminal() {
    let coloured = neardup_on_terminal(&SEED, &[]);
    assert!(coloured.contains("\x1b["), "{coloured:?}");
    for env in [("NO_COLOR", "1"), ("CLICOLOR", "0"), ("TERM", "dumb")] {
        let plain = neardup_on_terminal(&SEED, &[env]);
        assert!(!plain.contains('\x1b'), "{env:?}: {plain:?}");
        assert_eq!(plain, strip_ansi(&coloured), "{env:?}");
    }
}

/// `text` without its ANSI SGR sequences (`ESC [ ... m`).
#[cfg(unix)]
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        rest = tail.find('m').map_or("", |m| &tail[m + 1..]);
    }
    out.push_str(rest);
    out
}

#[test]
fn json_schema_and_offsets() {
    let run = seed_run("json", &[]);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let original = read("corpus/seed/original.txt");
    let rewrite = read("corpus/seed/rewrite.txt");
    for key in [
        "original",
        "rewrite",
        "matches",
        "original_reused",
        "rewrite_derived",
        "settings",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    for f in ["original_reused", "rewrite_derived"] {
        let x = v[f].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&x), "{f} = {x}");
    }
    let matches = v["matches"].as_array().unwrap();
    assert!(!matches.is_empty());
    for m in matches {
        let score = m["score"].as_f64().unwrap();
        assert!(score > 0.0 && score <= 1.0);
        for (side, text) in [("original", &original), ("rewrite", &rewrite)] {
            let loc = &m[side];
            let (start, end) = (
                loc["start"].as_u64().unwrap() as usize,
                loc["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                loc["text"].as_str().unwrap(),
                &text[start..end],
                "text is the file's bytes"
            );
            let line = text[..start].matches('\n').count() + 1;
            assert_eq!(loc["line"].as_u64().unwrap() as usize, line);
        }
        assert!(!m["links"].as_array().unwrap().is_empty());
    }
}

#[test]
fn output_is_identical_across_thread_counts_and_runs() {
    for format in ["json", "csv", "terminal"] {
        let one = seed_run(format, &[("RAYON_NUM_THREADS", "1")]).stdout;
        let two = seed_run(format, &[("RAYON_NUM_THREADS", "2")]).stdout;
        let again = seed_run(format, &[("RAYON_NUM_THREADS", "2")]).stdout;
        assert_eq!(one, two, "{format}: 1 vs 2 threads");
        assert_eq!(two, again, "{format}: run to run");
    }
}

#[test]
fn csv_formula_injection_is_neutralised() {
    // Before: cells starting with = + - @ were written raw, and a
    // spreadsheet opening the CSV ran them as formulas.
    let d = tempfile::tempdir().unwrap();
    let text = "=HYPERLINK(\"http://evil.example\",\"click\") and the council approved the budget.\n\
                @SUM(A1:A9) the mayor said the vote was close after a long debate.\n";
    std::fs::write(d.path().join("a.txt"), text).unwrap();
    std::fs::write(d.path().join("b.txt"), text).unwrap();
    let run = neardup_env(d.path(), &["compare", "a.txt", "b.txt", "-f", "csv"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = csv_rows(&run.stdout);
    assert!(rows.len() > 1, "{}", run.stdout);
    for row in &rows[1..] {
        for cell in &row[8..] {
            assert!(cell.starts_with("'=") || cell.starts_with("'@"), "{cell}");
        }
    }
    // Scan: a file name is a cell too.
    for name in ["=cmd.txt", "+cmd.txt"] {
        std::fs::write(d.path().join(name), text.repeat(3)).unwrap();
    }
    let run = neardup_env(d.path(), &["scan", ".", "-f", "csv", "-q"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = csv_rows(&run.stdout);
    let names: Vec<&str> = rows[1..]
        .iter()
        .flat_map(|r| [&r[1], &r[2]])
        .map(|s| s.as_str())
        .collect();
    assert!(
        names.contains(&"'=cmd.txt") && names.contains(&"'+cmd.txt"),
        "{names:?}"
    );
    for cell in rows.iter().flatten() {
        assert!(!cell.starts_with(['=', '+', '@']), "{cell}");
    }
}

/// The cells of an RFC 4180 CSV text, row by row.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}

#[test]
fn repeated_sentence_is_linked_not_dropped() {
    // Before: 33 copies of a sentence filled its LSH buckets, which were
    // skipped: "0 matches", with only `skipped_buckets` in the JSON.
    let d = tempfile::tempdir().unwrap();
    let s =
        "The regional council approved the new transport budget after a long debate on Tuesday.";
    std::fs::write(
        d.path().join("o.txt"),
        format!("{s} Other words follow here for the original document.\n"),
    )
    .unwrap();
    std::fs::write(d.path().join("r.txt"), format!("{s}\n").repeat(33)).unwrap();
    let run = neardup_env(d.path(), &["compare", "o.txt", "r.txt", "-f", "json"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        !json["matches"].as_array().unwrap().is_empty(),
        "{}",
        run.stdout
    );
    assert_eq!(json["settings"]["skipped_buckets"], 0);
    // The seed pair with 40 copies of one rewrite sentence appended keeps
    // every gold match it had.
    let rewrite = read("corpus/seed/rewrite.txt");
    let first = rewrite
        .lines()
        .find(|l| l.split_whitespace().count() > 8)
        .unwrap();
    let padded = format!("{rewrite}\n{}", format!("{first}\n").repeat(40));
    std::fs::write(d.path().join("padded.txt"), padded).unwrap();
    let original = repo("corpus/seed/original.txt").display().to_string();
    let plain = neardup(&[
        "compare",
        &original,
        &repo("corpus/seed/rewrite.txt").display().to_string(),
        "-f",
        "json",
    ]);
    let run = neardup_env(
        d.path(),
        &["compare", &original, "padded.txt", "-f", "json"],
        &[],
    );
    let (a, b): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(&plain.stdout).unwrap(),
        serde_json::from_str(&run.stdout).unwrap(),
    );
    assert_eq!(b["original_reused"], a["original_reused"], "{}", run.stderr);
    assert_eq!(b["settings"]["skipped_buckets"], 0);
}

/// Random sentences of 14 pseudo-words (deterministic).
fn random_sentences(seed: u64, n: usize) -> String {
    let mut rng = neardup::internals::SplitMix64::new(seed);
    let mut out = String::new();
    for _ in 0..n {
        for w in 0..14 {
            let len = 3 + rng.next() % 6;
            let word: String = (0..len)
                .map(|k| {
                    let first = if w == 0 && k == 0 { b'A' } else { b'a' };
                    char::from(first + (rng.next() % 26) as u8)
                })
                .collect();
            out.push_str(if w == 0 { "" } else { " " });
            out.push_str(&word);
        }
        out.push_str(".\n");
    }
    out
}

/// Issue 10, defect 3 (the rest). 40 distinct variants of one sentence
/// filled LSH buckets over the cap, which were skipped: the variants got
/// no match, and the count was only in the JSON. A bucket of a join is now
/// capped on its pairs (40 variants × 1 sentence = 40, enumerated), a
/// bucket with more pairs still is a star (each passage meets one of the
/// other side), and a star is said: the terminal report and the HTML page
/// show it, stderr says it whatever the format (CSV has no other place),
/// and `compare --pairs` names each pair concerned.
#[test]
fn skipped_buckets_are_said_in_every_format() {
    let d = tempfile::tempdir().unwrap();
    // Over 150 bytes: long documents drop shorter matches.
    let s = "The regional council approved the new transport budget for the northern \
             district after a long debate on Tuesday evening in the old town hall";
    // Enough passages for LSH (not every pair is scored), and 40 variants of
    // one sentence on the rewrite side.
    let variants = |what: &str| -> String {
        (0..40)
            .map(|i| format!("{s} and {what} {i} was noted.\n"))
            .collect()
    };
    let one = format!(
        "{}{s} and nothing else happened.\n",
        random_sentences(1, 600)
    );
    let rewrite = format!("{}{}", variants("item"), random_sentences(2, 500));
    let many = format!("{}{}", random_sentences(1, 600), variants("entry"));
    std::fs::write(d.path().join("one.txt"), &one).unwrap();
    std::fs::write(d.path().join("r.txt"), &rewrite).unwrap();
    std::fs::write(d.path().join("o.txt"), &many).unwrap();
    std::fs::write(d.path().join("a.txt"), random_sentences(3, 20)).unwrap();
    let run = |args: &[&str]| neardup_env(d.path(), args, &[]);
    let json = |a: &str, b: &str| -> Value {
        let r = run(&["compare", a, b, "-f", "json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        serde_json::from_str(&r.stdout).unwrap()
    };
    // One match holds the sentence of `original` (from byte `at`) and all
    // 40 variants, the first 40 lines of the rewrite.
    let variants_matched = |v: &Value, original: &str, at: usize| {
        let block = rewrite.lines().take(40).map(|l| l.len() + 1).sum::<usize>();
        let found = v["matches"].as_array().unwrap().iter().any(|m| {
            let at_ = |side: &str, k: &str| m[side][k].as_u64().unwrap() as usize;
            at_("original", "start") <= at
                && at_("original", "end") >= original.len() - 1
                && at_("rewrite", "start") == 0
                && at_("rewrite", "end") >= block - 1
        });
        assert!(found, "the 40 variants are matched: {}", v["matches"]);
    };

    // One sentence against 40 variants: 40 pairs a bucket, enumerated.
    let v = json("one.txt", "r.txt");
    assert_eq!(v["settings"]["skipped_buckets"], 0, "{}", v["settings"]);
    variants_matched(
        &v,
        &one,
        one.len() - s.len() - " and nothing else happened.\n".len(),
    );
    let quiet = run(&["compare", "one.txt", "r.txt"]);
    assert_eq!(quiet.stderr, "");

    // 40 variants against 40: 1,600 pairs a bucket, over 32², a star: the
    // variants are still matched, and the star is said.
    let v = json("o.txt", "r.txt");
    let skipped = v["settings"]["skipped_buckets"].as_u64().unwrap();
    assert!(skipped > 0, "the case must make stars: {}", v["settings"]);
    variants_matched(&v, &many, many.len() - variants("entry").len());
    let note = format!(
        "{skipped} LSH buckets held too many passages to pair them all; each passage in them \
         was paired with one representative only, so some matches may be missing \
         (settings.skipped_buckets)"
    );
    let warning = format!("neardup: warning: {note}\n");
    for format in ["terminal", "json", "jsonl", "csv", "html", "pan"] {
        let r = run(&["compare", "o.txt", "r.txt", "-f", format]);
        assert_eq!(r.stderr, warning, "-f {format}");
    }
    let terminal = run(&["compare", "o.txt", "r.txt"]);
    assert!(
        terminal.stdout.contains(&format!("\nwarning: {note}\n")),
        "{}",
        terminal.stdout
    );
    let html = run(&["compare", "o.txt", "r.txt", "-f", "html"]);
    assert!(
        html.stdout
            .contains(&format!("<strong>Warning:</strong> {note}</p>")),
        "the page shows it"
    );
    let jsonl = run(&["compare", "o.txt", "r.txt", "-f", "jsonl"]);
    let line: Value = serde_json::from_str(jsonl.stdout.trim()).unwrap();
    assert_eq!(line["settings"]["skipped_buckets"], skipped);

    // A pair without stars says nothing.
    let clean = run(&["compare", "a.txt", "r.txt"]);
    assert_eq!(clean.stderr, "");
    assert!(!clean.stdout.contains("warning"), "{}", clean.stdout);

    // --pairs: one warning naming each pair concerned, then a count.
    std::fs::write(
        d.path().join("pairs.tsv"),
        "a.txt\tr.txt\no.txt\tr.txt\na.txt\ta.txt\n",
    )
    .unwrap();
    for format in ["jsonl", "terminal"] {
        let r = run(&["compare", "--pairs", "pairs.tsv", "-f", format]);
        assert_eq!(
            r.stderr,
            format!(
                "neardup: warning: pair 2 o.txt / r.txt: {note}\n\
                 neardup: warning: 1 of 3 pairs had LSH buckets too large to pair in full \
                 (see the warnings above)\n"
            ),
            "-f {format}"
        );
    }
}

/// Issue 10, defect 5 (the rest): `compare` showed its inputs with the
/// lossy `Path::display`, so `x\xff.txt` and `x\xfe.txt` both read
/// `x\u{fffd}.txt`. They are shown with the scan's one-to-one escape
/// (`x\xFF.txt`), in every format and in `--pairs`.
#[cfg(unix)]
#[test]
fn compare_file_names_that_are_not_utf8_do_not_collide() {
    use std::ffi::{OsStr, OsString};
    use std::os::unix::ffi::OsStrExt;
    let d = tempfile::tempdir().unwrap();
    let os = |b: &[u8]| OsStr::from_bytes(b).to_os_string();
    let (a, b) = (os(b"x\xff.txt"), os(b"x\xfe.txt"));
    std::fs::copy(repo("corpus/seed/original.txt"), d.path().join(&a)).unwrap();
    std::fs::copy(repo("corpus/seed/rewrite.txt"), d.path().join(&b)).unwrap();
    let run = |dir: &std::path::Path, args: &[OsString]| -> Run {
        std::process::Command::new(env!("CARGO_BIN_EXE_neardup"))
            .current_dir(dir)
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
            .into()
    };
    let compare = |format: &str| {
        let r = run(
            d.path(),
            &[
                os(b"compare"),
                a.clone(),
                b.clone(),
                os(b"-f"),
                format.into(),
            ],
        );
        assert_eq!(r.code, 0, "-f {format}: {}", r.stderr);
        assert!(!r.stdout.contains('\u{fffd}'), "-f {format}: {}", r.stdout);
        r.stdout
    };
    let (shown_a, shown_b) = ("x\\xFF.txt", "x\\xFE.txt");
    let v: Value = serde_json::from_str(&compare("json")).unwrap();
    assert_eq!(
        (
            v["original"]["path"].as_str(),
            v["rewrite"]["path"].as_str()
        ),
        (Some(shown_a), Some(shown_b)),
        "{v}"
    );
    let line: Value = serde_json::from_str(compare("jsonl").trim()).unwrap();
    assert_eq!(
        (
            line["original"]["path"].as_str(),
            line["rewrite"]["path"].as_str()
        ),
        (Some(shown_a), Some(shown_b))
    );
    for format in ["terminal", "html"] {
        let out = compare(format);
        assert!(
            out.contains(shown_a) && out.contains(shown_b),
            "-f {format}: {out}"
        );
    }
    // An error names the file the same way.
    let missing = run(d.path(), &[os(b"compare"), a.clone(), os(b"n\xff.txt")]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("'n\\xFF.txt'"),
        "{}",
        missing.stderr
    );

    // --pairs: the listed names resolve inside a folder that is not UTF-8.
    let folder = d.path().join(os(b"d\xff"));
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(repo("corpus/seed/original.txt"), folder.join("o.txt")).unwrap();
    std::fs::copy(repo("corpus/seed/rewrite.txt"), folder.join("r.txt")).unwrap();
    std::fs::write(folder.join("pairs.tsv"), "o.txt\tr.txt\n").unwrap();
    let mut list = os(b"d\xff");
    list.push("/pairs.tsv");
    let pairs = run(
        d.path(),
        &[
            os(b"compare"),
            os(b"--pairs"),
            list,
            os(b"-f"),
            os(b"jsonl"),
        ],
    );
    assert_eq!(pairs.code, 0, "{}", pairs.stderr);
    let line: Value = serde_json::from_str(pairs.stdout.trim()).unwrap();
    assert_eq!(line["original"]["path"], "d\\xFF/o.txt", "{line}");
    assert_eq!(line["rewrite"]["path"], "d\\xFF/r.txt", "{line}");
}
