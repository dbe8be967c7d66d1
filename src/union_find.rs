//! Disjoint sets: the one union-find of the crate. The scan joins verified
//! document pairs into clusters with it; the comparator merges neighbouring
//! matches with it (choosing which root keeps the merged bounds).

/// Disjoint sets of `0..n` with path halving; [`union`](Self::union) joins
/// by size, [`attach`](Self::attach) under a root the caller chooses.
/// Indices are stored as `u32` (half the memory of `usize` on a corpus of
/// millions of documents), so `n` must fit in a `u32`.
#[derive(Debug, Clone)]
pub(crate) struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    /// `n` singletons.
    pub(crate) fn new(n: usize) -> Self {
        assert!(
            n <= u32::MAX as usize,
            "union-find over more than 2^32 items"
        );
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    /// Number of items.
    pub(crate) fn len(&self) -> usize {
        self.parent.len()
    }

    /// The root of `x`'s set.
    pub(crate) fn find(&mut self, x: usize) -> usize {
        let mut x = x as u32;
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x as usize
    }

    /// Merges the sets of `a` and `b`, the smaller under the larger.
    pub(crate) fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        if self.size[ra] < self.size[rb] {
            self.attach(ra, rb);
        } else {
            self.attach(rb, ra);
        }
    }

    /// Puts the set whose root is `root` under the root `head` (both must
    /// be roots): `head` stays the root of the merged set.
    pub(crate) fn attach(&mut self, root: usize, head: usize) {
        debug_assert!(self.parent[root] == root as u32 && self.parent[head] == head as u32);
        if root == head {
            return;
        }
        self.parent[root] = head as u32;
        self.size[head] += self.size[root];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::SplitMix64;

    /// The naive oracle: a component label per item, relabelled on every
    /// union.
    fn naive(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
        let mut label: Vec<usize> = (0..n).collect();
        for &(a, b) in edges {
            let (la, lb) = (label[a], label[b]);
            for l in &mut label {
                if *l == lb {
                    *l = la;
                }
            }
        }
        label
    }

    #[test]
    fn components_equal_the_naive_labelling() {
        let mut rng = SplitMix64::new(5);
        for round in 0..200 {
            let n = 1 + (rng.next() % 60) as usize;
            let edges: Vec<(usize, usize)> = (0..rng.next() % 80)
                .map(|_| {
                    (
                        (rng.next() % n as u64) as usize,
                        (rng.next() % n as u64) as usize,
                    )
                })
                .collect();
            let mut uf = UnionFind::new(n);
            for &(a, b) in &edges {
                uf.union(a, b);
            }
            let want = naive(n, &edges);
            for a in 0..n {
                for b in 0..n {
                    assert_eq!(
                        uf.find(a) == uf.find(b),
                        want[a] == want[b],
                        "round {round}"
                    );
                }
            }
        }
    }

    #[test]
    fn attach_keeps_the_chosen_root() {
        let mut uf = UnionFind::new(4);
        uf.union(0, 1);
        uf.union(0, 2);
        let big = uf.find(0);
        // The single item 3 becomes the root of the larger set.
        uf.attach(big, 3);
        assert_eq!(
            (uf.find(0), uf.find(1), uf.find(2), uf.find(3)),
            (3, 3, 3, 3)
        );
        assert_eq!(uf.len(), 4);
    }
}
