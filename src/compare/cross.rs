//! The cross-language rule: which passages of two documents in different
//! languages say the same thing, from what they share without a
//! translation.
//!
//! An English article and its French translation share no words, so the
//! same-language rules find nothing (and must not: names and numbers
//! alone never make a match within one language, see `score`). What a
//! translation keeps is its anchors ([`crate::text::anchors`]): names,
//! numbers (`3.2 billion` = `3,2 milliards`) and dates (`Tuesday` =
//! `mardi`), and the order of its sentences. When the two documents were
//! read in different languages, a passage pair is linked here only when
//!
//! 1. it shares at least [`MIN_ANCHORS`] distinct anchors (a name of
//!    several words, `Adina Valean`, counts once), and
//! 2. it lies on the best in-order chain of anchor-sharing pairs (a
//!    translation keeps the order of its sentences; an inserted sentence
//!    that repeats a name is off the chain), and
//! 3. another pair of that chain that shares [`MIN_ANCHORS`] lies within
//!    [`MAX_STEP`] passages on both sides (in-order support: one sentence
//!    sharing a date and a place with another document is chance — two
//!    reports from Brussels on 14 March 2026 —, a run of them is not).
//!
//! Three pairs of the chain in a row (passages k, k+1, k+2 on both sides)
//! are accepted whatever their anchors ([`MIN_RUN`]). A pair of the chain
//! that shares one anchor joins an accepted link next to it (the next passage on both sides: a title before its first
//! sentence), or two accepted links near it on both sides. Rare anchors weigh more in the
//! chain than ones repeated through a document (`1 / passages using it`).
//! The rule only adds: passages the same-language rules matched (a quoted
//! English sentence in a French article) keep those matches. Nothing is
//! translated; a sentence without names or numbers is never linked.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use super::link::{Group, Link, Support};
use super::result::{Comparison, CrossLanguage};
use crate::text::anchors::{Anchor, AnchorKind, anchors};
use crate::text::{Language, Span};

/// Distinct anchors a link needs on its own.
const MIN_ANCHORS: usize = 2;

/// Links in a row (passages k, k+1, ... on both sides) that are accepted
/// whatever their anchors.
const MIN_RUN: usize = 3;

/// The farthest (in passages, on each side) a supporting link may be.
const MAX_STEP: usize = 3;

/// An anchor used in more passages of a document than this is left out
/// (a year or a name repeated throughout says nothing about which
/// passage is which, and would make the candidates grow with the square of
/// the input).
const MAX_PASSAGES_PER_ANCHOR: usize = 16;

/// One document as the rule reads it.
pub(super) struct Side<'a> {
    /// The text.
    pub text: &'a str,
    /// Its passages.
    pub passages: &'a [Span],
    /// The language it was read in.
    pub language: &'a Language,
}

/// What the rule found: groups to report, and the anchors of each link.
#[derive(Debug, Default)]
pub(super) struct CrossLinks {
    /// Groups of passages linked by the rule, in original order.
    pub groups: Vec<Group>,
    /// The shared anchors of each link, as written (`3.2 billion = 3,2
    /// milliards`), by (original, rewrite) passage.
    anchors: BTreeMap<(usize, usize), Vec<String>>,
}

/// A candidate pair.
#[derive(Debug, Clone)]
struct Candidate {
    original: usize,
    rewrite: usize,
    /// Distinct shared anchors, adjacent names counted once.
    count: usize,
    /// Sum over the shared anchors of 1 / (passages using it).
    weight: f64,
    /// Shared anchors over the union of both passages' anchors.
    score: f64,
    /// (original anchor, rewrite anchor) per shared key.
    shared: Vec<(Anchor, Anchor)>,
}

