//! The HTML report without a browser: golden file, self-containment,
//! escaping, the single-file view, determinism and size.
//!
//! To regenerate the golden file after an intended change:
//! `NEARDUP_BLESS=1 cargo test --test integration html_report`, then review the diff
//! (and the screenshot: see docs/html.md).

use crate::html::*;
use crate::util::*;

#[test]
fn golden_seed_report() {
    let actual = seed_report();
    let path = repo("tests/golden/seed.html");
    if std::env::var_os("NEARDUP_BLESS").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        actual == want,
        "seed.html differs from its golden file (NEARDUP_BLESS=1 to update)"
    );
}

/// Every gold pair is highlighted on both sides, and the two passages name
/// each other as partners (the browser test checks the same in the DOM).
#[test]
fn seed_report_links_every_gold_pair() {
    let page = seed_report();
    let found = passages(&page);
    let gold = gold("corpus/seed/gold.tsv");
    assert_eq!(gold.len(), 9);
    for (o, r) in &gold {
        let a = holding(&found, 'o', o);
        let b = holding(&found, 'r', r);
        assert!(
            a.partners.contains(&b.id) && b.partners.contains(&a.id),
            "{a:?}\n{b:?}"
        );
    }
}

fn holding<'a>(
    found: &'a std::collections::BTreeMap<String, Passage>,
    side: char,
    sentence: &str,
) -> &'a Passage {
    found
        .values()
        .find(|p| p.id.starts_with(side) && squash(&p.text).contains(&squash(sentence)))
        .unwrap_or_else(|| panic!("no highlighted passage holds: {sentence}"))
}

#[test]
fn report_is_self_contained() {
    let page = seed_report();
    let lower = page.to_ascii_lowercase();
    for banned in [
        "src=", "srcset=", "@import", "url(", "<link", "<iframe", "<object", "<embed", "http://",
        "https://", "//cdn",
    ] {
        assert!(
            !lower.contains(banned),
            "the report must not reference '{banned}'"
        );
    }
    // Every link stays inside the page.
    let mut hrefs = 0;
    for (at, _) in page.match_indices("href=\"") {
        hrefs += 1;
        assert!(
            page[at + 6..].starts_with('#'),
            "external link at {}",
            &page[at..at + 40]
        );
    }
    assert!(
        hrefs >= 18,
        "passages and dots link to each other ({hrefs} links)"
    );
    assert_eq!(page.matches("<script").count(), 1, "one inline script");
    assert_eq!(page.matches("<style").count(), 1, "one inline stylesheet");
    let csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-";
    assert!(page.contains(csp), "a strict Content-Security-Policy");
}

#[test]
fn hostile_documents_and_paths_are_inert_text() {
    let dir = tempfile::tempdir().unwrap();
    let (original, rewrite) = write_hostile_pair(dir.path());
    let run = neardup_env(
        dir.path(),
        &["compare", &original, &rewrite, "--format", "html"],
        &[],
    );
    assert_eq!(run.code, 0, "the hostile sentences match: {}", run.stderr);
    let page = run.stdout;
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the report's own script"
    );
    for tag in [
        "<img",
        "<svg onload",
        "<iframe",
        "<base",
        "<meta http-equiv=\"refresh",
        "<a href=\"javascript",
        "rewrite\"'&<b>",
        "<!--",
        "<textarea",
    ] {
        assert!(!page.contains(tag), "document markup leaked: {tag}");
    }
    assert!(!page.contains("href=\"javascript") && !page.contains("href='javascript"));
    for c in INVISIBLE {
        assert!(!page.contains(c), "raw U+{:04X} in the page", c as u32);
        assert!(
            page.contains(&format!("\\u{{{:x}}}", c as u32)),
            "U+{:04X} shown as an escape",
            c as u32
        );
    }
    // Each payload is shown as text in both columns, and (all but the one
    // holding "<!", which the sentence splitter cuts after "!") inside a
    // highlighted passage on both sides.
    let columns = column_texts(&page);
    assert_eq!(columns.len(), 2);
    let found = passages(&page);
    for p in payloads() {
        assert!(
            columns.iter().all(|c| c.contains(&p)),
            "payload not shown as text: {p}"
        );
        let shown = |side: char| {
            found
                .values()
                .any(|x| x.id.starts_with(side) && x.text.contains(&p))
        };
        assert!(
            p.contains("<!") || (shown('o') && shown('r')),
            "payload not highlighted: {p}"
        );
    }
    // The paths are shown as text too.
    assert!(page.contains("&lt;img src=x onerror=document.documentElement.setAttribute(&#39;data-pwned&#39;,&#39;path&#39;)&gt;.txt"));
    assert!(page.contains("rewrite&quot;&#39;&amp;&lt;b&gt;.txt"));
}

