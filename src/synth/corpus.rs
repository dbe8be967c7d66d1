//! Generated corpora with planted near-duplicates of known similarity.
//!
//! A corpus is a list of *families*. Each family has a base document drawn
//! from a [`WordModel`] (paragraphs of 3-6 sentences of 8-30 words) and, for
//! a share of families set by the duplicate rate, 1-3 planted variants of
//! it: exact copies, reformatted copies (lines re-wrapped, words upper-cased:
//! the same normalised words), and copies edited to a target Jaccard
//! similarity drawn uniformly from [0.6, 1.0) — words substituted at spread
//! positions, the tail cut off, or new sentences appended. Every pair of
//! documents inside a family is then measured: its exact Jaccard similarity
//! over the scan's own word 5-gram sets is the truth ([`PlantedPair`]), and
//! the target it was made for is kept beside it. Documents of different
//! families are independent draws that share no 5-gram in practice, so
//! their similarity is taken as 0.
//!
//! Everything derives from the seed: each family has its own random stream
//! from (seed, part, family), so the bytes do not depend on the thread
//! count, and part 2 of a corpus is the same whether parts 3 and 4 exist.
//! A corpus of several parts gives the x1, x2, x4 sizes of the growth curve
//! as nested prefixes (`p1`, then `p1 p2`, then `p1`-`p4`).

use std::path::Path;

use rayon::prelude::*;

use crate::config::ScanConfig;
use crate::error::Error;
use crate::hash::{SplitMix64, mix64};
use crate::minhash::jaccard;
use crate::scan::docsig::{DocSigner, Scratch};

use super::WordModel;
use super::draft::{Draft, Style};

/// What to generate (one part).
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusSpec {
    /// Bytes of text per part (the x1 size); generation stops at the first
    /// family that reaches it.
    pub size: u64,
    /// Mean document size in bytes (bases vary from half to 1.5 times it).
    pub doc_size: u64,
    /// Share of documents that are planted variants of another (0-0.6).
    pub dup_rate: f64,
    /// Seed of everything.
    pub seed: u64,
}

impl Default for CorpusSpec {
    fn default() -> Self {
        CorpusSpec {
            size: 100_000_000,
            doc_size: 4_000,
            dup_rate: 0.2,
            seed: 1,
        }
    }
}

impl CorpusSpec {
    /// Checks every value is in range; errors name the flag.
    pub fn validate(&self) -> Result<(), Error> {
        if self.doc_size < 200 {
            return Err(Error::setting(
                "--doc-size",
                format!(
                    "--doc-size must be at least 200 bytes (got {}), e.g. --doc-size 4kB",
                    self.doc_size
                ),
            ));
        }
        if self.size < self.doc_size {
            return Err(Error::setting(
                "--size",
                format!(
                    "--size ({} bytes) must be at least --doc-size ({} bytes), e.g. --size 10MB",
                    self.size, self.doc_size
                ),
            ));
        }
        if !(self.dup_rate.is_finite() && (0.0..=0.6).contains(&self.dup_rate)) {
            return Err(Error::setting(
                "--dup-rate",
                format!(
                    "--dup-rate must be between 0 and 0.6 (got {}), e.g. --dup-rate 0.2",
                    self.dup_rate
                ),
            ));
        }
        Ok(())
    }

    /// Share of families that get variants: with 2 variants on average, a
    /// share `q` of planted families makes `2q / (1 + 2q)` of the documents
    /// variants.
    fn planted_share(&self) -> f64 {
        self.dup_rate / (2.0 * (1.0 - self.dup_rate))
    }
}

/// How a variant was made from its base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VariantKind {
    /// The same bytes.
    Copy,
    /// Lines re-wrapped and some words upper-cased: the same words.
    Reformatted,
    /// Words substituted at positions at least 5 words apart.
    Edited,
    /// The tail cut off.
    Truncated,
    /// New sentences appended.
    Extended,
}

