//! The HTML report in a real browser: headless Chromium loads the page,
//! runs its script and prints the DOM, which these tests read.
//!
//! Without Chromium they print "skipped: chromium not found" and pass,
//! unless `NEARDUP_REQUIRE_BROWSER=1` (set by `.ci/run`), which makes a
//! missing browser a failure. `NEARDUP_CHROMIUM=/path/to/chromium` picks a
//! browser outside `PATH`.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::html::*;
use crate::util::*;

/// One browser at a time: the machines that run this have two cores.
static BROWSER: Mutex<()> = Mutex::new(());

/// The longest a page may take to load and print.
const TIMEOUT: Duration = Duration::from_secs(120);

/// Chromium, or `None` after saying why the test is skipped.
fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("NEARDUP_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| {
            let path = std::env::var_os("PATH")?;
            std::env::split_paths(&path).find_map(|dir| {
                ["chromium", "chromium-browser", "google-chrome"]
                    .iter()
                    .map(|name| dir.join(name))
                    .find(|p| p.is_file())
            })
        });
    if found.is_none() {
        assert!(
            std::env::var("NEARDUP_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "chromium not found and NEARDUP_REQUIRE_BROWSER=1: install it (apt-get install -y chromium) \
             or set NEARDUP_CHROMIUM"
        );
        eprintln!(
            "skipped: chromium not found (apt-get install -y chromium, or set NEARDUP_CHROMIUM)"
        );
    }
    found
}

/// `file://` URL of `path` with `fragment` (percent-encoding all but the
/// characters a path needs).
fn file_url(path: &Path, fragment: &str) -> String {
    let mut url = String::from("file://");
    for b in path.to_str().expect("temp paths are UTF-8").bytes() {
        if b.is_ascii_alphanumeric() || b"/._-~".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url + fragment
}

/// Loads `page` (written to a fresh temp dir) in headless Chromium at
/// `fragment` and returns the DOM after its scripts ran.
fn dump_dom(browser: &Path, page: &str, fragment: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    std::fs::write(&file, page).unwrap();
    dump_dom_file(browser, &file, fragment, &[])
}

/// Loads the page in `file` in headless Chromium at `fragment`, with
/// `extra` flags, and returns the DOM after its scripts ran.
fn dump_dom_file(browser: &Path, file: &Path, fragment: &str, extra: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let _one_at_a_time = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
        ])
        .args(extra)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(file_url(file, fragment))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", browser.display()));
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).map(|_| s)
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium took over {TIMEOUT:?}: {}", err.join().unwrap());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let dom = out.join().unwrap().expect("the DOM is UTF-8");
    let err = err.join().unwrap();
    assert!(
        status.success() && dom.contains("</html>"),
        "chromium failed ({status}): {err}"
    );
    dom
}

/// The attributes of the first `<tag ...>` of `dom`.
fn first_tag(dom: &str, tag: &str) -> std::collections::BTreeMap<String, String> {
    let at = dom
        .find(&format!("<{tag}"))
        .unwrap_or_else(|| panic!("no <{tag}>"));
    start_tag(&dom[at..]).expect("a well-formed tag").0
}

/// Runs only if the page's own script ran: proves its CSP hash is right,
/// so "no other script ran" below means something.
fn assert_script_ran(dom: &str) {
    let root = first_tag(dom, "html");
    assert_eq!(
        root.get("data-script").map(String::as_str),
        Some("ran"),
        "the report's script did not run"
    );
}

fn colour(p: &Passage) -> &str {
    p.class
        .split(' ')
        .find(|c| c.starts_with('c'))
        .unwrap_or("")
}