/// Links the passages of `o` and `r` not already in `taken` (groups from
/// the same-language rules) by their shared anchors.
pub(super) fn link(o: Side<'_>, r: Side<'_>, taken: &[Group]) -> CrossLinks {
    let read = |s: &Side<'_>| -> Vec<Vec<Anchor>> {
        s.passages
            .iter()
            .map(|&p| distinct(anchors(s.text, p, s.language)))
            .collect()
    };
    let (ao, ar) = (read(&o), read(&r));
    let (mut free_o, mut free_r) = (vec![true; ao.len()], vec![true; ar.len()]);
    for g in taken {
        g.original.clone().for_each(|k| free_o[k] = false);
        g.rewrite.clone().for_each(|k| free_r[k] = false);
    }
    let (df_o, df_r) = (frequencies(&ao), frequencies(&ar));
    // Rewrite passages by anchor key.
    let mut postings: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (j, anchors) in ar.iter().enumerate() {
        if free_r[j] {
            for a in anchors {
                postings.entry(a.key.as_str()).or_default().push(j);
            }
        }
    }
    let mut candidates = Vec::new();
    for (i, anchors_o) in ao.iter().enumerate() {
        if !free_o[i] {
            continue;
        }
        let mut shared: BTreeMap<usize, Vec<(Anchor, Anchor)>> = BTreeMap::new();
        for a in anchors_o {
            let Some(js) = postings.get(a.key.as_str()) else {
                continue;
            };
            let (dfo, dfr) = (df_o[a.key.as_str()], df_r[a.key.as_str()]);
            if dfo.max(dfr) > MAX_PASSAGES_PER_ANCHOR {
                continue;
            }
            for &j in js {
                if let Some(b) = ar[j].iter().find(|b| b.key == a.key) {
                    shared.entry(j).or_default().push((a.clone(), b.clone()));
                }
            }
        }
        for (j, pairs) in shared {
            let weight = pairs
                .iter()
                .map(|(a, _)| 1.0 / df_o[a.key.as_str()].max(df_r[a.key.as_str()]) as f64)
                .sum();
            let union = anchors_o.len() + ar[j].len() - pairs.len();
            candidates.push(Candidate {
                original: i,
                rewrite: j,
                count: units(&pairs),
                weight,
                score: pairs.len() as f64 / union.max(1) as f64,
                shared: pairs,
            });
        }
    }
    let chain = best_chain(&candidates, ar.len());
    let accepted = accept(&chain);
    let mut out = CrossLinks::default();
    let mut current: Option<(usize, usize, Vec<Link>)> = None;
    for c in accepted {
        out.anchors.insert(
            (c.original, c.rewrite),
            c.shared
                .iter()
                .map(|(a, b)| {
                    let (x, y) = (
                        &o.text[a.span.start..a.span.end],
                        &r.text[b.span.start..b.span.end],
                    );
                    if x == y {
                        x.to_string()
                    } else {
                        format!("{x} = {y}")
                    }
                })
                .collect(),
        );
        let l = Link {
            original: c.original,
            rewrite: c.rewrite,
            score: c.score,
            support: Support::Anchors,
        };
        match &mut current {
            Some((_, _, links))
                if links.last().is_some_and(|p| {
                    p.original + 1 == l.original && p.rewrite + 1 == l.rewrite
                }) =>
            {
                links.push(l)
            }
            _ => {
                if let Some(g) = current.take() {
                    out.groups.push(group(g.2, &ao, &ar));
                }
                current = Some((l.original, l.rewrite, vec![l]));
            }
        }
    }
    if let Some(g) = current.take() {
        out.groups.push(group(g.2, &ao, &ar));
    }
    out
}

impl CrossLinks {
    /// Marks `c` as a comparison across languages and lists each anchor
    /// link's shared anchors.
    pub fn annotate(&self, c: &mut Comparison) {
        let mut matches = 0;
        for m in &mut c.matches {
            let mut anchored = false;
            for l in &mut m.links {
                if let Some(a) = self.anchors.get(&(l.original, l.rewrite)) {
                    if l.support == Support::Anchors.name() {
                        l.anchors = Some(a.clone());
                        anchored = true;
                    }
                }
            }
            matches += usize::from(anchored);
        }
        c.cross_language = Some(CrossLanguage {
            basis: "names, numbers and dates",
            anchor_matches: matches,
            note: format!(
                "the documents are in different languages ({}, {}): passages are linked only on \
                 the names, numbers and dates they share, in the same order; nothing is \
                 translated",
                c.original.language, c.rewrite.language
            ),
        });
    }

    /// `groups` (from the same-language rules) with this rule's groups, in
    /// original order.
    pub fn merged(&self, mut groups: Vec<Group>) -> Vec<Group> {
        groups.extend(self.groups.iter().cloned());
        groups.sort_by_key(|g| (*g.original.start(), *g.rewrite.start()));
        groups
    }
}

/// The anchors of a passage, one per key (the first as written).
fn distinct(mut anchors: Vec<Anchor>) -> Vec<Anchor> {
    let mut seen = std::collections::BTreeSet::new();
    anchors.retain(|a| seen.insert(a.key.clone()));
    anchors
}

/// In how many passages each key is used.
fn frequencies(anchors: &[Vec<Anchor>]) -> BTreeMap<&str, usize> {
    let mut df = BTreeMap::new();
    for p in anchors {
        for a in p {
            *df.entry(a.key.as_str()).or_insert(0) += 1;
        }
    }
    df
}

