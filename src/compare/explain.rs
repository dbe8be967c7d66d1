//! Why two passages were linked: the words they share and what each
//! piece of evidence added to the score (`compare --explain`).

use serde::Serialize;

use super::score::{Bag, Evidence, Kind};
use super::{Comparator, Comparison, bag};
use crate::format::round4;
use crate::shingle::Shingler;
use crate::text::compound::Splits;
use crate::text::{Analyzer, Span, Term};

/// The evidence behind one link, measured on its two passages alone.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Explanation {
    /// Content words on both sides, as the original writes them (compared
    /// by stem, so `invest` here may be `invested` in the rewrite).
    pub shared: Vec<String>,
    /// Names and numbers on both sides (numbers compared by value: `one
    /// million` = `1,000,000`).
    pub shared_names: Vec<String>,
    /// Names and numbers only the original passage has.
    pub original_only: Vec<String>,
    /// Names and numbers only the rewrite passage has.
    pub rewrite_only: Vec<String>,
    /// Jaccard similarity of the two shingle sets (0..1).
    pub overlap: f64,
    /// Share of the shorter passage's words found in the other, stop
    /// words weighing a fifth (0..1).
    pub cover: f64,
    /// Longest common word order, as a share of the shorter passage (0..1).
    pub order: f64,
    /// Names and numbers on one side that the other lacks (the smaller of
    /// the two counts).
    pub clash: usize,
    /// What each measure added to the score (its weight times the measure;
    /// `clash` subtracts). Their sum, clamped to 0..1, is the passages'
    /// score; a link that is a piece of a split or merged sentence (support
    /// `run` or `absorbed`) was scored together with its neighbours.
    pub parts: Parts,
}

/// The score's terms: weight × measure.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Parts {
    /// From `overlap`.
    pub overlap: f64,
    /// From `cover`.
    pub cover: f64,
    /// From `order`.
    pub order: f64,
    /// From `clash` (zero or negative).
    pub clash: f64,
}

impl Comparator {
    /// Adds an [`Explanation`] to every link of `c`, which this comparator
    /// computed from `original` and `rewrite` (the same text for a
    /// comparison within one document).
    pub fn explain(&self, original: &str, rewrite: &str, c: &mut Comparison) {
        let mode = self.mode_for(c.original.passages.max(c.rewrite.passages));
        let weights = self.weights(mode);
        let (ao, lo) = self.analyzers.for_text(original);
        let (ar, lr) = self.analyzers.for_text(rewrite);
        let shingler = Shingler::new(
            self.config.shingle_for(&[lo, lr]),
            self.config.keep_stop_words,
        );
        // Compounds read as the comparison read them.
        let (so, sr) = self.text_splits((ao, lo, original), (ar, lr, rewrite));
        for m in &mut c.matches {
            for l in &mut m.links {
                let o = words(
                    &shingler,
                    ao,
                    &so,
                    original,
                    Span::new(l.original_start, l.original_end),
                );
                let r = words(
                    &shingler,
                    ar,
                    &sr,
                    rewrite,
                    Span::new(l.rewrite_start, l.rewrite_end),
                );
                let e = Evidence::measure(&o.set, &o.bag, &r.set, &r.bag);
                let [overlap, cover, order, clash] = e.parts(&weights);
                let (shared, shared_names) = shared(&o, &r);
                l.explain = Some(Explanation {
                    shared,
                    shared_names,
                    original_only: named_only(&o, &r),
                    rewrite_only: named_only(&r, &o),
                    overlap: round4(e.overlap),
                    cover: round4(e.cover),
                    order: round4(e.order),
                    clash: e.clash,
                    parts: Parts {
                        overlap: round4(overlap),
                        cover: round4(cover),
                        order: round4(order),
                        clash: round4(clash),
                    },
                });
            }
        }
    }
}

fn words<'t>(
    shingler: &Shingler,
    analyzer: &Analyzer,
    splits: &Splits,
    text: &'t str,
    span: Span,
) -> Words<'t> {
    let terms = splits.apply(analyzer.terms(text, span));
    let set = shingler.shingles(&terms);
    let bag = bag(text, &terms);
    let kinds = super::kinds(text, &terms);
    Words {
        text,
        terms,
        kinds,
        set,
        bag,
    }
}

/// A passage's terms with their kinds, set and bag.
struct Words<'t> {
    text: &'t str,
    terms: Vec<Term>,
    kinds: Vec<Kind>,
    set: Vec<u64>,
    bag: Bag,
}

impl Words<'_> {
    /// Non-stop terms in text order, once per key: (key, surface, kind).
    fn content(&self) -> Vec<(&str, &str, Kind)> {
        let mut seen = ahash::AHashSet::new();
        self.terms
            .iter()
            .zip(&self.kinds)
            .filter(|(t, k)| **k != Kind::Stop && seen.insert(t.key.as_str()))
            .map(|(t, k)| (t.key.as_str(), &self.text[t.span.start..t.span.end], *k))
            .collect()
    }
}

/// Shared content words and shared names/numbers, in the original's order.
fn shared(o: &Words, r: &Words) -> (Vec<String>, Vec<String>) {
    let theirs: ahash::AHashMap<&str, Kind> = r
        .content()
        .into_iter()
        .map(|(k, _, kind)| (k, kind))
        .collect();
    let (mut words, mut names) = (Vec::new(), Vec::new());
    for (key, surface, kind) in o.content() {
        if let Some(&other) = theirs.get(key) {
            match kind.max(other) {
                Kind::Name | Kind::Number => names.push(surface.to_string()),
                _ => words.push(surface.to_string()),
            }
        }
    }
    // A compound split into parts (`text::compound`) is one surface for
    // several keys: shown once.
    words.dedup();
    names.dedup();
    (words, names)
}

/// Names and numbers of `a` whose key `b` lacks.
fn named_only(a: &Words, b: &Words) -> Vec<String> {
    let theirs: ahash::AHashSet<&str> = b.content().into_iter().map(|(k, _, _)| k).collect();
    let mut only = a
        .content()
        .into_iter()
        .filter(|(k, _, kind)| matches!(kind, Kind::Name | Kind::Number) && !theirs.contains(k))
        .map(|(_, s, _)| s.to_string())
        .collect::<Vec<_>>();
    only.dedup();
    only
}