impl VariantKind {
    /// The name used in the truth file.
    pub fn name(self) -> &'static str {
        match self {
            VariantKind::Copy => "copy",
            VariantKind::Reformatted => "reformatted",
            VariantKind::Edited => "edited",
            VariantKind::Truncated => "truncated",
            VariantKind::Extended => "extended",
        }
    }
}

/// Two documents of one family and their measured similarity.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PlantedPair {
    /// One path, relative to the corpus root (`a < b`).
    pub a: String,
    /// The other.
    pub b: String,
    /// Exact Jaccard similarity of their word 5-gram sets.
    pub jaccard: f64,
    /// The similarity the variant was made for (pairs of a base and its
    /// variant); `None` for two variants of one base.
    pub target: Option<f64>,
    /// How the variant was made (base-variant pairs).
    pub kind: Option<VariantKind>,
}

/// One generated document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedDoc {
    /// Path relative to the corpus root: `p{part}/f{family}-{k}.txt`, `k`
    /// 0 for the base.
    pub path: String,
    /// The text.
    pub text: String,
}

/// A base, its variants and the pairs between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Family {
    /// Base first.
    pub docs: Vec<GeneratedDoc>,
    /// Every pair of `docs`.
    pub pairs: Vec<PlantedPair>,
}

impl Family {
    /// The family of `docs` (base first, then its variants, `made[k]` the
    /// target Jaccard and kind of variant k; the base's entry unused) with
    /// every pair's exact Jaccard under `signer`'s shingles as the truth.
    pub(super) fn with_truth(
        signer: &DocSigner,
        docs: Vec<GeneratedDoc>,
        made: &[(Option<f64>, Option<VariantKind>)],
    ) -> Family {
        let mut scratch = Scratch::default();
        let sets: Vec<Vec<u64>> = docs
            .iter()
            .map(|d| signer.shingle_set(&d.text, &mut scratch))
            .collect();
        let mut pairs = Vec::new();
        for i in 0..docs.len() {
            for j in i + 1..docs.len() {
                let (target, kind) = if i == 0 { made[j] } else { (None, None) };
                pairs.push(PlantedPair {
                    a: docs[i].path.clone(),
                    b: docs[j].path.clone(),
                    jaccard: jaccard(&sets[i], &sets[j]),
                    target,
                    kind,
                });
            }
        }
        Family { docs, pairs }
    }
}

/// The size of one family, decided before any text is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FamilyPlan {
    /// Family number within its part.
    pub index: usize,
    /// Bytes of the base document.
    pub base_bytes: usize,
    /// Number of planted variants.
    pub variants: usize,
}

/// What writing one part gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PartSummary {
    /// Families written.
    pub families: usize,
    /// Documents written.
    pub documents: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Documents holding a non-ASCII byte.
    pub non_ascii_documents: usize,
    /// Every pair inside a family, sorted by `(a, b)`.
    pub pairs: Vec<PlantedPair>,
}

/// Generates corpora for one spec and word model.
#[derive(Debug)]
pub struct Generator {
    spec: CorpusSpec,
    model: WordModel,
    signer: DocSigner,
}

impl Generator {
    /// A generator; fails on an invalid spec.
    pub fn new(spec: CorpusSpec, model: WordModel) -> Result<Self, Error> {
        spec.validate()?;
        let signer = DocSigner::new(&ScanConfig::default())?;
        Ok(Generator {
            spec,
            model,
            signer,
        })
    }

    /// The spec.
    pub fn spec(&self) -> &CorpusSpec {
        &self.spec
    }

    /// The families of part `part` (1-based) and their sizes.
    pub fn plan(&self, part: usize) -> Vec<FamilyPlan> {
        let mut rng = SplitMix64::new(mix64(self.spec.seed ^ 0x706c_616e) ^ part as u64);
        let share = self.spec.planted_share();
        let mut plans = Vec::new();
        let mut total = 0u64;
        while total < self.spec.size {
            let base_bytes = (self.spec.doc_size as f64 * (0.5 + unit(&mut rng))) as usize;
            let variants = if unit(&mut rng) < share {
                1 + (rng.next() % 3) as usize
            } else {
                0
            };
            total += (base_bytes * (1 + variants)) as u64;
            plans.push(FamilyPlan {
                index: plans.len(),
                base_bytes,
                variants,
            });
        }
        plans
    }

