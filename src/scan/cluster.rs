//! Clusters: connected components of the similar pairs, by the crate's
//! union-find ([`crate::union_find`]).
//!
//! The scan works on *texts*: documents with the same content hash (same
//! normalised words) form one [`Texts`] entry and are similar to each other
//! at 1.0 without ever being compared, so a corpus of 10,000 copies of one
//! document is one text with no pair to verify. Verified [`Edge`]s link
//! texts. [`build`] joins texts with union-find (linear in texts plus
//! edges), then describes each component with at least two documents:
//! members, the representative (the member similar to the most other
//! members, then the one with more words, then the smallest index), each
//! member's best similarity, the number of similar pairs (counted, not
//! enumerated) and at most `max_pairs` listed pairs, generated in a fixed
//! order that stops at the cap: first one pair per edge between texts, then
//! each copy against the first copy of its text, then the rest.
//!
//! Document indices follow the sorted paths, so "smallest index" means
//! "smallest path" and sorting by index sorts by path.

use crate::union_find::UnionFind;

/// Documents grouped by identical text, in compressed rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Texts {
    /// `members[offsets[t]..offsets[t + 1]]` are the documents of text `t`,
    /// ascending; texts are ordered by their first document.
    offsets: Vec<usize>,
    members: Vec<u32>,
}

impl Texts {
    /// Groups documents by key: `keyed` holds `(content hash, document)`.
    pub fn group(mut keyed: Vec<(u64, u32)>) -> Self {
        keyed.sort_unstable();
        let mut runs: Vec<&[(u64, u32)]> = keyed.chunk_by(|x, y| x.0 == y.0).collect();
        runs.sort_unstable_by_key(|r| r[0].1);
        let mut offsets = Vec::with_capacity(runs.len() + 1);
        let mut members = Vec::with_capacity(keyed.len());
        offsets.push(0);
        for r in runs {
            members.extend(r.iter().map(|e| e.1));
            offsets.push(members.len());
        }
        Texts { offsets, members }
    }

    /// Number of texts.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// The documents of text `t`, ascending.
    pub fn docs(&self, t: usize) -> &[u32] {
        &self.members[self.offsets[t]..self.offsets[t + 1]]
    }

    /// The first (smallest) document of text `t`: the one that is signed,
    /// banded and re-read for it.
    pub fn first(&self, t: usize) -> u32 {
        self.members[self.offsets[t]]
    }
}

/// Two texts at or above the threshold (`a < b`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// One text.
    pub a: u32,
    /// The other.
    pub b: u32,
    /// Their similarity.
    pub similarity: f64,
}

/// A cluster in document indices, before paths are attached.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterDraft {
    /// Members, ascending.
    pub members: Vec<u32>,
    /// The representative.
    pub representative: u32,
    /// Per member, its best similarity to another member.
    pub member_similarity: Vec<f64>,
    /// Similar pairs in the cluster.
    pub pairs: u64,
    /// Listed pairs `(a, b, similarity)` with `a < b`, sorted.
    pub listed: Vec<(u32, u32, f64)>,
}

/// The clusters of `texts` linked by `edges` (in any order, each pair of
/// texts once), ordered by smallest member. `words(doc)` breaks ties
/// between representatives. Linear in texts plus edges: flat arrays
/// indexed by text, no map, no sort of the edges and no per-cluster copy
/// of them (a templated corpus is one cluster of millions of edges).
pub fn build(
    texts: &Texts,
    edges: &[Edge],
    words: impl Fn(u32) -> u32,
    max_pairs: usize,
) -> Vec<ClusterDraft> {
    let n = texts.len();
    let mut uf = UnionFind::new(n);
    for e in edges {
        uf.union(e.a as usize, e.b as usize);
    }
    // Components numbered by their first text (texts are ordered by first
    // document, so components are too); each text's rank in its component.
    let mut number_of_root = vec![u32::MAX; n];
    let mut comp_of = vec![0u32; n];
    let mut rank = vec![0u32; n];
    let mut comp_sizes: Vec<u32> = Vec::new();
    for t in 0..n {
        let root = uf.find(t);
        if number_of_root[root] == u32::MAX {
            number_of_root[root] = comp_sizes.len() as u32;
            comp_sizes.push(0);
        }
        let c = number_of_root[root];
        comp_of[t] = c;
        rank[t] = comp_sizes[c as usize];
        comp_sizes[c as usize] += 1;
    }
    drop(number_of_root);
    // Texts and edges grouped by component (counting sort, stable: texts
    // ascending, edges in their given order).
    let comp_texts = group(comp_sizes.len(), (0..n as u32).map(|t| comp_of[t as usize]));
    let comp_edges = group(
        comp_sizes.len(),
        edges.iter().map(|e| comp_of[e.a as usize]),
    );
    (0..comp_sizes.len())
        .filter_map(|c| {
            let ts = comp_texts.get(c);
            (ts.len() > 1 || texts.docs(ts[0] as usize).len() > 1).then(|| {
                let es = EdgesOf {
                    ids: comp_edges.get(c),
                    all: edges,
                };
                describe(texts, ts, es, &rank, &words, max_pairs)
            })
        })
        .collect()
}

