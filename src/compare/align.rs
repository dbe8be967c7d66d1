//! The aligner: from scored passage pairs to reported matches.
//!
//! 1. **Scores**: every candidate pair is measured ([`Evidence`]); pairs
//!    that share no content word score 0 (names and numbers alone never
//!    make a match).
//! 2. **Links, in two tiers**: a pair scoring at least the threshold is a
//!    link on its own (a short pair needs two shared content words); a pair
//!    scoring at least the floor is a link when something supports it —
//!    the two passages are each other's clear best partner among several,
//!    or the pair continues a link diagonally (the passages before or after
//!    both are linked). Best-partner support needs a choice: against a
//!    one-sentence original it says nothing.
//! 3. **Competition**: a link survives only if it is at least `relative`
//!    times as strong as the best link of either passage, so a sentence is
//!    reported against what it paraphrases, not against every passage that
//!    shares a name with it. Duplicates on one side both survive.
//! 4. **Runs (one-to-many)**: consecutive rewrite passages whose best
//!    partner is the same original passage are scored together against it
//!    (a sentence split into two to four short ones, none of which reaches
//!    the floor alone), and the reverse for merges; a run scoring at least
//!    the floor becomes a match spanning all its pieces. Between documents
//!    of four passages or more, runs need the documents to be related, as
//!    best partners do.
//! 5. **Growth**: a match absorbs an unlinked neighbour whose best partner
//!    lies inside the match, or most of whose words occur on the other side;
//!    when neither is left, the unlinked passages just past both ends join
//!    if one holds most of the other's words (a reused stretch whose edge
//!    passage runs on, on one side, into text of its own).
//! 6. **Merging**: matches whose ranges touch or overlap on both sides merge
//!    into one; matches up to `max_gap` passages apart merge only when what
//!    lies between them on the rewrite side shares content with the
//!    original side (so new material between two matches is never
//!    swallowed).

use std::ops::RangeInclusive;

use ahash::AHashMap;
use rayon::prelude::*;

use super::batch::measure_pairs;
pub use super::link::{Group, Link, Support};
use super::merge::{exclusive, merge};
use super::score::{Bag, Evidence, Weights};
pub use super::sides::Side;
use super::sides::{Best, Sides};
use crate::minhash::intersection_size;

/// Aligner settings (see [`crate::config::CompareConfig`]).
#[derive(Debug, Clone, Copy)]
pub struct AlignParams {
    /// Score a link needs on its own.
    pub threshold: f64,
    /// Score a supported link needs.
    pub floor: f64,
    /// How much better than the runner-up a best partner must score to
    /// support a link below the threshold.
    pub margin: f64,
    /// Share of the best competing link a link must reach.
    pub relative: f64,
    /// Share of a neighbour's shingles that must occur on the other side
    /// for it to be absorbed.
    pub containment: f64,
    /// Matches this many passages apart (or closer) on both sides merge,
    /// bridging the passages between them when those share content with
    /// the other side (0: only touching matches merge).
    pub max_gap: usize,
    /// Summaries: matches close on the rewrite side merge whatever their
    /// distance in the original when the merged original side spans at
    /// least this many times as many passages as the rewrite side (0: off).
    pub summary_ratio: usize,
    /// Each rewrite passage belongs to at most one match: where matches
    /// overlap on the rewrite side, the one covering more passages wins.
    pub exclusive: bool,
    /// Bridge a gap only when its rewrite passages share content with the
    /// original side (off: bridge any gap up to `max_gap`).
    pub gap_evidence: bool,
    /// Runs (splits and merges) between documents of four passages or
    /// more count only when the documents are related (as best partners
    /// do); off for long documents, where a summary's runs are most of
    /// the evidence that relates them.
    pub runs_need_related: bool,
    /// How the evidence is weighed.
    pub weights: Weights,
}

/// A scored candidate.
#[derive(Debug, Clone, Copy)]
struct Scored {
    i: usize,
    j: usize,
    /// The evidence's score without the guards (for best partners and
    /// growth).
    raw: f64,
    /// Passes the guards (shares a content word).
    substantive: bool,
    /// Passes the stricter guard of a link on its own.
    strong_guard: bool,
}

