//! `neardup eval pan`: runs a corpus in PAN's text-alignment layout and
//! scores the detections with PAN's measures.
//!
//! Layout: `CORPUS/src/`, `CORPUS/susp/`, and sub-corpus folders holding a
//! `pairs` file (`suspicious-documentN.txt source-documentM.txt` per line —
//! PAN lists the suspicious document first) and one gold XML per pair. A
//! corpus without sub-corpus folders is read from `CORPUS/pairs`. Every
//! document is read and prepared once, however many pairs it is in.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::compare::{Comparator, Document, Prepared};
use crate::error::Error;
use crate::input;
use crate::pan::measures::{Annotation, PanScores, score};
use crate::pan::{CharOffsets, detections, detections_xml, pair_file_name, read_gold};

/// One sub-corpus: its folder and its (suspicious, source) pairs.
#[derive(Debug, Clone)]
pub struct SubCorpus {
    /// Folder name (e.g. `03-random-obfuscation`).
    pub name: String,
    /// Folder path.
    pub dir: PathBuf,
    /// (suspicious, source) document names.
    pub pairs: Vec<(String, String)>,
}

/// Finds the sub-corpora of a PAN corpus, sorted by name.
pub fn discover(root: &Path) -> Result<Vec<SubCorpus>, Error> {
    for d in ["src", "susp"] {
        if !root.join(d).is_dir() {
            return Err(Error::PanLayout {
                path: root.to_path_buf(),
                problem: format!("has no {d}/ folder: expected PAN's layout (src/, susp/, pairs)"),
            });
        }
    }
    let entries = fs::read_dir(root).map_err(|error| Error::Read {
        path: root.to_path_buf(),
        error,
    })?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("pairs").is_file())
        .collect();
    dirs.sort();
    if dirs.is_empty() && root.join("pairs").is_file() {
        dirs.push(root.to_path_buf());
    }
    if dirs.is_empty() {
        return Err(Error::PanLayout {
            path: root.to_path_buf(),
            problem: "holds no pairs file".into(),
        });
    }
    dirs.into_iter()
        .map(|dir| {
            let list_path = dir.join("pairs");
            let list = input::read_utf8(&list_path)?;
            let pairs = list
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| {
                    let mut f = l.split_whitespace();
                    match (f.next(), f.next()) {
                        (Some(a), Some(b)) => Ok((a.to_string(), b.to_string())),
                        _ => Err(Error::Malformed {
                            path: list_path.clone(),
                            reason: format!("bad line {l:?}"),
                        }),
                    }
                })
                .collect::<Result<Vec<_>, Error>>()?;
            let name = dir
                .file_name()
                .map_or("all".into(), |n| n.to_string_lossy().into_owned());
            Ok(SubCorpus { name, dir, pairs })
        })
        .collect()
}

/// Scores of one sub-corpus (or of all).
#[derive(Debug, Clone, Serialize)]
pub struct SubScore {
    /// Sub-corpus name, or `overall`.
    pub name: String,
    /// Document pairs.
    pub pairs: usize,
    /// Pairs with at least one detection.
    pub pairs_with_detections: usize,
    /// PAN's measures.
    pub scores: PanScores,
}

struct Prepped {
    doc: Document,
    prepared: Prepared,
}

/// Where [`evaluate`] puts the detection XML of each pair.
pub trait DetectionsOut: Sync {
    /// Stores `xml` as `file`, a relative name `<sub-corpus>/<susp>-<src>.xml`.
    fn write(&self, file: &str, xml: &str) -> Result<(), Error>;
}

/// Runs every pair of the corpus at `root`; hands each pair's detection
/// XML to `out` when it is given.
pub fn evaluate(
    cmp: &Comparator,
    root: &Path,
    out: Option<&dyn DetectionsOut>,
) -> Result<Vec<SubScore>, Error> {
    let subs = discover(root)?;
    let mut names: Vec<(bool, &str)> = Vec::new();
    for s in &subs {
        for (susp, src) in &s.pairs {
            names.push((true, susp));
            names.push((false, src));
        }
    }
    names.sort_unstable();
    names.dedup();
    let prepared: BTreeMap<(bool, &str), Prepped> = names
        .par_iter()
        .map(|&(is_susp, name)| {
            let path = root.join(if is_susp { "susp" } else { "src" }).join(name);
            let text = input::read_utf8(&path)?;
            let prepared = cmp.prepare(&text);
            Ok((
                (is_susp, name),
                Prepped {
                    doc: Document {
                        path: name.to_string(),
                        text,
                    },
                    prepared,
                },
            ))
        })
        .collect::<Result<_, Error>>()?;
    let mut results = Vec::new();
    let (mut all_cases, mut all_dets) = (Vec::new(), Vec::new());
    let (mut all_pairs, mut all_with) = (0, 0);
    for sub in &subs {
        let per_pair: Vec<(Vec<Annotation>, Vec<Annotation>)> = sub
            .pairs
            .par_iter()
            .map(|(susp, src)| {
                let s = &prepared[&(true, susp.as_str())];
                let o = &prepared[&(false, src.as_str())];
                let c = cmp.compare_prepared(&o.doc, &o.prepared, &s.doc, &s.prepared);
                // Character offsets only for the pair at hand: kept for
                // every document, at 8 bytes a character, they were a third
                // of the run's peak memory.
                let (s_chars, o_chars) =
                    (CharOffsets::new(&s.doc.text), CharOffsets::new(&o.doc.text));
                let dets = detections(&c, susp, src, &s_chars, &o_chars);
                let gold = read_gold(&sub.dir.join(pair_file_name(susp, src)))?;
                if let Some(out) = out {
                    let file = format!("{}/{}", sub.name, pair_file_name(susp, src));
                    out.write(&file, &detections_xml(susp, &dets))?;
                }
                Ok((gold, dets))
            })
            .collect::<Result<_, Error>>()?;
        let with = per_pair.iter().filter(|p| !p.1.is_empty()).count();
        let cases: Vec<Annotation> = per_pair.iter().flat_map(|p| p.0.iter().cloned()).collect();
        let dets: Vec<Annotation> = per_pair.iter().flat_map(|p| p.1.iter().cloned()).collect();
        results.push(SubScore {
            name: sub.name.clone(),
            pairs: sub.pairs.len(),
            pairs_with_detections: with,
            scores: score(&cases, &dets),
        });
        all_pairs += sub.pairs.len();
        all_with += with;
        all_cases.extend(cases);
        all_dets.extend(dets);
    }
    results.push(SubScore {
        name: "overall".into(),
        pairs: all_pairs,
        pairs_with_detections: all_with,
        scores: score(&all_cases, &all_dets),
    });
    Ok(results)
}
