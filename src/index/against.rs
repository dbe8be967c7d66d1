//! `neardup scan --against INDEX`: near-duplicates of new documents among
//! the indexed ones and among themselves, as one scan result.
//!
//! The new documents are scanned as `scan` scans them (with the index's
//! shingles, language, permutations and seed, so their signatures are comparable).
//! Each is signed again here and its LSH band keys are looked up in the
//! index; every indexed document sharing a band is checked with the
//! Jaccard estimate of the two signatures (the stored one is read only for
//! these candidates). The pairs found join the scan's: clusters are the
//! connected components of both, an indexed member is named by its path in
//! the index, and it is the cluster's representative (the copy already
//! kept). A new file that is itself indexed (same path) is not paired with
//! its own entry.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::config::ScanConfig;
use crate::error::Error;
use crate::format::round4;
use crate::scan::walk::{Sources, WalkOptions, walk};
use crate::scan::{Cluster, Pair, Progress, ScanResult, Scanner};
use crate::union_find::UnionFind;

use super::Index;
use super::keys::Family;

/// One pair of a new document and an indexed one.
struct ArchivePair {
    new: String,
    archived: String,
    similarity: f64,
}

impl Index {
    /// Scans `sources` with `config` (whose shingle, permutations and seed
    /// must be the index's) and adds their near-duplicates in the index.
    pub fn scan_against(
        &self,
        config: ScanConfig,
        sources: &Sources,
        progress: &dyn Progress,
    ) -> Result<ScanResult, Error> {
        let st = &self.settings;
        let index = crate::scan::walk::display_path(self.store.path());
        let check = |flag: &str, ours: String, asked: String| {
            if ours == asked {
                Ok(())
            } else {
                Err(Error::Index(format!(
                    "index '{index}' was built with {flag} {ours}, not {asked}: \
                     scan --against needs the index's {flag} (omit the flag or give {ours})"
                )))
            }
        };
        check("--shingle", st.shingle.clone(), config.shingle.to_string())?;
        check("--perms", st.perms.to_string(), config.perms.to_string())?;
        check("--seed", st.seed.to_string(), config.seed.to_string())?;
        check(
            "--lang",
            st.lang.clone(),
            super::settings::lang_code(&config.lang)?,
        )?;
        // An index keeps MinHash signatures (IndexSettings has no sketch).
        check("--sketch", "minhash".into(), config.sketch.name().into())?;
        let threshold = config.threshold;
        let walk_opts = WalkOptions {
            extensions: config.extensions.clone(),
            hidden: config.hidden,
            follow: config.follow,
        };
        let max_size = config.max_size;
        let decoding = config.decoding;
        let max_pairs = config.max_pairs;
        let scanner = Scanner::new(config)?;
        let mut result = scanner.scan(sources, progress)?;
        let files = walk(sources, &walk_opts)?.files;
        let ex = &self.extractor;
        let lsh = st.lsh();
        // (display path, absolute path, minima) of every new document.
        let signed: Vec<(String, String, Vec<u32>)> = files
            .par_iter()
            .filter_map(|f| {
                let mut buf = Vec::new();
                // Read as the scan read it (`--encoding` included).
                let loaded =
                    crate::scan::read::read_document_as(f.path(), max_size, decoding, &mut buf)
                        .ok()?;
                let sig = ex.signer.sign(&loaded.text, &mut Default::default());
                let abs = std::fs::canonicalize(f.path())
                    .map(|p| crate::scan::walk::display_path(&p))
                    .unwrap_or_default();
                Some((f.display.clone(), abs, sig.signature?.values().to_vec()))
            })
            .collect();
        let e = |m| self.error(m);
        self.store.begin_read().map_err(e)?;
        let pairs = self.archive_pairs(&signed, lsh, threshold);
        self.store.end().map_err(e)?;
        let pairs = pairs?;
        merge_into(&mut result, &pairs, max_pairs);
        Ok(result)
    }

    fn archive_pairs(
        &self,
        signed: &[(String, String, Vec<u32>)],
        lsh: crate::lsh::LshParams,
        threshold: f64,
    ) -> Result<Vec<ArchivePair>, Error> {
        let e = |m| self.error(m);
        let segments = self.store.segments().map_err(e)?;
        let removed = self.store.removed().map_err(e)?;
        let mut out = Vec::new();
        for (display, abs, mins) in signed {
            let mut keys: Vec<u64> = (0..lsh.bands)
                .map(|b| Family::Band.key(crate::lsh::band_key(mins, b, lsh.rows)))
                .collect();
            keys.sort_unstable();
            keys.dedup();
            let mut docs: Vec<u32> = self
                .store
                .lookup(&segments, &keys)
                .map_err(e)?
                .into_iter()
                .flat_map(|(_, d)| d)
                .filter(|d| !removed.contains(d))
                .collect();
            docs.sort_unstable();
            docs.dedup();
            for id in docs {
                let Some(row) = self.store.doc(id).map_err(e)? else {
                    continue;
                };
                if &row.path == abs {
                    continue;
                }
                let Some(theirs) = self.store.signature(id).map_err(e)? else {
                    continue;
                };
                let similarity = crate::minhash::estimate(mins, &theirs);
                if similarity >= threshold {
                    out.push(ArchivePair {
                        new: display.clone(),
                        archived: row.path,
                        similarity,
                    });
                }
            }
        }
        Ok(out)
    }
}

