//! Shared by the HTML report tests: hostile documents, the seed report, and
//! a small reader for the report's highlighted passages (the report's own
//! markup, or Chromium's serialisation of its DOM).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use super::util::*;

/// Where the seed report's golden file lives.
pub const SEED_ARGS: [&str; 5] = [
    "compare",
    "corpus/seed/original.txt",
    "corpus/seed/rewrite.txt",
    "--format",
    "html",
];

/// The seed pair's HTML report.
pub fn seed_report() -> String {
    let run = neardup(&SEED_ARGS);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// Sets `data-pwned` on the root element to `tag` if it ever runs.
pub fn pwn(tag: &str) -> String {
    format!("document.documentElement.setAttribute('data-pwned','{tag}')")
}

/// Markup a document might carry, each piece an attempt to run script,
/// load something, or break out of the element or attribute it lands in.
pub fn payloads() -> Vec<String> {
    vec![
        format!("<script>{}</script>", pwn("script")),
        format!("</style><script>{}</script>", pwn("style")),
        format!("\"><img src=x onerror=\"{}\">", pwn("img")),
        format!("'><svg onload='{}'>", pwn("svg")),
        format!("<a href=\"javascript:{}\">click here</a>", pwn("link")),
        format!("</textarea></title><iframe srcdoc=\"<script>{}</script>\"></iframe>", pwn("iframe")),
        "<!-- <![CDATA[ ]]> <base href=\"https://example.invalid/\"> <meta http-equiv=\"refresh\" content=\"0;url=https://example.invalid/\">".to_string(),
        "&lt;already escaped&gt; &amp;amp;".to_string(),
    ]
}

/// Bidirectional and control characters a document might use to disguise
/// what is shown: right-to-left override, isolates, a terminal escape, a bell.
pub const INVISIBLE: [char; 6] = [
    '\u{202E}', '\u{2066}', '\u{2069}', '\u{200B}', '\x1b', '\x07',
];

/// An original and a rewrite sharing sentences that carry every payload,
/// plus a line of invisible characters; their file names carry a payload
/// too. Returns the two file names (relative to `dir`).
pub fn write_hostile_pair(dir: &Path) -> (String, String) {
    const TOPICS: [&str; 8] = [
        "harbour wall repairs",
        "school roof insulation",
        "river bridge lighting",
        "night train timetable",
        "library opening hours",
        "covered market stalls",
        "museum ticket prices",
        "orchard tree planting",
    ];
    let mut original = String::from("Hostile Input Test\n\n");
    let mut rewrite = String::from("A rewrite of the hostile input.\n\n");
    for (p, topic) in payloads().iter().zip(TOPICS) {
        original.push_str(&format!(
            "The council approved the {topic} plan {p} after a long debate.\n"
        ));
        rewrite.push_str(&format!(
            "After a long debate the {topic} plan {p} was approved by the council.\n"
        ));
    }
    let hidden: String = INVISIBLE.iter().collect();
    original.push_str(&format!(
        "The mayor said the {hidden}lighthouse keeper would return in spring with new lamps.\n"
    ));
    rewrite.push_str(&format!(
        "The lighthouse keeper would return in spring with new lamps, the {hidden}mayor said.\n"
    ));
    rewrite.push_str("Nothing else happened in the town that week, according to the paper.\n");
    let names = (
        format!("<img src=x onerror={}>.txt", pwn("path")),
        "rewrite\"'&<b>.txt".to_string(),
    );
    std::fs::write(dir.join(&names.0), original).unwrap();
    std::fs::write(dir.join(&names.1), rewrite).unwrap();
    names
}

/// The text shown in each document column of a page (original first),
/// highlights included, entities decoded.
pub fn column_texts(html: &str) -> Vec<String> {
    html.split("<div class=\"text\">")
        .skip(1)
        .map(|rest| {
            let inner = &rest[..rest
                .find("</div>\n</section>")
                .expect("the column is closed")];
            let mut text = String::new();
            let mut rest = inner;
            while let Some(at) = rest.find('<') {
                text.push_str(&rest[..at]);
                rest = &rest[at + rest[at..].find('>').expect("tag closed") + 1..];
            }
            text.push_str(rest);
            decode(&text)
        })
        .collect()
}

/// A highlighted passage as found in a page.
#[derive(Debug, Clone)]
pub struct Passage {
    pub id: String,
    pub class: String,
    pub href: String,
    pub partners: Vec<String>,
    /// Its text, entities decoded.
    pub text: String,
}

/// Every `<a class="p ...">` of `html`, by id.
pub fn passages(html: &str) -> BTreeMap<String, Passage> {
    let mut out = BTreeMap::new();
    let mut rest = html;
    while let Some(at) = rest.find("<a ") {
        rest = &rest[at..];
        let Some((attrs, after)) = start_tag(rest) else {
            break;
        };
        rest = after;
        let class = attrs.get("class").cloned().unwrap_or_default();
        if !class.split(' ').any(|c| c == "p") {
            continue;
        }
        let end = rest.find("</a>").expect("a passage is closed");
        assert!(
            !rest[..end].contains('<'),
            "a passage holds only text: {}",
            &rest[..end]
        );
        let passage = Passage {
            id: attrs.get("id").cloned().unwrap_or_default(),
            class,
            href: attrs.get("href").cloned().unwrap_or_default(),
            partners: attrs
                .get("data-partners")
                .map(|p| p.split(' ').map(str::to_string).collect())
                .unwrap_or_default(),
            text: decode(&rest[..end]),
        };
        out.insert(passage.id.clone(), passage);
        rest = &rest[end..];
    }
    out
}

/// Parses the start tag at the beginning of `s`: its attributes (values
/// decoded) and what follows it.
pub fn start_tag(s: &str) -> Option<(BTreeMap<String, String>, &str)> {
    let mut attrs = BTreeMap::new();
    let bytes = s.as_bytes();
    let mut i = s.find(|c: char| c.is_whitespace() || c == '>')?;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => return Some((attrs, &s[i + 1..])),
            b'/' => i += 1,
            _ => {
                let name_end =
                    i + s[i..].find(|c: char| c == '=' || c == '>' || c.is_whitespace())?;
                let name = s[i..name_end].to_string();
                i = name_end;
                if bytes[i] == b'=' {
                    let quote = bytes[i + 1];
                    assert!(quote == b'"' || quote == b'\'', "quoted attribute: {name}");
                    let close = i + 2 + s[i + 2..].find(quote as char)?;
                    attrs.insert(name, decode(&s[i + 2..close]));
                    i = close + 1;
                } else {
                    attrs.insert(name, String::new());
                }
            }
        }
    }
}