/// The edges of one cluster: indices into all edges.
#[derive(Clone, Copy)]
struct EdgesOf<'a> {
    ids: &'a [u32],
    all: &'a [Edge],
}

impl<'a> EdgesOf<'a> {
    fn iter(self) -> impl Iterator<Item = &'a Edge> {
        self.ids.iter().map(move |&i| &self.all[i as usize])
    }
}

/// Items grouped by a key in `0..keys`, in compressed rows.
struct Grouped {
    offsets: Vec<usize>,
    items: Vec<u32>,
}

impl Grouped {
    fn get(&self, key: usize) -> &[u32] {
        &self.items[self.offsets[key]..self.offsets[key + 1]]
    }
}

/// The positions `0..` of `key_of`'s items grouped by key, each group in
/// ascending position (a stable counting sort).
fn group(keys: usize, key_of: impl Iterator<Item = u32> + Clone) -> Grouped {
    let mut offsets = vec![0usize; keys + 1];
    for k in key_of.clone() {
        offsets[k as usize + 1] += 1;
    }
    for k in 0..keys {
        offsets[k + 1] += offsets[k];
    }
    let mut next = offsets.clone();
    let mut items = vec![0u32; offsets[keys]];
    for (i, k) in key_of.enumerate() {
        items[next[k as usize]] = i as u32;
        next[k as usize] += 1;
    }
    Grouped { offsets, items }
}

/// One cluster: texts `ts` (ascending) and their edges `es`; `rank[t]` is
/// the position of text `t` in `ts`.
fn describe(
    texts: &Texts,
    ts: &[u32],
    es: EdgesOf<'_>,
    rank: &[u32],
    words: &impl Fn(u32) -> u32,
    max_pairs: usize,
) -> ClusterDraft {
    let size = |t: u32| texts.docs(t as usize).len() as u64;
    let at = |t: u32| rank[t as usize] as usize;
    // Degree of each text's documents in the similarity graph, and best
    // similarity of each text to another member, by rank.
    let mut degree: Vec<u64> = ts.iter().map(|&t| size(t) - 1).collect();
    let mut best: Vec<f64> = ts
        .iter()
        .map(|&t| if size(t) > 1 { 1.0 } else { 0.0 })
        .collect();
    let mut pairs: u64 = ts.iter().map(|&t| size(t) * (size(t) - 1) / 2).sum();
    for e in es.iter() {
        pairs += size(e.a) * size(e.b);
        degree[at(e.a)] += size(e.b);
        degree[at(e.b)] += size(e.a);
        for t in [e.a, e.b] {
            let b = &mut best[at(t)];
            *b = b.max(e.similarity);
        }
    }
    let rep_text = ts
        .iter()
        .copied()
        .max_by(|&x, &y| {
            let key = |t: u32| (degree[at(t)], words(texts.first(t as usize)));
            key(x)
                .cmp(&key(y))
                .then_with(|| texts.first(y as usize).cmp(&texts.first(x as usize)))
        })
        .unwrap_or(ts[0]);
    let mut members: Vec<(u32, f64)> = ts
        .iter()
        .flat_map(|&t| texts.docs(t as usize).iter().map(move |&d| (d, t)))
        .map(|(d, t)| (d, best[at(t)]))
        .collect();
    members.sort_unstable_by_key(|m| m.0);
    ClusterDraft {
        representative: texts.first(rep_text as usize),
        member_similarity: members.iter().map(|m| m.1).collect(),
        members: members.into_iter().map(|m| m.0).collect(),
        pairs,
        listed: list_pairs(texts, ts, es, max_pairs),
    }
}