    /// The documents and pairs of one family.
    pub fn family(&self, part: usize, plan: &FamilyPlan) -> Family {
        let mut rng = SplitMix64::new(mix64(
            self.spec.seed ^ mix64(((part as u64) << 40) ^ plan.index as u64),
        ));
        let base = Draft::draw(&self.model, plan.base_bytes, &mut rng);
        let path = |k: usize| format!("p{part}/f{:06}-{k}.txt", plan.index);
        let mut docs = vec![GeneratedDoc {
            path: path(0),
            text: base.render(&self.model, None),
        }];
        let mut made: Vec<(Option<f64>, Option<VariantKind>)> = vec![(None, None)];
        for k in 1..=plan.variants {
            let (text, target, kind) = self.variant(&base, &docs[0].text, &mut rng);
            docs.push(GeneratedDoc {
                path: path(k),
                text,
            });
            made.push((target, Some(kind)));
        }
        Family::with_truth(&self.signer, docs, &made)
    }

    /// All families of part `part`, in order (generated in parallel).
    pub fn part(&self, part: usize) -> Vec<Family> {
        self.plan(part)
            .par_iter()
            .map(|p| self.family(part, p))
            .collect()
    }

    /// Writes part `part` under `root` (`root/p{part}/…`), calling
    /// `written(bytes)` after each family.
    pub fn write_part(
        &self,
        root: &Path,
        part: usize,
        written: &(dyn Fn(u64) + Sync),
    ) -> Result<PartSummary, Error> {
        write_families(
            root,
            part,
            &self.plan(part),
            |plan| self.family(part, plan),
            written,
        )
    }

    /// One variant of `base`: its text, target similarity and kind.
    fn variant(
        &self,
        base: &Draft,
        base_text: &str,
        rng: &mut SplitMix64,
    ) -> (String, Option<f64>, VariantKind) {
        let roll = unit(rng);
        let target = 0.6 + 0.4 * unit(rng);
        let shingles = base.words().saturating_sub(4) as f64;
        if roll < 0.1 {
            return (base_text.to_string(), Some(1.0), VariantKind::Copy);
        }
        if roll < 0.2 {
            let style = Style::reformatted(rng);
            return (
                base.render(&self.model, Some(&style)),
                Some(1.0),
                VariantKind::Reformatted,
            );
        }
        let (doc, kind) = if roll < 0.7 {
            // k isolated substitutions change 5k of S shingles on each side:
            // J = (S - 5k) / (S + 5k).
            let k = (shingles * (1.0 - target) / (5.0 * (1.0 + target))).round() as usize;
            (base.substituted(&self.model, k, rng), VariantKind::Edited)
        } else if roll < 0.85 {
            // The first n words keep n - 4 of the S shingles: J = (n-4) / S.
            let keep = (target * shingles).round() as usize + 4;
            (base.truncated(keep), VariantKind::Truncated)
        } else {
            // A new paragraph of A words adds about A shingles: J = S / (S + A).
            let add = (shingles * (1.0 - target) / target).round() as usize;
            (base.extended(&self.model, add, rng), VariantKind::Extended)
        };
        let style = (unit(rng) < 0.5).then(|| Style::reformatted(rng));
        (doc.render(&self.model, style.as_ref()), Some(target), kind)
    }
}