#[test]
fn seed_report_highlights_and_links_all_gold_pairs_in_chromium() {
    let Some(browser) = chromium() else { return };
    let dom = dump_dom(&browser, &seed_report(), "");
    assert_script_ran(&dom);
    let found = passages(&dom);
    let gold = gold("corpus/seed/gold.tsv");
    assert_eq!(gold.len(), 9);
    for (o, r) in &gold {
        let holding = |side: char, sentence: &str| {
            found
                .values()
                .find(|p| p.id.starts_with(side) && squash(&p.text).contains(&squash(sentence)))
                .unwrap_or_else(|| panic!("no highlighted passage holds: {sentence}"))
                .clone()
        };
        let (a, b) = (holding('o', o), holding('r', r));
        assert!(
            a.partners.contains(&b.id),
            "{} does not link to {}",
            a.id,
            b.id
        );
        assert!(
            b.partners.contains(&a.id),
            "{} does not link to {}",
            b.id,
            a.id
        );
        assert_eq!(
            colour(&a),
            colour(&b),
            "partners share a colour: {a:?} {b:?}"
        );
        assert!(!colour(&a).is_empty());
    }
    // Every highlight jumps (without script) to one of its partners, which
    // exists in the page.
    for p in found.values() {
        let target = p.href.strip_prefix('#').expect("an in-page link");
        assert_eq!(
            p.partners.first().map(String::as_str),
            Some(target),
            "{p:?}"
        );
        for partner in &p.partners {
            assert!(
                found.contains_key(partner),
                "{} links to missing {partner}",
                p.id
            );
        }
    }
    assert_eq!(found.values().filter(|p| p.id.starts_with('o')).count(), 9);
}

#[test]
fn address_fragment_lights_a_passage_and_its_partners() {
    let Some(browser) = chromium() else { return };
    // Rewrite passage 0 merges original passages 0 and 1.
    let dom = dump_dom(&browser, &seed_report(), "#r0");
    assert_script_ran(&dom);
    let lit: Vec<String> = passages(&dom)
        .into_values()
        .filter(|p| p.class.split(' ').any(|c| c == "lit"))
        .map(|p| p.id)
        .collect();
    assert_eq!(lit, ["o0", "o1", "r0"]);
}

#[test]
fn hostile_document_runs_no_script_and_shows_as_text_in_chromium() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (original, rewrite) = write_hostile_pair(dir.path());
    let run = neardup_env(
        dir.path(),
        &["compare", &original, &rewrite, "--format", "html"],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dom = dump_dom(&browser, &run.stdout, "");
    assert_script_ran(&dom);
    for tag in ["html", "body"] {
        assert!(
            !first_tag(&dom, tag).contains_key("data-pwned"),
            "a payload ran: <{tag}> has data-pwned"
        );
    }
    assert_eq!(
        dom.matches("<script").count(),
        1,
        "only the report's script is an element"
    );
    for tag in [
        "<img",
        "<svg onload",
        "<iframe",
        "<base",
        "<meta http-equiv=\"refresh",
        "<textarea",
    ] {
        assert!(
            !dom.contains(tag),
            "document markup became an element: {tag}"
        );
    }
    // The payloads are there to read, in both columns.
    let columns = column_texts(&dom);
    assert_eq!(columns.len(), 2);
    for p in payloads() {
        for column in &columns {
            assert!(column.contains(&p), "payload not shown as text: {p}");
        }
    }
    for c in INVISIBLE {
        assert!(!dom.contains(c), "raw U+{:04X} in the DOM", c as u32);
        let visible = format!("\\u{{{:x}}}", c as u32);
        assert!(
            columns.iter().all(|t| t.contains(&visible)),
            "{visible} not shown"
        );
    }
    let title = dom
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap();
    assert!(
        decode(title).contains(&original),
        "the path is the title's text: {title}"
    );
}

/// The control for the test above: the same payloads, put into the page
/// unescaped and without the policy, do set the flag in this browser. So
/// the flag staying unset above means they were inert, not that the check
/// cannot see them.
#[test]
fn unescaped_payloads_would_set_the_flag() {
    let Some(browser) = chromium() else { return };
    let page = seed_report();
    let csp_start = page
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let csp_end = csp_start + page[csp_start..].find('>').unwrap() + 1;
    let raw = format!("<p>{}</p>\n", payloads()[2]);
    let page = format!("{}{}", &page[..csp_start], &page[csp_end..]).replacen(
        "<main>\n",
        &format!("<main>\n{raw}"),
        1,
    );
    let dom = dump_dom(&browser, &page, "");
    assert_eq!(
        first_tag(&dom, "html")
            .get("data-pwned")
            .map(String::as_str),
        Some("img"),
        "an unescaped onerror payload runs"
    );
}

/// Two 1 MB documents open in the browser in reasonable time, with every
/// highlight intact.
#[test]
fn megabyte_report_opens_in_chromium() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (original, rewrite) = neardup::synth::article_pair(1 << 20, 7);
    std::fs::write(dir.path().join("original.txt"), &original).unwrap();
    std::fs::write(dir.path().join("rewrite.txt"), &rewrite).unwrap();
    let run = neardup_env(
        dir.path(),
        &["compare", "original.txt", "rewrite.txt", "--format", "html"],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let start = Instant::now();
    let dom = dump_dom(&browser, &run.stdout, "");
    let took = start.elapsed();
    eprintln!(
        "1 MB + 1 MB report ({} bytes) loaded and printed in {took:?}",
        run.stdout.len()
    );
    assert_script_ran(&dom);
    assert_eq!(passages(&dom).len(), passages(&run.stdout).len());
    // Chromium's own start-up is most of this on a small machine; a page
    // that made an element per character would take minutes.
    assert!(took < Duration::from_secs(60), "took {took:?}");
}

