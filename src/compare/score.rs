//! Passage similarity: how strongly one run of passages says what another
//! says.
//!
//! A passage is seen twice: as its shingle set (what `--shingle` selects,
//! compared by Jaccard) and as a [`Bag`] of analysed words in text order,
//! each word with its [`Kind`]. From the two sides of a candidate the scorer
//! takes four pieces of evidence ([`Evidence`]):
//!
//! - **overlap**: Jaccard of the shingle sets — the classic measure;
//! - **cover**: the weighted share of the *shorter* side's words found on
//!   the other side, so a sentence split into four short ones, or a short
//!   summary of a long passage, is not penalised for what the longer side
//!   adds; stop words weigh little, content words, names and numbers fully;
//! - **order**: the longest common subsequence of the two word sequences
//!   over the shorter length — paraphrase that keeps word order (light
//!   revision, cut and paste) scores high, a bag of shared words in another
//!   order does not;
//! - **content**: how many distinct content words (not stop words, names or
//!   numbers) the two sides share.
//!
//! Under the article rules a content word that the other side lacks but
//! whose synonym it has ("purchase" / "buy", from
//! `text::synonyms`) counts as shared at a lower weight
//! ([`Weights::synonym`]) in overlap and cover, and as shared content for
//! the guards: a spun rewrite swaps words for thesaurus entries.
//!
//! The score weighs the first three ([`Weights`]), so a reader can see
//! what each contributed ([`Evidence::parts`]). Two guards follow:
//! names and numbers alone never make a match (a padding sentence that
//! reuses "the council" and "14" says something else), and short passages
//! need more shared content words than long ones, since a short template
//! ("This was the first age of Roman law") is easily filled with other
//! words.

use crate::minhash::intersection_size;

/// What a word is, for weighting and for the guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A stop word of the language ("the", "of").
    Stop,
    /// Any other word.
    Word,
    /// A capitalised word inside a sentence (a name).
    Name,
    /// A number (digits or number words, folded to their value).
    Number,
}

impl Kind {
    /// Weight of a word of this kind in `cover`.
    pub fn weight(self) -> f64 {
        match self {
            Kind::Stop => STOP_WEIGHT,
            _ => 1.0,
        }
    }
}

/// Weight of a stop word in `cover` (content words weigh 1).
const STOP_WEIGHT: f64 = 0.2;

/// A passage's words as the scorer sees them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bag {
    /// Word hashes in text order (stop words included).
    pub seq: Vec<u64>,
    /// Distinct words, sorted by hash, each with its kind (read-only: the
    /// bag keeps totals of them, counted by [`Bag::new`] and
    /// [`Bag::union`]).
    pub words: Vec<(u64, Kind)>,
    /// The synonym groups of its content words, as (group, word hash),
    /// sorted (see `text::synonyms`).
    pub synonyms: Vec<(u32, u64)>,
    /// What the scorer asks of `words` for every candidate, counted once.
    totals: Totals,
}

/// Sums over a bag's distinct words, kept beside them: a long document's
/// passages are scored against a million candidates, and recounting them
/// there cost more than the shared words themselves.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Totals {
    /// The words' weights in `cover`, summed in word order.
    weight: f64,
    /// Content words (not stop words, names or numbers).
    content: usize,
    /// Names and numbers.
    named: usize,
}

impl Totals {
    fn of(words: &[(u64, Kind)]) -> Totals {
        Totals {
            weight: words.iter().map(|w| w.1.weight()).sum(),
            content: words.iter().filter(|w| w.1 == Kind::Word).count(),
            named: words
                .iter()
                .filter(|w| matches!(w.1, Kind::Name | Kind::Number))
                .count(),
        }
    }
}