/// At most `cap` pairs, in the documented order, then sorted.
fn list_pairs(texts: &Texts, ts: &[u32], es: EdgesOf<'_>, cap: usize) -> Vec<(u32, u32, f64)> {
    // The edges in `(a, b)` order, as far as the listing can reach: one
    // pair per edge comes first, so with more edges than `cap` only the
    // `cap` smallest are ever listed (selected, not sorted: linear).
    let mut ids = es.ids.to_vec();
    let key = |i: &u32| (es.all[*i as usize].a, es.all[*i as usize].b);
    if ids.len() > cap {
        ids.select_nth_unstable_by_key(cap, key);
        ids.truncate(cap);
    }
    ids.sort_unstable_by_key(key);
    let es = EdgesOf {
        ids: &ids,
        all: es.all,
    };
    let mut out: Vec<(u32, u32, f64)> = Vec::new();
    let push = |x: u32, y: u32, s: f64, out: &mut Vec<(u32, u32, f64)>| {
        out.push((x.min(y), x.max(y), s));
        out.len() < cap
    };
    'fill: {
        for e in es.iter() {
            if !push(
                texts.first(e.a as usize),
                texts.first(e.b as usize),
                e.similarity,
                &mut out,
            ) {
                break 'fill;
            }
        }
        for &t in ts {
            let docs = texts.docs(t as usize);
            for &d in &docs[1..] {
                if !push(docs[0], d, 1.0, &mut out) {
                    break 'fill;
                }
            }
        }
        for e in es.iter() {
            let (da, db) = (texts.docs(e.a as usize), texts.docs(e.b as usize));
            for (i, &x) in da.iter().enumerate() {
                for (j, &y) in db.iter().enumerate() {
                    if (i, j) != (0, 0) && !push(x, y, e.similarity, &mut out) {
                        break 'fill;
                    }
                }
            }
        }
        for &t in ts {
            let docs = texts.docs(t as usize);
            for (i, &x) in docs.iter().enumerate().skip(1) {
                for &y in &docs[i + 1..] {
                    if !push(x, y, 1.0, &mut out) {
                        break 'fill;
                    }
                }
            }
        }
    }
    out.truncate(cap);
    out.sort_unstable_by_key(|p| (p.0, p.1));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(groups: &[&[u32]]) -> Texts {
        let keyed = groups
            .iter()
            .enumerate()
            .flat_map(|(g, ds)| ds.iter().map(move |&d| (g as u64 * 7919, d)))
            .collect();
        Texts::group(keyed)
    }

    fn edge(a: u32, b: u32, similarity: f64) -> Edge {
        Edge { a, b, similarity }
    }

    #[test]
    fn texts_are_ordered_by_first_document() {
        let t = Texts::group(vec![(9, 4), (1, 7), (9, 2), (5, 0), (1, 3)]);
        assert_eq!(t.len(), 3);
        assert_eq!(t.docs(0), [0]);
        assert_eq!(t.docs(1), [2, 4]);
        assert_eq!(t.docs(2), [3, 7]);
    }

    #[test]
    fn clusters_singletons_copies_and_chains() {
        // Texts: 0={0}, 1={1,5}, 2={2}, 3={3}, 4={4}; edges 0-2 and 2-3.
        let t = texts(&[&[0], &[1, 5], &[2], &[3], &[4]]);
        let es = [edge(0, 2, 0.9), edge(2, 3, 0.85)];
        let cs = build(&t, &es, |_| 10, 100);
        assert_eq!(cs.len(), 2);
        assert_eq!(cs[0].members, [0, 2, 3]);
        assert_eq!(
            cs[0].representative, 2,
            "the middle of the chain is similar to both ends"
        );
        assert_eq!(cs[0].member_similarity, [0.9, 0.9, 0.85]);
        assert_eq!(cs[0].pairs, 2);
        assert_eq!(cs[0].listed, [(0, 2, 0.9), (2, 3, 0.85)]);
        assert_eq!(cs[1].members, [1, 5]);
        assert_eq!(cs[1].representative, 1);
        assert_eq!(cs[1].listed, [(1, 5, 1.0)]);
    }

    #[test]
    fn representative_ties_go_to_more_words_then_smallest_path() {
        let t = texts(&[&[0], &[1]]);
        let es = [edge(0, 1, 0.9)];
        assert_eq!(
            build(&t, &es, |d| if d == 1 { 20 } else { 10 }, 10)[0].representative,
            1
        );
        assert_eq!(build(&t, &es, |_| 10, 10)[0].representative, 0);
    }

    #[test]
    fn ten_thousand_copies_are_one_cluster_with_counted_and_capped_pairs() {
        let docs: Vec<u32> = (0..10_000).collect();
        let t = texts(&[&docs]);
        let cs = build(&t, &[], |_| 5, 1000);
        assert_eq!(cs.len(), 1);
        assert_eq!(cs[0].members.len(), 10_000);
        assert_eq!(cs[0].pairs, 10_000 * 9_999 / 2);
        assert_eq!(cs[0].listed.len(), 1000);
        assert!(cs[0].listed.iter().all(|p| p.0 == 0 && p.2 == 1.0));
    }

    #[test]
    fn capped_listing_starts_with_one_pair_per_edge() {
        // Two large texts joined by one edge: the cross pair comes first.
        let a: Vec<u32> = (0..50).collect();
        let b: Vec<u32> = (50..100).collect();
        let t = texts(&[&a, &b]);
        let cs = build(&t, &[edge(0, 1, 0.82)], |_| 5, 10);
        assert_eq!(cs[0].pairs, 2 * (50 * 49 / 2) + 50 * 50);
        assert_eq!(cs[0].listed.len(), 10);
        assert!(cs[0].listed.contains(&(0, 50, 0.82)));
        let uncapped = build(&t, &[edge(0, 1, 0.82)], |_| 5, usize::MAX);
        assert_eq!(uncapped[0].listed.len() as u64, uncapped[0].pairs);
    }
}