/// Distinct shared anchors, the ones next to each other in the original
/// counted once when they are one name (`Adina Valean`) or one date
/// (`Tuesday, 14 March 2026`: two reports from one day share it).
fn units(pairs: &[(Anchor, Anchor)]) -> usize {
    let mut shared: Vec<&Anchor> = pairs.iter().map(|(a, _)| a).collect();
    shared.sort_by_key(|a| a.word);
    let one = |a: &Anchor, b: &Anchor| {
        a.last + 1 == b.word
            && matches!(
                (a.kind, b.kind),
                (AnchorKind::Name, AnchorKind::Name)
                    | (AnchorKind::Date, AnchorKind::Date | AnchorKind::Number)
                    | (AnchorKind::Number, AnchorKind::Date)
            )
    };
    shared
        .iter()
        .enumerate()
        .filter(|&(k, a)| k == 0 || !one(shared[k - 1], a))
        .count()
}

/// The in-order chain (original and rewrite passages both increasing) of
/// candidates with the largest total weight; ties go to the earliest.
fn best_chain(candidates: &[Candidate], n_rewrite: usize) -> Vec<&Candidate> {
    // Candidates come sorted by original, then rewrite passage. A Fenwick
    // tree over rewrite passages holds the best chain ending before each.
    let mut tree = vec![(0.0f64, usize::MAX); n_rewrite + 1];
    let query = |tree: &[(f64, usize)], j: usize| {
        // Best over rewrite passages < j.
        let (mut k, mut best) = (j, (0.0, usize::MAX));
        while k > 0 {
            if tree[k].0 > best.0 {
                best = tree[k];
            }
            k &= k - 1;
        }
        best
    };
    let mut best = vec![(0.0, usize::MAX); candidates.len()];
    let mut start = 0;
    while start < candidates.len() {
        let i = candidates[start].original;
        let end = start
            + candidates[start..]
                .iter()
                .take_while(|c| c.original == i)
                .count();
        for k in start..end {
            let (w, prev) = query(&tree, candidates[k].rewrite);
            best[k] = (w + candidates[k].weight, prev);
        }
        for (k, &b) in best.iter().enumerate().take(end).skip(start) {
            let mut at = candidates[k].rewrite + 1;
            while at <= n_rewrite {
                if b.0 > tree[at].0 {
                    tree[at] = (b.0, k);
                }
                at += at & at.wrapping_neg();
            }
        }
        start = end;
    }
    let Some(mut k) = (0..best.len()).fold(None, |top: Option<usize>, k| match top {
        Some(t) if best[t].0 >= best[k].0 => Some(t),
        _ => Some(k),
    }) else {
        return Vec::new();
    };
    let mut chain = vec![&candidates[k]];
    while best[k].1 != usize::MAX {
        k = best[k].1;
        chain.push(&candidates[k]);
    }
    chain.reverse();
    chain
}

/// True when `b` is within [`MAX_STEP`] passages of `a` on both sides.
fn near(a: &Candidate, b: &Candidate) -> bool {
    a.original.abs_diff(b.original) <= MAX_STEP && a.rewrite.abs_diff(b.rewrite) <= MAX_STEP
}