/// Writes the families `plans` make under `root/p{part}` (in parallel),
/// calling `written(bytes)` after each; returns what was written, pairs in
/// plan order.
pub(crate) fn write_families<P: Sync>(
    root: &Path,
    part: usize,
    plans: &[P],
    family: impl Fn(&P) -> Family + Sync,
    written: &(dyn Fn(u64) + Sync),
) -> Result<PartSummary, Error> {
    let dir = root.join(format!("p{part}"));
    std::fs::create_dir_all(&dir).map_err(|error| Error::Write {
        path: dir.clone(),
        error,
    })?;
    let families: Vec<(usize, u64, usize, Vec<PlantedPair>)> = plans
        .par_iter()
        .map(|plan| {
            let family = family(plan);
            let (mut bytes, mut wide) = (0, 0);
            for doc in &family.docs {
                let path = root.join(&doc.path);
                std::fs::write(&path, &doc.text).map_err(|error| Error::Write { path, error })?;
                bytes += doc.text.len() as u64;
                wide += usize::from(!doc.text.is_ascii());
            }
            written(bytes);
            Ok((family.docs.len(), bytes, wide, family.pairs))
        })
        .collect::<Result<_, Error>>()?;
    let mut summary = PartSummary {
        families: families.len(),
        ..PartSummary::default()
    };
    for (docs, bytes, wide, pairs) in families {
        summary.documents += docs;
        summary.bytes += bytes;
        summary.non_ascii_documents += wide;
        summary.pairs.extend(pairs);
    }
    Ok(summary)
}

/// A uniform draw from [0, 1).
fn unit(rng: &mut SplitMix64) -> f64 {
    (rng.next() >> 11) as f64 / (1u64 << 53) as f64
}

/// The truth file: one line per planted pair, tab-separated, with a header
/// `a b jaccard target kind` (`target` and `kind` empty for two variants of
/// one base); similarities with 6 decimals.
pub fn truth_tsv(pairs: &[PlantedPair]) -> String {
    let mut out = String::from("a\tb\tjaccard\ttarget\tkind\n");
    for p in pairs {
        out.push_str(&format!(
            "{}\t{}\t{:.6}\t{}\t{}\n",
            p.a,
            p.b,
            p.jaccard,
            p.target.map_or(String::new(), |t| format!("{t:.6}")),
            p.kind.map_or("", VariantKind::name)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Generator {
        let spec = CorpusSpec {
            size: 200_000,
            doc_size: 2_000,
            dup_rate: 0.4,
            seed: 7,
        };
        Generator::new(spec, WordModel::new(20_000, 7)).unwrap()
    }

    #[test]
    fn plans_reach_the_size_and_the_duplicate_rate() {
        let g = small();
        let plans = g.plan(1);
        let bytes: usize = plans.iter().map(|p| p.base_bytes * (1 + p.variants)).sum();
        assert!((200_000..205_000).contains(&bytes), "{bytes}");
        let docs: usize = plans.iter().map(|p| 1 + p.variants).sum();
        let variants: usize = plans.iter().map(|p| p.variants).sum();
        let rate = variants as f64 / docs as f64;
        assert!((0.3..0.5).contains(&rate), "{rate}");
        assert_ne!(g.plan(1), g.plan(2));
    }

    #[test]
    fn variants_have_the_similarity_they_were_made_for() {
        let g = small();
        let mut checked = 0;
        for family in g.part(1) {
            for p in family.pairs.iter().filter(|p| p.target.is_some()) {
                let target = p.target.unwrap();
                assert!(
                    (p.jaccard - target).abs() < 0.03,
                    "{} {} {:?}: {} for {}",
                    p.a,
                    p.b,
                    p.kind,
                    p.jaccard,
                    target
                );
                checked += 1;
            }
        }
        assert!(checked > 20, "{checked}");
    }

    #[test]
    fn bad_specs_name_the_flag() {
        for (spec, flag) in [
            (
                CorpusSpec {
                    doc_size: 10,
                    ..CorpusSpec::default()
                },
                "--doc-size",
            ),
            (
                CorpusSpec {
                    size: 1000,
                    ..CorpusSpec::default()
                },
                "--size",
            ),
            (
                CorpusSpec {
                    dup_rate: 0.9,
                    ..CorpusSpec::default()
                },
                "--dup-rate",
            ),
        ] {
            let e = spec.validate().unwrap_err().to_string();
            assert!(e.contains(flag), "{e}");
        }
    }
}
