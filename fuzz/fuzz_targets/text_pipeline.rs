//! The text pipeline on arbitrary bytes: decode (encoding detection, BOM,
//! UTF-16, legacy encodings), passages, shingles, MinHash, LSH, alignment,
//! the comparison of two documents and of one with itself. Fails on a
//! panic (overflow checks are on: cargo fuzz builds with debug assertions)
//! or a broken invariant: offsets out of bounds or off a char boundary, a
//! match text that is not the text at its offsets, a score outside
//! [0, 1], a decoded offset that maps outside the file.
//!
//! `cargo +nightly fuzz run text_pipeline` (see docs/safety.md#property-tests-and-fuzzing).

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use neardup::compare::Comparison;
use neardup::decode::{Decoding, StoredOffsets, decode};
use neardup::{Comparator, CompareConfig, Document};

fn comparator() -> &'static Comparator {
    static CMP: OnceLock<Comparator> = OnceLock::new();
    CMP.get_or_init(|| Comparator::new(CompareConfig::default()).expect("default settings"))
}

/// Decodes `bytes` and checks that every text offset maps back into them.
fn text_of(bytes: &[u8]) -> String {
    let decoded = decode(bytes, Decoding::Auto);
    let map = StoredOffsets::new(bytes, &decoded);
    let text = decoded.text.as_ref();
    let mut last = 0;
    for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
        let stored = map.stored(at);
        assert!(last <= stored && stored <= bytes.len(), "{at} -> {stored}");
        last = stored;
    }
    text.to_string()
}

fn check(c: &Comparison, o: &str, r: &str) {
    let unit = |x: f64| x.is_finite() && (0.0..=1.0).contains(&x);
    assert!(unit(c.original_reused) && unit(c.rewrite_derived));
    for m in &c.matches {
        assert!(unit(m.score), "score {}", m.score);
        for (loc, text) in [(&m.original, o), (&m.rewrite, r)] {
            assert!(loc.start <= loc.end && loc.end <= text.len());
            assert!(text.is_char_boundary(loc.start) && text.is_char_boundary(loc.end));
            assert_eq!(loc.text, text[loc.start..loc.end]);
        }
        for l in &m.links {
            assert!(unit(l.score), "link score {}", l.score);
            assert!(l.original_start <= l.original_end && l.original_end <= o.len());
            assert!(l.rewrite_start <= l.rewrite_end && l.rewrite_end <= r.len());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // The first byte says where the original ends and the rewrite starts.
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let (a, b) = rest.split_at(usize::from(first) * rest.len() / 256);
    let (o, r) = (text_of(a), text_of(b));
    let doc = |path: &str, text: &str| Document {
        path: path.into(),
        text: text.into(),
    };
    let (o_doc, r_doc) = (doc("o", &o), doc("r", &r));
    check(&comparator().compare(&o_doc, &r_doc), &o, &r);
    check(&comparator().compare_within(&o_doc), &o, &o);
});
