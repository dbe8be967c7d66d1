//! Property tests (proptest): invariants that must hold on any input, not
//! only on the examples of the other tests. Issue 10, "Also": the
//! tokenizer's spans lie on char boundaries, in order, and are the words;
//! the comparator never panics, its offsets are in bounds and on char
//! boundaries, its scores in [0, 1], its output the same on every run and
//! thread count; arbitrary bytes decode without panic into offsets that
//! map back into the file; the escapers never let markup or a terminal
//! escape through.
//!
//! A failing case is shrunk and printed; proptest also saves its seed in
//! `tests/properties.proptest-regressions`, which is worth committing.
//! More cases: `PROPTEST_CASES=10000 cargo test --test integration properties`.

use neardup::compare::Comparison;
use neardup::decode::{Decoding, StoredOffsets, decode};
use neardup::internals::for_each_word;
use neardup::report::sanitize::{html_line, is_unsafe, push_html, terminal_line};
use neardup::{Comparator, CompareConfig, Document};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

/// Pieces that exercise the text pipeline: words, punctuation, sentence
/// ends, line breaks, numbers, CJK, combining marks, emoji, bidi controls,
/// a BOM, a NUL, a lone CR.
const PIECES: &[&str] = &[
    "the",
    "council",
    "approved",
    "budget",
    "Amazon",
    "euros",
    " ",
    " ",
    "  ",
    ". ",
    ".",
    "!",
    "? ",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\t",
    ",",
    "'",
    "\"",
    "-",
    "—",
    "1,000",
    "$5.6bn",
    "3.14",
    "don't",
    "U.S.",
    "naïve",
    "e\u{301}",
    "Straße",
    "Ελλάδα",
    "москва",
    "北京",
    "東京タワー",
    "สวัสดี",
    "مرحبا",
    "👍🏽",
    "🇫🇷",
    "\u{202E}",
    "\u{200B}",
    "\u{FEFF}",
    "\0",
    "\u{1b}[31m",
    "<b>",
    "&amp;",
];

/// Text for the pipeline: arbitrary Unicode, or pieces of real-looking text.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(PIECES), 0..300).prop_map(|v| v.concat()),
    ]
}

fn config() -> ProptestConfig {
    // Each compare case runs the whole pipeline in a debug build: fewer
    // cases than proptest's 256 keep `cargo test` quick; PROPTEST_CASES
    // overrides.
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(48),
        ..ProptestConfig::default()
    }
}

/// Every invariant of a comparison of `o` with `r`.
fn check(c: &Comparison, o: &str, r: &str) -> Result<(), TestCaseError> {
    let unit = |x: f64| x.is_finite() && (0.0..=1.0).contains(&x);
    prop_assert!(unit(c.original_reused) && unit(c.rewrite_derived), "{c:?}");
    for m in &c.matches {
        prop_assert!(unit(m.score), "match score {} out of [0, 1]", m.score);
        for (loc, text, passages) in [
            (&m.original, o, c.original.passages),
            (&m.rewrite, r, c.rewrite.passages),
        ] {
            prop_assert!(loc.start <= loc.end && loc.end <= text.len(), "{loc:?}");
            prop_assert!(text.is_char_boundary(loc.start) && text.is_char_boundary(loc.end));
            prop_assert_eq!(&loc.text, &text[loc.start..loc.end]);
            prop_assert!(1 <= loc.line && loc.line <= loc.end_line, "{loc:?}");
            prop_assert!(loc.first_passage <= loc.last_passage && loc.last_passage < passages);
        }
        for l in &m.links {
            prop_assert!(unit(l.score), "link score {} out of [0, 1]", l.score);
            for (start, end, text) in [
                (l.original_start, l.original_end, o),
                (l.rewrite_start, l.rewrite_end, r),
            ] {
                prop_assert!(start <= end && end <= text.len(), "{l:?}");
                prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
            }
        }
    }
    Ok(())
}

fn doc(path: &str, text: &str) -> Document {
    Document {
        path: path.into(),
        text: text.into(),
    }
}

fn comparator() -> Comparator {
    Comparator::new(CompareConfig::default()).expect("default settings are valid")
}

