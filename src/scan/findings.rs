//! Findings from another engine, turned into the scan's own result.
//!
//! The Spark job (`spark/neardup_spark.py`) signs, folds, bands and
//! verifies like the scan, but on a cluster. What it finds — the documents
//! in some cluster with their text and word count, the verified edges
//! between texts, the skipped files and the counts of each stage — is
//! handed to [`Scanner::report`], which clusters and describes it with the
//! scan's own code (union-find, representatives, listed pairs, histogram),
//! so that `DIR/scan.json` cannot differ from `neardup scan --format json`
//! by a second implementation of those rules. `neardup cluster` reads the
//! findings as JSON lines ([`Findings::read_jsonl`]), one record a line:
//!
//! ```text
//! {"counts": {"files": 12, "documents": 10, "bytes": 5120, "distinct_texts": 9,
//!             "candidate_pairs": 3, "rechecked_pairs": 1, "oversized_buckets": 0}}
//! {"doc": {"id": "corpus/a.txt", "text": "corpus/a.txt", "words": 120}}
//! {"doc": {"id": "corpus/c.txt", "text": "corpus/a.txt", "words": 120}}
//! {"doc": {"id": "corpus/b.txt", "text": "corpus/b.txt", "words": 118}}
//! {"edge": {"a": "corpus/a.txt", "b": "corpus/b.txt", "similarity": 0.9140625}}
//! {"skipped": {"path": "corpus/e.txt", "reason": "empty", "detail": "no words"}}
//! {"lossy": "corpus/l.txt"}
//! {"non_utf8": {"path": "corpus/w.txt", "encoding": "windows-1252"}}
//! ```
//!
//! `counts` may also hold `"languages": {"en": 9, "ru": 1}` (documents
//! per language detected, under `--lang auto`).
//!
//! A text is named by its first (smallest) document id; `docs` lists every
//! document of every text that is in an edge or has copies (the others
//! cannot be in a cluster and may be left out); a `similarity` is the one
//! verification decided on (`equal / perms`, or exact `inter / union`).

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Read};

/// The longest findings line read, newline included (records hold ids,
/// counts and scores, never a document's text).
const MAX_LINE: u64 = 1 << 20;

use serde::Deserialize;

use super::cluster::{Edge, Texts};
use super::result::{NonUtf8, ScanResult, Skipped, Summary};
use super::{Reading, Scanner, Verified};
use crate::error::{Error, StreamKind, StreamPosition};

/// Everything another engine found, before clustering.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Findings {
    /// The counts of the stages before clustering.
    pub counts: Counts,
    /// Documents that may be in a cluster, with their text.
    pub docs: Vec<FoundDoc>,
    /// Verified pairs of texts.
    pub edges: Vec<FoundEdge>,
    /// Documents that were not signed, with the reason.
    pub skipped: Vec<Skipped>,
    /// Documents decoded after replacing bytes invalid in their encoding.
    pub decoded_lossily: Vec<String>,
    /// Documents decoded from another encoding than UTF-8.
    pub non_utf8: Vec<NonUtf8>,
}

/// The counts of the stages before clustering (the fields of
/// [`Summary`] of the same names).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// Documents found.
    pub files: usize,
    /// Documents signed.
    pub documents: usize,
    /// Bytes of the documents signed.
    pub bytes: u64,
    /// Distinct texts among the documents signed.
    pub distinct_texts: usize,
    /// Candidate pairs of texts from banding.
    pub candidate_pairs: usize,
    /// Candidates re-checked with exact Jaccard.
    pub rechecked_pairs: usize,
    /// Buckets over the cap.
    pub oversized_buckets: usize,
    /// Documents signed per language detected (`--lang auto`; optional).
    #[serde(default)]
    pub languages: BTreeMap<String, usize>,
}

/// A document and its text.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FoundDoc {
    /// Its id (path).
    pub id: String,
    /// The id of the first document with the same content.
    pub text: String,
    /// Words read (the representative's tie-break).
    pub words: u32,
}

/// Two texts at or above the threshold.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FoundEdge {
    /// One text (its first document id).
    pub a: String,
    /// The other.
    pub b: String,
    /// The similarity verification decided on.
    pub similarity: f64,
}

/// One line of the JSON-lines form.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum Line {
    Counts(Counts),
    Doc(FoundDoc),
    Edge(FoundEdge),
    Skipped(Skipped),
    Lossy(String),
    NonUtf8(NonUtf8),
}