/// Adds the archive pairs to a scan result: clusters are recomputed as the
/// connected components of the scan's clusters and the new pairs.
fn merge_into(result: &mut ScanResult, pairs: &[ArchivePair], max_pairs: usize) {
    if pairs.is_empty() {
        return;
    }
    let groups = components(&result.clusters, pairs);
    let group_of: BTreeMap<&str, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(i, g)| g.iter().map(move |m| (m.as_str(), i)))
        .collect();
    let mut counts = vec![0u64; groups.len()];
    for c in &result.clusters {
        counts[group_of[c.members[0].as_str()]] += c.pairs;
    }
    for p in pairs {
        counts[group_of[p.new.as_str()]] += 1;
        crate::scan::histogram::add(&mut result.similarity_histogram, round4(p.similarity), 1);
    }
    let (kept, listed) = list_pairs(&result.pairs, pairs, &group_of, groups.len(), max_pairs);
    let clusters = clusters(&result.clusters, pairs, &groups, &counts, &listed);
    let s = &mut result.summary;
    s.similar_pairs += pairs.len() as u64;
    s.clusters = clusters.len();
    s.documents_in_clusters = clusters.iter().map(|c| c.size).sum();
    s.redundant_documents = s.documents_in_clusters - clusters.len();
    s.pairs_listed = kept.len();
    result.clusters = clusters;
    result.pairs = kept;
}

/// The connected components of the scan's clusters and the archive
/// pairs, as sorted lists of paths, sorted.
fn components(clusters: &[Cluster], pairs: &[ArchivePair]) -> Vec<Vec<String>> {
    let paths: BTreeSet<&str> = (clusters.iter())
        .flat_map(|c| c.members.iter().map(String::as_str))
        .chain(
            pairs
                .iter()
                .flat_map(|p| [p.new.as_str(), p.archived.as_str()]),
        )
        .collect();
    let id: BTreeMap<&str, usize> = paths.iter().enumerate().map(|(i, &p)| (p, i)).collect();
    let mut sets = UnionFind::new(paths.len());
    for c in clusters {
        for m in &c.members[1..] {
            sets.union(id[c.members[0].as_str()], id[m.as_str()]);
        }
    }
    for p in pairs {
        sets.union(id[p.new.as_str()], id[p.archived.as_str()]);
    }
    let mut components: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (i, path) in paths.iter().enumerate() {
        components
            .entry(sets.find(i))
            .or_default()
            .push(path.to_string());
    }
    // Paths were numbered in sorted order: each component is sorted.
    let mut groups: Vec<Vec<String>> = components.into_values().collect();
    groups.sort();
    groups
}

/// The scan's pairs and the archive pairs (as `a <= b`), sorted, each
/// numbered with its component (`group_of`, from 1), at most `max_pairs`
/// listed per component; returns them and how many each component lists.
fn list_pairs(
    scanned: &[Pair],
    pairs: &[ArchivePair],
    group_of: &BTreeMap<&str, usize>,
    groups: usize,
    max_pairs: usize,
) -> (Vec<Pair>, Vec<usize>) {
    let mut all_pairs: Vec<Pair> = scanned.to_vec();
    for p in pairs {
        let (a, b) = if p.new <= p.archived {
            (p.new.clone(), p.archived.clone())
        } else {
            (p.archived.clone(), p.new.clone())
        };
        all_pairs.push(Pair {
            a,
            b,
            similarity: round4(p.similarity),
            cluster: 0,
        });
    }
    all_pairs.sort_by(|x, y| x.a.cmp(&y.a).then_with(|| x.b.cmp(&y.b)));
    all_pairs.dedup_by(|x, y| x.a == y.a && x.b == y.b);
    let mut listed = vec![0usize; groups];
    let mut kept = Vec::new();
    for mut p in all_pairs {
        let g = group_of[p.a.as_str()];
        if listed[g] < max_pairs {
            listed[g] += 1;
            p.cluster = g + 1;
            kept.push(p);
        }
    }
    (kept, listed)
}

/// The clusters of the merged components: each member's best similarity,
/// and as representative the indexed member most similar to another (the
/// copy already kept), else the scan's representative.
fn clusters(
    scanned: &[Cluster],
    pairs: &[ArchivePair],
    groups: &[Vec<String>],
    counts: &[u64],
    listed: &[usize],
) -> Vec<Cluster> {
    let archived: BTreeSet<&str> = pairs.iter().map(|p| p.archived.as_str()).collect();
    // Best similarity per member.
    let mut best: BTreeMap<&str, f64> = BTreeMap::new();
    for c in scanned {
        for (m, s) in c.members.iter().zip(&c.member_similarity) {
            best.insert(m, *s);
        }
    }
    for p in pairs {
        for m in [&p.new, &p.archived] {
            let e = best.entry(m).or_insert(0.0);
            *e = e.max(round4(p.similarity));
        }
    }
    let old: BTreeMap<&str, &Cluster> = scanned
        .iter()
        .flat_map(|c| c.members.iter().map(move |m| (m.as_str(), c)))
        .collect();
    groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let representative = g
                .iter()
                .filter(|m| archived.contains(m.as_str()))
                .max_by(|a, b| best[a.as_str()].total_cmp(&best[b.as_str()]).then(b.cmp(a)))
                .or_else(|| old.get(g[0].as_str()).map(|c| &c.representative))
                .unwrap_or(&g[0])
                .clone();
            Cluster {
                id: i + 1,
                size: g.len(),
                representative,
                members: g.clone(),
                member_similarity: g
                    .iter()
                    .map(|m| best.get(m.as_str()).copied().unwrap_or(0.0))
                    .collect(),
                pairs: counts[i],
                pairs_listed: listed[i],
            }
        })
        .collect()
}