/// Decodes the character references the report and Chromium use.
pub fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// `s` with every run of whitespace made one space.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The pairs of the index tests, in the pairs file's order: three article
/// pairs, two unrelated pairs (no matches: a tie), a pair whose original
/// is missing, and the first pair again (another tie).
pub const INDEX_PAIRS: [(&str, &str); 7] = [
    ("seed/original.txt", "seed/rewrite.txt"),
    (
        "ashcombe-library/original.txt",
        "ashcombe-library/rewrite.txt",
    ),
    (
        "corran-seagrass/original.txt",
        "corran-seagrass/rewrite.txt",
    ),
    ("seed/original.txt", "corran-seagrass/rewrite.txt"),
    ("missing/original.txt", "seed/rewrite.txt"),
    ("ashcombe-library/original.txt", "seed/rewrite.txt"),
    ("seed/original.txt", "seed/rewrite.txt"),
];

/// Copies the documents of [`INDEX_PAIRS`] from the corpus into `dir` and
/// writes `dir/pairs.tsv` listing them (relative paths, so what the index
/// shows does not depend on where `dir` is).
pub fn write_index_pairs(dir: &Path) {
    for (from, to) in [
        ("corpus/seed", "seed"),
        ("corpus/pairs/ashcombe-library", "ashcombe-library"),
        ("corpus/pairs/corran-seagrass", "corran-seagrass"),
    ] {
        std::fs::create_dir_all(dir.join(to)).unwrap();
        for name in ["original.txt", "rewrite.txt"] {
            std::fs::copy(repo(from).join(name), dir.join(to).join(name)).unwrap();
        }
    }
    let mut list = String::from("# original\trewrite\n");
    for (k, (o, r)) in INDEX_PAIRS.iter().enumerate() {
        // One line separated by spaces, the others by a tab.
        let sep = if k == 2 { "   " } else { "\t" };
        list.push_str(&format!("{o}{sep}{r}\n"));
    }
    std::fs::write(dir.join("pairs.tsv"), list).unwrap();
}

