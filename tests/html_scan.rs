//! `neardup scan --format html`: the cluster browser and the side-by-side
//! views of its pairs, without a browser (`html_browser.rs` clicks through
//! them).
//!
//! To regenerate the golden page after an intended change:
//! `NEARDUP_BLESS=1 cargo test --test integration html_scan`, then review the diff.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::html::*;
use crate::util::*;

/// The names of the files in `dir`, but for the manifest of the files
/// neardup wrote there (`.neardup-out`, tested in tests/out_folder.rs).
fn listing(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name != ".neardup-out")
        .collect()
}

fn json_report(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["scan"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json", "-q"]);
    let run = neardup_env(dir, &all, &[]);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

fn read_page(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const SAMPLE_VIEWS: [&str; 4] = [
    "0001-austen-emma-edited-austen-emma.html",
    "0002-chesterton-brown-with-boilerplate-chesterton-brown.html",
    "0003-melville-moby-dick-moby-dick-reordered.html",
    "0004-austen-persuasion-copy-austen-persuasion.html",
];

#[test]
fn golden_scan_page_of_the_sample_corpus() {
    let out = tempfile::tempdir().unwrap();
    let out_arg = out.path().to_str().unwrap();
    let run = neardup(&[
        "scan",
        "corpus/scan-sample",
        "--format",
        "html",
        "--out",
        out_arg,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let mut want: BTreeSet<String> = SAMPLE_VIEWS.map(String::from).into();
    want.insert("index.html".into());
    assert_eq!(listing(out.path()), want, "the page and one view per pair");
    let actual = read_page(&out.path().join("index.html"));
    let path = repo("tests/golden/scan-index.html");
    if std::env::var_os("NEARDUP_BLESS").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let golden = read_page(&path);
    assert!(
        actual == golden,
        "scan-index.html differs from its golden file (NEARDUP_BLESS=1 to update)"
    );
}

/// What the page shows is what the JSON report says: figures, histogram,
/// clusters (members, representative, best similarities) and pairs, each
/// cluster's pairs most similar first, ties in listing order.
#[test]
fn the_page_agrees_with_the_json_report() {
    let dir = tempfile::tempdir().unwrap();
    write_scan_sample(dir.path());
    let run = run_scan_html(dir.path(), &["sample"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read_page(&dir.path().join("out/index.html"));
    let r = json_report(dir.path(), &["sample"]);
    let s = &r["summary"];
    for (what, key) in [
        ("documents", "documents"),
        ("clusters", "clusters"),
        ("redundant documents", "redundant_documents"),
        ("similar pairs", "similar_pairs"),
    ] {
        let want = format!("<div><dt>{what}</dt><dd>{}</dd></div>", s[key]);
        assert!(page.contains(&want), "{want}");
    }
    assert!(page.contains("<div><dt>skipped</dt><dd>3</dd></div>"));
    // The histogram's table lists the non-empty bins of the JSON.
    let bins: Vec<(String, u64)> = r["similarity_histogram"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["pairs"].as_u64().unwrap() > 0)
        .map(|b| {
            let (from, to) = (b["from"].as_f64().unwrap(), b["to"].as_f64().unwrap());
            let label = if from == 1.0 {
                "1".to_string()
            } else {
                format!("{from:.4}–{to:.4}")
            };
            (label, b["pairs"].as_u64().unwrap())
        })
        .collect();
    let shown: Vec<(String, u64)> = page
        .split("<details class=\"bins\">")
        .nth(1)
        .unwrap()
        .split("</details>")
        .next()
        .unwrap()
        .split("<tr><td>")
        .skip(1)
        .map(|row| {
            let cells: Vec<String> = row.split("</td>").take(2).map(strip_tags).collect();
            (cells[0].clone(), cells[1].replace(',', "").parse().unwrap())
        })
        .collect();
    assert_eq!(shown, bins);
    assert_eq!(bins.iter().map(|b| b.1).sum::<u64>(), 6, "{bins:?}");
    assert_eq!(
        page.matches("<rect class=\"bar").count(),
        bins.len(),
        "a bar per non-empty bin"
    );
    // The clusters table, in id order.
    let clusters = r["clusters"].as_array().unwrap();
    let rows = table_rows(&page, "clusters");
    assert_eq!(rows.len(), clusters.len());
    for (row, c) in rows.iter().zip(clusters) {
        let id = c["id"].as_u64().unwrap();
        assert_eq!(row.text(0), id.to_string());
        assert_eq!(row.href(0), Some(format!("#cluster-{id}")));
        assert_eq!(row.text(1), c["size"].to_string());
        assert_eq!(row.text(2), c["pairs"].to_string());
        assert_eq!(row.text(4), c["representative"].as_str().unwrap());
    }
    // Each cluster's section: members with their best similarity, the
    // representative marked, and its pairs.
    let pairs = r["pairs"].as_array().unwrap();
    for c in clusters {
        let id = c["id"].as_u64().unwrap();
        let section = page
            .split(&format!("<section class=\"cluster\" id=\"cluster-{id}\">"))
            .nth(1)
            .unwrap_or_else(|| panic!("no section for cluster {id}"))
            .split("</section>")
            .next()
            .unwrap();
        let members: Vec<(String, String, bool)> = section
            .split("<table class=\"members\">")
            .nth(1)
            .unwrap()
            .split("</table>")
            .next()
            .unwrap()
            .split("<tr")
            .skip(2)
            .map(|row| {
                let cells: Vec<&str> = row.split("<td>").skip(1).collect();
                let path = cells[0].split("<code>").nth(1).unwrap();
                let path = decode(&path[..path.find("</code>").unwrap()]);
                (
                    path,
                    strip_tags(row.rsplit("\">").next().unwrap()),
                    row.starts_with(" class=\"rep\""),
                )
            })
            .collect();
        let want: Vec<(String, String, bool)> = c["members"]
            .as_array()
            .unwrap()
            .iter()
            .zip(c["member_similarity"].as_array().unwrap())
            .map(|(m, s)| {
                let m = m.as_str().unwrap().to_string();
                let rep = m == c["representative"].as_str().unwrap();
                (m, format!("{:.2}", s.as_f64().unwrap()), rep)
            })
            .collect();
        assert_eq!(members, want, "cluster {id}");
        let rows = table_rows(&page, &format!("pairs-{id}"));
        let mut want: Vec<(usize, &serde_json::Value)> = pairs
            .iter()
            .enumerate()
            .filter(|(_, p)| p["cluster"] == id)
            .map(|(k, p)| (k + 1, p))
            .collect();
        want.sort_by(|(ka, a), (kb, b)| {
            let key = |p: &serde_json::Value| p["similarity"].as_f64().unwrap();
            key(b).total_cmp(&key(a)).then(ka.cmp(kb))
        });
        assert_eq!(rows.len(), want.len(), "cluster {id}");
        for (row, (number, p)) in rows.iter().zip(&want) {
            assert_eq!(row.attrs["data-n"], number.to_string());
            assert_eq!(row.text(1), p["a"].as_str().unwrap());
            assert_eq!(row.text(2), p["b"].as_str().unwrap());
            assert_eq!(
                row.cells[3].0["data-key"].parse::<f64>().unwrap(),
                p["similarity"].as_f64().unwrap()
            );
            assert!(row.href(4).is_some(), "pair {number} has a view");
        }
    }
    // The Emma cluster has three pairs, two tied: the tie is in listing order.
    let emma = table_rows(&page, "pairs-1");
    assert_eq!(emma.len(), 3);
    let order: Vec<&str> = emma.iter().map(|r| r.attrs["data-n"].as_str()).collect();
    assert_eq!(order, ["2", "1", "3"], "1.0 first, then the tie in order");
    // Skipped files are listed.
    for path in ["sample/cover.bin", "sample/empty.txt", "sample/short.txt"] {
        assert!(
            page.contains(&format!("<tr><td><code>{path}</code></td>")),
            "{path}"
        );
    }
    // The Latin-1 file is decoded (windows-1252), so nothing was lossy.
    assert!(!page.contains("decoded lossily"));
}

/// Each view is the page `neardup compare A B --preset pan --format html`
/// writes, plus a link back to its cluster.
#[test]
fn each_view_is_the_compare_report_with_a_link_to_its_cluster() {
    let dir = tempfile::tempdir().unwrap();
    write_scan_sample(dir.path());
    assert_eq!(run_scan_html(dir.path(), &["sample"], &[]).code, 0);
    let r = json_report(dir.path(), &["sample"]);
    let out = dir.path().join("out");
    let page = read_page(&out.join("index.html"));
    assert!(page.contains("<code>neardup compare A B --preset pan</code>"));
    let pairs = r["pairs"].as_array().unwrap();
    assert_eq!(listing(&out).len(), pairs.len() + 1);
    for (k, p) in pairs.iter().enumerate() {
        let (a, b, cluster) = (
            p["a"].as_str().unwrap(),
            p["b"].as_str().unwrap(),
            p["cluster"].as_u64().unwrap(),
        );
        let row = table_rows(&page, &format!("pairs-{cluster}"))
            .into_iter()
            .find(|row| row.attrs["data-n"] == (k + 1).to_string())
            .unwrap();
        let href = row.href(4).expect("a view");
        assert!(href.starts_with(&format!("{:04}-", k + 1)), "{href}");
        let view = read_page(&out.join(&href));
        let single = neardup_env(
            dir.path(),
            &["compare", a, b, "--preset", "pan", "--format", "html"],
            &[],
        );
        assert_eq!(single.code, 0, "{}", single.stderr);
        let back = format!(
            "<nav><a class=\"up\" href=\"index.html#cluster-{cluster}\">← Cluster {cluster}</a></nav>\n"
        );
        assert_eq!(view.matches(&back).count(), 1, "{href}");
        assert!(
            view.replacen(&back, "", 1) == single.stdout,
            "{href} differs from the compare report of {a} and {b}"
        );
    }
}

/// Every link of the page and of its views leads to a file that exists,
/// and every fragment to an element of the page it names.
#[test]
fn every_link_resolves() {
    let dir = tempfile::tempdir().unwrap();
    write_scan_sample(dir.path());
    assert_eq!(run_scan_html(dir.path(), &["sample"], &[]).code, 0);
    let out = dir.path().join("out");
    let ids = |page: &str| -> BTreeSet<String> {
        page.match_indices(" id=\"")
            .map(|(at, _)| {
                let rest = &page[at + 5..];
                rest[..rest.find('"').unwrap()].to_string()
            })
            .collect()
    };
    let pages: BTreeMap<String, String> = listing(&out)
        .into_iter()
        .map(|name| {
            let page = read_page(&out.join(&name));
            (name, page)
        })
        .collect();
    let mut checked = 0;
    for (name, page) in &pages {
        for href in hrefs(page) {
            let (file, fragment) = match href.split_once('#') {
                Some((f, frag)) => (f.to_string(), Some(frag.to_string())),
                None => (href.clone(), None),
            };
            let file = if file.is_empty() { name.clone() } else { file };
            assert!(
                file.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
                "{name}: {href}"
            );
            let target = pages
                .get(&file)
                .unwrap_or_else(|| panic!("{name} links to missing {file}"));
            if let Some(fragment) = fragment {
                assert!(
                    ids(target).contains(&fragment),
                    "{name} links to {href}: no such element"
                );
            }
            checked += 1;
        }
    }
    // Page: 4 cluster links, 4 "↑ clusters", 6 views; views: their
    // passages and a link back each.
    assert!(checked > 14 + 6, "{checked}");
    let index = &pages["index.html"];
    let views: BTreeSet<String> = hrefs(index)
        .into_iter()
        .filter(|h| !h.starts_with('#'))
        .collect();
    assert_eq!(views.len(), 6, "{views:?}");
    for view in &views {
        assert!(
            hrefs(&pages[view])
                .iter()
                .any(|h| h.starts_with("index.html#cluster-")),
            "{view} links back"
        );
    }
}

#[test]
fn page_and_views_are_identical_across_threads_and_input_order() {
    let written = |threads: &str, reversed: bool| {
        let dir = tempfile::tempdir().unwrap();
        write_scan_sample(dir.path());
        let mut files: Vec<String> = Vec::new();
        let mut stack = vec![dir.path().join("sample")];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    files.push(
                        p.strip_prefix(dir.path())
                            .unwrap()
                            .to_str()
                            .unwrap()
                            .to_string(),
                    );
                }
            }
        }
        files.sort();
        if reversed {
            files.reverse();
        }
        std::fs::write(dir.path().join("list.txt"), files.join("\n") + "\n").unwrap();
        let run = run_scan_html(
            dir.path(),
            &["--files-from", "list.txt", "-q"],
            &[("RAYON_NUM_THREADS", threads)],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let out = dir.path().join("out");
        listing(&out)
            .into_iter()
            .map(|name| {
                let bytes = std::fs::read(out.join(&name)).unwrap();
                (name, bytes)
            })
            .collect::<Vec<_>>()
    };
    let one = written("1", false);
    // Listed files are read even when hidden: the hidden copy of Emma
    // joins its cluster (four documents, six pairs), so nine views.
    assert_eq!(one.len(), 10, "index and nine views");
    assert!(
        one == written("2", true),
        "1 thread vs 2, files in another order"
    );
}

/// Without --out the page alone goes to stdout: no view column, and a
/// note on how to get them.
#[test]
fn without_out_the_page_alone_goes_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    write_scan_sample(dir.path());
    let run = neardup_env(dir.path(), &["scan", "sample", "--format", "html"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = &run.stdout;
    assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"));
    assert!(page.contains("Run with <code>--out DIR</code>"));
    assert!(!page.contains("Side by side"));
    assert!(
        hrefs(page).iter().all(|h| h.starts_with('#')),
        "only links inside the page"
    );
    assert_eq!(table_rows(page, "pairs-1").len(), 3);
    assert_eq!(table_rows(page, "pairs-1")[0].cells.len(), 4);
    assert_eq!(listing(dir.path()), ["sample".to_string()].into());
}

#[test]
fn no_near_duplicates_is_exit_1_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("c")).unwrap();
    for name in ["shakespeare-hamlet.txt", "whitman-leaves.txt"] {
        std::fs::copy(
            repo("corpus/scan-sample").join(name),
            dir.path().join("c").join(name),
        )
        .unwrap();
    }
    let run = run_scan_html(dir.path(), &["c"], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        listing(&dir.path().join("out")),
        ["index.html".to_string()].into()
    );
    let page = read_page(&dir.path().join("out/index.html"));
    assert!(page.contains("No near-duplicates"));
    assert!(page.contains("<div><dt>similar pairs</dt><dd>0</dd></div>"));
    assert!(!page.contains("0 of 0"), "no note about views of no pairs");
}

/// A pair whose file is too large to show gets no view, and says why.
#[test]
fn pairs_without_a_view_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    std::fs::create_dir(&c).unwrap();
    let emma = read("corpus/scan-sample/austen-emma.txt");
    let moby = read("corpus/scan-sample/melville-moby-dick.txt");
    let big = moby.repeat((1 << 20) / moby.len() + 1);
    assert!(big.len() > 1 << 20);
    std::fs::write(c.join("big-1.txt"), &big).unwrap();
    std::fs::write(c.join("big-2.txt"), &big).unwrap();
    std::fs::write(c.join("small-1.txt"), &emma).unwrap();
    std::fs::write(c.join("small-2.txt"), &emma).unwrap();
    let run = run_scan_html(dir.path(), &["c"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("1 of 2 listed pairs have no side-by-side view"),
        "{}",
        run.stderr
    );
    let page = read_page(&dir.path().join("out/index.html"));
    let big_row = &table_rows(&page, "pairs-1")[0];
    assert_eq!(big_row.text(1), "c/big-1.txt");
    assert_eq!(big_row.href(4), None);
    assert_eq!(big_row.cells[4].0["class"], "why");
    assert!(
        big_row
            .text(4)
            .contains("over the 1 MiB limit of a side-by-side view"),
        "{}",
        big_row.text(4)
    );
    assert!(table_rows(&page, "pairs-2")[0].href(4).is_some());
    assert!(page.contains("1 of 2 listed pairs has a side-by-side view"));
    assert_eq!(listing(&dir.path().join("out")).len(), 2);
}

/// `--out` with a format written to stdout is refused, not ignored.
#[test]
fn out_is_refused_for_other_formats() {
    let dir = tempfile::tempdir().unwrap();
    write_scan_sample(dir.path());
    for format in ["terminal", "json", "jsonl", "csv"] {
        let run = neardup_env(
            dir.path(),
            &["scan", "sample", "--format", format, "--out", "x"],
            &[],
        );
        assert_eq!(run.code, 2, "{format}");
        assert!(run.stdout.is_empty());
        assert!(
            run.stderr.contains("--out DIR is for --format html")
                && run
                    .stderr
                    .contains(&format!("--format {format} writes to stdout"))
                && run.stderr.lines().count() == 1,
            "{}",
            run.stderr
        );
        assert!(!dir.path().join("x").exists());
    }
}

/// File names made of markup, in a cluster: text on the page, safe
/// characters in the views' names, relative links only.
#[test]
fn hostile_file_names_stay_inert() {
    let dir = tempfile::tempdir().unwrap();
    let names = write_hostile_scan(dir.path());
    let run = run_scan_html(dir.path(), &["c"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.path().join("out");
    let page = read_page(&out.join("index.html"));
    assert_eq!(page.matches("<script").count(), 1, "only the page's script");
    for tag in ["<img", "<b>", "<svg onload", "\"'&"] {
        assert!(!page.contains(tag), "a file name leaked markup: {tag}");
    }
    for c in INVISIBLE {
        assert!(!page.contains(c), "raw U+{:04X}", c as u32);
    }
    let shown: BTreeSet<String> = table_rows(&page, "pairs-1")
        .iter()
        .flat_map(|r| [r.text(1), r.text(2)])
        .collect();
    for name in &names {
        let visible: String = format!("c/{name}")
            .chars()
            .map(|c| {
                if INVISIBLE.contains(&c) {
                    format!("\\u{{{:x}}}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect();
        assert!(shown.contains(&visible), "{visible} not shown: {shown:?}");
    }
    for name in listing(&out) {
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
            "{name}"
        );
    }
    assert_eq!(listing(&out).len(), 1 + 3);
    for href in hrefs(&page) {
        assert!(href.starts_with('#') || out.join(&href).is_file(), "{href}");
    }
}

/// An `--out` that cannot be a folder is a one-line error naming it; one
/// inside the scanned folder is a warning (its pages would be scanned),
/// unless the walk leaves it out.
#[test]
fn out_folder_errors_and_warnings() {
    let dir = tempfile::tempdir().unwrap();
    write_scan_sample(dir.path());
    std::fs::write(dir.path().join("file"), "x").unwrap();
    let run = neardup_env(
        dir.path(),
        &["scan", "sample", "--format", "html", "--out", "file"],
        &[],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("neardup: error: cannot create the --out folder 'file'")
            && run.stderr.lines().count() == 1,
        "{}",
        run.stderr
    );
    let warning =
        "neardup: warning: the --out folder 'sample/report' is inside 'sample', which is scanned";
    for (extra, warned) in [
        (&[][..], true),
        (&["--ext", "txt"][..], false),
        (&["--ext", "txt,HTML"][..], true),
        (&["-q"][..], false),
    ] {
        let mut args = vec![
            "scan",
            "sample",
            "--format",
            "html",
            "--out",
            "sample/report",
        ];
        args.extend_from_slice(extra);
        let run = neardup_env(dir.path(), &args, &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            run.stderr.contains(warning),
            warned,
            "{extra:?}: {}",
            run.stderr
        );
    }
    let run = neardup_env(
        dir.path(),
        &[
            "scan",
            "sample",
            "--format",
            "html",
            "--out",
            "sample/.report",
        ],
        &[],
    );
    assert!(!run.stderr.contains("--out folder"), "{}", run.stderr);
}
