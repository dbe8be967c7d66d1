//! Corpora of real text with planted near-duplicates of known similarity
//! (`neardup bench --real DIR`).
//!
//! The base documents are cut from the text files under a folder (for the
//! project's benchmarks, `../shared/data`: BBC News, PAN 13 sources and
//! suspicious documents, Gutenberg, 20 Newsgroups, Reuters): each file is
//! read (UTF-8, else decoded as the scan decodes it), split at blank lines
//! into paragraphs, and paragraphs are joined into pieces until a size
//! drawn from half to 1.5 times the document size is reached, without
//! passing 1.5 times that size (a longer paragraph is cut at a line end,
//! else at a space); shorter files are one piece each. Pieces under 30
//! words are left out. The original bytes are kept: curly quotes, dashes,
//! accents and line breaks are those of the files.
//!
//! Real text repeats itself (wire stories filed twice, quoted replies,
//! plagiarised passages in PAN's suspicious documents), and such natural
//! near-duplicates are not in the truth. So the pieces are taken in a
//! seeded shuffled order and a piece is dropped when more than a fifth of
//! its word 5-grams (an eighth sampled by hash) already occur in the
//! pieces taken before it: any two bases then share at most about a fifth
//! of their 5-grams, far below the thresholds benchmarks use, so the pairs
//! inside families are the whole truth at thresholds of 0.5 and above.
//!
//! Many real files are pure ASCII (20 Newsgroups and Reuters are), so the
//! bases alternate to keep at least [`NON_ASCII_SHARE`] of them holding a
//! non-ASCII byte; when those run out, the corpus ends (and says how much
//! text it could make). ASCII pieces not needed as bases are donors: the
//! text appended to extended variants and the words substituted in edited
//! ones.
//!
//! Variants are made as the generator makes them ([`super::corpus`]): exact
//! copies, reformatted copies (lines re-wrapped, ASCII words upper-cased),
//! words substituted at spread positions, the tail cut off at a word, a
//! donor paragraph appended; the truth is the exact Jaccard similarity of
//! every pair inside a family with the scan's own 5-gram sets.

use std::path::Path;

use rayon::prelude::*;

use crate::config::ScanConfig;
use crate::decode::{Decoding, decode};
use crate::error::Error;
use crate::hash::{SplitMix64, mix64};
use crate::scan::docsig::{DocSigner, Scratch};
use crate::scan::{Sources, walk};
use crate::text::tokenize::word_spans;

use super::corpus::{CorpusSpec, Family, GeneratedDoc, PartSummary, VariantKind};

/// Least share of base documents holding a non-ASCII byte.
pub const NON_ASCII_SHARE: f64 = 0.25;

/// Fewest words of a base document.
const MIN_WORDS: usize = 30;

/// Share of a piece's (sampled) 5-grams that may already occur in earlier
/// pieces.
const MAX_SEEN: f64 = 0.2;

/// One piece of a real file.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    /// The data set: the first folder under the root.
    source: String,
}

/// What a pool was made of.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct PoolInfo {
    /// Text files read.
    pub files: usize,
    /// Pieces cut from them (before any was dropped).
    pub pieces: usize,
    /// Pieces dropped because they repeat earlier text.
    pub repeats_dropped: usize,
    /// Base documents available.
    pub bases: usize,
    /// Of them, holding a non-ASCII byte.
    pub non_ascii_bases: usize,
    /// Bytes of the base documents available.
    pub base_bytes: u64,
    /// Donor pieces (for appended text and substituted words).
    pub donors: usize,
    /// Base documents by data set (first folder under the root), sorted.
    pub by_source: Vec<(String, usize)>,
}

/// The base documents and donors cut from a folder of real text.
#[derive(Debug)]
pub struct RealPool {
    bases: Vec<Piece>,
    donors: Vec<String>,
    /// Words to substitute (from the donors, or the bases when there are
    /// none).
    words: Vec<String>,
    info: PoolInfo,
}