/// Aligns the passages of `original` and `rewrite` from `candidates`.
/// With `within`, both sides are the same document, candidates have
/// `original < rewrite`, and a group's original range stays before its
/// rewrite range.
pub fn align(
    original: Side<'_>,
    rewrite: Side<'_>,
    candidates: &[(u32, u32)],
    p: AlignParams,
    within: bool,
) -> Vec<Group> {
    let scored: Vec<Scored> =
        measure_pairs(original, rewrite, candidates, &p.weights, |i, j, e| {
            Scored {
                i,
                j,
                raw: e.raw_score(&p.weights),
                substantive: e.substantive(),
                strong_guard: e.stands_alone(),
            }
        });
    let (n_o, n_r) = (original.len(), rewrite.len());
    let mut best_o = vec![Best::default(); n_o];
    let mut best_r = vec![Best::default(); n_r];
    for c in scored.iter().filter(|c| c.substantive) {
        best_o[c.i].offer(c.j, c.raw);
        best_r[c.j].offer(c.i, c.raw);
    }
    let clear = |b: &Best, partner: usize, score: f64, choices: usize| {
        choices >= 3 && b.partner == partner && score - b.second >= p.margin
    };
    let mut links: Vec<Link> = scored
        .iter()
        .filter(|c| c.substantive && c.raw >= p.threshold && c.strong_guard)
        .map(|c| Link {
            original: c.i,
            rewrite: c.j,
            score: c.raw,
            support: Support::Strong,
        })
        .collect();
    // Support counts only between related documents: at least a third of
    // the shorter document's passages (and at least two) have a strong link
    // or a clear best partner. Between two documents on one topic but not
    // derived from each other, a few passages are always somebody's best
    // partner; in a rewrite, most are.
    let weak: Vec<&Scored> = scored
        .iter()
        .filter(|c| c.substantive && c.raw >= p.floor)
        .filter(|c| !(c.raw >= p.threshold && c.strong_guard))
        .filter(|c| clear(&best_r[c.j], c.i, c.raw, n_o) && clear(&best_o[c.i], c.j, c.raw, n_r))
        .collect();
    let mut paired: ahash::AHashSet<usize> = links.iter().map(|l| l.rewrite).collect();
    paired.extend(weak.iter().map(|c| c.j));
    // Within one document there is no pair of documents to be related:
    // every passage is somebody's best partner in its own text.
    let related = !within && paired.len() * RELATED_SHARE >= n_o.min(n_r) && paired.len() >= 2;
    links.extend(weak.into_iter().filter(|_| related).map(|c| Link {
        original: c.i,
        rewrite: c.j,
        score: c.raw,
        support: Support::BestPartner,
    }));
    // Diagonal neighbours of a link, at the floor, continue it in order
    // when they share content enough to stand alone (a padding sentence
    // next to a link shares a name, a number and a word with the
    // original's title, not its content).
    let mut linked: ahash::AHashSet<(usize, usize)> =
        links.iter().map(|l| (l.original, l.rewrite)).collect();
    let mut extra = Vec::new();
    for c in scored
        .iter()
        .filter(|c| c.substantive && c.strong_guard && c.raw >= p.floor)
    {
        if linked.contains(&(c.i, c.j)) {
            continue;
        }
        let before = c.i > 0 && c.j > 0 && linked.contains(&(c.i - 1, c.j - 1));
        let after = linked.contains(&(c.i + 1, c.j + 1));
        if (before || after) && best_r[c.j].partner == c.i {
            extra.push(Link {
                original: c.i,
                rewrite: c.j,
                score: c.raw,
                support: Support::Neighbour,
            });
        }
    }
    for l in &extra {
        linked.insert((l.original, l.rewrite));
    }
    links.extend(extra);
    links.sort_by_key(|l| (l.original, l.rewrite));
    let links = compete(links, n_o, n_r, p.relative);
    let mut linked_o = vec![false; n_o];
    let mut linked_r = vec![false; n_r];
    for l in &links {
        linked_o[l.original] = true;
        linked_r[l.rewrite] = true;
    }
    let mut affinity_r: AHashMap<usize, Vec<(usize, f64)>> = AHashMap::new();
    for c in scored.iter().filter(|c| c.raw > 0.0 && c.substantive) {
        affinity_r.entry(c.j).or_default().push((c.i, c.raw));
    }
    let sides = Sides {
        original,
        rewrite,
        linked_o: &linked_o,
        linked_r: &linked_r,
        best_o: &best_o,
        best_r: &best_r,
        affinity_r: &affinity_r,
        within,
        gap_floor: p.floor / 2.0,
        gap_evidence: p.gap_evidence,
        weights: p.weights,
    };
    let mut groups: Vec<Group> = links
        .par_iter()
        .map(|l| grow(&sides, *l, p.containment))
        .collect();
    // Runs, like best partners, need related documents, unless a side is
    // too short to show it (a sentence and its split paraphrase): between
    // two unrelated pages on one topic, consecutive sentences that all
    // point at one sentence of the other page are chance.
    if !p.runs_need_related || within || related || n_o.min(n_r) < RUNS_NEED_RELATED {
        groups.extend(runs(&sides, p.floor));
    }
    let merged = merge(&sides, groups, p.max_gap, p.summary_ratio);
    if p.exclusive {
        exclusive(merged)
    } else {
        merged
    }
}

