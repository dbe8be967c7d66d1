//! `neardup index` and `neardup find` through the binary: incremental
//! adds, refused settings and files, a kill during an add, reads during a
//! write, and the seed found from its rewrite among thousands of documents.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{neardup, repo};

fn run(args: &[&str]) -> crate::util::Run {
    neardup(args)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

/// Deterministic English-like documents: sentences of words drawn from the
/// corpus's books, so that their rare words are real words.
fn generate(dir: &Path, count: usize, seed: u64) -> Vec<PathBuf> {
    let mut vocab: Vec<String> = Vec::new();
    for book in ["austen-emma.txt", "melville-moby-dick.txt"] {
        let text = std::fs::read_to_string(repo("corpus/scan-sample").join(book)).unwrap();
        vocab.extend(
            text.split_whitespace()
                .map(|w| {
                    w.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                })
                .filter(|w| !w.is_empty())
                .take(20_000),
        );
    }
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    std::fs::create_dir_all(dir).unwrap();
    (0..count)
        .map(|i| {
            let mut text = String::new();
            for _ in 0..(8 + next() % 12) {
                let len = 6 + next() % 14;
                let words: Vec<&str> = (0..len)
                    .map(|_| vocab[(next() % vocab.len() as u64) as usize].as_str())
                    .collect();
                let mut sentence = words.join(" ");
                sentence[..1].make_ascii_uppercase();
                text.push_str(&sentence);
                text.push_str(". ");
            }
            let path = dir.join(format!("doc{i:05}.txt"));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

fn stats(index: &Path) -> serde_json::Value {
    let r = run(&["index", "stats", s(index), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn add_json(index: &Path, paths: &[&Path]) -> serde_json::Value {
    let mut args = vec!["index", "add", s(index), "--format", "json"];
    args.extend(paths.iter().map(|p| s(p)));
    let r = run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

/// The source paths `find` reports for one query.
fn sources(index: &Path, query: &Path) -> (i32, Vec<String>) {
    let r = run(&["find", s(index), s(query), "--format", "json"]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let paths = v["queries"][0]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["path"].as_str().unwrap().to_string())
        .collect();
    (r.code, paths)
}

#[test]
fn incremental_add_skips_unchanged_replaces_changed_and_remove_forgets() {
    let d = tempfile::tempdir().unwrap();
    let docs = d.path().join("docs");
    let files = generate(&docs, 3, 1);
    let index = d.path().join("a.ndx");
    let r = add_json(&index, &[&docs]);
    assert_eq!(
        (r["added"].as_u64(), r["unchanged"].as_u64()),
        (Some(3), Some(0))
    );
    let r = add_json(&index, &[&docs]);
    assert_eq!(
        (r["added"].as_u64(), r["unchanged"].as_u64()),
        (Some(0), Some(3))
    );

    // A copy of doc 1 outside the index finds doc 1.
    let query = d.path().join("query.txt");
    std::fs::copy(&files[1], &query).unwrap();
    let (code, found) = sources(&index, &query);
    assert_eq!(code, 0);
    assert!(found[0].ends_with("doc00001.txt"), "{found:?}");

    // Doc 1 changes: replaced, and its old text is no longer found.
    generate(&d.path().join("other"), 1, 99);
    std::fs::copy(d.path().join("other/doc00000.txt"), &files[1]).unwrap();
    let r = add_json(&index, &[&docs]);
    assert_eq!(
        (
            r["added"].as_u64(),
            r["replaced"].as_u64(),
            r["unchanged"].as_u64()
        ),
        (Some(0), Some(1), Some(2))
    );
    let (_, found) = sources(&index, &query);
    assert!(
        !found.iter().any(|p| p.ends_with("doc00001.txt")),
        "{found:?}"
    );
    assert_eq!(stats(&index)["documents"], 3);

    // Removed: gone from stats and from results.
    let r = run(&["index", "remove", s(&index), s(&files[2])]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(stats(&index)["documents"], 2);
    let (_, found) = sources(&index, &files[2]);
    assert!(
        !found.iter().any(|p| p.ends_with("doc00002.txt")),
        "{found:?}"
    );
    let r = run(&["index", "remove", s(&index), s(&files[2])]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("not in the index"), "{}", r.stderr);
    // A folder removes everything under it.
    let r = run(&["index", "remove", s(&index), s(&docs)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(stats(&index)["documents"], 0);
}

#[test]
fn other_settings_are_refused() {
    let d = tempfile::tempdir().unwrap();
    let docs = d.path().join("docs");
    generate(&docs, 2, 2);
    let index = d.path().join("a.ndx");
    add_json(&index, &[&docs]);
    let before = std::fs::read(&index).unwrap();
    let r = run(&["index", "add", s(&index), s(&docs), "--perms", "64"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--perms 128, not 64") && r.stderr.contains("a.ndx"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert_eq!(std::fs::read(&index).unwrap(), before);
    // The same settings given explicitly are fine.
    let r = run(&["index", "add", s(&index), s(&docs), "--perms", "128"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_file_that_is_not_an_index_is_refused_untouched() {
    let d = tempfile::tempdir().unwrap();
    let docs = d.path().join("docs");
    generate(&docs, 1, 3);
    let notes = d.path().join("notes.txt");
    std::fs::write(&notes, "my notes, not an index\n").unwrap();
    for args in [
        vec!["index", "add", s(&notes), s(&docs)],
        vec!["index", "stats", s(&notes)],
        vec!["find", s(&notes), s(&docs.join("doc00000.txt"))],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(
            r.stderr.contains("not a neardup index") && r.stderr.contains("notes.txt"),
            "{}",
            r.stderr
        );
        assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    }
    assert_eq!(
        std::fs::read_to_string(&notes).unwrap(),
        "my notes, not an index\n"
    );
    let r = run(&["find", s(&d.path().join("missing.ndx")), s(&notes)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("neardup index add"), "{}", r.stderr);
}

#[test]
fn an_index_of_a_newer_format_is_refused_untouched() {
    let d = tempfile::tempdir().unwrap();
    let docs = d.path().join("docs");
    generate(&docs, 2, 4);
    let index = d.path().join("a.ndx");
    add_json(&index, &[&docs]);
    {
        let conn = rusqlite::Connection::open(&index).unwrap();
        conn.execute(
            "UPDATE meta SET value = '999' WHERE key = 'format_version'",
            [],
        )
        .unwrap();
    }
    let before = std::fs::read(&index).unwrap();
    for args in [
        vec!["index", "stats", s(&index)],
        vec!["index", "add", s(&index), s(&docs)],
        vec!["find", s(&index), s(&docs.join("doc00000.txt"))],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(
            r.stderr.contains("newer neardup") && r.stderr.contains("format 999"),
            "{}",
            r.stderr
        );
    }
    assert_eq!(std::fs::read(&index).unwrap(), before);
}

#[test]
fn an_index_of_an_older_format_is_refused_untouched_with_the_fix() {
    let d = tempfile::tempdir().unwrap();
    let docs = d.path().join("docs");
    generate(&docs, 2, 4);
    let index = d.path().join("old.ndx");
    add_json(&index, &[&docs]);
    {
        let conn = rusqlite::Connection::open(&index).unwrap();
        conn.execute(
            "UPDATE meta SET value = '2' WHERE key = 'format_version'",
            [],
        )
        .unwrap();
    }
    let before = std::fs::read(&index).unwrap();
    for args in [
        vec!["index", "stats", s(&index)],
        vec!["index", "add", s(&index), s(&docs)],
        vec!["find", s(&index), s(&docs.join("doc00000.txt"))],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 2, "{args:?}");
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
        assert!(
            r.stderr.contains("older index format 2")
                && r.stderr.contains(s(&index))
                && r.stderr.contains("--files-from"),
            "{}",
            r.stderr
        );
    }
    assert_eq!(std::fs::read(&index).unwrap(), before);
}

/// An index whose keys were computed by another signature version (here
/// 2, before CJK and Thai runs were read as dictionary words), or that
/// records none (built before the version was stored), is refused with
/// one line naming the file, the versions and the rebuild; a newer one
/// with "upgrade neardup". The file is left untouched.
#[test]
fn an_index_of_another_signature_version_is_refused_untouched() {
    let d = tempfile::tempdir().unwrap();
    let docs = d.path().join("docs");
    generate(&docs, 2, 4);
    let current = stats(&{
        let i = d.path().join("now.ndx");
        add_json(&i, &[&docs]);
        i
    });
    assert_eq!(current["settings"]["signature_version"], 3, "{current}");
    for (name, change, want) in [
        (
            "v2.ndx",
            "UPDATE meta SET value = '2' WHERE key = 'signature_version'",
            "built with signature version 2",
        ),
        (
            "none.ndx",
            "DELETE FROM meta WHERE key = 'signature_version'",
            "records no signature version",
        ),
        (
            "v9.ndx",
            "UPDATE meta SET value = '9' WHERE key = 'signature_version'",
            "newer neardup (signature version 9",
        ),
    ] {
        let index = d.path().join(name);
        add_json(&index, &[&docs]);
        rusqlite::Connection::open(&index)
            .unwrap()
            .execute(change, [])
            .unwrap();
        let before = std::fs::read(&index).unwrap();
        for args in [
            vec!["index", "stats", s(&index)],
            vec!["index", "add", s(&index), s(&docs)],
            vec!["find", s(&index), s(&docs.join("doc00000.txt"))],
            vec!["scan", s(&docs), "--against", s(&index)],
        ] {
            let r = run(&args);
            assert_eq!(r.code, 2, "{args:?}");
            assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
            assert!(
                r.stderr.contains(want) && r.stderr.contains(s(&index)),
                "{}",
                r.stderr
            );
            if !want.contains("newer") {
                assert!(r.stderr.contains("--files-from"), "{}", r.stderr);
            }
        }
        assert_eq!(std::fs::read(&index).unwrap(), before, "{name}");
    }
}

/// Starts `neardup index add INDEX DOCS --batch 20` in the background.
fn spawn_add(index: &Path, docs: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_neardup"))
        .args(["index", "add", s(index), s(docs), "--batch", "20"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn a_kill_during_add_leaves_a_working_index_at_a_commit() {
    let d = tempfile::tempdir().unwrap();
    let docs = d.path().join("docs");
    let files = generate(&docs, 1000, 5);
    let index = d.path().join("a.ndx");
    let mut child = spawn_add(&index, &docs);
    // Wait for a first commit, then kill -9.
    let start = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(20));
        if index.exists() {
            let r = run(&["index", "stats", s(&index), "--format", "json"]);
            if r.code == 0 {
                let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
                if v["documents"].as_u64().unwrap() > 0 {
                    break;
                }
            }
        }
        assert!(start.elapsed() < Duration::from_secs(120), "no commit");
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let v = stats(&index);
    let n = v["documents"].as_u64().unwrap();
    assert!(
        n > 0 && n % 20 == 0 || n == 1000,
        "{n} documents: not at a commit"
    );
    // The committed documents are found; finishing the add completes it.
    let (_, found) = sources(&index, &files[0]);
    assert!(
        !found.iter().any(|p| p.ends_with("doc00000.txt")),
        "an indexed file is not its own source: {found:?}"
    );
    let query = d.path().join("copy.txt");
    std::fs::copy(&files[0], &query).unwrap();
    let (code, found) = sources(&index, &query);
    assert_eq!(code, 0);
    assert!(found[0].ends_with("doc00000.txt"), "{found:?}");
    let r = add_json(&index, &[&docs]);
    assert_eq!(r["unchanged"].as_u64(), Some(n));
    assert_eq!(stats(&index)["documents"], 1000);
}

#[test]
fn find_works_while_add_writes() {
    let d = tempfile::tempdir().unwrap();
    let first = d.path().join("first");
    let files = generate(&first, 20, 6);
    let index = d.path().join("a.ndx");
    add_json(&index, &[&first]);
    let query = d.path().join("copy.txt");
    std::fs::copy(&files[3], &query).unwrap();
    let more = d.path().join("more");
    generate(&more, 800, 7);
    let mut child = spawn_add(&index, &more);
    let mut finds = 0;
    while child.try_wait().unwrap().is_none() {
        let (code, found) = sources(&index, &query);
        assert_eq!(code, 0);
        assert!(found[0].ends_with("doc00003.txt"), "{found:?}");
        finds += 1;
    }
    assert!(child.wait().unwrap().success());
    assert!(finds > 0);
    assert_eq!(stats(&index)["documents"], 820);
}

#[test]
fn the_seed_is_found_from_its_rewrite_among_thousands_of_documents() {
    let d = tempfile::tempdir().unwrap();
    let generated = d.path().join("generated");
    generate(&generated, 3000, 8);
    let index = d.path().join("a.ndx");
    let r = add_json(&index, &[&repo("corpus"), &generated]);
    assert!(r["added"].as_u64().unwrap() > 3000);
    let rewrite = repo("corpus/seed/rewrite.txt");
    let r = run(&["find", s(&index), s(&rewrite), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let q = &v["queries"][0];
    let found: Vec<&str> = q["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["path"].as_str().unwrap())
        .collect();
    assert!(
        found.iter().all(|p| !p.contains("/generated/")),
        "a generated document reported: {found:?}"
    );
    assert!(
        !found.iter().any(|p| p.ends_with("seed/rewrite.txt")),
        "the query itself reported: {found:?}"
    );
    let original = q["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| {
            x["path"]
                .as_str()
                .unwrap()
                .ends_with("corpus/seed/original.txt")
        })
        .unwrap_or_else(|| panic!("original.txt not found: {found:?}"));
    // Its matches are compare's: the same as `neardup compare`.
    let c = run(&[
        "compare",
        s(&repo("corpus/seed/original.txt")),
        s(&rewrite),
        "--format",
        "json",
    ]);
    let c: serde_json::Value = serde_json::from_str(&c.stdout).unwrap();
    assert_eq!(original["matches"], c["matches"]);
    assert_eq!(original["rewrite_derived"], c["rewrite_derived"]);
}

#[test]
fn scan_against_pairs_new_documents_with_indexed_ones() {
    let d = tempfile::tempdir().unwrap();
    let archive = d.path().join("archive");
    let files = generate(&archive, 30, 9);
    let index = d.path().join("a.ndx");
    add_json(&index, &[&archive]);
    let new = d.path().join("new");
    let fresh = generate(&new, 2, 10);
    std::fs::copy(&fresh[0], new.join("fresh-copy.txt")).unwrap();
    let mut edited = std::fs::read_to_string(&files[5]).unwrap();
    edited.push_str("One more sentence at the end of the copy.");
    std::fs::write(new.join("edited.txt"), edited).unwrap();
    let clusters = |args: &[&str]| -> Vec<Vec<String>> {
        let r = run(args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        v["clusters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let mut m: Vec<String> = c["members"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap().rsplit('/').next().unwrap().to_string())
                    .collect();
                m.push(format!(
                    "rep:{}",
                    c["representative"]
                        .as_str()
                        .unwrap()
                        .rsplit('/')
                        .next()
                        .unwrap()
                ));
                m
            })
            .collect()
    };
    let alone = clusters(&["scan", s(&new), "--format", "json"]);
    assert_eq!(alone.len(), 1, "{alone:?}");
    let with = clusters(&["scan", s(&new), "--against", s(&index), "--format", "json"]);
    assert_eq!(with.len(), 2, "{with:?}");
    let archived = with
        .iter()
        .find(|c| c.contains(&"edited.txt".to_string()))
        .unwrap_or_else(|| panic!("{with:?}"));
    assert_eq!(
        archived,
        &["doc00005.txt", "edited.txt", "rep:doc00005.txt"].map(String::from)
    );
    let r = run(&["scan", s(&new), "--against", s(&index), "--perms", "64"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--perms 128, not 64"), "{}", r.stderr);
}

#[test]
fn find_writes_jsonl_html_and_pan_reports() {
    let d = tempfile::tempdir().unwrap();
    let index = d.path().join("a.ndx");
    add_json(&index, &[&repo("corpus/pairs")]);
    let seed = repo("corpus/seed");
    let (original, rewrite) = (seed.join("original.txt"), seed.join("rewrite.txt"));
    // Index the seed's original only; query its rewrite and a pair's.
    let r = run(&["index", "add", s(&index), s(&original)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let other = repo("corpus/pairs/ashcombe-library/rewrite.txt");
    let r = run(&[
        "find",
        s(&index),
        s(&rewrite),
        s(&other),
        "--format",
        "jsonl",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0]["sources"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with("seed/original.txt")
    );
    let pan = d.path().join("pan");
    let r = run(&[
        "find",
        s(&index),
        s(&rewrite),
        "--format",
        "pan",
        "--out",
        s(&pan),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let xml = std::fs::read_to_string(pan.join("rewrite-original.xml")).unwrap();
    assert!(xml.contains("source_reference=\"original.txt\""), "{xml}");
    let html = d.path().join("html");
    let r = run(&[
        "find",
        s(&index),
        s(&rewrite),
        "--format",
        "html",
        "--out",
        s(&html),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = std::fs::read_to_string(html.join("001-rewrite/index.html")).unwrap();
    assert!(page.contains("original.txt"));
    let r = run(&["find", s(&index), s(&rewrite), "--format", "html"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--out DIR"), "{}", r.stderr);
}

#[test]
fn index_reads_encodings_and_languages_as_scan_does() {
    // The Russian pair's original in UTF-8 and in windows-1251, the French
    // one in UTF-8, an English document in UTF-16LE with a byte-order mark,
    // and generated ones.
    let d = tempfile::tempdir().unwrap();
    let docs = d.path().join("docs");
    let english = generate(&docs, 3, 12);
    let ru = std::fs::read_to_string(repo("tests/language/ru/original.txt")).unwrap();
    std::fs::write(docs.join("ru-utf8.txt"), &ru).unwrap();
    let (cp1251, _, bad) = encoding_rs::WINDOWS_1251.encode(&ru);
    assert!(!bad);
    std::fs::write(docs.join("ru-1251.txt"), &cp1251).unwrap();
    let fr = std::fs::read_to_string(repo("tests/language/fr/original.txt")).unwrap();
    std::fs::write(docs.join("fr-utf8.txt"), &fr).unwrap();
    let en = std::fs::read_to_string(&english[0]).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(en.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(docs.join("en-utf16.txt"), &utf16).unwrap();

    let index = d.path().join("a.ndx");
    let r = run(&[
        "index",
        "add",
        s(&index),
        s(&docs),
        "--lang",
        "auto",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["added"], 7);
    let non_utf8: Vec<(String, String)> = v["non_utf8"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            let name = path.rsplit('/').next().unwrap().to_string();
            (name, f["encoding"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(
        non_utf8,
        [
            ("en-utf16.txt", "UTF-16LE"),
            ("ru-1251.txt", "windows-1251")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert!(v["decoded_lossily"].as_array().unwrap().is_empty());
    let st = stats(&index);
    assert_eq!(st["settings"]["lang"], "auto");
    assert_eq!(st["settings"]["format_version"], 3);

    // Adding again with another language is refused; the terminal summary
    // names the encodings read.
    let r = run(&["index", "add", s(&index), s(&docs), "--lang", "none"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--lang auto, not none"), "{}", r.stderr);
    let other = d.path().join("b.ndx");
    let r = run(&["index", "add", s(&other), s(&docs)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("2 files read in other encodings than UTF-8 (UTF-16LE 1, windows-1251 1)"),
        "{}",
        r.stdout
    );
    assert_eq!(stats(&other)["settings"]["lang"], "none");
    assert_eq!(stats(&other)["settings"]["format_version"], 3);

    // scan --against reads new documents in the index's language: an
    // edited copy of the Russian article (in KOI8-R) pairs with both
    // indexed copies.
    let new = d.path().join("new");
    std::fs::create_dir_all(&new).unwrap();
    let edited = format!("{ru}\nВ конце добавлено ещё одно предложение.\n");
    let (koi8, _, bad) = encoding_rs::KOI8_R.encode(&edited);
    assert!(!bad);
    std::fs::write(new.join("ru-edited.txt"), &koi8).unwrap();
    std::fs::write(
        new.join("other.txt"),
        "Nothing like the archive at all, a short note.",
    )
    .unwrap();
    let r = run(&["scan", s(&new), "--against", s(&index), "--format", "json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--lang auto, not none") && r.stderr.lines().count() == 1,
        "{}",
        r.stderr
    );
    let r = run(&[
        "scan",
        s(&new),
        "--against",
        s(&index),
        "--lang",
        "auto",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let clusters = v["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 1, "{v}");
    let mut members: Vec<&str> = clusters[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    members.sort();
    assert_eq!(members, ["ru-1251.txt", "ru-edited.txt", "ru-utf8.txt"]);

    // A forced --encoding reads the new documents for the index lookup
    // too: an edited copy of the French article in Mac OS Roman, which is
    // never detected (it reads as windows-1252, every accent wrong).
    let dos = d.path().join("mac");
    std::fs::create_dir_all(&dos).unwrap();
    let edited = format!("{fr}\nUne phrase de plus a été ajoutée à la fin.\n");
    let (mac, _, bad) = encoding_rs::MACINTOSH.encode(&edited);
    assert!(!bad);
    std::fs::write(dos.join("fr-mac.txt"), &mac).unwrap();
    let args = [
        "scan",
        s(&dos),
        "--against",
        s(&index),
        "--lang",
        "auto",
        "--format",
        "json",
    ];
    let members = |extra: &[&str]| -> Vec<String> {
        let mut all = args.to_vec();
        all.extend_from_slice(extra);
        let r = run(&all);
        assert!(r.code <= 1, "{}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let mut m: Vec<String> = v["clusters"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["members"].as_array().unwrap().clone())
            .map(|m| m.as_str().unwrap().rsplit('/').next().unwrap().to_string())
            .collect();
        m.sort();
        m
    };
    assert!(members(&[]).is_empty());
    assert_eq!(
        members(&["--encoding", "macintosh"]),
        ["fr-mac.txt", "fr-utf8.txt"]
    );
}

/// `index add --encoding` is stored per document, and `find` reads each
/// candidate again in it: a KOI8-R archive, found from a windows-1251
/// rewrite (`find --encoding`), and a mostly English KOI8-R note whose two
/// Cyrillic letters are too few for detection (read alone, it would be
/// windows-1252, and the note would be stale or garbled).
#[test]
fn index_add_encoding_is_stored_and_used_by_find() {
    let d = tempfile::tempdir().unwrap();
    let archive = d.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    let ru = std::fs::read_to_string(repo("tests/language/ru/original.txt")).unwrap();
    let (koi8, _, bad) = encoding_rs::KOI8_R.encode(&ru);
    assert!(!bad);
    std::fs::write(archive.join("ru-koi8.txt"), &koi8).unwrap();
    let english = generate(&d.path().join("gen"), 1, 21);
    let note = format!(
        "{} The answer in Moscow was Да, and nothing else was said about it.\n",
        std::fs::read_to_string(&english[0]).unwrap().trim_end()
    );
    let (note_koi8, _, bad) = encoding_rs::KOI8_R.encode(&note);
    assert!(!bad);
    std::fs::write(archive.join("note-koi8.txt"), &note_koi8).unwrap();

    let index = d.path().join("a.ndx");
    let r = run(&[
        "index",
        "add",
        s(&index),
        s(&archive),
        "--encoding",
        "koi8-r",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    {
        let conn = rusqlite::Connection::open(&index).unwrap();
        let mut stmt = conn
            .prepare("SELECT encoding FROM documents ORDER BY path")
            .unwrap();
        let stored: Vec<Option<String>> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(stored, [Some("KOI8-R".to_string()), Some("KOI8-R".into())]);
    }

    // The rewrite, in windows-1251.
    let rewrite = std::fs::read_to_string(repo("tests/language/ru/rewrite.txt")).unwrap();
    let (cp1251, _, bad) = encoding_rs::WINDOWS_1251.encode(&rewrite);
    assert!(!bad);
    let query = d.path().join("query-1251.txt");
    std::fs::write(&query, &cp1251).unwrap();
    let r = run(&[
        "find",
        s(&index),
        s(&query),
        "--encoding",
        "windows-1251",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let q = &v["queries"][0];
    assert!(q["stale"].as_array().unwrap().is_empty(), "{v}");
    let sources = q["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 1, "{v}");
    assert!(
        sources[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("ru-koi8.txt")
    );
    let text = sources[0]["matches"][0]["original"]["text"]
        .as_str()
        .unwrap();
    assert!(ru.contains(text) && !text.is_empty(), "{text}");

    // The note, queried in UTF-8: read again as KOI8-R, it is no stale
    // source and its matched text has the Cyrillic word.
    let note_query = d.path().join("note-utf8.txt");
    std::fs::write(&note_query, &note).unwrap();
    let r = run(&["find", s(&index), s(&note_query), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let q = &v["queries"][0];
    assert!(q["stale"].as_array().unwrap().is_empty(), "{v}");
    let sources = q["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 1, "{v}");
    assert!(
        sources[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("note-koi8.txt")
    );
    let found: String = sources[0]["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["original"]["text"].as_str().unwrap())
        .collect();
    assert!(found.contains("Да"), "{found}");

    // Detection alone reads the note as windows-1252: the word is lost.
    let auto = d.path().join("auto.ndx");
    let r = run(&["index", "add", s(&auto), s(&archive), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(v["non_utf8"].to_string().contains("windows-1252"), "{v}");
}

/// `find` counts offsets in the files as stored, as `compare` does: a
/// UTF-16LE archived original found from a windows-1252 rewrite gives
/// exactly `compare`'s JSON matches (offsets into the two files, not into
/// their UTF-8 decodings), names both encodings, and its HTML page names
/// them and the sizes as stored, as the compare report does.
#[test]
fn find_offsets_and_html_count_the_files_as_stored() {
    let d = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(repo("corpus/seed/original.txt")).unwrap();
    let rewrite = std::fs::read_to_string(repo("corpus/seed/rewrite.txt")).unwrap();
    let archive = d.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(original.encode_utf16().flat_map(u16::to_le_bytes));
    let source = archive.join("original-utf16.txt");
    std::fs::write(&source, &utf16).unwrap();
    let (cp1252, _, bad) = encoding_rs::WINDOWS_1252.encode(&rewrite);
    assert!(!bad);
    let query = d.path().join("rewrite-1252.txt");
    std::fs::write(&query, &cp1252).unwrap();
    let index = d.path().join("a.ndx");
    add_json(&index, &[&archive]);

    let r = run(&["find", s(&index), s(&query), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let q = &v["queries"][0];
    assert_eq!(q["bytes"], cp1252.len(), "{q}");
    assert_eq!(q["encoding"], "windows-1252");
    let src = &q["sources"][0];
    assert_eq!(src["encoding"], "UTF-16LE", "{src}");
    let c = run(&["compare", s(&source), s(&query), "--format", "json"]);
    assert_eq!(c.code, 0, "{}", c.stderr);
    let c: serde_json::Value = serde_json::from_str(&c.stdout).unwrap();
    assert!(!c["matches"].as_array().unwrap().is_empty());
    assert_eq!(src["matches"], c["matches"]);
    // The offsets cut the matched text out of the files as they are.
    let m = &src["matches"][0];
    let cut = |bytes: &[u8], loc: &serde_json::Value| {
        let (a, b) = (
            loc["start"].as_u64().unwrap() as usize,
            loc["end"].as_u64().unwrap() as usize,
        );
        bytes[a..b].to_vec()
    };
    let units: Vec<u16> = cut(&utf16, &m["original"])
        .chunks(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .collect();
    assert_eq!(
        String::from_utf16(&units).unwrap(),
        m["original"]["text"].as_str().unwrap()
    );
    let rewrite_cut = cut(&cp1252, &m["rewrite"]);
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&rewrite_cut);
    assert_eq!(text, m["rewrite"]["text"].as_str().unwrap());
    // A UTF-8 query names no encoding and keeps its offsets.
    let plain = d.path().join("rewrite.txt");
    std::fs::write(&plain, &rewrite).unwrap();
    let r = run(&["find", s(&index), s(&plain), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let q = &v["queries"][0];
    assert!(q.get("encoding").is_none(), "{q}");
    assert_eq!(q["bytes"], rewrite.len());

    // HTML: the source page's headings name the sizes as stored and the
    // encodings, as `compare --format html` does.
    let out = d.path().join("pages");
    let r = run(&[
        "find",
        s(&index),
        s(&query),
        "--format",
        "html",
        "--out",
        s(&out),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let qdir = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .expect("a query folder");
    let page = std::fs::read_dir(&qdir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap() != "index.html")
        .expect("a source page");
    let page = std::fs::read_to_string(page).unwrap();
    for (bytes, name) in [(utf16.len(), "UTF-16LE"), (cp1252.len(), "windows-1252")] {
        let meta = format!("{} bytes in {name}</span>", group_digits(bytes));
        assert!(page.contains(&meta), "{meta} not in the page");
    }
    // The terminal names them after the paths.
    let r = run(&["find", s(&index), s(&query)]);
    assert!(
        r.stdout
            .contains("rewrite-1252.txt (windows-1252): 1 source")
            && r.stdout.contains("original-utf16.txt (UTF-16LE)"),
        "{}",
        r.stdout
    );
}

/// `1,234`: digits in groups of three, as the HTML report writes sizes.
fn group_digits(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