/// A test page (not neardup's) that opens the pairs index in a frame,
/// clicks column headings as a reader would and records the row order
/// after each click, then follows the first report link in a second frame.
/// It writes what it saw as JSON into `<pre id="out">`. Chromium lets one
/// local page read another only with `--allow-file-access-from-files`.
const INDEX_HARNESS: &str = r##"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>harness</title></head><body>
<iframe id="index" src="out/index.html"></iframe>
<pre id="out">not run</pre>
<script>
var CLICKS = ["Original reused", "Original reused", "Rewrite", "#", "#", "Matches"];
var frame = document.getElementById("index");
var out = document.getElementById("out");
frame.addEventListener("load", function () {
  var result = {};
  try {
    var d = frame.contentDocument;
    var each = function (sel, f) { return Array.prototype.map.call(d.querySelectorAll(sel), f); };
    var order = function () {
      return each("#pairs tbody tr", function (r) { return +r.getAttribute("data-n"); });
    };
    var buttons = Array.prototype.slice.call(d.querySelectorAll("#pairs thead th button"));
    result.script = d.documentElement.getAttribute("data-script");
    result.buttons = buttons.map(function (b) { return b.textContent; });
    result.initial = order();
    result.sorts = CLICKS.map(function (label) {
      buttons.filter(function (b) { return b.textContent === label; })[0].click();
      return {
        order: order(),
        aria: each("#pairs thead th", function (th) { return th.getAttribute("aria-sort") || ""; })
      };
    });
    result.links = each("#pairs tbody tr", function (r) {
      return [+r.getAttribute("data-n"), r.querySelector("a").href];
    });
    var report = document.createElement("iframe");
    report.addEventListener("load", function () {
      var rd = report.contentDocument;
      result.report = {
        url: rd.location.href,
        title: rd.title,
        script: rd.documentElement.getAttribute("data-script"),
        up: rd.querySelector("a.up").href,
        passages: rd.querySelectorAll("a.p").length
      };
      out.textContent = JSON.stringify(result);
    });
    report.src = result.links[0][1];
    document.body.appendChild(report);
  } catch (e) {
    out.textContent = JSON.stringify({ error: String(e) });
  }
});
</script>
</body></html>
"##;

/// The local path a `file://` URL names.
fn url_path(url: &str) -> PathBuf {
    let raw = url.strip_prefix("file://").expect("a file URL").as_bytes();
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' && i + 2 < raw.len() {
            let hex = std::str::from_utf8(&raw[i + 1..i + 3]).unwrap();
            bytes.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            bytes.push(raw[i]);
            i += 1;
        }
    }
    PathBuf::from(String::from_utf8(bytes).unwrap())
}

