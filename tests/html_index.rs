//! `compare --pairs --format html --out DIR`: one report per pair and an
//! index page, without a browser (`html_browser.rs` clicks through them).
//!
//! To regenerate the golden index after an intended change:
//! `NEARDUP_BLESS=1 cargo test --test integration html_index`, then review the diff.

use std::collections::BTreeSet;
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

#[test]
fn golden_pairs_index() {
    let dir = tempfile::tempdir().unwrap();
    write_index_pairs(dir.path());
    let run = run_index(dir.path(), &[]);
    assert_eq!(run.code, 2, "a pair failed: {}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("missing/original.txt"),
        "{}",
        run.stderr
    );
    let out = dir.path().join("out");
    let want: BTreeSet<String> = [
        "index.html",
        "0001-original-rewrite.html",
        "0002-original-rewrite.html",
        "0003-original-rewrite.html",
        "0004-original-rewrite.html",
        "0006-original-rewrite.html",
        "0007-original-rewrite.html",
    ]
    .map(String::from)
    .into();
    assert_eq!(listing(&out), want, "one report per compared pair");
    let actual = std::fs::read_to_string(out.join("index.html")).unwrap();
    let path = repo("tests/golden/pairs-index.html");
    if std::env::var_os("NEARDUP_BLESS").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let golden =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        actual == golden,
        "pairs-index.html differs from its golden file (NEARDUP_BLESS=1 to update)"
    );
}

/// The index shows what the JSON lines say about each pair, sorted by the
/// share of the rewrite derived (most first, ties in input order), and
/// links each to its report; the failed pair is listed with its error.
#[test]
fn index_rows_agree_with_jsonl_and_are_sorted_by_derived_share() {
    let dir = tempfile::tempdir().unwrap();
    write_index_pairs(dir.path());
    let run = run_index(dir.path(), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let page = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    let want = jsonl_figures(dir.path());
    assert_eq!(want.len(), 6, "six pairs compared");
    let shown = index_rows(&page);
    let order: Vec<usize> = shown.iter().map(|r| r.figures.number).collect();
    assert_eq!(
        order,
        sorted_numbers(&want, true, |a, b| a.derived.total_cmp(&b.derived))
    );
    // The data has ties to break: the repeated pair and two unrelated ones.
    assert_eq!(
        want.iter().filter(|f| f.matches == 0).count(),
        2,
        "{want:?}"
    );
    assert!(
        order.windows(2).any(|w| w[0] == 1 && w[1] == 7),
        "{order:?}"
    );
    for row in &shown {
        let f = &want[want
            .iter()
            .position(|w| w.number == row.figures.number)
            .unwrap()];
        assert_eq!(&row.figures, f);
        assert_eq!(
            row.href,
            format!("{:04}-original-rewrite.html", f.number),
            "{row:?}"
        );
    }
    let failed = page
        .split("<section class=\"failed\">")
        .nth(1)
        .expect("the failed pairs are listed");
    assert!(failed.contains("<h2>1 pair not compared</h2>"));
    assert!(failed.contains(
        "<td class=\"num\">5</td><td><code>missing/original.txt</code></td><td><code>seed/rewrite.txt</code></td>"
    ));
    assert!(failed.contains("cannot read &#39;missing/original.txt&#39;"));
}

/// Each pair's page is exactly the report `compare ORIGINAL REWRITE
/// --format html` writes, plus a link back to the index.
#[test]
fn each_pair_report_is_the_compare_report_with_a_link_back() {
    let dir = tempfile::tempdir().unwrap();
    write_index_pairs(dir.path());
    assert_eq!(run_index(dir.path(), &[]).code, 2);
    let back = "<nav><a class=\"up\" href=\"index.html\">← All pairs</a></nav>\n";
    for (k, (o, r)) in INDEX_PAIRS.iter().enumerate() {
        let number = k + 1;
        let file = dir
            .path()
            .join(format!("out/{number:04}-original-rewrite.html"));
        let single = neardup_env(dir.path(), &["compare", o, r, "--format", "html"], &[]);
        if o.starts_with("missing/") {
            assert_eq!(single.code, 2);
            assert!(!file.exists());
            continue;
        }
        let page = std::fs::read_to_string(&file).unwrap();
        assert_eq!(page.matches(back).count(), 1, "{}", file.display());
        assert!(
            page.replacen(back, "", 1) == single.stdout,
            "pair {number}: the page differs from the single report"
        );
    }
}

#[test]
fn index_and_reports_are_identical_across_thread_counts() {
    let written = |threads: &str| {
        let dir = tempfile::tempdir().unwrap();
        write_index_pairs(dir.path());
        assert_eq!(
            run_index(dir.path(), &[("RAYON_NUM_THREADS", threads)]).code,
            2
        );
        let out = dir.path().join("out");
        listing(&out)
            .into_iter()
            .map(|name| {
                let bytes = std::fs::read(out.join(&name)).unwrap();
                (name, bytes)
            })
            .collect::<Vec<_>>()
    };
    let one = written("1");
    assert_eq!(one.len(), 7);
    assert!(one == written("2"), "1 vs 2 threads");
}

/// The index loads nothing and links only to the reports beside it.
#[test]
fn index_is_self_contained_and_its_links_exist() {
    let dir = tempfile::tempdir().unwrap();
    write_index_pairs(dir.path());
    assert_eq!(run_index(dir.path(), &[]).code, 2);
    let out = dir.path().join("out");
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    let lower = page.to_ascii_lowercase();
    for banned in [
        "src=", "srcset=", "@import", "url(", "<link", "<iframe", "http://", "https://",
    ] {
        assert!(!lower.contains(banned), "the index references '{banned}'");
    }
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-"
    ));
    let hrefs: Vec<&str> = page
        .match_indices("href=\"")
        .map(|(at, _)| {
            let rest = &page[at + 6..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(hrefs.len(), 6);
    for href in hrefs {
        assert!(
            href.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
            "{href}"
        );
        assert!(out.join(href).is_file(), "{href} does not exist");
    }
}

#[test]
fn empty_pairs_file_gives_an_empty_index() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pairs.tsv"), "# nothing yet\n").unwrap();
    let run = run_index(dir.path(), &[]);
    assert_eq!(run.code, 1, "nothing found: {}", run.stderr);
    let page = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(page.contains("No pair was compared."));
    assert_eq!(listing(&dir.path().join("out")).len(), 1);
}

/// Without --out there is nowhere to put the pages: a one-line error that
/// names the flag, and nothing written.
#[test]
fn html_pairs_without_out_is_an_error_naming_out() {
    let dir = tempfile::tempdir().unwrap();
    write_index_pairs(dir.path());
    let run = neardup_env(
        dir.path(),
        &["compare", "--pairs", "pairs.tsv", "--format", "html"],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("add --out DIR") && run.stderr.lines().count() == 1,
        "{}",
        run.stderr
    );
}

/// `--out` where nothing is written to a folder is refused, not ignored.
#[test]
fn out_is_refused_where_it_would_be_ignored() {
    let dir = tempfile::tempdir().unwrap();
    write_index_pairs(dir.path());
    for args in [
        &["compare", "--pairs", "pairs.tsv", "--out", "x"][..],
        &[
            "compare",
            "--pairs",
            "pairs.tsv",
            "-f",
            "terminal",
            "--out",
            "x",
        ],
        &[
            "compare",
            "seed/original.txt",
            "seed/rewrite.txt",
            "--format",
            "html",
            "--out",
            "x",
        ],
    ] {
        let run = neardup_env(dir.path(), args, &[]);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains("--out DIR is for"), "{}", run.stderr);
        assert!(!dir.path().join("x").exists());
    }
}

