//! Files saved in other encodings: the seed pair as UTF-16 (both byte
//! orders, with a byte-order mark), Windows-1252 and Latin-1 gives the
//! same matches as in UTF-8, with offsets counted in the files as stored
//! (docs/languages.md); a scan finds the copies as one text.
//!
//! The encoders here are written out by hand (std's `encode_utf16`, a
//! table for the three Windows-1252 punctuation marks the seed uses), so
//! they do not share code with the decoder under test.

use std::fs;
use std::path::Path;

use crate::util::*;
use serde_json::Value;

#[derive(Clone, Copy, Debug)]
enum Enc {
    Utf16Le,
    Utf16Be,
    Windows1252,
    Latin1,
}

impl Enc {
    /// The bytes of `text` in this encoding (with a BOM for UTF-16).
    fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Enc::Utf16Le | Enc::Utf16Be => {
                let big = matches!(self, Enc::Utf16Be);
                let mut out = if big {
                    vec![0xFE, 0xFF]
                } else {
                    vec![0xFF, 0xFE]
                };
                for u in text.encode_utf16() {
                    out.extend(if big {
                        u.to_be_bytes()
                    } else {
                        u.to_le_bytes()
                    });
                }
                out
            }
            Enc::Windows1252 | Enc::Latin1 => text
                .chars()
                .map(|c| match c {
                    '’' => 0x92,
                    '“' => 0x93,
                    '”' => 0x94,
                    c if (c as u32) < 0x80 || (0xA0..=0xFF).contains(&(c as u32)) => c as u8,
                    c => panic!("{c:?} is not in {self:?}"),
                })
                .collect(),
        }
    }

    /// The file offset of UTF-8 offset `at` of `text`.
    fn stored(self, text: &str, at: usize) -> usize {
        match self {
            Enc::Utf16Le | Enc::Utf16Be => 2 + 2 * text[..at].encode_utf16().count(),
            Enc::Windows1252 | Enc::Latin1 => text[..at].chars().count(),
        }
    }

    /// The name reports give.
    fn name(self) -> &'static str {
        match self {
            Enc::Utf16Le => "UTF-16LE",
            Enc::Utf16Be => "UTF-16BE",
            // WHATWG reads Latin-1 labels as Windows-1252, its superset.
            Enc::Windows1252 | Enc::Latin1 => "windows-1252",
        }
    }

    /// The text this encoding can hold: Latin-1 has no curly quotes, so
    /// its version of the seed uses guillemets and an acute accent (which
    /// it has) instead.
    fn text(self, utf8: &str) -> String {
        match self {
            Enc::Latin1 => utf8.replace('’', "´").replace('“', "«").replace('”', "»"),
            _ => utf8.to_string(),
        }
    }
}

const ALL: [Enc; 4] = [Enc::Utf16Le, Enc::Utf16Be, Enc::Windows1252, Enc::Latin1];