/// `neardup compare --pairs pairs.tsv --format html --out out` in `dir`.
pub fn run_index(dir: &Path, env: &[(&str, &str)]) -> Run {
    neardup_env(
        dir,
        &[
            "compare",
            "--pairs",
            "pairs.tsv",
            "--format",
            "html",
            "--out",
            "out",
        ],
        env,
    )
}

/// A compared pair as the JSON lines report it: the oracle for the index.
#[derive(Debug, Clone, PartialEq)]
pub struct PairFigures {
    /// 1-based line of the pairs file (comments not counted).
    pub number: usize,
    pub original: String,
    pub rewrite: String,
    pub matches: usize,
    pub reused: f64,
    pub derived: f64,
}

/// The compared pairs of `dir/pairs.tsv`, from `--format jsonl`.
pub fn jsonl_figures(dir: &Path) -> Vec<PairFigures> {
    let run = neardup_env(dir, &["compare", "--pairs", "pairs.tsv"], &[]);
    run.stdout
        .lines()
        .enumerate()
        .filter_map(|(k, line)| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            v.get("error").is_none().then(|| PairFigures {
                number: k + 1,
                original: v["original"]["path"].as_str().unwrap().to_string(),
                rewrite: v["rewrite"]["path"].as_str().unwrap().to_string(),
                matches: v["matches"].as_array().unwrap().len(),
                reused: v["original_reused"].as_f64().unwrap(),
                derived: v["rewrite_derived"].as_f64().unwrap(),
            })
        })
        .collect()
}

/// A row of the index's pairs table, as found in the page.
#[derive(Debug, Clone)]
pub struct ShownRow {
    pub figures: PairFigures,
    /// The report link, as written.
    pub href: String,
}

/// The rows of the index's pairs table (`#pairs`), in page order.
pub fn index_rows(page: &str) -> Vec<ShownRow> {
    let table = page
        .split("<table class=\"sortable\" id=\"pairs\">")
        .nth(1)
        .expect("the pairs table")
        .split("</table>")
        .next()
        .unwrap();
    let body = table.split("<tbody>").nth(1).expect("a tbody");
    body.split("<tr")
        .skip(1)
        .map(|row| {
            let cells: Vec<(BTreeMap<String, String>, String)> = row
                .split("<td")
                .skip(1)
                .map(|cell| {
                    let tag = format!("<td{cell}");
                    let (attrs, rest) = start_tag(&tag).expect("a cell");
                    let inner = rest[..rest.find("</td>").expect("closed")].to_string();
                    (attrs, inner)
                })
                .collect();
            assert_eq!(cells.len(), 7, "{row}");
            let text = |i: usize| {
                let mut s = cells[i].1.clone();
                while let Some(a) = s.find('<') {
                    let b = a + s[a..].find('>').unwrap();
                    s.replace_range(a..=b, "");
                }
                decode(s.trim())
            };
            let key = |i: usize| cells[i].0["data-key"].parse::<f64>().unwrap();
            let link = cells[6].1.clone();
            let (attrs, _) = start_tag(&link).expect("a link");
            ShownRow {
                figures: PairFigures {
                    number: text(0).parse().unwrap(),
                    original: text(1),
                    rewrite: text(2),
                    matches: text(3).parse().unwrap(),
                    reused: key(4),
                    derived: key(5),
                },
                href: attrs["href"].clone(),
            }
        })
        .collect()
}

/// `rows` numbers sorted by `key` (descending when `desc`), ties in input
/// order: the order the index's table is in after such a sort.
pub fn sorted_numbers(
    rows: &[PairFigures],
    desc: bool,
    key: impl Fn(&PairFigures, &PairFigures) -> std::cmp::Ordering,
) -> Vec<usize> {
    let mut v: Vec<&PairFigures> = rows.iter().collect();
    v.sort_by(|a, b| {
        let by = key(a, b);
        (if desc { by.reverse() } else { by }).then(a.number.cmp(&b.number))
    });
    v.iter().map(|r| r.number).collect()
}