#[test]
fn single_file_shows_earlier_and_later_text() {
    let run = neardup(&[
        "compare",
        "corpus/seed/seed-article.txt",
        "--format",
        "html",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = run.stdout;
    assert!(page.contains("passages repeated or paraphrased later in the file"));
    assert!(page.contains("aria-label=\"earlier\"") && page.contains("aria-label=\"later\""));
    let found = passages(&page);
    let gold = gold("corpus/seed/gold.tsv");
    for (o, r) in &gold {
        // The later column also holds the original's sentences (as later
        // text of nothing); the partner is the one linked from `a`.
        let a = holding(&found, 'o', o);
        let b = found
            .values()
            .filter(|p| p.id.starts_with('r') && squash(&p.text).contains(&squash(r)))
            .find(|p| a.partners.contains(&p.id))
            .unwrap_or_else(|| panic!("{r} not linked from {a:?}"));
        assert!(b.partners.contains(&a.id));
    }
}

#[test]
fn empty_documents_render_without_passages() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    std::fs::write(
        dir.path().join("one.txt"),
        "One sentence that matches nothing at all.\n",
    )
    .unwrap();
    let run = neardup_env(
        dir.path(),
        &["compare", "empty.txt", "one.txt", "--format", "html"],
        &[],
    );
    assert_eq!(run.code, 1, "nothing found: {}", run.stderr);
    assert!(run.stdout.contains("<p class=\"empty\">(empty)</p>"));
    assert!(
        run.stdout
            .contains("No passage of the rewrite paraphrases the original")
    );
    assert!(passages(&run.stdout).is_empty());
    assert!(run.stdout.ends_with("</html>\n"));
}

#[test]
fn html_is_identical_across_thread_counts_and_runs() {
    let run = |threads: &str| {
        let r = neardup_env(&root(), &SEED_ARGS, &[("RAYON_NUM_THREADS", threads)]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"), "1 vs 2 threads");
    assert_eq!(one, run("2"), "run to run");
}

#[test]
fn help_mentions_html() {
    let run = neardup(&["compare", "--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("html"), "{}", run.stdout);
}

/// Two 1 MB documents: the page stays a small multiple of the input and
/// its element count follows the passages, not the characters.
#[test]
fn megabyte_documents_give_a_bounded_page() {
    let dir = tempfile::tempdir().unwrap();
    let (original, rewrite) = neardup::synth::article_pair(1 << 20, 7);
    std::fs::write(dir.path().join("original.txt"), &original).unwrap();
    std::fs::write(dir.path().join("rewrite.txt"), &rewrite).unwrap();
    let html = neardup_env(
        dir.path(),
        &["compare", "original.txt", "rewrite.txt", "--format", "html"],
        &[],
    );
    assert_eq!(html.code, 0, "{}", html.stderr);
    let json = neardup_env(
        dir.path(),
        &["compare", "original.txt", "rewrite.txt", "--format", "json"],
        &[],
    );
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let passages =
        v["original"]["passages"].as_u64().unwrap() + v["rewrite"]["passages"].as_u64().unwrap();
    let links: usize = v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["links"].as_array().unwrap().len())
        .sum();
    let input = original.len() + rewrite.len();
    let page = html.stdout;
    let tags = page.matches('<').count();
    eprintln!(
        "input {input} bytes, {passages} passages, {links} links: page {} bytes ({:.2}x), {tags} tags",
        page.len(),
        page.len() as f64 / input as f64
    );
    assert!(
        links > 1000,
        "the generated rewrite reuses much of the original"
    );
    assert!(
        page.len() < 4 * input,
        "page of {} bytes for {input} bytes of input",
        page.len()
    );
    assert!(
        tags < 200 + 12 * passages as usize,
        "{tags} tags for {passages} passages: markup must not grow with the characters"
    );
}

/// One line of 300 kB with no line break: no paragraph block can be cut,
/// and the page is still one escaped run per unmatched stretch.
#[test]
fn huge_single_line_document() {
    let dir = tempfile::tempdir().unwrap();
    // Distinct sentences (identical ones are now linked as repeats, which
    // would make this a page of thousands of matches).
    let mut rng = neardup::internals::SplitMix64::new(3);
    let mut line = String::new();
    while line.len() < 300_000 {
        let w: Vec<String> = (0..8)
            .map(|_| format!("w{}", rng.next() % 100_000))
            .collect();
        line.push_str(&format!(
            "The {} <{}> & {} on {}. ",
            w[0..3].join(" "),
            w[3],
            w[4..7].join(" "),
            w[7]
        ));
    }
    std::fs::write(dir.path().join("line.txt"), &line).unwrap();
    let run = neardup_env(
        dir.path(),
        &["compare", "line.txt", "--format", "html"],
        &[],
    );
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let page = run.stdout;
    assert!(page.ends_with("</html>\n"));
    assert!(page.len() < 8 * line.len(), "{} bytes", page.len());
    assert_eq!(column_texts(&page), [line.clone(), line]);
}

/// Issue 16: when two matches open at the same passage (a rewrite
/// sentence that paraphrases a sentence the original says twice, far
/// apart), that passage's badge names both matches, not only the first.
#[test]
fn passage_shared_by_two_matches_shows_both_badges() {
    let dir = tempfile::tempdir().unwrap();
    let said = "The council approved the new budget for the city on Tuesday evening.";
    std::fs::write(
        dir.path().join("o.txt"),
        format!(
            "{said}\n\nWeather was mild across the region with light winds from the west.\n\n\
             Schools will reopen next week after the long summer holiday break.\n\n{said}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("r.txt"),
        "On Tuesday evening the city council approved the new budget.\n\n\
         Something unrelated about football matches and goals scored today.\n",
    )
    .unwrap();
    let json = neardup_env(
        dir.path(),
        &["compare", "o.txt", "r.txt", "-f", "json"],
        &[],
    );
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let matches = v["matches"].as_array().unwrap();
    assert_eq!(matches.len(), 2, "{}", json.stdout);
    assert_eq!(
        matches[0]["rewrite"]["start"],
        matches[1]["rewrite"]["start"]
    );
    let html = neardup_env(
        dir.path(),
        &["compare", "o.txt", "r.txt", "-f", "html"],
        &[],
    )
    .stdout;
    let tags: Vec<(String, String)> = html
        .match_indices("<a ")
        .filter_map(|(at, _)| start_tag(&html[at..]))
        .filter_map(|(attrs, _)| Some((attrs.get("id")?.clone(), attrs.get("data-tag")?.clone())))
        .collect();
    let tag = |id: &str| tags.iter().find(|t| t.0 == id).map(|t| t.1.clone());
    let badge = |k: usize| format!("#{} · {:.2}", k + 1, matches[k]["score"].as_f64().unwrap());
    assert_eq!(tag("o0"), Some(badge(0)));
    assert_eq!(tag("o3"), Some(badge(1)));
    assert_eq!(tag("r0"), Some(format!("{}, {}", badge(0), badge(1))));
}