impl RealPool {
    /// Cuts the text files under `dir` into pieces of about `doc_size`
    /// bytes, in an order drawn from `seed`.
    pub fn from_dir(dir: &Path, doc_size: u64, seed: u64) -> Result<Self, Error> {
        let corpus = walk::walk(
            &Sources {
                roots: vec![dir.to_path_buf()],
                listed: Vec::new(),
            },
            &walk::WalkOptions::default(),
        )?;
        let skip = |name: &str| {
            matches!(
                name,
                "README" | "README.TXT" | "README.md" | "SOURCE.md" | "LICENSE" | "cats.txt"
            ) || name.ends_with(".xml")
                || name.ends_with(".json")
        };
        let files: Vec<&Path> = corpus
            .files
            .iter()
            .map(|f| f.path())
            .filter(|p| !skip(p.file_name().and_then(|n| n.to_str()).unwrap_or("")))
            .collect();
        let mut pieces: Vec<Piece> = files
            .par_iter()
            .enumerate()
            .map(|(i, path)| {
                let Ok(bytes) = std::fs::read(path) else {
                    return Vec::new();
                };
                if bytes.contains(&0) {
                    return Vec::new();
                }
                let text = decode(&bytes, Decoding::Auto).text.into_owned();
                let source = path
                    .strip_prefix(dir)
                    .ok()
                    .and_then(|r| r.components().next())
                    .filter(|_| path.parent() != Some(dir))
                    .map_or_else(
                        || ".".to_string(),
                        |c| c.as_os_str().to_string_lossy().into_owned(),
                    );
                let mut rng = SplitMix64::new(mix64(seed ^ mix64(i as u64)));
                cut(&text, doc_size as usize, &mut rng)
                    .into_iter()
                    .map(|text| Piece {
                        text,
                        source: source.clone(),
                    })
                    .collect()
            })
            .flatten()
            .collect();
        let cut_count = pieces.len();
        // A seeded shuffle (Fisher-Yates), then the filter in that order.
        let mut rng = SplitMix64::new(mix64(seed ^ 0x7265_616c));
        for i in (1..pieces.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            pieces.swap(i, j);
        }
        let signer = DocSigner::new(&ScanConfig::default())?;
        let sampled: Vec<Vec<u64>> = pieces
            .par_iter()
            .map_init(Scratch::default, |s, p| {
                let mut set = signer.shingle_set(&p.text, s);
                set.retain(|h| h & 7 == 0);
                set
            })
            .collect();
        let (mut wide, mut narrow): (Vec<usize>, Vec<usize>) =
            (0..pieces.len()).partition(|&i| !pieces[i].text.is_ascii());
        wide.reverse();
        narrow.reverse();
        let mut seen: ahash::AHashSet<u64> = ahash::AHashSet::new();
        let mut fresh = |i: usize| {
            let set = &sampled[i];
            let old = set.iter().filter(|h| seen.contains(*h)).count();
            if old as f64 > MAX_SEEN * set.len() as f64 {
                return false;
            }
            seen.extend(set.iter().copied());
            true
        };
        let (mut bases, mut repeats) = (Vec::new(), 0);
        let mut wide_taken = 0usize;
        loop {
            let want_wide = (wide_taken as f64) < NON_ASCII_SHARE * (bases.len() + 1) as f64;
            let next = if want_wide { wide.pop() } else { narrow.pop() };
            let Some(i) = next else { break };
            if fresh(i) {
                wide_taken += usize::from(want_wide);
                bases.push(i);
            } else {
                repeats += 1;
            }
        }
        // The ASCII pieces left over are donors (filtered the same way, so
        // appended text repeats no base either).
        let mut donors = Vec::new();
        while let Some(i) = narrow.pop() {
            if fresh(i) {
                donors.push(i);
            } else {
                repeats += 1;
            }
        }
        let mut by_source: std::collections::BTreeMap<String, usize> = Default::default();
        for &i in &bases {
            *by_source.entry(pieces[i].source.clone()).or_default() += 1;
        }
        let info = PoolInfo {
            files: files.len(),
            pieces: cut_count,
            repeats_dropped: repeats,
            bases: bases.len(),
            non_ascii_bases: wide_taken,
            base_bytes: bases.iter().map(|&i| pieces[i].text.len() as u64).sum(),
            donors: donors.len(),
            by_source: by_source.into_iter().collect(),
        };
        let donor_texts: Vec<String> = donors.iter().map(|&i| pieces[i].text.clone()).collect();
        let word_source: Vec<&str> = if donor_texts.is_empty() {
            bases.iter().map(|&i| pieces[i].text.as_str()).collect()
        } else {
            donor_texts.iter().map(String::as_str).collect()
        };
        let mut words = Vec::new();
        for text in word_source.iter().take(2000) {
            for s in word_spans(text) {
                words.push(text[s.start..s.end].to_string());
            }
        }
        words.sort_unstable();
        words.dedup();
        let mut taken: Vec<Option<Piece>> = pieces.into_iter().map(Some).collect();
        let bases = bases
            .iter()
            .map(|&i| taken[i].take().expect("each piece is a base once"))
            .collect();
        if words.is_empty() {
            return Err(Error::setting(
                "--real",
                format!(
                    "--real '{}' holds no text with {MIN_WORDS} words or more; give a folder of text files",
                    dir.display()
                ),
            ));
        }
        Ok(RealPool {
            bases,
            donors: donor_texts,
            words,
            info,
        })
    }

