//! Merging the aligner's groups into reported matches: groups that touch
//! (or lie within a gap) on both sides become one match; with a summary
//! ratio, chains of groups that condense a much longer original become one;
//! with exclusivity, each rewrite passage keeps only its largest match.

use std::ops::RangeInclusive;

use super::link::{Group, Link};
use super::sides::Sides;
use crate::union_find::UnionFind;

/// Second pass for summaries: a chain of at least two components, each
/// close to the next on the rewrite side, merges — however far apart their
/// originals are — when the result reads as a summary: its original side
/// spans at least `ratio` times as many passages as its rewrite side (a
/// short passage condensing a long one). Components that overlap on the
/// rewrite side are alternatives, not parts, and never join a chain, so a
/// duplicated original passage does not stretch a match across the original.
fn merge_summaries(
    parent: &mut UnionFind,
    bounds: &mut [(RangeInclusive<usize>, RangeInclusive<usize>)],
    max_gap: usize,
    ratio: usize,
    s: &Sides<'_>,
) {
    let n = parent.len();
    let mut roots: Vec<usize> = (0..n).filter(|&i| parent.find(i) == i).collect();
    roots.sort_by_key(|&r| (*bounds[r].1.start(), *bounds[r].0.start()));
    // Chains of components in rewrite order, each starting after the
    // previous one ends: components that overlap on the rewrite side are
    // alternatives (a passage duplicated in the original), not parts of a
    // summary, and are left out.
    let covered = Covered::new(
        s.original.len(),
        roots.iter().map(|&r| bounds[r].0.clone()).collect(),
    );
    let mut chains: Vec<Vec<usize>> = Vec::new();
    for r in roots {
        let w = bounds[r].1.clone();
        let last_end = chains
            .last()
            .and_then(|c| c.last())
            .map(|&l| *bounds[l].1.end());
        match (chains.last_mut(), last_end) {
            (Some(chain), Some(end))
                if *w.start() > end
                    && *w.start() <= end.saturating_add(1).saturating_add(max_gap) =>
            {
                chain.push(r)
            }
            (Some(_), Some(end)) if *w.start() <= end => {}
            _ => chains.push(vec![r]),
        }
    }
    for chain in chains.into_iter().filter(|c| c.len() >= 2) {
        let o = chain
            .iter()
            .map(|&r| *bounds[r].0.start())
            .min()
            .unwrap_or(0)
            ..=chain.iter().map(|&r| *bounds[r].0.end()).max().unwrap_or(0);
        let w = chain
            .iter()
            .map(|&r| *bounds[r].1.start())
            .min()
            .unwrap_or(0)
            ..=chain.iter().map(|&r| *bounds[r].1.end()).max().unwrap_or(0);
        if o.clone().count() >= ratio.saturating_mul(w.clone().count())
            && s.ordered(&o, &w)
            && covered.mostly_by(&o, chain.iter().map(|&r| bounds[r].0.clone()))
        {
            let head = chain[0];
            for &r in &chain[1..] {
                parent.attach(r, head);
            }
            // A summary linked across much of the original condenses all of
            // it: the passages before its first link and after its last are
            // summarised too, only in words no link shows.
            let n = s.original.len();
            let o = if o.clone().count() as f64 >= WHOLE_SUMMARY * n as f64 {
                0..=n - 1
            } else {
                o
            };
            bounds[head] = (o, w);
        }
    }
}

/// A summary chain whose original side spans at least this share of the
/// original's passages is reported as a summary of the whole original. In
/// the PAN 2013 training corpus every summary case is of a whole source
/// document, and the chain's links spread over about half of it (recall on
/// the source side 0.51): summary plagdet 0.632 at none, 0.710 at 0.3,
/// 0.672 at 0.6; the other sub-corpora move by at most 0.001.
const WHOLE_SUMMARY: f64 = 0.3;

