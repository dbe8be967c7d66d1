//! Where a match begins and ends inside its edge passages, under the
//! long-document rules: a passage is a sentence as the splitter saw it, and
//! reused text need not start or stop at one (a source cut mid-sentence, a
//! sentence break the splitter missed: "... Tourist activities. was
//! developed by the Office of ..."). Where the words at an edge are mostly
//! words the other side never uses, they are not reused text, and are
//! trimmed off.

use std::ops::RangeInclusive;

use ahash::AHashSet;

use super::Prepared;
use super::score::Kind;
use crate::shingle::word_hash;
use crate::text::{Analyzer, Term};

/// The part trimmed must weigh at least this much (see [`weigh`]): a word
/// or two the other side lacks is as likely a paraphrase's change as the
/// end of the reused text. PAN 2013 training corpus, no preset, plagdet:
/// 0.878 untrimmed; 0.899 at 3, 4 and 5 (recall 0.886, 0.889, 0.890;
/// precision 0.916, 0.914, 0.912).
const MIN_TRIMMED_WORDS: usize = 4;

/// The bytes of `text` that the passages `range` of `p` span, each outer
/// end trimmed where the words beyond a shared content word are mostly
/// words the passages `other_range` of `other` never use. Without an
/// analyser for the document's language the passage bounds are kept.
pub(super) fn shared_bounds(
    analyzer: Option<&Analyzer>,
    (text, p): (&str, &Prepared),
    range: &RangeInclusive<usize>,
    (other, other_range): (&Prepared, &RangeInclusive<usize>),
) -> (usize, usize) {
    let (first, last) = (p.passages[*range.start()], p.passages[*range.end()]);
    let Some(analyzer) = analyzer else {
        return (first.start, last.end);
    };
    let shared: AHashSet<u64> = other_range
        .clone()
        .flat_map(|k| other.bags[k].words.iter())
        .filter(|(_, kind)| *kind != Kind::Stop)
        .map(|&(h, _)| h)
        .collect();
    let is_shared = |t: &Term| shared.contains(&word_hash(t.key.as_bytes()));
    let head = analyzer.terms(text, first);
    // The match starts after the last unshared content word of the
    // trimmed head (so "The" of "The County" stays).
    let start = match best_cut(head.iter().map(|t| weigh(t, is_shared))) {
        Some(n) => head[..n]
            .iter()
            .rposition(|t| !t.stop && !is_shared(t))
            .map_or(first.start, |u| head[u + 1].span.start),
        None => first.start,
    };
    let tail = if range.start() == range.end() {
        head
    } else {
        analyzer.terms(text, last)
    };
    // The match ends after the last shared word kept and the punctuation
    // that closes it.
    let end = match best_cut(tail.iter().rev().map(|t| weigh(t, is_shared))) {
        Some(n) => {
            let e = tail[tail.len() - n - 1].span.end;
            e + text[e..last.end]
                .find(|c: char| c.is_whitespace() || c.is_alphanumeric())
                .unwrap_or(last.end - e)
        }
        None => last.end,
    };
    if start < end {
        (start, end)
    } else {
        (first.start, last.end)
    }
}

/// A shared content word outweighs this many unshared ones: an edge is
/// trimmed only where the words the other side never uses clearly
/// outnumber those it does (plagdet 0.898 at 1, 0.899 at 2, 0.897 at 3;
/// trimming to the last shared word alone, which a common word near the
/// end defeats, gave 0.886).
const SHARED_WEIGHT: i64 = 2;

/// What a term says about being reused text: +1 for a content word the
/// other side never uses, minus [`SHARED_WEIGHT`] for one it does, 0 for
/// a stop word.
fn weigh(t: &Term, is_shared: impl Fn(&Term) -> bool) -> i64 {
    match (t.stop, is_shared(t)) {
        (true, _) => 0,
        (false, true) => -SHARED_WEIGHT,
        (false, false) => 1,
    }
}

/// How many terms to trim from the edge whose terms' weights `w` lists
/// (from the outer end inwards): the count before a shared content word
/// that gives the trimmed part the largest total weight, when that total
/// reaches [`MIN_TRIMMED_WORDS`]; `None` to keep the edge.
fn best_cut(w: impl Iterator<Item = i64>) -> Option<usize> {
    let (mut total, mut best) = (0i64, None::<(i64, usize)>);
    for (n, x) in w.enumerate() {
        if x < 0 && total >= MIN_TRIMMED_WORDS as i64 && best.is_none_or(|b| total >= b.0) {
            best = Some((total, n));
        }
        total += x;
    }
    best.map(|b| b.1)
}