fn compete(links: Vec<Link>, n_o: usize, n_r: usize, relative: f64) -> Vec<Link> {
    let mut best_o = vec![0.0f64; n_o];
    let mut best_r = vec![0.0f64; n_r];
    for l in &links {
        best_o[l.original] = best_o[l.original].max(l.score);
        best_r[l.rewrite] = best_r[l.rewrite].max(l.score);
    }
    links
        .into_iter()
        .filter(|l| l.score >= relative * best_o[l.original].max(best_r[l.rewrite]))
        .collect()
}

/// Seeds from runs: consecutive unlinked passages on one side whose best
/// partner is the same passage on the other side, scored as one.
fn runs(s: &Sides<'_>, floor: f64) -> Vec<Group> {
    // Splits: rewrite runs pointing at one original passage; then merges:
    // original runs pointing at one rewrite passage.
    let mut out = runs_one_way(s, floor, true);
    out.extend(runs_one_way(s, floor, false));
    out
}

/// [`runs`] on the rewrite side (`split`) or the original side.
fn runs_one_way(s: &Sides<'_>, floor: f64, split: bool) -> Vec<Group> {
    let (many, one, linked, best) = if split {
        (s.rewrite, s.original, s.linked_r, s.best_r)
    } else {
        (s.original, s.rewrite, s.linked_o, s.best_o)
    };
    let mut out = Vec::new();
    let mut j = 0;
    while j < many.len() {
        let b = best[j];
        if linked[j] || b.score <= 0.0 {
            j += 1;
            continue;
        }
        let i = b.partner;
        let mut end = j;
        while end + 1 < many.len()
            && end + 1 - j < MAX_RUN
            && !linked[end + 1]
            && best[end + 1].partner == i
            && best[end + 1].score > 0.0
            && many.bags[end + 1].new_content(&one.bags[i], &Bag::union(&many.bags[j..=end])) > 0
        {
            end += 1;
        }
        if end > j {
            let (o, r) = if split {
                (i..=i, j..=end)
            } else {
                (j..=end, i..=i)
            };
            let score = s.score(&o, &r);
            if score >= floor && s.ordered(&o, &r) && s.proportionate(&o, &r) {
                let links = (j..=end)
                    .map(|k| Link {
                        original: if split { i } else { k },
                        rewrite: if split { k } else { i },
                        score: best[k].score,
                        support: Support::Run,
                    })
                    .collect();
                out.push(Group {
                    original: o,
                    rewrite: r,
                    score,
                    links,
                });
            }
        }
        j = end + 1;
    }
    out
}

/// Documents are related when at least one in this many passages of the
/// shorter has a strong link or a clear best partner (PAN 2013 training
/// corpus, no preset: one in four flagged 12 of the 1,000 no-plagiarism
/// pairs, where two documents on one topic pair a quarter of their
/// sentences by chance; one in three 10, the written article pairs
/// unchanged; one in two 7, and article-pair recall 0.611 → 0.544).
const RELATED_SHARE: usize = 3;