impl Bag {
    /// A bag from words in text order.
    pub fn new(words: impl IntoIterator<Item = (u64, Kind)>) -> Self {
        let words = words.into_iter();
        let mut seq = Vec::with_capacity(words.size_hint().0);
        let mut set: Vec<(u64, Kind)> = Vec::with_capacity(words.size_hint().0);
        for (h, k) in words {
            seq.push(h);
            set.push((h, k));
        }
        set.sort_unstable();
        // One kind per word: the strongest claim wins (a word once seen as a
        // name stays a name).
        set.dedup_by(|b, a| {
            if a.0 == b.0 {
                a.1 = a.1.max(b.1);
                true
            } else {
                false
            }
        });
        Bag {
            seq,
            totals: Totals::of(&set),
            words: set,
            synonyms: Vec::new(),
        }
    }

    /// This bag with the synonym groups of its words.
    pub fn with_synonyms(mut self, mut synonyms: Vec<(u32, u64)>) -> Self {
        synonyms.sort_unstable();
        synonyms.dedup();
        self.synonyms = synonyms;
        self
    }

    /// The bag of a run of passages: sequences concatenated in order,
    /// words united.
    pub fn union<'a>(bags: impl IntoIterator<Item = &'a Bag>) -> Bag {
        let mut seq = Vec::new();
        let mut words = Vec::new();
        let mut synonyms = Vec::new();
        for b in bags {
            seq.extend_from_slice(&b.seq);
            words.extend_from_slice(&b.words);
            synonyms.extend_from_slice(&b.synonyms);
        }
        synonyms.sort_unstable();
        synonyms.dedup();
        words.sort_unstable();
        words.dedup_by(|b, a| {
            if a.0 == b.0 {
                a.1 = a.1.max(b.1);
                true
            } else {
                false
            }
        });
        Bag {
            seq,
            totals: Totals::of(&words),
            words,
            synonyms,
        }
    }

    fn has(&self, h: u64) -> bool {
        self.words.binary_search_by_key(&h, |w| w.0).is_ok()
    }

    /// Words of this bag and of `other`, found only on their own side, that
    /// share a synonym group: each word paired at most once, the pairs
    /// taken in group order.
    pub fn synonym_pairs(&self, other: &Bag) -> Vec<(u64, u64)> {
        let (a, b) = (&self.synonyms, &other.synonyms);
        let (mut i, mut j) = (0, 0);
        let mut pairs = Vec::new();
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let g = a[i].0;
                    let (i0, j0) = (i, j);
                    while i < a.len() && a[i].0 == g {
                        i += 1;
                    }
                    while j < b.len() && b[j].0 == g {
                        j += 1;
                    }
                    for &(_, x) in &a[i0..i] {
                        for &(_, y) in &b[j0..j] {
                            if x != y && !other.has(x) && !self.has(y) {
                                pairs.push((x, y));
                            }
                        }
                    }
                }
            }
        }
        let mut used_a: Vec<u64> = Vec::new();
        let mut used_b: Vec<u64> = Vec::new();
        pairs.retain(|&(x, y)| {
            if used_a.contains(&x) || used_b.contains(&y) {
                false
            } else {
                used_a.push(x);
                used_b.push(y);
                true
            }
        });
        pairs
    }

    /// Number of distinct content words (not stop words, names or numbers).
    pub fn content_words(&self) -> usize {
        self.totals.content
    }

    /// Content words of this bag found in `other` but not in `already`:
    /// what this passage adds to the explanation of `other` beyond what
    /// `already` explains (a true piece of a split sentence adds words of
    /// the original that the other pieces lack; padding that only repeats
    /// a name adds none).
    pub fn new_content(&self, other: &Bag, already: &Bag) -> usize {
        self.words
            .iter()
            .filter(|w| w.1 == Kind::Word && other.has(w.0) && !already.has(w.0))
            .count()
    }

    /// Distinct words of this bag that `other` also has, as (content
    /// words, names and numbers): each counted by the stronger of its two
    /// kinds, as [`Evidence`] counts them.
    pub fn shared_counts(&self, other: &Bag) -> (usize, usize) {
        let (mut content, mut named) = (0, 0);
        for &(h, k) in &self.words {
            if let Ok(i) = other.words.binary_search_by_key(&h, |w| w.0) {
                match k.max(other.words[i].1) {
                    Kind::Word => content += 1,
                    Kind::Name | Kind::Number => named += 1,
                    Kind::Stop => {}
                }
            }
        }
        (content, named)
    }

    /// True when this bag shares more than names and numbers with `other`:
    /// a sentence that shares a court, a day and a sum with the other side
    /// but only one ordinary word is about something else.
    pub fn shares_more_than_names(&self, other: &Bag) -> bool {
        let (content, named) = self.shared_counts(other);
        content >= 2 || (content >= 1 && content >= named)
    }

    fn weight(&self) -> f64 {
        self.totals.weight
    }
}