/// The comparison as JSON: what "the same output" means.
fn json(c: &Comparison) -> String {
    serde_json::to_string(c).expect("a comparison serialises")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..config() })]

    /// Word spans are non-empty, in order, apart, on char boundaries, and
    /// exactly Unicode's words (UAX #29 through unicode-segmentation).
    #[test]
    fn word_spans_are_the_words_in_order_on_char_boundaries(t in text()) {
        let mut spans = Vec::new();
        for_each_word(&t, |s| spans.push(s));
        let mut last = 0;
        for s in &spans {
            prop_assert!(last <= s.start && s.start < s.end && s.end <= t.len(), "{s:?}");
            prop_assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end));
            last = s.end;
        }
        let words: Vec<(usize, usize)> = t
            .unicode_word_indices()
            .map(|(at, w)| (at, at + w.len()))
            .collect();
        let got: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
        prop_assert_eq!(got, words);
    }

    /// Passages are non-empty, in order, apart and on char boundaries.
    #[test]
    fn passages_are_in_bounds_in_order_on_char_boundaries(t in text()) {
        let mut last = 0;
        for s in comparator().passages(&t) {
            prop_assert!(last <= s.start && s.start < s.end && s.end <= t.len(), "{s:?}");
            prop_assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end));
            last = s.end;
        }
    }

    /// The terminal escaper leaves no control, bidi or invisible format
    /// character (so no escape sequence), and no line break.
    #[test]
    fn terminal_lines_carry_no_escape_sequence(t in text()) {
        let line = terminal_line(&t);
        prop_assert!(!line.chars().any(|c| is_unsafe(c) || (c.is_whitespace() && c != ' ')), "{line:?}");
    }

    /// The HTML escaper leaves no markup: no `<`, `>` or quote, every `&`
    /// opens one of the references it writes, and no unsafe character but
    /// the line breaks and tabs it keeps.
    #[test]
    fn html_text_carries_no_markup(t in text()) {
        let mut out = String::new();
        push_html(&mut out, &t);
        for html in [out, html_line(&t)] {
            prop_assert!(!html.contains(['<', '>', '"', '\'']), "{html:?}");
            for (at, _) in html.match_indices('&') {
                let rest = &html[at..];
                prop_assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|e| rest.starts_with(e)),
                    "{html:?}"
                );
            }
            prop_assert!(!html.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\t'), "{html:?}");
        }
    }
}

proptest! {
    #![proptest_config(config())]

    /// Any two texts: no panic, offsets in bounds and on char boundaries,
    /// scores in [0, 1]; the same JSON again and on one thread.
    #[test]
    fn comparisons_keep_their_invariants_and_repeat_exactly(o in text(), r in text()) {
        let cmp = comparator();
        let (a, b) = (doc("o.txt", &o), doc("r.txt", &r));
        let c = cmp.compare(&a, &b);
        check(&c, &o, &r)?;
        prop_assert_eq!(json(&cmp.compare(&a, &b)), json(&c));
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        prop_assert_eq!(json(&one.install(|| cmp.compare(&a, &b))), json(&c));
        let within = cmp.compare_within(&a);
        check(&within, &o, &o)?;
    }

    /// A text and its rewrite built from shared sentences (so that matches
    /// are found and their offsets are exercised).
    #[test]
    fn comparisons_of_related_texts_keep_their_invariants(
        shared in prop::collection::vec(text(), 1..12),
        o_extra in text(),
        r_extra in text(),
    ) {
        let o = format!("{}\n{o_extra}", shared.join(". "));
        let mut rev = shared.clone();
        rev.reverse();
        let r = format!("{r_extra}\n{}", rev.join(".\n"));
        let c = comparator().compare(&doc("o", &o), &doc("r", &r));
        check(&c, &o, &r)?;
    }

    /// Arbitrary bytes decode without panic, and every offset of the text
    /// maps back into the file, in order.
    #[test]
    fn arbitrary_bytes_decode_and_map_back_into_the_file(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let decoded = decode(&bytes, Decoding::Auto);
        let map = StoredOffsets::new(&bytes, &decoded);
        let text = decoded.text.as_ref();
        let mut last = 0;
        for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let stored = map.stored(at);
            prop_assert!(last <= stored && stored <= bytes.len(), "{at} -> {stored}");
            last = stored;
        }
        let c = comparator().compare(&doc("a", text), &doc("b", text));
        check(&c, text, text)?;
    }
}

/// Huge inputs: past 250,000 passage pairs LSH proposes the candidates
/// (stars and folding included) and the long-document rules apply.
#[test]
fn huge_inputs_keep_the_invariants() {
    let mut rng = neardup::internals::SplitMix64::new(10);
    let mut sentence = |n: usize| -> String {
        (0..n)
            .map(|_| PIECES[(rng.next() % PIECES.len() as u64) as usize])
            .collect::<Vec<_>>()
            .concat()
            + ".\n"
    };
    let o: String = (0..700).map(|_| sentence(20)).collect();
    let r: String = (0..300).map(|_| sentence(20)).collect::<String>()
        + &o[..o.len() / 2]
        + &"The same line again and again.\n".repeat(200);
    let cmp = comparator();
    let c = cmp.compare(&doc("o", &o), &doc("r", &r));
    assert!(
        c.original.passages > 500 && c.rewrite.passages > 500,
        "LSH runs"
    );
    assert!(!c.matches.is_empty(), "half of o is in r");
    check(&c, &o, &r).unwrap();
    let one_line = o.replace('\n', " ");
    let c = cmp.compare(&doc("o", &one_line), &doc("r", &r));
    check(&c, &one_line, &r).unwrap();
}