#[test]
fn pairs_index_sorts_on_click_and_its_links_open_reports_in_chromium() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    write_index_pairs(dir.path());
    assert_eq!(run_index(dir.path(), &[]).code, 2);
    let want = jsonl_figures(dir.path());
    let harness = dir.path().join("harness.html");
    std::fs::write(&harness, INDEX_HARNESS).unwrap();
    let dom = dump_dom_file(&browser, &harness, "", &["--allow-file-access-from-files"]);
    let json = dom
        .split("<pre id=\"out\">")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .expect("the harness's output");
    let seen: serde_json::Value = serde_json::from_str(&decode(json))
        .unwrap_or_else(|e| panic!("{e}: the harness wrote {json}"));
    assert!(seen.get("error").is_none(), "{seen}");
    assert_eq!(seen["script"], "ran", "the index's script ran");
    let numbers = |v: &serde_json::Value| -> Vec<usize> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap() as usize)
            .collect()
    };
    assert_eq!(
        seen["buttons"],
        serde_json::json!([
            "#",
            "Original",
            "Rewrite",
            "Matches",
            "Original reused",
            "Rewrite derived"
        ]),
        "every heading but Report sorts"
    );
    use std::cmp::Ordering;
    type Key = fn(&PairFigures, &PairFigures) -> Ordering;
    let derived: Key = |a, b| a.derived.total_cmp(&b.derived);
    let reused: Key = |a, b| a.reused.total_cmp(&b.reused);
    let rewrite: Key = |a, b| a.rewrite.cmp(&b.rewrite);
    let number: Key = |a, b| a.number.cmp(&b.number);
    let matches: Key = |a, b| a.matches.cmp(&b.matches);
    assert_eq!(
        numbers(&seen["initial"]),
        sorted_numbers(&want, true, derived),
        "without a click: rewrite derived, most first"
    );
    // (column clicked, descending?) for each click of the harness.
    let clicks: [(usize, bool, Key); 6] = [
        (4, true, reused),
        (4, false, reused),
        (2, false, rewrite),
        (0, false, number),
        (0, true, number),
        (3, true, matches),
    ];
    let sorts = seen["sorts"].as_array().unwrap();
    assert_eq!(sorts.len(), clicks.len());
    for (k, ((column, desc, key), got)) in clicks.iter().zip(sorts).enumerate() {
        assert_eq!(
            numbers(&got["order"]),
            sorted_numbers(&want, *desc, key),
            "click {k} on column {column}"
        );
        let mut aria = vec![""; 7];
        aria[*column] = if *desc { "descending" } else { "ascending" };
        assert_eq!(got["aria"], serde_json::json!(aria), "click {k}");
    }
    // The orders differ, so the checks above could fail.
    let distinct: BTreeSet<Vec<usize>> = sorts.iter().map(|s| numbers(&s["order"])).collect();
    assert!(distinct.len() >= 4, "{distinct:?}");
    // Every link resolves to an existing report of its own pair.
    let links = seen["links"].as_array().unwrap();
    assert_eq!(links.len(), want.len());
    for link in links {
        let n = link[0].as_u64().unwrap() as usize;
        let path = url_path(link[1].as_str().unwrap());
        assert_eq!(path.parent(), Some(dir.path().join("out").as_path()));
        let page =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let f = want.iter().find(|f| f.number == n).unwrap();
        let title = format!("<title>neardup: {} vs {}</title>", f.original, f.rewrite);
        assert!(page.contains(&title), "{} is not pair {n}", path.display());
    }
    // The first report opened in the browser, ran, and links back.
    let report = &seen["report"];
    assert_eq!(report["script"], "ran", "{report}");
    assert!(report["passages"].as_u64().unwrap() > 0, "{report}");
    assert_eq!(
        url_path(report["up"].as_str().unwrap()),
        dir.path().join("out/index.html")
    );
}

#[test]
fn hostile_file_names_in_the_pairs_index_run_nothing_in_chromium() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (original, rewrite) = write_hostile_pair(dir.path());
    let missing = format!("<script>{}</script>.txt", pwn("missing"));
    std::fs::write(
        dir.path().join("pairs.tsv"),
        format!("{original}\t{rewrite}\n{missing}\t{rewrite}\n"),
    )
    .unwrap();
    assert_eq!(run_index(dir.path(), &[]).code, 2);
    let dom = dump_dom_file(&browser, &dir.path().join("out/index.html"), "", &[]);
    assert_script_ran(&dom);
    for tag in ["html", "body"] {
        assert!(
            !first_tag(&dom, tag).contains_key("data-pwned"),
            "a payload ran: <{tag}> has data-pwned"
        );
    }
    assert_eq!(dom.matches("<script").count(), 1, "only the index's script");
    assert!(!dom.contains("<img"), "a file name became an element");
    // The names are there to read, and the table became sortable.
    let shown = index_rows(&dom);
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].figures.original, original);
    assert_eq!(shown[0].figures.rewrite, rewrite);
    assert!(decode(&dom).contains(&missing));
    assert!(dom.contains("<button type=\"button\">Rewrite derived</button>"));
}