/// The evidence that two runs of passages say the same thing.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Evidence {
    /// Jaccard similarity of the shingle sets.
    pub overlap: f64,
    /// Weighted share of the shorter side's words found on the other side.
    pub cover: f64,
    /// Longest common subsequence of the word sequences over the shorter
    /// sequence's length.
    pub order: f64,
    /// Distinct content words (not stop words, names or numbers) shared.
    pub content: usize,
    /// Distinct names and numbers shared.
    pub named: usize,
    /// Content words of one side whose synonym is on the other side (and
    /// not the word itself), paired one to one.
    pub synonyms: usize,
    /// Distinct content words on the side with fewer of them.
    pub shorter_content: usize,
    /// Names and numbers that clash: of the names and numbers found on one
    /// side only, the count on the side with fewer of them (a sentence that
    /// names "Toma-4c" and "150" where the other names "Toma-4b" and
    /// "220" describes something else; a split piece whose names all occur
    /// in the longer sentence clashes with nothing).
    pub clash: usize,
}

/// How the evidence is weighed into a score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Weight of `overlap`.
    pub overlap: f64,
    /// Weight of `cover`.
    pub cover: f64,
    /// Weight of `order`.
    pub order: f64,
    /// What each clashing name or number (up to three) takes off.
    pub clash: f64,
    /// What a content word found on the other side only as a synonym
    /// counts for, a word found as itself counting 1 (0: synonyms unused).
    pub synonym: f64,
}

impl Weights {
    /// Articles: a weighted mean in which cover counts most, since it is
    /// the measure that survives splits, merges and padding, and overlap
    /// and order keep a sentence that merely contains the other's words
    /// from scoring as its paraphrase; clashing names and numbers count
    /// against.
    /// Chosen on the PAN-10 paraphrase pairs and the article pairs of
    /// `corpus/pairs` (see `docs/accuracy.md`).
    pub const ARTICLE: Weights = Weights {
        overlap: 0.35,
        cover: 0.4,
        order: 0.25,
        clash: 0.1,
        synonym: 0.6,
    };
    /// Long documents: plain Jaccard. Most of a long document pair is
    /// unrelated, and measures of the shorter side (cover, order) link a
    /// short sentence to any long one that happens to contain its words;
    /// on the PAN 2013 training corpus they cost 0.1 of plagdet.
    pub const LONG: Weights = Weights {
        overlap: 1.0,
        cover: 0.0,
        order: 0.0,
        clash: 0.0,
        synonym: 0.0,
    };
}

/// The shorter side's weight in `cover` is at least this (four content
/// words).
const MIN_WEIGHT: f64 = 4.0;
/// The shorter side's length in `order` is at least this many words.
const MIN_WORDS: usize = 6;

/// Most clashes counted.
const MAX_CLASH: usize = 3;

impl Evidence {
    /// Measures two runs: their shingle sets and their bags.
    pub fn measure(a_set: &[u64], a: &Bag, b_set: &[u64], b: &Bag) -> Evidence {
        Self::measure_for(a_set, a, b_set, b, &Weights::ARTICLE)
    }