impl Findings {
    /// Reads the JSON-lines form (see the module docs); an error names the
    /// line.
    pub fn read_jsonl(input: impl BufRead) -> Result<Findings, Error> {
        let mut f = Findings::default();
        let mut counted = false;
        let mut input = input;
        let mut bytes = Vec::new();
        for i in 0.. {
            let bad = |what: String| {
                Error::stream(StreamKind::Findings, StreamPosition::Line(i + 1), what)
            };
            bytes.clear();
            // A line is read up to its cap and no further, so an endless
            // stream without newlines cannot exhaust memory.
            let n = (&mut input)
                .take(MAX_LINE + 1)
                .read_until(b'\n', &mut bytes)
                .map_err(|e| bad(format!("cannot read: {e}")))?;
            if n == 0 {
                break;
            }
            if n as u64 > MAX_LINE {
                return Err(bad(format!(
                    "longer than {MAX_LINE} bytes; a findings record is one short JSON object a line"
                )));
            }
            let line = std::str::from_utf8(&bytes).map_err(|e| bad(format!("not UTF-8: {e}")))?;
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str(line).map_err(|e| bad(e.to_string()))? {
                Line::Counts(c) => {
                    f.counts = c;
                    counted = true;
                }
                Line::Doc(d) => f.docs.push(d),
                Line::Edge(e) => f.edges.push(e),
                Line::Skipped(s) => f.skipped.push(s),
                Line::Lossy(p) => f.decoded_lossily.push(p),
                Line::NonUtf8(d) => f.non_utf8.push(d),
            }
        }
        if !counted {
            return Err(Error::stream(
                StreamKind::Findings,
                StreamPosition::Whole,
                "no {\"counts\": ...} line",
            ));
        }
        Ok(f)
    }
}

impl Scanner {
    /// The scan result of `findings`, clustered and described exactly as
    /// [`Scanner::scan`] would from the same texts and edges. Fails when the
    /// findings contradict themselves (a text that is not the smallest id
    /// of its documents, an edge to an unknown text).
    pub fn report(&self, findings: Findings) -> Result<ScanResult, Error> {
        let Findings {
            counts,
            mut docs,
            edges,
            skipped,
            decoded_lossily,
            non_utf8,
        } = findings;
        docs.sort_unstable_by(|x, y| x.id.cmp(&y.id));
        if let Some(w) = docs.windows(2).find(|w| w[0].id == w[1].id) {
            return Err(bad(format!("document '{}' is listed twice", w[0].id)));
        }
        let (index, texts) = group_texts(&docs)?;
        let found = text_edges(&edges, &docs, &index, &texts)?;
        let summary = Summary {
            files: counts.files,
            documents: counts.documents,
            bytes: counts.bytes,
            distinct_texts: counts.distinct_texts,
            candidate_pairs: counts.candidate_pairs,
            rechecked_pairs: counts.rechecked_pairs,
            oversized_buckets: counts.oversized_buckets,
            ..Summary::default()
        };
        let words = |d: u32| docs[d as usize].words;
        let path = |d: u32| docs[d as usize].id.clone();
        Ok(self.finish(
            Verified {
                texts: &texts,
                edges: &found,
                words: &words,
                path: &path,
            },
            summary,
            skipped,
            Reading {
                decoded_lossily,
                non_utf8,
                languages: counts.languages,
            },
        ))
    }
}

/// An error in findings that contradict themselves.
fn bad(what: String) -> Error {
    Error::stream(StreamKind::Findings, StreamPosition::Whole, what)
}

/// Each document's index (`docs` sorted by id), and the documents grouped
/// into texts; a text is keyed by the index of its first document, which
/// must be the smallest id among its documents and name itself.
fn group_texts(docs: &[FoundDoc]) -> Result<(HashMap<&str, u32>, Texts), Error> {
    let index: HashMap<&str, u32> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i as u32))
        .collect();
    let mut keyed = Vec::with_capacity(docs.len());
    for (i, d) in docs.iter().enumerate() {
        let Some(&first) = index.get(d.text.as_str()) else {
            return Err(bad(format!(
                "document '{}' names text '{}', which is not a listed document",
                d.id, d.text
            )));
        };
        if docs[first as usize].text != d.text || first as usize > i {
            return Err(bad(format!(
                "text '{}' must be the smallest id among its documents and its own text",
                d.text
            )));
        }
        keyed.push((first as u64, i as u32));
    }
    Ok((index, Texts::group(keyed)))
}