    /// What the pool was made of.
    pub fn info(&self) -> &PoolInfo {
        &self.info
    }
}

/// Cuts `text` into pieces: paragraphs (split at blank lines) joined until
/// a drawn size of half to 1.5 times `doc_size`; longer paragraphs cut at a
/// line end or a space. Pieces of fewer than [`MIN_WORDS`] words are left
/// out.
fn cut(text: &str, doc_size: usize, rng: &mut SplitMix64) -> Vec<String> {
    let text = text.replace("\r\n", "\n");
    let mut out = Vec::new();
    let mut goal = draw_size(doc_size, rng);
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        let piece = cur.trim_matches(['\n', ' ', '\t']);
        if word_spans(piece).len() >= MIN_WORDS {
            out.push(format!("{piece}\n"));
        }
        cur.clear();
    };
    for para in text.split("\n\n") {
        let mut rest = para;
        while rest.len() > goal * 3 / 2 {
            // Cut a too-long paragraph at a line end, else at a space,
            // before goal bytes (at a char boundary).
            let mut at = goal.min(rest.len());
            while !rest.is_char_boundary(at) {
                at -= 1;
            }
            let head = &rest[..at];
            let cut_at = head
                .rfind('\n')
                .filter(|&i| i > goal / 2)
                .or_else(|| head.rfind(' ').filter(|&i| i > goal / 2))
                .unwrap_or(at);
            cur.push_str(&rest[..cut_at]);
            flush(&mut cur, &mut out);
            goal = draw_size(doc_size, rng);
            rest = rest[cut_at..].trim_start_matches(['\n', ' ']);
        }
        if !cur.is_empty() && cur.len() + rest.len() > goal * 3 / 2 {
            flush(&mut cur, &mut out);
            goal = draw_size(doc_size, rng);
        }
        if !cur.is_empty() {
            cur.push_str("\n\n");
        }
        cur.push_str(rest);
        if cur.len() >= goal {
            flush(&mut cur, &mut out);
            goal = draw_size(doc_size, rng);
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Half to 1.5 times `doc_size`.
fn draw_size(doc_size: usize, rng: &mut SplitMix64) -> usize {
    ((doc_size as f64) * (0.5 + unit(rng))).max(1.0) as usize
}

/// A uniform draw from [0, 1).
fn unit(rng: &mut SplitMix64) -> f64 {
    (rng.next() >> 11) as f64 / (1u64 << 53) as f64
}

/// One family's plan: its base (an index into the pool) and variant count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RealPlan {
    /// Family number within its part.
    pub index: usize,
    /// The base document's index in the pool.
    pub base: usize,
    /// Number of planted variants.
    pub variants: usize,
}

/// Writes corpora of real text with planted near-duplicates.
#[derive(Debug)]
pub struct RealCorpus {
    spec: CorpusSpec,
    pool: RealPool,
    signer: DocSigner,
    /// `plans[p]`: the families of part `p + 1`.
    plans: Vec<Vec<RealPlan>>,
}

impl RealCorpus {
    /// Plans `parts` parts of `spec.size` bytes each from `pool`, each part
    /// taking the next base documents; fails, naming `--size`, when the
    /// pool cannot fill them (`spec.doc_size` is the pool's, given to
    /// [`RealPool::from_dir`]).
    pub fn new(spec: CorpusSpec, pool: RealPool, parts: usize) -> Result<Self, Error> {
        spec.validate()?;
        let share = spec.dup_rate / (2.0 * (1.0 - spec.dup_rate));
        let mut next = 0;
        let mut plans = Vec::new();
        for part in 1..=parts {
            let mut rng = SplitMix64::new(mix64(spec.seed ^ 0x706c_616e) ^ part as u64);
            let mut total = 0u64;
            let mut plan = Vec::new();
            while total < spec.size {
                let Some(base) = pool.bases.get(next) else {
                    let made: u64 = total
                        + plans
                            .iter()
                            .flatten()
                            .map(|p: &RealPlan| {
                                pool.bases[p.base].text.len() as u64 * (1 + p.variants as u64)
                            })
                            .sum::<u64>();
                    return Err(Error::setting(
                        "--size",
                        format!(
                            "the real text holds {} base documents ({:.1} MB, at least {:.0}% of them non-ASCII), \
                             enough for about {:.0} MB of corpus, not {} part{} of {:.0} MB: give a smaller --size{}",
                            pool.info.bases,
                            pool.info.base_bytes as f64 / 1e6,
                            NON_ASCII_SHARE * 100.0,
                            made as f64 / 1e6,
                            parts,
                            if parts == 1 { "" } else { "s" },
                            spec.size as f64 / 1e6,
                            if parts > 1 {
                                " (the growth curve needs 4 parts; --no-scaling needs 1)"
                            } else {
                                ""
                            }
                        ),
                    ));
                };
                let variants = if unit(&mut rng) < share {
                    1 + (rng.next() % 3) as usize
                } else {
                    0
                };
                total += base.text.len() as u64 * (1 + variants as u64);
                plan.push(RealPlan {
                    index: plan.len(),
                    base: next,
                    variants,
                });
                next += 1;
            }
            plans.push(plan);
        }
        let signer = DocSigner::new(&ScanConfig::default())?;
        Ok(RealCorpus {
            spec,
            pool,
            signer,
            plans,
        })
    }

    /// The pool.
    pub fn pool(&self) -> &RealPool {
        &self.pool
    }

    /// The families of part `part` (1-based).
    pub fn plan(&self, part: usize) -> &[RealPlan] {
        &self.plans[part - 1]
    }

    /// The documents and pairs of one family.
    pub fn family(&self, part: usize, plan: &RealPlan) -> Family {
        let mut rng = SplitMix64::new(mix64(
            self.spec.seed ^ mix64(((part as u64) << 40) ^ plan.index as u64 ^ 0x7265_616c),
        ));
        let base = &self.pool.bases[plan.base].text;
        let path = |k: usize| format!("p{part}/f{:06}-{k}.txt", plan.index);
        let mut docs = vec![GeneratedDoc {
            path: path(0),
            text: base.clone(),
        }];
        let mut made = vec![(None, None)];
        for k in 1..=plan.variants {
            let (text, target, kind) = self.variant(base, &mut rng);
            docs.push(GeneratedDoc {
                path: path(k),
                text,
            });
            made.push((Some(target), Some(kind)));
        }
        Family::with_truth(&self.signer, docs, &made)
    }

    /// Writes part `part` under `root` (`root/p{part}/…`), calling
    /// `written(bytes)` after each family.
    pub fn write_part(
        &self,
        root: &Path,
        part: usize,
        written: &(dyn Fn(u64) + Sync),
    ) -> Result<PartSummary, Error> {
        super::corpus::write_families(
            root,
            part,
            self.plan(part),
            |p| self.family(part, p),
            written,
        )
    }

    /// One variant of `base`: its text, target similarity and kind.
    fn variant(&self, base: &str, rng: &mut SplitMix64) -> (String, f64, VariantKind) {
        let roll = unit(rng);
        let target = 0.6 + 0.4 * unit(rng);
        let spans = word_spans(base);
        let shingles = spans.len().saturating_sub(4) as f64;
        if roll < 0.1 {
            return (base.to_string(), 1.0, VariantKind::Copy);
        }
        if roll < 0.2 {
            return (reformat(base, rng), 1.0, VariantKind::Reformatted);
        }
        let (text, kind) = if roll < 0.7 {
            // k isolated substitutions change 5k of S shingles on each side:
            // J = (S - 5k) / (S + 5k).
            let k = (shingles * (1.0 - target) / (5.0 * (1.0 + target))).round() as usize;
            (self.substituted(base, &spans, k, rng), VariantKind::Edited)
        } else if roll < 0.85 {
            // The first n words keep n - 4 of the S shingles: J = (n-4) / S.
            let keep = ((target * shingles).round() as usize + 4).min(spans.len());
            let end = spans.get(keep.wrapping_sub(1)).map_or(0, |s| s.end);
            (format!("{}\n", &base[..end]), VariantKind::Truncated)
        } else {
            // A paragraph of A words adds about A shingles: J = S / (S + A).
            let add = (shingles * (1.0 - target) / target).round() as usize;
            (self.extended(base, add, rng), VariantKind::Extended)
        };
        let text = if unit(rng) < 0.5 {
            reformat(&text, rng)
        } else {
            text
        };
        (text, target, kind)
    }

    /// `base` with `k` words at spread positions replaced by donor words.
    fn substituted(
        &self,
        base: &str,
        spans: &[crate::text::Span],
        k: usize,
        rng: &mut SplitMix64,
    ) -> String {
        if k == 0 || spans.is_empty() {
            return base.to_string();
        }
        let stride = spans.len() / k;
        let mut out = String::with_capacity(base.len() + 16 * k);
        let mut at = 0;
        for i in 0..k.min(spans.len()) {
            let offset = if stride > 1 {
                (rng.next() % stride as u64) as usize
            } else {
                0
            };
            let s = spans[(i * stride + offset).min(spans.len() - 1)];
            if s.start < at {
                continue;
            }
            out.push_str(&base[at..s.start]);
            let old = &base[s.start..s.end];
            let mut word = old;
            for _ in 0..8 {
                word = &self.pool.words[(rng.next() % self.pool.words.len() as u64) as usize];
                if !word.eq_ignore_ascii_case(old) {
                    break;
                }
            }
            out.push_str(word);
            at = s.end;
        }
        out.push_str(&base[at..]);
        out
    }

    /// `base` and a paragraph of about `add` words: the start of a donor
    /// piece (donor words drawn at random when there is no donor).
    fn extended(&self, base: &str, add: usize, rng: &mut SplitMix64) -> String {
        let mut out = base.trim_end().to_string();
        out.push_str("\n\n");
        let mut added = 0;
        let mut tries = 0;
        while added < add && !self.pool.donors.is_empty() && tries < 8 {
            tries += 1;
            let donor = &self.pool.donors[(rng.next() % self.pool.donors.len() as u64) as usize];
            let spans = word_spans(donor);
            let take = (add - added).min(spans.len());
            if take == 0 {
                continue;
            }
            out.push_str(donor[..spans[take - 1].end].trim_start());
            out.push_str("\n\n");
            added += take;
        }
        while added < add {
            let w = &self.pool.words[(rng.next() % self.pool.words.len() as u64) as usize];
            out.push_str(w);
            out.push(' ');
            added += 1;
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }
}

/// The same words laid out again: lines re-wrapped at a drawn width
/// (paragraph breaks kept) and about one ASCII word in twenty upper-cased.
fn reformat(text: &str, rng: &mut SplitMix64) -> String {
    let width = 50 + (rng.next() % 40) as usize;
    let mut out = String::with_capacity(text.len() + text.len() / 40);
    let mut line = 0;
    for (p, para) in text.split("\n\n").enumerate() {
        if p > 0 {
            out.push_str("\n\n");
            line = 0;
        }
        for (w, word) in para.split_whitespace().enumerate() {
            if w > 0 {
                if line + 1 + word.len() > width {
                    out.push('\n');
                    line = 0;
                } else {
                    out.push(' ');
                    line += 1;
                }
            }
            if word.is_ascii() && rng.next() % 20 == 0 {
                out.push_str(&word.to_ascii_uppercase());
            } else {
                out.push_str(word);
            }
            line += word.len();
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::minhash::jaccard;

    /// A folder of "real" files: some ASCII, some with curly quotes and
    /// accents, one repeated (a natural near-duplicate), one Latin-1.
    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let mut rng = SplitMix64::new(3);
        let vocab: Vec<String> = (0..3000)
            .map(|i| {
                let mut w = String::new();
                let mut x = mix64(i);
                for _ in 0..(3 + x % 5) {
                    w.push((b'a' + (x % 26) as u8) as char);
                    x /= 26;
                }
                w
            })
            .collect();
        let mut para = |n: usize, wide: bool| {
            let mut s = String::new();
            for i in 0..n {
                s.push_str(&vocab[(rng.next() % 3000) as usize]);
                if wide && i % 17 == 3 {
                    s.push_str(" “café” —");
                }
                s.push(if i % 12 == 11 { '\n' } else { ' ' });
            }
            s
        };
        for set in ["news", "wire"] {
            std::fs::create_dir_all(dir.path().join(set)).unwrap();
        }
        for f in 0..40 {
            let wide = f % 4 == 0;
            let text = format!(
                "{}\n\n{}\n\n{}",
                para(150, wide),
                para(200, wide),
                para(120, wide)
            );
            std::fs::write(dir.path().join(format!("news/{f:03}.txt")), &text).unwrap();
        }
        for f in 0..60 {
            let text = para(300, false);
            std::fs::write(dir.path().join(format!("wire/{f:03}.txt")), &text).unwrap();
            if f == 7 {
                std::fs::write(dir.path().join("wire/007-again.txt"), &text).unwrap();
            }
        }
        let latin1: Vec<u8> = para(200, false)
            .into_bytes()
            .into_iter()
            .chain(b" caf\xe9 na\xefve ".iter().copied())
            .chain(para(100, false).into_bytes())
            .collect();
        std::fs::write(dir.path().join("news/latin1.txt"), latin1).unwrap();
        std::fs::write(dir.path().join("news/README"), "not a document").unwrap();
        dir
    }

    #[test]
    fn pool_keeps_the_bytes_drops_repeats_and_balances_non_ascii() {
        let dir = folder();
        let pool = RealPool::from_dir(dir.path(), 1500, 1).unwrap();
        let info = pool.info().clone();
        assert!(info.repeats_dropped >= 1, "{info:?}");
        assert!(
            info.non_ascii_bases as f64 >= NON_ASCII_SHARE * info.bases as f64 - 1.0,
            "{info:?}"
        );
        assert!(info.bases > 30 && info.donors > 0, "{info:?}");
        assert!(pool.bases.iter().any(|b| b.text.contains("“café”")));
        assert!(
            pool.bases
                .iter()
                .all(|b| !b.text.contains("not a document"))
        );
        assert_eq!(
            info.by_source
                .iter()
                .map(|s| s.0.as_str())
                .collect::<Vec<_>>(),
            ["news", "wire"]
        );
        // Pieces come from the files' own text, cut near the size asked.
        for b in &pool.bases {
            assert!(b.text.len() <= 1500 * 9 / 4 + 1, "{}", b.text.len());
            assert!(word_spans(&b.text).len() >= MIN_WORDS);
        }
        // Deterministic.
        let again = RealPool::from_dir(dir.path(), 1500, 1).unwrap();
        assert_eq!(again.info(), &info);
        assert!(
            again
                .bases
                .iter()
                .zip(&pool.bases)
                .all(|(a, b)| a.text == b.text)
        );
    }

    #[test]
    fn variants_have_their_measured_similarity_and_keep_non_ascii_text() {
        let dir = folder();
        let pool = RealPool::from_dir(dir.path(), 1500, 2).unwrap();
        let spec = CorpusSpec {
            size: 30_000,
            doc_size: 1500,
            dup_rate: 0.5,
            seed: 2,
        };
        let corpus = RealCorpus::new(spec, pool, 2).unwrap();
        let signer = DocSigner::new(&ScanConfig::default()).unwrap();
        let mut s = Scratch::default();
        let (mut kinds, mut near) = (std::collections::BTreeSet::new(), 0);
        for part in 1..=2 {
            for plan in corpus.plan(part) {
                let family = corpus.family(part, plan);
                assert_eq!(family.docs.len(), 1 + plan.variants);
                for p in &family.pairs {
                    let text =
                        |path: &str| &family.docs.iter().find(|d| d.path == path).unwrap().text;
                    let want = jaccard(
                        &signer.shingle_set(text(&p.a), &mut s),
                        &signer.shingle_set(text(&p.b), &mut s),
                    );
                    assert_eq!(p.jaccard, want);
                    if let (Some(t), Some(k)) = (p.target, p.kind) {
                        kinds.insert(k.name());
                        // Real text repeats words, so the design is looser
                        // than on generated text; the truth is measured.
                        assert!((p.jaccard - t).abs() < 0.15, "{k:?} {} for {t}", p.jaccard);
                        near += usize::from(p.jaccard >= 0.8);
                    }
                }
            }
        }
        assert!(kinds.len() >= 4, "{kinds:?}");
        assert!(near >= 5, "{near}");
        // Parts are disjoint: part 2 starts where part 1 ended.
        assert!(corpus.plan(2)[0].base > corpus.plan(1).last().unwrap().base);
    }

    #[test]
    fn a_corpus_larger_than_the_text_is_refused_naming_size() {
        let dir = folder();
        let pool = RealPool::from_dir(dir.path(), 1500, 1).unwrap();
        let spec = CorpusSpec {
            size: 50_000_000,
            doc_size: 1500,
            dup_rate: 0.2,
            seed: 1,
        };
        let e = RealCorpus::new(spec, pool, 4).unwrap_err().to_string();
        assert!(e.contains("--size") && e.contains("non-ASCII"), "{e}");
    }

    #[test]
    fn cut_splits_long_paragraphs_and_keeps_short_files_whole() {
        let mut rng = SplitMix64::new(1);
        let long = "word ".repeat(2000);
        let pieces = cut(&long, 1000, &mut rng);
        assert!(pieces.len() >= 6, "{}", pieces.len());
        assert!(pieces.iter().all(|p| p.len() <= 1500 + 1));
        let short = "a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff";
        assert_eq!(cut(short, 4000, &mut rng), [format!("{short}\n")]);
        assert!(cut("too few words", 4000, &mut rng).is_empty());
    }
}