/// File names made of markup: shown as text in the index, reduced to safe
/// characters in the report names; an error naming a missing hostile file
/// is text too.
#[test]
fn hostile_file_names_in_the_index_are_inert_text() {
    let dir = tempfile::tempdir().unwrap();
    let (original, rewrite) = write_hostile_pair(dir.path());
    let missing = format!("<script>{}</script>.txt", pwn("missing"));
    std::fs::write(
        dir.path().join("pairs.tsv"),
        format!("{original}\t{rewrite}\n{missing}\t{rewrite}\n"),
    )
    .unwrap();
    let run = run_index(dir.path(), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let out = dir.path().join("out");
    let names = listing(&out);
    assert_eq!(names.len(), 2, "{names:?}");
    let report = names
        .iter()
        .find(|n| *n != "index.html")
        .expect("the report");
    assert!(
        report.starts_with("0001-img_src_x_onerror_document"),
        "{report}"
    );
    assert!(
        report
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
        "{report}"
    );
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(page.matches("<script").count(), 1, "only the page's script");
    for tag in ["<img", "<b>", "rewrite\"'&"] {
        assert!(!page.contains(tag), "a file name leaked markup: {tag}");
    }
    let shown = index_rows(&page);
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].figures.original, original);
    assert_eq!(shown[0].figures.rewrite, rewrite);
    assert_eq!(&shown[0].href, report);
    assert!(page.contains("&lt;script&gt;document.documentElement.setAttribute(&#39;data-pwned&#39;,&#39;missing&#39;)&lt;/script&gt;.txt"));
    assert!(page.contains("<td class=\"error\">cannot read &#39;&lt;script&gt;"));
}