/// A test page (not neardup's) that opens a scan's cluster page in a
/// frame and clicks through it as a reader would: sorts the clusters
/// table and the Emma cluster's pairs by their headings, follows a
/// cluster link of the clusters table, then opens the first side-by-side
/// view of that cluster in a second frame and the view's link back in a
/// third. It writes what it saw as JSON into `<pre id="out">`.
const SCAN_HARNESS: &str = r##"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>harness</title></head><body>
<iframe id="page" src="out/index.html"></iframe>
<pre id="out">not run</pre>
<script>
var frame = document.getElementById("page");
var out = document.getElementById("out");
var result = {};
function fail(e) { out.textContent = JSON.stringify({ error: String(e) }); }
function opened(src, then) {
  var f = document.createElement("iframe");
  f.addEventListener("load", function () {
    try { then(f.contentDocument); } catch (e) { fail(e); }
  });
  f.src = src;
  document.body.appendChild(f);
}
frame.addEventListener("load", function () {
  try {
    var d = frame.contentDocument;
    var each = function (sel, f) { return Array.prototype.map.call(d.querySelectorAll(sel), f); };
    var order = function (table) {
      return each(table + " tbody tr", function (r) { return +r.getAttribute("data-n"); });
    };
    var click = function (table, label) {
      var b = Array.prototype.filter.call(d.querySelectorAll(table + " thead th button"),
        function (b) { return b.textContent === label; })[0];
      b.click();
      return order(table);
    };
    result.script = d.documentElement.getAttribute("data-script");
    result.buttons = each("#clusters thead th button", function (b) { return b.textContent; });
    result.pairButtons = each("#pairs-1 thead th button", function (b) { return b.textContent; });
    result.clusters = [order("#clusters"), click("#clusters", "Similarity"),
      click("#clusters", "Similarity"), click("#clusters", "Documents"),
      click("#clusters", "Representative")];
    result.pairs = [order("#pairs-1"), click("#pairs-1", "#"), click("#pairs-1", "Document B"),
      click("#pairs-1", "Similarity")];
    var link = d.querySelector("#clusters tr[data-n='3'] a");
    link.click();
    result.hash = d.location.hash;
    var target = d.querySelector(":target");
    result.target = target ? target.id : null;
    var view = d.querySelector("#cluster-3 a.view");
    result.view = view.href;
    opened(view.href, function (v) {
      result.report = {
        title: v.title,
        script: v.documentElement.getAttribute("data-script"),
        passages: v.querySelectorAll("a.p").length,
        up: v.querySelector("a.up").href,
        upText: v.querySelector("a.up").textContent
      };
      opened(result.report.up, function (back) {
        var t = back.querySelector(":target");
        result.back = { hash: back.location.hash, target: t ? t.id : null };
        out.textContent = JSON.stringify(result);
      });
    });
  } catch (e) {
    fail(e);
  }
});
</script>
</body></html>
"##;

/// The text of the harness's `<pre id="out">`, parsed.
fn harness_output(dom: &str) -> serde_json::Value {
    let json = dom
        .split("<pre id=\"out\">")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .expect("the harness's output");
    let seen: serde_json::Value = serde_json::from_str(&decode(json))
        .unwrap_or_else(|e| panic!("{e}: the harness wrote {json}"));
    assert!(seen.get("error").is_none(), "{seen}");
    seen
}