/// Which original passages some match covers, counted by prefix sums so
/// that any range asks in constant time.
struct Covered {
    /// `prefix[k]`: how many of the passages before `k` are covered.
    prefix: Vec<usize>,
}

impl Covered {
    fn new(n: usize, ranges: Vec<RangeInclusive<usize>>) -> Covered {
        let mut depth = vec![0isize; n + 1];
        for r in &ranges {
            if *r.start() < n {
                depth[*r.start()] += 1;
                depth[(*r.end() + 1).min(n)] -= 1;
            }
        }
        let mut prefix = Vec::with_capacity(n + 1);
        let (mut d, mut count) = (0isize, 0usize);
        prefix.push(0);
        for step in &depth[..n] {
            d += step;
            count += usize::from(d > 0);
            prefix.push(count);
        }
        Covered { prefix }
    }

    fn count(&self, r: &RangeInclusive<usize>) -> usize {
        let end = (*r.end() + 1).min(self.prefix.len() - 1);
        let start = (*r.start()).min(end);
        self.prefix[end] - self.prefix[start]
    }

    /// True when the chain's own ranges (`own`) cover at least as many
    /// passages of `span` as other matches do: a summary condenses a
    /// stretch of the original that little else reuses, while a chain of
    /// reordered passages leaps over passages other parts of the rewrite
    /// reuse (before this rule, a shuffled 3 MB rewrite became 88 matches
    /// each spanning the whole original).
    fn mostly_by(
        &self,
        span: &RangeInclusive<usize>,
        own: impl Iterator<Item = RangeInclusive<usize>>,
    ) -> bool {
        let mut own: Vec<RangeInclusive<usize>> = own.collect();
        own.sort_by_key(|r| *r.start());
        let mut own_count = 0;
        let mut next = *span.start();
        for r in own {
            let start = (*r.start()).max(next);
            if start <= *r.end() {
                own_count += r.end() - start + 1;
                next = r.end() + 1;
            }
        }
        self.count(span).saturating_sub(own_count) <= own_count
    }
}

/// True when every rewrite passage strictly between `a` and `b` shares
/// content with the original range `o`: bridging it joins obfuscated
/// pieces of one reused passage, not new material.
fn gap_derived(
    s: &Sides<'_>,
    a: &RangeInclusive<usize>,
    b: &RangeInclusive<usize>,
    o: &RangeInclusive<usize>,
) -> bool {
    let (lo, hi) = if a.start() <= b.start() {
        (a, b)
    } else {
        (b, a)
    };
    (*lo.end() + 1..*hi.start()).all(|k| s.derived(k, o))
}

/// Merges groups whose ranges touch or overlap (or lie within `max_gap`
/// passages) on both sides, then, with `summary_ratio`, summary chains.
pub(super) fn merge(
    s: &Sides<'_>,
    mut groups: Vec<Group>,
    max_gap: usize,
    summary_ratio: usize,
) -> Vec<Group> {
    groups.sort_by_key(|g| {
        (
            *g.rewrite.start(),
            *g.original.start(),
            *g.rewrite.end(),
            *g.original.end(),
        )
    });
    let (mut parent, mut bounds) = join_touching(s, &groups, max_gap);
    if summary_ratio > 0 {
        merge_summaries(&mut parent, &mut bounds, max_gap, summary_ratio, s);
    }
    let mut out = united(s, &groups, &mut parent, &bounds);
    out.sort_by_key(|g| {
        (
            *g.original.start(),
            *g.rewrite.start(),
            *g.original.end(),
            *g.rewrite.end(),
        )
    });
    out.dedup_by(|b, a| a.original == b.original && a.rewrite == b.rewrite);
    out
}

/// The passage ranges of each union of groups, by root.
type Bounds = Vec<(RangeInclusive<usize>, RangeInclusive<usize>)>;