/// The links of the chain that the rule accepts (see the module doc).
fn accept<'c>(chain: &[&'c Candidate]) -> Vec<&'c Candidate> {
    let n = chain.len();
    let enough = |k: usize| chain[k].count >= MIN_ANCHORS;
    // Links of the chain are in order on both sides, so the ones near
    // `k` are next to it in the chain.
    let supported = |k: usize| {
        let nearby = |&j: &usize| near(chain[j], chain[k]);
        (0..k).rev().take_while(nearby).any(enough) || (k + 1..n).take_while(nearby).any(enough)
    };
    let mut ok: Vec<bool> = (0..n).map(|k| enough(k) && supported(k)).collect();
    let next_to = |a: &Candidate, b: &Candidate| {
        a.original.abs_diff(b.original) == 1 && a.rewrite.abs_diff(b.rewrite) == 1
    };
    // Three or more links in a row on both sides (sentences k, k+1, k+2
    // each sharing an anchor with their partners) support each other.
    let mut k = 0;
    while k < n {
        let mut end = k + 1;
        while end < n && next_to(chain[end - 1], chain[end]) {
            end += 1;
        }
        if end - k >= MIN_RUN {
            ok[k..end].iter_mut().for_each(|o| *o = true);
        }
        k = end;
    }
    // A link of one anchor joins the accepted links next to it in order
    // (the next passage on both sides: a title before its first sentence),
    // or between two accepted links near it.
    loop {
        let mut grew = false;
        for k in 0..n {
            if ok[k] {
                continue;
            }
            let before = k > 0 && ok[k - 1];
            let after = k + 1 < n && ok[k + 1];
            let join = (before && next_to(chain[k - 1], chain[k]))
                || (after && next_to(chain[k], chain[k + 1]))
                || (before
                    && after
                    && near(chain[k - 1], chain[k])
                    && near(chain[k], chain[k + 1]));
            if join {
                ok[k] = true;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    (0..n).filter(|&k| ok[k]).map(|k| chain[k]).collect()
}

/// A group of consecutive links, scored by the anchors the two runs share
/// over all the anchors of both.
fn group(links: Vec<Link>, ao: &[Vec<Anchor>], ar: &[Vec<Anchor>]) -> Group {
    let range = |f: fn(&Link) -> usize| -> RangeInclusive<usize> {
        f(&links[0])..=f(&links[links.len() - 1])
    };
    let (ro, rr) = (range(|l| l.original), range(|l| l.rewrite));
    fn keys<'a>(
        a: &'a [Vec<Anchor>],
        r: &RangeInclusive<usize>,
    ) -> std::collections::BTreeSet<&'a str> {
        a[r.clone()]
            .iter()
            .flatten()
            .map(|x| x.key.as_str())
            .collect()
    }
    let (ko, kr) = (keys(ao, &ro), keys(ar, &rr));
    let shared = ko.intersection(&kr).count();
    let union = ko.union(&kr).count();
    Group {
        original: ro,
        rewrite: rr,
        score: shared as f64 / union.max(1) as f64,
        links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(original: usize, rewrite: usize, count: usize) -> Candidate {
        Candidate {
            original,
            rewrite,
            count,
            weight: count as f64,
            score: 0.5,
            shared: Vec::new(),
        }
    }

    #[test]
    fn the_chain_keeps_order_and_skips_an_inserted_passage() {
        // Rewrite passage 2 is inserted: it repeats two anchors of
        // original passage 1, which passage 1 of the rewrite shares too.
        let c = [
            candidate(0, 0, 2),
            candidate(1, 1, 3),
            candidate(1, 2, 2),
            candidate(2, 3, 2),
            candidate(3, 4, 2),
        ];
        let chain: Vec<(usize, usize)> = best_chain(&c, 5)
            .iter()
            .map(|c| (c.original, c.rewrite))
            .collect();
        assert_eq!(chain, [(0, 0), (1, 1), (2, 3), (3, 4)]);
    }

    #[test]
    fn a_lone_link_has_no_support() {
        let (a, b) = (candidate(0, 0, 5), candidate(9, 9, 5));
        assert!(accept(&[&a, &b]).is_empty());
        let c = candidate(1, 1, 1);
        // Two anchors near a link of one: no support either.
        assert!(accept(&[&a, &c]).is_empty());
        let d = candidate(2, 2, 2);
        let kept: Vec<usize> = accept(&[&a, &c, &d]).iter().map(|c| c.original).collect();
        // `c` shares one anchor; `a` and `d` support each other within
        // MAX_STEP, and `c` lies between them, adjacent to both.
        assert_eq!(kept, [0, 1, 2]);
        // One anchor, two passages past the last accepted link: left out.
        let e = candidate(4, 4, 1);
        let kept: Vec<usize> = accept(&[&a, &d, &e]).iter().map(|c| c.original).collect();
        assert_eq!(kept, [0, 2]);
        // Next to it: joins, and the next one too.
        let (f, g) = (candidate(3, 3, 1), candidate(4, 4, 1));
        let kept: Vec<usize> = accept(&[&a, &d, &f, &g])
            .iter()
            .map(|c| c.original)
            .collect();
        assert_eq!(kept, [0, 2, 3, 4]);
        // Three in a row with one anchor each: accepted; two: not.
        let run = [candidate(5, 6, 1), candidate(6, 7, 1), candidate(7, 8, 1)];
        assert_eq!(accept(&[&run[0], &run[1], &run[2]]).len(), 3);
        assert!(accept(&[&run[0], &run[1]]).is_empty());
    }

    #[test]
    fn names_next_to_each_other_count_once() {
        let a = |key: &str, kind, word| Anchor {
            key: key.into(),
            kind,
            span: Span::new(0, 0),
            word,
            last: word,
        };
        let pair = |x: Anchor| (x.clone(), x);
        let pairs = [
            pair(a("adina", AnchorKind::Name, 3)),
            pair(a("valean", AnchorKind::Name, 4)),
            pair(a("#14", AnchorKind::Number, 6)),
            pair(a("brussels", AnchorKind::Name, 9)),
        ];
        assert_eq!(units(&pairs), 3);
        let date = [
            pair(a("@day2", AnchorKind::Date, 0)),
            pair(a("#14", AnchorKind::Number, 1)),
            pair(a("@month3", AnchorKind::Date, 2)),
            pair(a("#2026", AnchorKind::Number, 3)),
            pair(a("#420", AnchorKind::Number, 4)),
        ];
        assert_eq!(units(&date), 2);
    }
}