/// Copies `corpus/scan-sample` into `dir/sample` and adds `sample/austen-emma-copy.txt`,
/// an exact copy of `austen-emma.txt`: the Emma cluster then holds three
/// documents and three pairs, two of them tied.
pub fn write_scan_sample(dir: &Path) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }
    let sample = dir.join("sample");
    copy(&repo("corpus/scan-sample"), &sample);
    std::fs::copy(
        sample.join("austen-emma.txt"),
        sample.join("austen-emma-copy.txt"),
    )
    .unwrap();
}

/// `neardup scan ARGS --format html --out out` in `dir`.
pub fn run_scan_html(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut all = vec!["scan"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "html", "--out", "out"]);
    neardup_env(dir, &all, env)
}

/// A table row as written: the `<tr>`'s attributes and its cells, each
/// with its attributes and inner markup.
#[derive(Debug, Clone)]
pub struct TableRow {
    pub attrs: BTreeMap<String, String>,
    pub cells: Vec<(BTreeMap<String, String>, String)>,
}

impl TableRow {
    /// The text of cell `i`: tags stripped, entities decoded, trimmed.
    pub fn text(&self, i: usize) -> String {
        strip_tags(&self.cells[i].1)
    }

    /// The `href` of the first link in cell `i`.
    pub fn href(&self, i: usize) -> Option<String> {
        let inner = &self.cells[i].1;
        let at = inner.find("<a ")?;
        start_tag(&inner[at..]).and_then(|(a, _)| a.get("href").cloned())
    }
}

/// `s` without its tags, entities decoded, trimmed.
pub fn strip_tags(s: &str) -> String {
    let mut s = s.to_string();
    while let Some(a) = s.find('<') {
        let b = a + s[a..].find('>').expect("a closed tag");
        s.replace_range(a..=b, "");
    }
    decode(s.trim())
}

/// The body rows of the `<table ... id="ID">` of `page`.
pub fn table_rows(page: &str, id: &str) -> Vec<TableRow> {
    let marker = format!("id=\"{id}\">");
    let table = page
        .split(&marker)
        .nth(1)
        .unwrap_or_else(|| panic!("no table #{id}"))
        .split("</table>")
        .next()
        .unwrap();
    let body = table.split("<tbody>").nth(1).expect("a tbody");
    body.split("<tr")
        .skip(1)
        .map(|row| {
            let (attrs, rest) = start_tag(&format!("<tr{row}"))
                .map(|(a, r)| (a, r.to_string()))
                .expect("a row");
            let cells = rest
                .split("<td")
                .skip(1)
                .map(|cell| {
                    let tag = format!("<td{cell}");
                    let (attrs, rest) = start_tag(&tag).expect("a cell");
                    (
                        attrs,
                        rest[..rest.find("</td>").expect("closed")].to_string(),
                    )
                })
                .collect();
            TableRow { attrs, cells }
        })
        .collect()
}

/// Every `href` of `page`, in order.
pub fn hrefs(page: &str) -> Vec<String> {
    page.match_indices(" href=\"")
        .map(|(at, _)| {
            let rest = &page[at + 7..];
            decode(&rest[..rest.find('"').unwrap()])
        })
        .collect()
}

/// Three copies of a document carrying every payload, in `dir/c`, under
/// file names made of markup and invisible characters: one cluster of
/// three documents. Returns the names.
pub fn write_hostile_scan(dir: &Path) -> Vec<String> {
    let c = dir.join("c");
    std::fs::create_dir_all(&c).unwrap();
    let mut text = String::from("Hostile Input Test\n\n");
    for p in payloads() {
        text.push_str(&format!(
            "The council approved the plan {p} after a long debate in the town hall.\n"
        ));
    }
    let hidden: String = INVISIBLE.iter().collect();
    text.push_str(&format!(
        "The mayor said the {hidden}lighthouse keeper would return in spring with new lamps.\n"
    ));
    let names = vec![
        format!("<img src=x onerror={}>.txt", pwn("path")),
        "rewrite\"'&<b>.txt".to_string(),
        format!("'><svg onload='{}'>\u{202E}\u{200B}txt.md", pwn("svg")),
    ];
    for name in &names {
        std::fs::write(c.join(name), &text).unwrap();
    }
    names
}