/// Unites groups (sorted by rewrite start) that touch or lie up to
/// `max_gap` passages apart on both sides, when the result stays ordered
/// and what lies between them on the rewrite side is derived.
fn join_touching(s: &Sides<'_>, groups: &[Group], max_gap: usize) -> (UnionFind, Bounds) {
    let n = groups.len();
    let mut parent = UnionFind::new(n);
    let mut bounds: Bounds = groups
        .iter()
        .map(|g| (g.original.clone(), g.rewrite.clone()))
        .collect();
    // Saturating: `--max-gap` is the user's, and its largest value means
    // "any gap", not a wrapped 0.
    let reach = max_gap.saturating_add(1);
    let touch = |a: &RangeInclusive<usize>, b: &RangeInclusive<usize>| {
        *b.start() <= a.end().saturating_add(reach) && *a.start() <= b.end().saturating_add(reach)
    };
    for a in 0..n {
        for b in a + 1..n {
            if *groups[b].rewrite.start() > groups[a].rewrite.end().saturating_add(reach) {
                break;
            }
            if !touch(&groups[a].original, &groups[b].original) {
                continue;
            }
            let (ra, rb) = (parent.find(a), parent.find(b));
            if ra == rb {
                continue;
            }
            let (oa, wa) = bounds[ra].clone();
            let (ob, wb) = bounds[rb].clone();
            let o = *oa.start().min(ob.start())..=*oa.end().max(ob.end());
            let w = *wa.start().min(wb.start())..=*wa.end().max(wb.end());
            if !s.ordered(&o, &w) || !gap_derived(s, &wa, &wb, &o) {
                continue;
            }
            parent.attach(rb, ra);
            bounds[ra] = (o, w);
        }
    }
    (parent, bounds)
}

/// One group per union: its bounds, its members' links (sorted, once
/// each) and its score (a lone group keeps its own).
fn united(s: &Sides<'_>, groups: &[Group], parent: &mut UnionFind, bounds: &Bounds) -> Vec<Group> {
    let n = groups.len();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..n {
        let root = parent.find(i);
        members[root].push(i);
    }
    members
        .into_iter()
        .enumerate()
        .filter(|(_, m)| !m.is_empty())
        .map(|(root, m)| {
            let (o, r) = bounds[root].clone();
            let mut links: Vec<Link> = m
                .iter()
                .flat_map(|&i| groups[i].links.iter().copied())
                .collect();
            links.sort_by_key(|l| (l.original, l.rewrite));
            links.dedup_by_key(|l| (l.original, l.rewrite));
            let score = if m.len() == 1 {
                groups[m[0]].score
            } else {
                s.score(&o, &r)
            };
            Group {
                original: o,
                rewrite: r,
                score,
                links,
            }
        })
        .collect()
}