/// Runs count between documents of at least this many passages each only
/// when the documents are related.
const RUNS_NEED_RELATED: usize = 4;

/// Most pieces of a split (or sources of a merge) scored as one run.
const MAX_RUN: usize = 4;

/// Absorbs unlinked neighbours into the group of one link: a neighbour
/// whose best partner lies inside the group (a piece of a split sentence,
/// or a source of a merged one), or most of whose shingles occur on the
/// other side.
fn grow(s: &Sides<'_>, link: Link, containment: f64) -> Group {
    let mut o = link.original..=link.original;
    let mut r = link.rewrite..=link.rewrite;
    let mut score = link.score;
    let mut absorbed = Vec::new();
    loop {
        let mut best: Option<(f64, RangeInclusive<usize>, RangeInclusive<usize>)> = None;
        // The unions are built only when a neighbour is worth trying (most
        // links of a long rewrite have linked neighbours on every side).
        let o_union = std::cell::OnceCell::new();
        let r_union = std::cell::OnceCell::new();
        // Try a neighbour on the rewrite side (a split), then the original
        // side (a merge).
        let mut tries: Vec<(bool, usize)> = Vec::new();
        if *r.end() + 1 < s.rewrite.len() {
            tries.push((true, r.end() + 1));
        }
        if *r.start() > 0 {
            tries.push((true, r.start() - 1));
        }
        if *o.end() + 1 < s.original.len() {
            tries.push((false, o.end() + 1));
        }
        if *o.start() > 0 {
            tries.push((false, o.start() - 1));
        }
        for (rewrite_side, k) in tries {
            let (set, linked, b, range) = if rewrite_side {
                (&s.rewrite.sets[k], s.linked_r[k], s.best_r[k], &o)
            } else {
                (&s.original.sets[k], s.linked_o[k], s.best_o[k], &r)
            };
            if linked || set.is_empty() {
                continue;
            }
            let other = if rewrite_side {
                o_union.get_or_init(|| Sides::union(s.original.sets, &o))
            } else {
                r_union.get_or_init(|| Sides::union(s.rewrite.sets, &r))
            };
            let contained = intersection_size(set, other) as f64 >= containment * set.len() as f64;
            // A piece of a split (or a source of a merge) that shares less:
            // its best partner lies inside the match, the side it joins stays
            // within a run's length, and it explains something of the other
            // side that the match does not explain yet.
            let points_here = !contained
                && b.score >= s.gap_floor
                && range.contains(&b.partner)
                && (if rewrite_side { &r } else { &o }).clone().count() < MAX_RUN
                && {
                    let (bag, other_bag, already) = if rewrite_side {
                        (
                            &s.rewrite.bags[k],
                            Bag::union(&s.original.bags[o.clone()]),
                            Bag::union(&s.rewrite.bags[r.clone()]),
                        )
                    } else {
                        (
                            &s.original.bags[k],
                            Bag::union(&s.rewrite.bags[r.clone()]),
                            Bag::union(&s.original.bags[o.clone()]),
                        )
                    };
                    bag.new_content(&other_bag, &already) > 0
                };
            if !points_here && !contained {
                continue;
            }
            // What it shares with the other side must be content, not only
            // names and numbers (a padding sentence about the same court,
            // day and sum joins nothing).
            let (bag, other_bags) = if rewrite_side {
                (&s.rewrite.bags[k], &s.original.bags[o.clone()])
            } else {
                (&s.original.bags[k], &s.rewrite.bags[r.clone()])
            };
            if !bag.shares_more_than_names(&Bag::union(other_bags)) {
                continue;
            }
            let (no, nr) = if rewrite_side {
                (o.clone(), *r.start().min(&k)..=*r.end().max(&k))
            } else {
                (*o.start().min(&k)..=*o.end().max(&k), r.clone())
            };
            if !s.ordered(&no, &nr) {
                continue;
            }
            let ns = s.score(&no, &nr);
            if (points_here || ns + 1e-12 >= score) && best.as_ref().is_none_or(|b| ns > b.0) {
                best = Some((ns, no, nr));
            }
        }
        match best {
            Some((ns, no, nr)) => {
                absorbed.push(absorbed_link(s, (&o, &r), (&no, &nr)));
                score = ns;
                o = no;
                r = nr;
            }
            None => match edge_pair(s, (&o, &r)) {
                Some(l) => {
                    o = *o.start().min(&l.original)..=*o.end().max(&l.original);
                    r = *r.start().min(&l.rewrite)..=*r.end().max(&l.rewrite);
                    score = s.score(&o, &r);
                    absorbed.push(l);
                }
                None => break,
            },
        }
    }
    let mut links = vec![link];
    links.extend(absorbed);
    Group {
        original: o,
        rewrite: r,
        score,
        links,
    }
}

