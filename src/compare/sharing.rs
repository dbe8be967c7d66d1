//! Of every passage pair of two short documents, those that may share
//! content: the pairs worth scoring.
//!
//! Up to a quarter of a million passage pairs, compare scores every pair
//! rather than asking LSH (`ALL_PAIRS` in the comparator). Most of them share
//! no content word: the aligner ignores such a pair whatever it scores
//! (names and numbers alone never make a match; [`Evidence::substantive`]),
//! yet measuring it cost as much as measuring any other. Here an index of
//! one side's words, looked up with the other side's, finds the pairs that
//! share a content word or a synonym group; every substantive pair is
//! among them, in the order of all pairs, so the alignment is the same.
//!
//! [`Evidence::substantive`]: super::score::Evidence::substantive

use ahash::AHashMap;

use super::score::Kind;
use super::sides::Side;

/// The pairs `(i, j)` (original passage `i`, rewrite passage `j`; with
/// `within`, both of one document and `i < j`), sorted, whose passages
/// share a word that is a content word on one side and a content or stop
/// word on the other, or a synonym group. Every pair whose
/// [`Evidence`](super::score::Evidence) is substantive is among them.
pub(super) fn content_pairs(
    original: Side<'_>,
    rewrite: Side<'_>,
    within: bool,
) -> Vec<(u32, u32)> {
    let (n_o, n_r) = (original.len(), rewrite.len());
    let row = n_r.div_ceil(64);
    let mut hit = vec![0u64; n_o * row];
    let mut mark = |i: usize, j: u32| {
        hit[i * row + j as usize / 64] |= 1 << (j % 64);
    };
    // The rewrite's words, each with a chain of the passages holding it as
    // a content word and one of those holding it as a stop word.
    let index = Index::of(rewrite);
    for (i, bag) in original.bags.iter().enumerate() {
        for &(h, kind) in &bag.words {
            // A shared word counts as content when the stronger of its two
            // kinds is a content word: content against content or stop,
            // stop against content; never a name or a number.
            let Some(&(word, stop)) = index.heads.get(&h) else {
                continue;
            };
            match kind {
                Kind::Word => {
                    index.walk(word, |j| mark(i, j));
                    index.walk(stop, |j| mark(i, j));
                }
                Kind::Stop => index.walk(word, |j| mark(i, j)),
                Kind::Name | Kind::Number => {}
            }
        }
        // A synonym pair needs a group on both sides.
        for &(g, _) in &bag.synonyms {
            if let Some(&head) = index.groups.get(&g) {
                index.walk(head, |j| mark(i, j));
            }
        }
    }
    let mut pairs = Vec::new();
    for i in 0..n_o {
        for (w, &bits) in hit[i * row..(i + 1) * row].iter().enumerate() {
            let mut bits = bits;
            while bits != 0 {
                let j = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if !within || i < j {
                    pairs.push((i as u32, j as u32));
                }
            }
        }
    }
    pairs
}

/// No passage: the end of a chain.
const END: u32 = u32::MAX;

/// One side's words and synonym groups, each leading to the passages that
/// hold it (singly linked chains through `links`, without an allocation
/// per word).
struct Index {
    /// Word hash → heads of its chains (as a content word, as a stop word).
    heads: AHashMap<u64, (u32, u32)>,
    /// Synonym group → head of its chain.
    groups: AHashMap<u32, u32>,
    /// (passage, next link) per link.
    links: Vec<(u32, u32)>,
}

impl Index {
    fn of(side: Side<'_>) -> Index {
        let words: usize = side.bags.iter().map(|b| b.words.len()).sum();
        let mut heads: AHashMap<u64, (u32, u32)> = AHashMap::with_capacity(words / 2);
        let mut groups: AHashMap<u32, u32> = AHashMap::new();
        let mut links = Vec::with_capacity(words);
        for (j, bag) in side.bags.iter().enumerate() {
            for &(h, kind) in &bag.words {
                let head = heads.entry(h).or_insert((END, END));
                let slot = match kind {
                    Kind::Word => &mut head.0,
                    Kind::Stop => &mut head.1,
                    Kind::Name | Kind::Number => continue,
                };
                links.push((j as u32, *slot));
                *slot = (links.len() - 1) as u32;
            }
            let mut last = None;
            for &(g, _) in &bag.synonyms {
                // A passage once per group (its synonyms are sorted).
                if last == Some(g) {
                    continue;
                }
                last = Some(g);
                let slot = groups.entry(g).or_insert(END);
                links.push((j as u32, *slot));
                *slot = (links.len() - 1) as u32;
            }
        }
        Index {
            heads,
            groups,
            links,
        }
    }

    /// `f(passage)` along the chain from `head`.
    fn walk(&self, mut head: u32, mut f: impl FnMut(u32)) {
        while head != END {
            let (j, next) = self.links[head as usize];
            f(j);
            head = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::score::{Bag, Evidence, Weights};

    /// Every pair that scores as substantive is among the content pairs,
    /// and the content pairs come in the order of all pairs.
    #[test]
    fn every_substantive_pair_is_a_content_pair() {
        let mut x = 0x2545_F491_u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let kinds = [Kind::Stop, Kind::Word, Kind::Name, Kind::Number];
        for round in 0..40 {
            let mut side = |n: usize| {
                let mut sets = Vec::new();
                let mut bags = Vec::new();
                for _ in 0..n {
                    let len = (next() % 10) as usize;
                    // Few distinct words, so that one word is a stop word,
                    // a content word and a name in different passages.
                    let words: Vec<(u64, Kind)> = (0..len)
                        .map(|_| (next() % 60, kinds[(next() % 4) as usize]))
                        .collect();
                    let mut set: Vec<u64> = words.iter().map(|w| w.0 * 7).collect();
                    set.sort_unstable();
                    set.dedup();
                    let synonyms: Vec<(u32, u64)> = words
                        .iter()
                        .filter(|w| w.1 == Kind::Word && w.0 % 5 == 0)
                        .map(|w| ((w.0 % 3) as u32, w.0))
                        .collect();
                    sets.push(set);
                    bags.push(Bag::new(words).with_synonyms(synonyms));
                }
                (sets, bags)
            };
            let (so, bo) = side(1 + round % 17);
            let (sr, br) = side(1 + round % 70);
            let o = Side {
                sets: &so,
                bags: &bo,
            };
            let r = Side {
                sets: &sr,
                bags: &br,
            };
            for (a, b, within) in [(o, r, false), (r, r, true)] {
                let got = content_pairs(a, b, within);
                assert!(got.windows(2).all(|w| w[0] < w[1]), "sorted, distinct");
                assert!(got.iter().all(|&(i, j)| !within || i < j));
                for i in 0..a.len() {
                    for j in 0..b.len() {
                        if within && i >= j {
                            continue;
                        }
                        let e = Evidence::measure_for(
                            &a.sets[i],
                            &a.bags[i],
                            &b.sets[j],
                            &b.bags[j],
                            &Weights::ARTICLE,
                        );
                        if e.substantive() {
                            assert!(got.binary_search(&(i as u32, j as u32)).is_ok());
                        }
                    }
                }
            }
        }
    }
}