    /// [`Evidence::measure`], leaving `order` at 0 when `w` does not weigh
    /// it (the long-document rules): the longest common subsequence is the
    /// one measure that costs more than linear time.
    pub fn measure_for(a_set: &[u64], a: &Bag, b_set: &[u64], b: &Bag, w: &Weights) -> Evidence {
        let inter = intersection_size(a_set, b_set) as f64;
        let union = (a_set.len() + b_set.len()) as f64 - inter;
        let (mut shared_w, mut content, mut named) = (0.0, 0, 0);
        // Shared words that are a name or number on each side (a word can
        // be a name on one side only: "Court" in a title and in a sentence).
        let (mut named_a, mut named_b) = (0, 0);
        let (mut i, mut j) = (0, 0);
        // Steps without a branch on the order of the two hashes (which no
        // predictor guesses); only the shared words, the rare case, branch.
        while i < a.words.len() && j < b.words.len() {
            let (ha, ka) = a.words[i];
            let (hb, kb) = b.words[j];
            if ha == hb {
                let k = ka.max(kb);
                named_a += usize::from(matches!(ka, Kind::Name | Kind::Number));
                named_b += usize::from(matches!(kb, Kind::Name | Kind::Number));
                shared_w += k.weight();
                match k {
                    Kind::Word => content += 1,
                    Kind::Name | Kind::Number => named += 1,
                    Kind::Stop => {}
                }
            }
            i += usize::from(ha <= hb);
            j += usize::from(hb <= ha);
        }
        let clash = (a.totals.named - named_a).min(b.totals.named - named_b);
        // Synonyms count as shared words of the synonym's weight, in cover
        // and in overlap (a word pair found as synonyms is one shingle fewer
        // on each side's own account).
        let synonyms = if w.synonym > 0.0 {
            a.synonym_pairs(b).len()
        } else {
            0
        };
        let found = w.synonym * synonyms as f64;
        shared_w += found;
        // Jaccard of the shingle sets (0 for two empty sets).
        let overlap = if union == 0.0 {
            0.0
        } else if synonyms > 0 {
            ((inter + found) / (union - found).max(1.0)).min(1.0)
        } else {
            inter / union
        };
        // Short sides are measured as if they had a few more words: two
        // words of a title found in a long sentence are weak evidence.
        let min_w = a.weight().min(b.weight()).max(MIN_WEIGHT);
        let cover = shared_w / min_w;
        let min_len = a.seq.len().min(b.seq.len()).max(MIN_WORDS);
        let order = if w.order > 0.0 {
            lcs(&a.seq, &b.seq) as f64 / min_len as f64
        } else {
            0.0
        };
        Evidence {
            overlap,
            cover: cover.min(1.0),
            order,
            content,
            named,
            synonyms,
            shorter_content: a.content_words().min(b.content_words()),
            clash,
        }
    }

    /// What each piece of evidence adds to the score: (overlap, cover,
    /// order, clash); the last is negative.
    pub fn parts(&self, w: &Weights) -> [f64; 4] {
        [
            w.overlap * self.overlap,
            w.cover * self.cover,
            w.order * self.order,
            -w.clash * self.clash.min(MAX_CLASH) as f64,
        ]
    }

    /// The weighted evidence, in [0, 1], before the guards.
    pub fn raw_score(&self, w: &Weights) -> f64 {
        self.parts(w).iter().sum::<f64>().clamp(0.0, 1.0)
    }

    /// The score in [0, 1]: [`Evidence::raw_score`], or 0 when the two
    /// sides share no content word.
    pub fn score(&self, w: &Weights) -> f64 {
        if self.substantive() {
            self.raw_score(w)
        } else {
            0.0
        }
    }

    /// At least one shared content word (or synonym): names and numbers
    /// alone never make a match.
    pub fn substantive(&self) -> bool {
        self.content + self.synonyms >= 1
    }