/// Keeps, among matches overlapping on the rewrite side, the one covering
/// the most passages (then the best score, then the earliest).
pub(super) fn exclusive(groups: Vec<Group>) -> Vec<Group> {
    let size = |g: &Group| g.original.clone().count() + g.rewrite.clone().count();
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by(|&a, &b| {
        size(&groups[b])
            .cmp(&size(&groups[a]))
            .then(groups[b].score.total_cmp(&groups[a].score))
            .then(a.cmp(&b))
    });
    let mut taken: Vec<RangeInclusive<usize>> = Vec::new();
    let mut keep = vec![false; groups.len()];
    for i in order {
        let r = &groups[i].rewrite;
        if taken
            .iter()
            .all(|t| t.end() < r.start() || r.end() < t.start())
        {
            taken.push(r.clone());
            keep[i] = true;
        }
    }
    groups
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(g, _)| g)
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::compare::{Comparator, Document};
    use crate::config::CompareConfig;

    /// A sentence of made-up words, different for each `n` (a small LCG
    /// picks syllables), ten words long.
    fn sentence(n: u64) -> String {
        const SYLLABLES: [&str; 16] = [
            "ba", "ko", "ri", "te", "lu", "ma", "so", "vi", "ne", "da", "pu", "gal", "mer", "tos",
            "fin", "hor",
        ];
        let mut x = n
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut words = Vec::new();
        for _ in 0..10 {
            let mut w = String::new();
            for _ in 0..3 {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                w.push_str(SYLLABLES[(x >> 60) as usize]);
            }
            words.push(w);
        }
        let mut s = words.join(" ");
        s[..1].make_ascii_uppercase();
        s + "."
    }

    /// A long rewrite that keeps every sentence but moves blocks of them
    /// around is many matches, one per block: chaining neighbouring blocks
    /// as a "summary" of the stretch between their originals once made
    /// each match span nearly the whole original (and cost time quadratic
    /// in the document's length).
    #[test]
    fn reordered_blocks_are_not_read_as_a_summary() {
        const BLOCK: usize = 20;
        let sentences: Vec<String> = (0..240).map(sentence).collect();
        let order = [0, 7, 2, 11, 9, 3, 1, 10, 5, 8, 4, 6];
        let original = sentences.join(" ");
        // Two blocks at a time, far apart in the original, between new
        // material: each two read as one chain.
        let rewrite = order
            .chunks(2)
            .enumerate()
            .map(|(k, two)| {
                let new: Vec<String> = (0..8).map(|i| sentence(1000 + 10 * k as u64 + i)).collect();
                let blocks: Vec<String> = two
                    .iter()
                    .map(|&b| sentences[b * BLOCK..(b + 1) * BLOCK].join(" "))
                    .collect();
                format!("{} {}", new.join(" "), blocks.join(" "))
            })
            .collect::<Vec<_>>()
            .join(" ");
        let c = Comparator::new(CompareConfig::default()).unwrap();
        let doc = |text: &str| Document {
            path: String::new(),
            text: text.to_string(),
        };
        let result = c.compare(&doc(&original), &doc(&rewrite));
        assert!(result.original_reused > 0.99, "{}", result.original_reused);
        let block_bytes = original.len() / order.len();
        for m in &result.matches {
            let span = m.original.end - m.original.start;
            assert!(
                span <= block_bytes + block_bytes / 4,
                "a match spans {span} bytes of the original (a block is about {block_bytes})"
            );
        }
        assert!(
            result.matches.len() >= order.len(),
            "{}",
            result.matches.len()
        );
    }

    /// A short summary whose sentences each condense one sentence spread
    /// through a long original is reported against the whole original,
    /// not only the stretch between its first and last link.
    #[test]
    fn a_summary_linked_across_the_original_covers_all_of_it() {
        let sentences: Vec<String> = (0..60).map(sentence).collect();
        let original = sentences.join(" ");
        let padding: Vec<String> = (0..6).map(|i| sentence(5000 + i)).collect();
        // Each summary sentence keeps seven of the ten words of one
        // sentence in ten (5, 15, ..., 45) and adds three of its own.
        let summary: Vec<String> = (0..5)
            .map(|k| {
                let kept: Vec<&str> = sentences[10 * k + 5].split(' ').take(7).collect();
                let own = sentence(9000 + k as u64);
                let own: Vec<&str> = own.split(' ').take(3).collect();
                format!(
                    "{} {}.",
                    kept.join(" ").trim_end_matches('.'),
                    own.join(" ")
                )
            })
            .collect();
        let rewrite = format!(
            "{}\n\n{}\n\n{}",
            padding[..3].join(" "),
            summary.join(" "),
            padding[3..].join(" ")
        );
        let config = CompareConfig {
            mode: crate::config::Mode::Long,
            ..CompareConfig::default()
        };
        let c = Comparator::new(config).unwrap();
        let doc = |text: &str| Document {
            path: String::new(),
            text: text.to_string(),
        };
        let result = c.compare(&doc(&original), &doc(&rewrite));
        assert_eq!(result.matches.len(), 1, "{:#?}", result.matches);
        let m = &result.matches[0];
        assert_eq!((m.original.start, m.original.end), (0, original.len()));
        assert_eq!(&rewrite[m.rewrite.start..m.rewrite.end], summary.join(" "));
    }
}
