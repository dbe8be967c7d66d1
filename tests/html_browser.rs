//! The HTML report in a real browser: headless Chromium loads the page,
//! runs its script and prints the DOM, which these tests read.
//!
//! Without Chromium they print "skipped: chromium not found" and pass,
//! unless `NEARDUP_REQUIRE_BROWSER=1` (set by `.ci/run`), which makes a
//! missing browser a failure. `NEARDUP_CHROMIUM=/path/to/chromium` picks a
//! browser outside `PATH`.

#[path = "html/mod.rs"]
mod html;
mod util;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use html::*;
use util::*;

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
    let profile = dir.path().join("profile");
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
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(file_url(&file, fragment))
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