fn compare_json(dir: &Path, a: &str, b: &str) -> Value {
    let run = neardup_env(dir, &["compare", a, b, "--format", "json"], &[]);
    assert_eq!(run.code, 0, "{a} {b}: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// A JSON report of UTF-8 files with every offset moved to where `enc`
/// stores it, and the documents' sizes and encodings as `enc` stores
/// them: what the report of the `enc` files must be.
fn expected(utf8_report: &Value, original: &str, rewrite: &str, enc: Enc) -> Value {
    let mut want = utf8_report.clone();
    let map = |v: &mut Value, text: &str| {
        let at = v.as_u64().unwrap() as usize;
        *v = Value::from(enc.stored(text, at));
    };
    for (side, text) in [("original", original), ("rewrite", rewrite)] {
        want[side]["bytes"] = Value::from(enc.encode(text).len());
        want[side]["encoding"] = Value::from(enc.name());
        let path = want[side]["path"].as_str().unwrap().replace(".txt", ".enc");
        want[side]["path"] = Value::from(path);
    }
    for m in want["matches"].as_array_mut().unwrap() {
        for (side, text) in [("original", original), ("rewrite", rewrite)] {
            map(&mut m[side]["start"], text);
            map(&mut m[side]["end"], text);
        }
        for l in m["links"].as_array_mut().unwrap() {
            map(&mut l["original_start"], original);
            map(&mut l["original_end"], original);
            map(&mut l["rewrite_start"], rewrite);
            map(&mut l["rewrite_end"], rewrite);
        }
    }
    want
}

#[test]
fn the_seed_pair_in_every_encoding_gives_the_utf8_matches() {
    let dir = tempfile::tempdir().unwrap();
    let original = read("corpus/seed/original.txt");
    let rewrite = read("corpus/seed/rewrite.txt");
    for enc in ALL {
        let (o, r) = (enc.text(&original), enc.text(&rewrite));
        fs::write(dir.path().join("original.txt"), &o).unwrap();
        fs::write(dir.path().join("rewrite.txt"), &r).unwrap();
        fs::write(dir.path().join("original.enc"), enc.encode(&o)).unwrap();
        fs::write(dir.path().join("rewrite.enc"), enc.encode(&r)).unwrap();
        let utf8 = compare_json(dir.path(), "original.txt", "rewrite.txt");
        assert!(
            utf8["matches"].as_array().unwrap().len() >= 3,
            "the seed has matches"
        );
        let got = compare_json(dir.path(), "original.enc", "rewrite.enc");
        let want = expected(&utf8, &o, &r, enc);
        assert_eq!(got, want, "{enc:?}");
        // The offsets cut the passage out of the file as stored.
        let bytes = enc.encode(&r);
        let m = &got["matches"][0]["rewrite"];
        let (s, e) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
        let text = m["text"].as_str().unwrap();
        let bom = enc.stored("", 0);
        assert_eq!(&bytes[s as usize..e as usize], &enc.encode(text)[bom..]);
    }
}

#[test]
fn a_utf16_pair_in_a_pairs_file_reports_file_offsets_too() {
    let dir = tempfile::tempdir().unwrap();
    let original = read("corpus/seed/original.txt");
    let rewrite = read("corpus/seed/rewrite.txt");
    let enc = Enc::Utf16Le;
    fs::write(dir.path().join("original.enc"), enc.encode(&original)).unwrap();
    fs::write(dir.path().join("rewrite.enc"), enc.encode(&rewrite)).unwrap();
    fs::write(dir.path().join("pairs.tsv"), "original.enc\trewrite.enc\n").unwrap();
    let one = neardup_env(
        dir.path(),
        &[
            "compare",
            "original.enc",
            "rewrite.enc",
            "--format",
            "jsonl",
        ],
        &[],
    );
    let many = neardup_env(dir.path(), &["compare", "--pairs", "pairs.tsv"], &[]);
    assert_eq!(many.code, 0, "{}", many.stderr);
    let line: Value = serde_json::from_str(one.stdout.trim()).unwrap();
    let listed: Value = serde_json::from_str(many.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(line["matches"], listed["matches"]);
    assert_eq!(listed["rewrite"]["encoding"], "UTF-16LE");
}

#[test]
fn every_compare_report_names_an_encoding_that_is_not_utf8() {
    // A UTF-16LE original and a windows-1252 rewrite: the terminal's first
    // line, the HTML page and a `--pairs` HTML page name both encodings
    // (JSON's are checked above); a UTF-8 file is named by none.
    let dir = tempfile::tempdir().unwrap();
    let original = read("corpus/seed/original.txt");
    let rewrite = read("corpus/seed/rewrite.txt");
    let (o, r) = (
        Enc::Utf16Le.encode(&original),
        Enc::Windows1252.encode(&rewrite),
    );
    fs::write(dir.path().join("original.enc"), &o).unwrap();
    fs::write(dir.path().join("rewrite.enc"), &r).unwrap();
    fs::write(dir.path().join("rewrite.txt"), &rewrite).unwrap();
    fs::write(dir.path().join("pairs.tsv"), "original.enc\trewrite.enc\n").unwrap();
    let run = |args: &[&str]| {
        let run = neardup_env(dir.path(), args, &[]);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        run.stdout
    };
    let terminal = run(&["compare", "original.enc", "rewrite.enc"]);
    let first = terminal.lines().next().unwrap();
    assert!(
        first.contains("(original, en, UTF-16LE, 9 passages)")
            && first.contains("(rewrite, en, windows-1252, "),
        "{first}"
    );
    // Sizes as stored, encodings named in each document's heading.
    let sizes = |page: &str| {
        for (bytes, name) in [(o.len(), "UTF-16LE"), (r.len(), "windows-1252")] {
            let meta = format!("{} bytes in {name}</span>", group(bytes));
            assert!(page.contains(&meta), "{meta} not in the page");
        }
    };
    sizes(&run(&[
        "compare",
        "original.enc",
        "rewrite.enc",
        "--format",
        "html",
    ]));
    run(&[
        "compare",
        "--pairs",
        "pairs.tsv",
        "--format",
        "html",
        "--out",
        "pages",
    ]);
    let page = fs::read_dir(dir.path().join("pages"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name().unwrap() != "index.html" && p.extension().is_some_and(|e| e == "html")
        })
        .expect("a pair page");
    sizes(&fs::read_to_string(page).unwrap());
    // A UTF-8 rewrite names no encoding.
    let mixed = run(&["compare", "original.enc", "rewrite.txt", "--format", "html"]);
    assert!(mixed.contains(" in UTF-16LE</span>"));
    assert_eq!(mixed.matches("bytes in ").count(), 1);
    let first = run(&["compare", "original.enc", "rewrite.txt"]);
    assert!(
        first
            .lines()
            .next()
            .unwrap()
            .contains("(rewrite, en, 22 passages)")
    );
}

/// `1,234,567`: digits in groups of three, as the HTML report writes sizes.
fn group(n: usize) -> String {
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

#[test]
fn a_scan_finds_the_copies_in_every_encoding_as_one_text() {
    let dir = tempfile::tempdir().unwrap();
    let rewrite = read("corpus/seed/rewrite.txt");
    fs::write(dir.path().join("utf8.txt"), &rewrite).unwrap();
    for enc in [Enc::Utf16Le, Enc::Utf16Be, Enc::Windows1252] {
        let name = format!("{enc:?}.txt");
        fs::write(dir.path().join(name), enc.encode(&rewrite)).unwrap();
    }
    // A Latin-1 file (French: every accented letter one byte) and its
    // UTF-8 copy.
    let french = "Le café de la gare a rouvert ses portes après des mois de travaux, \
                  et les habitués y ont retrouvé leur table près de la fenêtre.";
    fs::write(dir.path().join("french-utf8.txt"), french).unwrap();
    fs::write(dir.path().join("Latin1.txt"), Enc::Latin1.encode(french)).unwrap();
    let run = neardup_env(dir.path(), &["scan", ".", "--format", "json"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "no warning: {}", run.stderr);
    let r: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(r["summary"]["documents"], 6);
    assert_eq!(
        r["summary"]["distinct_texts"], 2,
        "the same words once decoded"
    );
    assert_eq!(r["summary"]["skipped"]["binary"], 0, "UTF-16 is text");
    assert_eq!(
        r["clusters"][0]["members"],
        serde_json::json!(["Latin1.txt", "french-utf8.txt"])
    );
    assert_eq!(r["clusters"][1]["size"], 4);
    assert_eq!(r["decoded_lossily"], serde_json::json!([]));
    // What was decoded and how: every file but the UTF-8 ones, named with
    // its encoding (Latin-1 read as its superset windows-1252, as browsers
    // do).
    assert_eq!(r["summary"]["non_utf8"], 4);
    assert_eq!(
        r["non_utf8"],
        serde_json::json!([
            {"path": "Latin1.txt", "encoding": "windows-1252"},
            {"path": "Utf16Be.txt", "encoding": "UTF-16BE"},
            {"path": "Utf16Le.txt", "encoding": "UTF-16LE"},
            {"path": "Windows1252.txt", "encoding": "windows-1252"},
        ])
    );
    let text = neardup_env(dir.path(), &["scan", "."], &[]);
    assert!(
        text.stdout.contains(
            "4 files read in other encodings than UTF-8 (windows-1252 2, UTF-16BE 1, UTF-16LE 1)"
        ),
        "{}",
        text.stdout
    );
    let jsonl = neardup_env(dir.path(), &["scan", ".", "--format", "jsonl"], &[]);
    let lines: Vec<Value> = jsonl
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|l: &Value| l["type"] == "non_utf8")
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[1]["path"], "Utf16Be.txt");
    assert_eq!(lines[1]["encoding"], "UTF-16BE");
    // The side-by-side views of the HTML report name the encodings too,
    // with the sizes as stored.
    let out = tempfile::tempdir().unwrap();
    let views = out.path().join("views");
    let html = neardup_env(
        dir.path(),
        &[
            "scan",
            ".",
            "--format",
            "html",
            "--out",
            views.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(html.code, 0, "{}", html.stderr);
    let pages: Vec<String> = fs::read_dir(&views)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name().unwrap() != "index.html" && p.extension().is_some_and(|e| e == "html")
        })
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    let utf16 = Enc::Utf16Le.encode(&rewrite).len();
    let named = ">Utf16Le.txt</code> <span class=\"meta\">";
    let page = pages
        .iter()
        .find(|p| p.contains(named))
        .expect("a view of Utf16Le.txt");
    assert!(page.contains(&format!("{} bytes in UTF-16LE</span>", group(utf16))));
    assert!(pages.iter().all(|p| !p.contains("bytes in UTF-8")));
}

#[test]
fn a_scan_names_the_encoding_it_was_told_to_use() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.txt"),
        b"Caf\xe9 cr\xe8me, na\xefve fa\xe7ade, d\xe9j\xe0 vu.",
    )
    .unwrap();
    fs::write(dir.path().join("b.txt"), "plain ASCII words here and there").unwrap();
    let run = neardup_env(
        dir.path(),
        &["scan", ".", "--format", "json", "--encoding", "iso-8859-15"],
        &[],
    );
    assert_eq!(run.code, 1, "no near-duplicates: {}", run.stderr);
    let r: Value = serde_json::from_str(&run.stdout).unwrap();
    // Forced: every file is read in it, and named so (ASCII included).
    assert_eq!(r["summary"]["non_utf8"], 2);
    assert_eq!(r["non_utf8"][0]["encoding"], "ISO-8859-15");
    // The side-by-side views read the files as the scan did: 0xA4 is the
    // euro sign in ISO-8859-15 (in windows-1252, the guess, it is ¤).
    let euro = b"Le prix du caf\xe9 passe \xe0 3 \xa4 dans les bars de la gare, \
                 annonce la direction de la soci\xe9t\xe9 ce matin.";
    fs::write(dir.path().join("c.txt"), euro).unwrap();
    fs::write(dir.path().join("d.txt"), euro).unwrap();
    let out = tempfile::tempdir().unwrap();
    let views = out.path().join("views");
    let html = neardup_env(
        dir.path(),
        &[
            "scan",
            ".",
            "--format",
            "html",
            "--out",
            views.to_str().unwrap(),
            "--encoding",
            "iso-8859-15",
        ],
        &[],
    );
    assert_eq!(html.code, 0, "{}", html.stderr);
    let page = fs::read_dir(&views)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name().unwrap() != "index.html" && p.extension().is_some_and(|e| e == "html")
        })
        .map(|p| fs::read_to_string(p).unwrap())
        .expect("the view of c.txt and d.txt");
    assert!(page.contains("3 €"), "the euro sign");
    assert!(page.contains("bytes in ISO-8859-15</span>"));
}

#[test]
fn encoding_can_be_forced() {
    let dir = tempfile::tempdir().unwrap();
    // KOI8-R Russian is also a guess chardetng can make; forcing it must
    // give the same text whatever the guess would be.
    let text = "Правительство объявило о реформе больниц. Депутаты назвали решение историческим.\n";
    let koi8: Vec<u8> = text
        .chars()
        .map(|c| {
            let koi = "юабцдефгхийклмнопярстужвьызшэщчъЮАБЦДЕФГХИЙКЛМНОПЯРСТУЖВЬЫЗШЭЩЧЪ";
            match koi.chars().position(|k| k == c) {
                Some(i) => 0xC0 + i as u8,
                None => c as u8,
            }
        })
        .collect();
    fs::write(dir.path().join("b.txt"), &koi8).unwrap();
    let run = neardup_env(
        dir.path(),
        &[
            "compare",
            "b.txt",
            "b.txt",
            "--format",
            "json",
            "--encoding",
            "koi8-r",
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(r["original"]["encoding"], "KOI8-R");
    let m = &r["matches"][0]["original"];
    assert!(m["text"].as_str().unwrap().contains("Правительство"), "{m}");
}