/// Share of the smaller passage's shingles the other must hold for a
/// pair of unlinked passages just past both ends of a group to join it
/// (PAN 2013 training corpus, no preset: 0.8 plagdet 0.887, 0.6 0.889,
/// 0.5 0.889 with lower precision, 0.4 0.888 and more false detections).
const EDGE_CONTAINMENT: f64 = 0.6;

/// The pair of unlinked passages just past both ends of the group `(o,
/// r)` (after both ends, or before both starts) when one holds nearly all
/// of the other: the edge of reused text whose passage on one side runs on
/// into text of its own (a source cut mid-sentence, a sentence break one
/// side lacks), which no single-side step reaches.
fn edge_pair(
    s: &Sides<'_>,
    (o, r): (&RangeInclusive<usize>, &RangeInclusive<usize>),
) -> Option<Link> {
    let after = (*o.end() + 1 < s.original.len() && *r.end() + 1 < s.rewrite.len())
        .then(|| (o.end() + 1, r.end() + 1));
    let before = (*o.start() > 0 && *r.start() > 0).then(|| (o.start() - 1, r.start() - 1));
    let need = EDGE_CONTAINMENT;
    [after, before].into_iter().flatten().find_map(|(i, k)| {
        let (a, b) = (&s.original.sets[i], &s.rewrite.sets[k]);
        if s.linked_o[i] || s.linked_r[k] || a.is_empty() || b.is_empty() {
            return None;
        }
        let shared = intersection_size(a, b) as f64;
        if shared < need * a.len().min(b.len()) as f64
            || !s.original.bags[i].shares_more_than_names(&s.rewrite.bags[k])
        {
            return None;
        }
        let e = Evidence::measure_for(a, &s.original.bags[i], b, &s.rewrite.bags[k], &s.weights);
        Some(Link {
            original: i,
            rewrite: k,
            score: e.raw_score(&s.weights),
            support: Support::Absorbed,
        })
    })
}