#[test]
fn scan_cluster_page_sorts_follows_clusters_and_opens_views_in_chromium() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    write_scan_sample(dir.path());
    let run = run_scan_html(dir.path(), &["sample"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = neardup_env(
        dir.path(),
        &["scan", "sample", "--format", "json", "-q"],
        &[],
    );
    let r: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    let harness = dir.path().join("harness.html");
    std::fs::write(&harness, SCAN_HARNESS).unwrap();
    let dom = dump_dom_file(&browser, &harness, "", &["--allow-file-access-from-files"]);
    let seen = harness_output(&dom);
    assert_eq!(seen["script"], "ran", "the page's script ran");
    assert_eq!(
        seen["buttons"],
        serde_json::json!(["#", "Documents", "Pairs", "Similarity", "Representative"])
    );
    assert_eq!(
        seen["pairButtons"],
        serde_json::json!(["#", "Document A", "Document B", "Similarity"]),
        "every heading but Side by side sorts"
    );
    let numbers = |v: &serde_json::Value| -> Vec<u64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .collect()
    };
    // The oracle: orders computed from the JSON report, ties by number.
    let sorted = |mut rows: Vec<(u64, serde_json::Value)>,
                  key: &dyn Fn(&serde_json::Value) -> String,
                  desc: bool| {
        rows.sort_by(|a, b| {
            let by = key(&a.1).cmp(&key(&b.1));
            (if desc { by.reverse() } else { by }).then(a.0.cmp(&b.0))
        });
        rows.into_iter().map(|r| r.0).collect::<Vec<u64>>()
    };
    // Numbers as fixed-width text compare in numeric order.
    let num = |x: f64| format!("{:012.4}", x);
    let clusters: Vec<(u64, serde_json::Value)> = r["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_u64().unwrap(), c.clone()))
        .collect();
    let best = |c: &serde_json::Value| {
        num(c["member_similarity"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_f64().unwrap())
            .fold(0.0, f64::max))
    };
    let size = |c: &serde_json::Value| num(c["size"].as_f64().unwrap());
    let rep = |c: &serde_json::Value| c["representative"].as_str().unwrap().to_string();
    let id = |c: &serde_json::Value| num(c["id"].as_f64().unwrap());
    let want_clusters = [
        sorted(clusters.clone(), &id, false),
        sorted(clusters.clone(), &best, true),
        sorted(clusters.clone(), &best, false),
        sorted(clusters.clone(), &size, true),
        sorted(clusters.clone(), &rep, false),
    ];
    let got: Vec<Vec<u64>> = seen["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(numbers)
        .collect();
    assert_eq!(got, want_clusters);
    assert_eq!(got[1], [1, 4, 3, 2], "a tie at 1.0, kept in id order");
    let pairs: Vec<(u64, serde_json::Value)> = r["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, p)| p["cluster"] == 1)
        .map(|(k, p)| (k as u64 + 1, p.clone()))
        .collect();
    assert_eq!(pairs.len(), 3);
    let sim = |p: &serde_json::Value| num(p["similarity"].as_f64().unwrap());
    let b = |p: &serde_json::Value| p["b"].as_str().unwrap().to_string();
    let none = |_: &serde_json::Value| String::new();
    let want_pairs = [
        sorted(pairs.clone(), &sim, true),
        sorted(pairs.clone(), &none, false),
        sorted(pairs.clone(), &b, false),
        sorted(pairs.clone(), &sim, true),
    ];
    let got: Vec<Vec<u64>> = seen["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(numbers)
        .collect();
    assert_eq!(got, want_pairs);
    let distinct: BTreeSet<&Vec<u64>> = got.iter().collect();
    assert!(distinct.len() >= 2, "the sorts change the order: {got:?}");
    // The cluster link scrolled to its section.
    assert_eq!(seen["hash"], "#cluster-3");
    assert_eq!(seen["target"], "cluster-3");
    // Its first view opened, ran, shows matches and links back to it.
    let view = url_path(seen["view"].as_str().unwrap());
    assert_eq!(view.parent(), Some(dir.path().join("out").as_path()));
    let pair = r["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["cluster"] == 3)
        .unwrap();
    let report = &seen["report"];
    assert_eq!(
        report["title"],
        format!(
            "neardup: {} vs {}",
            pair["a"].as_str().unwrap(),
            pair["b"].as_str().unwrap()
        )
    );
    assert_eq!(report["script"], "ran", "{report}");
    assert!(report["passages"].as_u64().unwrap() > 0, "{report}");
    assert_eq!(report["upText"], "← Cluster 3");
    let up = report["up"].as_str().unwrap();
    assert!(up.ends_with("/out/index.html#cluster-3"), "{up}");
    assert_eq!(
        seen["back"],
        serde_json::json!({"hash": "#cluster-3", "target": "cluster-3"}),
        "the link back opens the cluster"
    );
}

#[test]
fn hostile_file_names_in_the_scan_page_run_nothing_in_chromium() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let names = write_hostile_scan(dir.path());
    assert_eq!(run_scan_html(dir.path(), &["c"], &[]).code, 0);
    let out = dir.path().join("out");
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    let view = hrefs(&page)
        .into_iter()
        .find(|h| !h.starts_with('#'))
        .expect("a view");
    for file in [out.join("index.html"), out.join(&view)] {
        let dom = dump_dom_file(&browser, &file, "", &[]);
        assert_script_ran(&dom);
        for tag in ["html", "body"] {
            assert!(
                !first_tag(&dom, tag).contains_key("data-pwned"),
                "{}: a payload ran: <{tag}> has data-pwned",
                file.display()
            );
        }
        assert_eq!(dom.matches("<script").count(), 1, "only the page's script");
        assert!(!dom.contains("<img") && !dom.contains("<svg onload"));
    }
    let dom = dump_dom_file(&browser, &out.join("index.html"), "", &[]);
    let text = decode(&dom);
    for name in &names[..2] {
        assert!(
            text.contains(&format!("c/{name}")),
            "{name} is shown as text"
        );
    }
    assert!(dom.contains("<button type=\"button\">Similarity</button>"));
}
