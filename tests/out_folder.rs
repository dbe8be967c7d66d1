//! `--out DIR` never overwrites or deletes a file neardup did not write in
//! that folder (a manifest, `DIR/.neardup-out`, lists what it wrote);
//! `--force` says otherwise; neardup's own earlier output is refreshed.

use std::collections::BTreeSet;
use std::path::Path;

use crate::html::*;
use crate::util::*;

/// Every file under `dir`, relative, with its bytes.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_str().unwrap().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Whether the run wrote its output (`INDEX_PAIRS` holds a missing file,
/// so a pairs run exits 2 with a warning even when all else went well).
fn wrote(run: &Run) -> bool {
    !run.stderr.contains("neardup: error")
}

fn names(dir: &Path) -> BTreeSet<String> {
    tree(dir).into_keys().collect()
}

#[test]
fn scan_out_never_overwrites_the_documents_it_reads() {
    // Before: `scan corp -f html --out corp` replaced corp/index.html, a
    // document it had just read, and wrote its pages among the documents.
    let d = tempfile::tempdir().unwrap();
    write_scan_sample(d.path());
    let sample = d.path().join("sample");
    std::fs::write(sample.join("index.html"), "<p>my own index page</p>").unwrap();
    let before = tree(&sample);
    let run = neardup_env(
        d.path(),
        &["scan", "sample", "-f", "html", "--out", "sample", "-q"],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("sample/index.html")
            && run.stderr.contains("not written by neardup")
            && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&sample), before, "nothing written, nothing replaced");
}

#[test]
fn out_folder_of_an_earlier_run_is_refreshed() {
    let d = tempfile::tempdir().unwrap();
    write_scan_sample(d.path());
    let first = run_scan_html(d.path(), &["sample", "-q"], &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let out = d.path().join("out");
    let pages = names(&out);
    assert!(pages.contains(".neardup-out") && pages.contains("index.html"));
    let manifest = std::fs::read_to_string(out.join(".neardup-out")).unwrap();
    assert!(
        manifest.starts_with(r#"{"written_by":"neardup","command":"scan --format html"}"#),
        "{manifest}"
    );
    assert_eq!(
        manifest.lines().count(),
        pages.len(),
        "a line per file written"
    );
    // A file of the user's in the folder is left alone.
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    // The Emma copy goes: its pairs' pages are stale and go too.
    std::fs::remove_file(d.path().join("sample/austen-emma-copy.txt")).unwrap();
    let again = run_scan_html(d.path(), &["sample", "-q"], &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let now = names(&out);
    assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"mine");
    assert!(now.len() < pages.len() + 1, "stale pages removed: {now:?}");
    for page in now
        .iter()
        .filter(|p| p.ends_with(".html") && *p != "index.html")
    {
        assert!(!page.contains("emma-copy"), "{page} is stale");
    }
    let fresh = tempfile::tempdir().unwrap();
    write_scan_sample(fresh.path());
    std::fs::remove_file(fresh.path().join("sample/austen-emma-copy.txt")).unwrap();
    assert_eq!(run_scan_html(fresh.path(), &["sample", "-q"], &[]).code, 0);
    let mut want = names(&fresh.path().join("out"));
    want.insert("notes.txt".into());
    assert_eq!(
        now, want,
        "the refreshed folder is a fresh run's, plus the user's file"
    );
}

#[test]
fn pairs_out_into_a_scan_folder_is_refused_without_force() {
    // Before: `compare --pairs ... -f html --out X` into a scan's folder
    // replaced that scan's index.html.
    let d = tempfile::tempdir().unwrap();
    write_scan_sample(d.path());
    write_index_pairs(d.path());
    assert_eq!(run_scan_html(d.path(), &["sample", "-q"], &[]).code, 0);
    let out = d.path().join("out");
    let before = tree(&out);
    let run = run_index(d.path(), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("neardup scan --format html") && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&out), before);
    let forced = neardup_env(
        d.path(),
        &[
            "compare",
            "--pairs",
            "pairs.tsv",
            "-f",
            "html",
            "--out",
            "out",
            "--force",
        ],
        &[],
    );
    assert!(wrote(&forced), "{}", forced.stderr);
    assert_ne!(tree(&out)["index.html"], before["index.html"]);
}

#[test]
fn a_page_the_user_edited_is_not_replaced() {
    let d = tempfile::tempdir().unwrap();
    write_index_pairs(d.path());
    assert!(wrote(&run_index(d.path(), &[])));
    let index = d.path().join("out/index.html");
    std::fs::write(&index, "my notes on these pairs").unwrap();
    let run = run_index(d.path(), &[]);
    assert!(!wrote(&run), "{}", run.stderr);
    assert!(run.stderr.contains("out/index.html"), "{}", run.stderr);
    assert_eq!(std::fs::read(&index).unwrap(), b"my notes on these pairs");
}

#[test]
fn force_needs_out() {
    let run = neardup(&[
        "compare",
        "corpus/seed/original.txt",
        "corpus/seed/rewrite.txt",
        "--force",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--out"), "{}", run.stderr);
}

#[test]
fn eval_pan_out_never_overwrites_the_gold_it_reads() {
    // `eval pan ROOT --out ROOT` would write each pair's detections over
    // the gold XML of the same name that it had just read.
    let d = tempfile::tempdir().unwrap();
    crate::pairs::write_pan_corpus(d.path());
    let before = tree(d.path());
    let root = d.path().display().to_string();
    let run = neardup(&["eval", "pan", &root, "--out", &root, "--json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("01-copies/") && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    let after = tree(d.path());
    for (file, bytes) in &before {
        assert_eq!(&after[file], bytes, "{file} changed");
    }
}