/// The edges as edges between texts, sorted; each must join two listed
/// texts at a similarity in [0, 1], once.
fn text_edges(
    edges: &[FoundEdge],
    docs: &[FoundDoc],
    index: &HashMap<&str, u32>,
    texts: &Texts,
) -> Result<Vec<Edge>, Error> {
    let text_of: HashMap<u32, u32> = (0..texts.len())
        .map(|t| (texts.first(t), t as u32))
        .collect();
    let text = |id: &str| -> Result<u32, Error> {
        index
            .get(id)
            .and_then(|d| text_of.get(d))
            .copied()
            .ok_or_else(|| bad(format!("edge names '{id}', which is not a listed text")))
    };
    let mut found = Vec::with_capacity(edges.len());
    for e in edges {
        let (a, b) = (text(&e.a)?, text(&e.b)?);
        if a == b || !(0.0..=1.0).contains(&e.similarity) {
            return Err(bad(format!(
                "edge '{}' - '{}' ({}) is not between two texts at a similarity in [0, 1]",
                e.a, e.b, e.similarity
            )));
        }
        found.push(Edge {
            a: a.min(b),
            b: a.max(b),
            similarity: e.similarity,
        });
    }
    found.sort_by_key(|e| (e.a, e.b));
    if let Some(w) = found
        .windows(2)
        .find(|w| (w[0].a, w[0].b) == (w[1].a, w[1].b))
    {
        return Err(bad(format!(
            "the edge between '{}' and '{}' is listed twice",
            docs[texts.first(w[0].a as usize) as usize].id,
            docs[texts.first(w[0].b as usize) as usize].id
        )));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ScanConfig;

    const LINES: &str = r#"{"counts": {"files": 6, "documents": 5, "bytes": 500, "distinct_texts": 4, "candidate_pairs": 2, "rechecked_pairs": 1, "oversized_buckets": 0}}
{"doc": {"id": "d/c", "text": "d/a", "words": 10}}
{"doc": {"id": "d/a", "text": "d/a", "words": 10}}
{"doc": {"id": "d/b", "text": "d/b", "words": 12}}
{"edge": {"a": "d/b", "b": "d/a", "similarity": 0.875}}
{"skipped": {"path": "d/e", "reason": "empty", "detail": "no words"}}
{"lossy": "d/b"}
{"non_utf8": {"path": "d/c", "encoding": "UTF-16LE"}}
{"non_utf8": {"path": "d/b", "encoding": "windows-1252"}}
"#;

    #[test]
    fn findings_become_the_scan_result() {
        let f = Findings::read_jsonl(LINES.as_bytes()).unwrap();
        assert_eq!(f.docs.len(), 3);
        let scanner = Scanner::new(ScanConfig::default()).unwrap();
        let r = scanner.report(f).unwrap();
        assert_eq!(r.clusters.len(), 1);
        assert_eq!(r.clusters[0].members, ["d/a", "d/b", "d/c"]);
        assert_eq!(
            r.clusters[0].representative, "d/b",
            "equal degrees (2 documents each): more words"
        );
        assert_eq!(r.clusters[0].pairs, 3);
        assert_eq!(r.pairs.len(), 3);
        assert_eq!(
            (r.pairs[0].a.as_str(), r.pairs[0].b.as_str()),
            ("d/a", "d/b")
        );
        assert_eq!(r.pairs[0].similarity, 0.875);
        assert_eq!(r.summary.skipped.empty, 1);
        assert_eq!(r.summary.decoded_lossily, 1);
        assert_eq!(r.summary.non_utf8, 2);
        assert_eq!(
            (r.non_utf8[0].path.as_str(), r.non_utf8[0].encoding.as_str()),
            ("d/b", "windows-1252")
        );
        assert!(r.summary.languages.is_empty());
        assert_eq!(r.summary.redundant_documents, 2);
        assert_eq!(r.summary.rechecked_pairs, 1);
        assert_eq!(r.settings.bands, scanner.lsh_params().bands);
    }

    #[test]
    fn endless_findings_line_stops_at_its_cap() {
        let endless = std::io::BufReader::new(std::io::repeat(b'x'));
        let e = Findings::read_jsonl(endless).unwrap_err().to_string();
        assert!(e.contains("line 1") && e.contains("longer than"), "{e}");
    }

    #[test]
    fn contradictions_name_the_problem() {
        let err = |text: &str| {
            let f = Findings::read_jsonl(text.as_bytes()).and_then(|f| {
                Scanner::new(ScanConfig::default())
                    .unwrap()
                    .report(f)
                    .map(|_| ())
            });
            f.unwrap_err().to_string()
        };
        let counts = r#"{"counts": {"files": 0, "documents": 0, "bytes": 0, "distinct_texts": 0, "candidate_pairs": 0, "rechecked_pairs": 0, "oversized_buckets": 0}}"#;
        assert!(err("").contains("counts"));
        assert!(err(&format!("{counts}\n{{\"dog\": 1}}")).contains("line 2"));
        let e = err(&format!(
            "{counts}\n{}",
            r#"{"doc": {"id": "b", "text": "b", "words": 1}}
{"doc": {"id": "a", "text": "b", "words": 1}}"#
        ));
        assert!(e.contains("smallest"), "{e}");
        let e = err(&format!(
            "{counts}\n{}",
            r#"{"doc": {"id": "a", "text": "a", "words": 1}}
{"edge": {"a": "a", "b": "z", "similarity": 0.9}}"#
        ));
        assert!(e.contains("'z'"), "{e}");
    }
}
