//! `neardup scan --against INDEX`: near-duplicates of new documents among
//! the indexed ones and among themselves, as one scan result.
//!
//! The new documents are scanned as `scan` scans them (with the index's
//! shingles, permutations and seed, so their signatures are comparable).
//! Each is signed again here and its LSH band keys are looked up in the
//! index; every indexed document sharing a band is checked with the
//! Jaccard estimate of the two signatures (the stored one is read only for
//! these candidates). The pairs found join the scan's: clusters are the
//! connected components of both, an indexed member is named by its path in
//! the index, and it is the cluster's representative (the copy already
//! kept). A new file that is itself indexed (same path) is not paired with
//! its own entry.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::config::ScanConfig;
use crate::error::Error;
use crate::format::round4;
use crate::scan::walk::{Sources, WalkOptions, walk};
use crate::scan::{Cluster, Pair, Progress, ScanResult, Scanner};

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
        check("--lang", "none".into(), config.lang.clone())?;
        let threshold = config.threshold;
        let walk_opts = WalkOptions {
            extensions: config.extensions.clone(),
            hidden: config.hidden,
            follow: config.follow,
        };
        let max_size = config.max_size;
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
                let loaded = crate::scan::read::read_document(f.path(), max_size, &mut buf).ok()?;
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
                let equal = mins.iter().zip(&theirs).filter(|(a, b)| a == b).count();
                let similarity = equal as f64 / mins.len().max(1) as f64;
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
    // Union-find over paths.
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut parent: Vec<usize> = Vec::new();
    let mut id_of = |p: &str, parent: &mut Vec<usize>| -> usize {
        *ids.entry(p.to_string()).or_insert_with(|| {
            parent.push(parent.len());
            parent.len() - 1
        })
    };
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let union = |a: usize, b: usize, parent: &mut Vec<usize>| {
        let (ra, rb) = (root(parent, a), root(parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    };
    for c in &result.clusters {
        let first = id_of(&c.members[0], &mut parent);
        for m in &c.members[1..] {
            let x = id_of(m, &mut parent);
            union(first, x, &mut parent);
        }
    }
    for p in pairs {
        let (a, b) = (id_of(&p.new, &mut parent), id_of(&p.archived, &mut parent));
        union(a, b, &mut parent);
    }
    let archived: std::collections::BTreeSet<&str> =
        pairs.iter().map(|p| p.archived.as_str()).collect();
    // Best similarity per member, pair counts per component.
    let mut best: BTreeMap<&str, f64> = BTreeMap::new();
    for c in &result.clusters {
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
    let mut components: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let paths: Vec<String> = ids.keys().cloned().collect();
    for path in &paths {
        let r = root(&mut parent, ids[path]);
        components.entry(r).or_default().push(path.clone());
    }
    let mut groups: Vec<Vec<String>> = components.into_values().collect();
    for g in &mut groups {
        g.sort();
    }
    groups.sort();
    let group_of: BTreeMap<&str, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(i, g)| g.iter().map(move |m| (m.as_str(), i)))
        .collect();
    let mut counts = vec![0u64; groups.len()];
    for c in &result.clusters {
        counts[group_of[c.members[0].as_str()]] += c.pairs;
    }
    let mut all_pairs: Vec<Pair> = result.pairs.clone();
    for p in pairs {
        counts[group_of[p.new.as_str()]] += 1;
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
        crate::scan::histogram::add(&mut result.similarity_histogram, round4(p.similarity), 1);
    }
    all_pairs.sort_by(|x, y| x.a.cmp(&y.a).then_with(|| x.b.cmp(&y.b)));
    all_pairs.dedup_by(|x, y| x.a == y.a && x.b == y.b);
    let mut listed = vec![0usize; groups.len()];
    let mut kept = Vec::new();
    for mut p in all_pairs {
        let g = group_of[p.a.as_str()];
        if listed[g] < max_pairs {
            listed[g] += 1;
            p.cluster = g + 1;
            kept.push(p);
        }
    }
    let old: BTreeMap<&str, &Cluster> = result
        .clusters
        .iter()
        .flat_map(|c| c.members.iter().map(move |m| (m.as_str(), c)))
        .collect();
    let clusters: Vec<Cluster> = groups
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
        .collect();
    let s = &mut result.summary;
    s.similar_pairs += pairs.len() as u64;
    s.clusters = clusters.len();
    s.documents_in_clusters = clusters.iter().map(|c| c.size).sum();
    s.redundant_documents = s.documents_in_clusters - clusters.len();
    s.pairs_listed = kept.len();
    result.clusters = clusters;
    result.pairs = kept;
}