/// The link that records an absorbed passage: the passage that grew the
/// group, paired with its best partner on the other side.
fn absorbed_link(
    s: &Sides<'_>,
    (o, r): (&RangeInclusive<usize>, &RangeInclusive<usize>),
    (no, nr): (&RangeInclusive<usize>, &RangeInclusive<usize>),
) -> Link {
    let best = |a: (&Vec<u64>, &Bag), other: Side<'_>, range: &RangeInclusive<usize>| {
        range
            .clone()
            .map(|k| {
                let e = Evidence::measure_for(a.0, a.1, &other.sets[k], &other.bags[k], &s.weights);
                (e.raw_score(&s.weights), k)
            })
            .fold((-1.0, *range.start()), |a, b| if b.0 > a.0 { b } else { a })
    };
    if nr != r {
        let k = if nr.start() < r.start() {
            *nr.start()
        } else {
            *nr.end()
        };
        let (score, i) = best((&s.rewrite.sets[k], &s.rewrite.bags[k]), s.original, o);
        Link {
            original: i,
            rewrite: k,
            score,
            support: Support::Absorbed,
        }
    } else {
        let k = if no.start() < o.start() {
            *no.start()
        } else {
            *no.end()
        };
        let (score, j) = best((&s.original.sets[k], &s.original.bags[k]), s.rewrite, r);
        Link {
            original: k,
            rewrite: j,
            score,
            support: Support::Absorbed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(xs: &[u64]) -> Vec<u64> {
        let mut v = xs.to_vec();
        v.sort_unstable();
        v.dedup();
        v
    }

    fn all_pairs(n_o: usize, n_r: usize) -> Vec<(u32, u32)> {
        (0..n_o as u32)
            .flat_map(|i| (0..n_r as u32).map(move |j| (i, j)))
            .collect()
    }

    /// Plain Jaccard rules, so that the expected links can be worked out
    /// by hand.
    const P: AlignParams = AlignParams {
        threshold: 0.3,
        floor: 0.3,
        margin: 0.05,
        relative: 0.5,
        containment: 0.5,
        max_gap: 0,
        exclusive: false,
        summary_ratio: 0,
        gap_evidence: false,
        runs_need_related: false,
        weights: Weights::LONG,
    };

    /// Bags whose words are the set's elements, all content words.
    fn bags(sets: &[Vec<u64>]) -> Vec<Bag> {
        sets.iter()
            .map(|s| Bag::new(s.iter().map(|&h| (h, super::super::score::Kind::Word))))
            .collect()
    }

    fn run(
        o: &[Vec<u64>],
        r: &[Vec<u64>],
        cands: &[(u32, u32)],
        p: AlignParams,
        within: bool,
    ) -> Vec<Group> {
        let (bo, br) = (bags(o), bags(r));
        align(
            Side { sets: o, bags: &bo },
            Side { sets: r, bags: &br },
            cands,
            p,
            within,
        )
    }

    /// Twelve unrelated passages a side, of which `k` pairs (`i`, `i`)
    /// share two words of six: each the other's clear best partner, below
    /// the threshold.
    fn chance_partners(k: usize) -> Vec<Group> {
        let side = |base: u64, shared: bool, i: u64| {
            let own = (0..6).map(|w| base + 100 * i + w);
            let mut v: Vec<u64> = own.collect();
            if shared {
                v[0] = 10_000 + 10 * i;
                v[1] = 10_001 + 10 * i;
            }
            set(&v)
        };
        let o: Vec<_> = (0..12).map(|i| side(20_000, i < k as u64, i)).collect();
        let r: Vec<_> = (0..12).map(|i| side(40_000, i < k as u64, i)).collect();
        let p = AlignParams {
            threshold: 0.6,
            floor: 0.15,
            runs_need_related: true,
            ..P
        };
        run(&o, &r, &all_pairs(12, 12), p, false)
    }

    #[test]
    fn best_partners_count_only_between_related_documents() {
        // A quarter of the sentences paired by chance (two documents on one
        // topic) relates nothing; a third does.
        assert!(chance_partners(3).is_empty());
        let g = chance_partners(4);
        let links: Vec<_> = g
            .iter()
            .flat_map(|g| g.links.iter().map(|l| (l.original, l.rewrite, l.support)))
            .collect();
        let expected: Vec<_> = (0..4).map(|i| (i, i, Support::BestPartner)).collect();
        assert_eq!(links, expected);
    }

    #[test]
    fn one_to_one_and_reordering() {
        let o = vec![
            set(&[1, 2, 3, 4]),
            set(&[10, 11, 12, 13]),
            set(&[20, 21, 22]),
        ];
        let r = vec![
            set(&[10, 11, 12, 14]),
            set(&[30, 31, 32]),
            set(&[1, 2, 3, 5]),
        ];
        let g = run(&o, &r, &all_pairs(3, 3), P, false);
        let pairs: Vec<_> = g
            .iter()
            .map(|g| (g.original.clone(), g.rewrite.clone()))
            .collect();
        assert_eq!(pairs, [(0..=0, 2..=2), (1..=1, 0..=0)]);
    }

    #[test]
    fn split_sentence_is_absorbed_even_when_one_half_is_weak() {
        // Original 0 is split into rewrite 0 (strong) and rewrite 1 (weak
        // alone: Jaccard 0.25, but all its words come from original 0).
        let o = vec![set(&[1, 2, 3, 4, 5, 6, 7, 8]), set(&[50, 51, 52])];
        let r = vec![set(&[1, 2, 3, 4, 5, 6]), set(&[7, 8]), set(&[90, 91, 92])];
        let g = run(&o, &r, &all_pairs(2, 3), P, false);
        assert_eq!(g.len(), 1);
        assert_eq!(
            (g[0].original.clone(), g[0].rewrite.clone()),
            (0..=0, 0..=1)
        );
        assert_eq!(g[0].score, 1.0);
        let links: Vec<_> = g[0].links.iter().map(|l| (l.original, l.rewrite)).collect();
        assert_eq!(links, [(0, 0), (0, 1)]);
    }

    #[test]
    fn merged_sentences_and_adjacent_matches_merge() {
        let o = vec![set(&[1, 2, 3]), set(&[4, 5, 6]), set(&[7, 8, 9])];
        let r = vec![set(&[1, 2, 3, 4, 5, 6]), set(&[7, 8, 9, 10])];
        let g = run(&o, &r, &all_pairs(3, 2), P, false);
        assert_eq!(g.len(), 1);
        assert_eq!(
            (g[0].original.clone(), g[0].rewrite.clone()),
            (0..=2, 0..=1)
        );
    }

    #[test]
    fn new_material_between_matches_is_not_swallowed() {
        let o = vec![set(&[1, 2, 3]), set(&[4, 5, 6])];
        let r = vec![set(&[1, 2, 3]), set(&[40, 41, 42]), set(&[4, 5, 6])];
        let g = run(&o, &r, &all_pairs(2, 3), P, false);
        let pairs: Vec<_> = g
            .iter()
            .map(|g| (g.original.clone(), g.rewrite.clone()))
            .collect();
        assert_eq!(pairs, [(0..=0, 0..=0), (1..=1, 2..=2)]);
    }

    #[test]
    fn weak_competitor_is_dropped_but_duplicates_survive() {
        // Original 0 and 1 say the same; original 2 shares one word.
        let o = vec![set(&[1, 2, 3, 4]), set(&[1, 2, 3, 4, 5]), set(&[1, 20, 21])];
        let r = vec![set(&[1, 2, 3, 4])];
        let g = run(
            &o,
            &r,
            &all_pairs(3, 1),
            AlignParams {
                threshold: 0.2,
                ..P
            },
            false,
        );
        let origs: Vec<_> = g
            .iter()
            .flat_map(|g| g.links.iter().map(|l| l.original))
            .collect();
        assert_eq!(origs, [0, 1]);
    }

    #[test]
    fn gaps_are_bridged_only_when_asked() {
        let o = vec![set(&[1, 2, 3]), set(&[60, 61]), set(&[4, 5, 6])];
        let r = vec![set(&[1, 2, 3]), set(&[40, 41, 42]), set(&[4, 5, 6])];
        assert_eq!(run(&o, &r, &all_pairs(3, 3), P, false).len(), 2);
        let g = run(
            &o,
            &r,
            &all_pairs(3, 3),
            AlignParams { max_gap: 1, ..P },
            false,
        );
        assert_eq!(g.len(), 1);
        assert_eq!(
            (g[0].original.clone(), g[0].rewrite.clone()),
            (0..=2, 0..=2)
        );
    }

    #[test]
    fn exclusive_keeps_the_larger_of_overlapping_matches() {
        // Rewrite 0-1 copies original 0-1, which also appears duplicated
        // (partly) as original 5.
        let o = vec![
            set(&[1, 2, 3]),
            set(&[4, 5, 6]),
            set(&[70]),
            set(&[71]),
            set(&[72]),
            set(&[1, 2, 3]),
        ];
        let r = vec![set(&[1, 2, 3]), set(&[4, 5, 6])];
        let all = run(&o, &r, &all_pairs(6, 2), P, false);
        assert_eq!(all.len(), 2);
        let g = run(
            &o,
            &r,
            &all_pairs(6, 2),
            AlignParams {
                exclusive: true,
                ..P
            },
            false,
        );
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].original, 0..=1);
    }

    #[test]
    fn within_one_document_ranges_stay_ordered() {
        let d = vec![set(&[1, 2, 3]), set(&[1, 2, 3]), set(&[1, 2, 3])];
        let cands = vec![(0, 1), (0, 2), (1, 2)];
        for g in run(&d, &d, &cands, P, true) {
            assert!(g.original.end() < g.rewrite.start(), "{g:?}");
        }
    }
}