    /// Evidence enough for a link on its own, without support: two shared
    /// content words (synonyms included), or one when a side has no other (a template filled
    /// with other words shares its frame and a word, not its content).
    pub fn stands_alone(&self) -> bool {
        let content = self.content + self.synonyms;
        content >= 2 || (content >= 1 && self.shorter_content <= 1)
    }
}

/// Length of the longest common subsequence of two sequences.
///
/// Short pairs (a sentence against a sentence) take the row-by-row
/// dynamic programme; longer ones the bit-parallel form (Allison and Dix
/// 1986, in Hyyrö's 2004 formulation), 64 cells of the table per machine
/// word: the runs and grown matches of two long near-identical documents
/// compare thousands of words with thousands.
pub fn lcs(a: &[u64], b: &[u64]) -> usize {
    if a.len().saturating_mul(b.len()) <= SMALL_LCS {
        lcs_rows(a, b)
    } else {
        lcs_bits(a, b)
    }
}

/// Table cells up to which [`lcs`] fills the table row by row.
const SMALL_LCS: usize = 1024;

fn lcs_rows(a: &[u64], b: &[u64]) -> usize {
    let (a, b) = if a.len() < b.len() { (b, a) } else { (a, b) };
    if b.is_empty() {
        return 0;
    }
    let mut row = vec![0u32; b.len() + 1];
    for &x in a {
        let mut diag = 0u32;
        for (j, &y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    row[b.len()] as usize
}

/// One bit per element of the shorter sequence; for each element of the
/// longer, V' = (V + (V & M)) | (V & !M), where M marks the positions
/// holding that element. The LCS length is the number of zero bits of V.
fn lcs_bits(a: &[u64], b: &[u64]) -> usize {
    let (long, short) = if a.len() < b.len() { (b, a) } else { (a, b) };
    if short.is_empty() {
        return 0;
    }
    let words = short.len().div_ceil(64);
    let mut masks: ahash::AHashMap<u64, Vec<u64>> = ahash::AHashMap::new();
    for (i, &x) in short.iter().enumerate() {
        masks.entry(x).or_insert_with(|| vec![0; words])[i / 64] |= 1 << (i % 64);
    }
    let mut v = vec![u64::MAX; words];
    for x in long {
        let Some(m) = masks.get(x) else { continue };
        let mut carry = false;
        for (vk, &mk) in v.iter_mut().zip(m) {
            let u = *vk & mk;
            let (s1, c1) = vk.overflowing_add(u);
            let (s2, c2) = s1.overflowing_add(u64::from(carry));
            carry = c1 || c2;
            *vk = s2 | (*vk & !mk);
        }
    }
    let tail = short.len() % 64;
    v.iter()
        .enumerate()
        .map(|(k, &w)| {
            let live = if k + 1 == words && tail != 0 {
                (1u64 << tail) - 1
            } else {
                u64::MAX
            };
            (!w & live).count_ones() as usize
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonym_pairs_are_one_to_one_and_skip_words_on_both_sides() {
        // Words 1, 2 (side a) and 3, 4 (side b); 1 and 3 share group 7, 2
        // and 3 share group 8, 4 is also on side a.
        let a = Bag::new([(1, Kind::Word), (2, Kind::Word), (4, Kind::Word)]).with_synonyms(vec![
            (7, 1),
            (8, 2),
            (9, 4),
        ]);
        let b = Bag::new([(3, Kind::Word), (4, Kind::Word)]).with_synonyms(vec![
            (7, 3),
            (8, 3),
            (9, 4),
        ]);
        // 3 pairs once (with 1, group 7 first); 4 is shared as itself.
        assert_eq!(a.synonym_pairs(&b), [(1, 3)]);
        let e = Evidence::measure(&[1, 2, 4], &a, &[3, 4], &b);
        assert_eq!((e.content, e.synonyms), (1, 1));
        let plain = Evidence::measure(
            &[1, 2, 4],
            &Bag::new(a.words.clone()),
            &[3, 4],
            &Bag::new(b.words.clone()),
        );
        assert!(e.cover > plain.cover && e.overlap > plain.overlap);
    }

    /// The textbook dynamic programme, as an oracle.
    fn lcs_naive(a: &[u64], b: &[u64]) -> usize {
        let mut t = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in 0..a.len() {
            for j in 0..b.len() {
                t[i + 1][j + 1] = if a[i] == b[j] {
                    t[i][j] + 1
                } else {
                    t[i][j + 1].max(t[i + 1][j])
                };
            }
        }
        t[a.len()][b.len()]
    }

    #[test]
    fn lcs_matches_the_oracle_on_random_sequences() {
        let mut x = 0x1234_5678_u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for round in 0..600 {
            // Short pairs (the row-by-row path) and long ones crossing
            // machine-word boundaries (the bit-parallel path), over small
            // and large alphabets.
            let max = if round % 2 == 0 { 20 } else { 300 };
            let la = (next() % max) as usize;
            let lb = (next() % max) as usize;
            let alphabet = if round % 3 == 0 { 5 } else { 60 };
            let a: Vec<u64> = (0..la).map(|_| next() % alphabet).collect();
            let b: Vec<u64> = (0..lb).map(|_| next() % alphabet).collect();
            let want = lcs_naive(&a, &b);
            assert_eq!(lcs(&a, &b), want, "{a:?} {b:?}");
            assert_eq!(lcs_bits(&a, &b), want, "{a:?} {b:?}");
            assert_eq!(lcs_rows(&a, &b), want, "{a:?} {b:?}");
        }
        // Exactly 64 and 128 elements: the last word has no tail.
        let a: Vec<u64> = (0..128).collect();
        assert_eq!(lcs_bits(&a, &a), 128);
        assert_eq!(lcs_bits(&a[..64], &a), 64);
    }

    /// The totals kept beside a bag's words are those counted from its
    /// words, for new bags and for unions of them.
    #[test]
    fn bag_totals_equal_counting_its_words() {
        let count = |b: &Bag| Totals {
            weight: b.words.iter().map(|w| w.1.weight()).sum(),
            content: b.words.iter().filter(|w| w.1 == Kind::Word).count(),
            named: b
                .words
                .iter()
                .filter(|w| matches!(w.1, Kind::Name | Kind::Number))
                .count(),
        };
        let kinds = [Kind::Stop, Kind::Word, Kind::Name, Kind::Number];
        let mut x = 7u64;
        let mut bags = Vec::new();
        for n in 0..40 {
            let words: Vec<(u64, Kind)> = (0..n % 13)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((x >> 33) % 16, kinds[((x >> 20) % 4) as usize])
                })
                .collect();
            let bag = Bag::new(words);
            assert_eq!(bag.totals, count(&bag));
            bags.push(bag);
        }
        for w in bags.windows(3) {
            let u = Bag::union(w);
            assert_eq!(u.totals, count(&u));
        }
        assert_eq!(Bag::default().totals, count(&Bag::default()));
    }

    #[test]
    fn names_and_numbers_alone_are_not_substantive() {
        let a = Bag::new([
            (1, Kind::Name),
            (2, Kind::Number),
            (3, Kind::Stop),
            (4, Kind::Word),
        ]);
        let b = Bag::new([
            (1, Kind::Name),
            (2, Kind::Number),
            (3, Kind::Stop),
            (5, Kind::Word),
        ]);
        let e = Evidence::measure(&[1, 2, 3, 4], &a, &[1, 2, 3, 5], &b);
        assert_eq!((e.content, e.named), (0, 2));
        assert_eq!(e.score(&Weights::ARTICLE), 0.0);
    }
}
