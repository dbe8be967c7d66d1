//! Helpers shared by the `neardup scan` integration tests: running the real
//! binary, writing corpora into temp dirs, synthetic texts with planted
//! near-duplicates, and a naive exact-Jaccard oracle on word 5-gram strings
//! (no hashing, no shared code with the scanner).

#![allow(dead_code)]

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use neardup::internals::SplitMix64;

/// What a run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `neardup ARGS` in `cwd` with extra environment variables.
pub fn neardup_env(cwd: &Path, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_neardup"));
    cmd.args(args).current_dir(cwd).stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("the binary runs");
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("piped")
            .write_all(input.as_bytes())
            .expect("stdin written");
    }
    let out: Output = child.wait_with_output().expect("the binary finishes");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "the binary panicked: {}",
        run.stderr
    );
    run
}

/// Runs `neardup ARGS` in `cwd`.
pub fn neardup(cwd: &Path, args: &[&str]) -> Run {
    neardup_env(cwd, args, &[], None)
}

/// Parses a JSON report.
pub fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", run.stdout))
}

/// Writes `files` (relative path, contents) under `root`.
pub fn write_corpus(root: &Path, files: &[(String, Vec<u8>)]) {
    for (rel, data) in files {
        let p = root.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("folder created");
        }
        std::fs::write(&p, data).expect("file written");
    }
}

/// A lexicon of `n` distinct pseudo-words.
pub fn lexicon(rng: &mut SplitMix64, n: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    while seen.len() < n {
        let len = 3 + (rng.next() % 7) as usize;
        let w: String = (0..len)
            .map(|_| (b'a' + (rng.next() % 26) as u8) as char)
            .collect();
        seen.insert(w);
    }
    let mut v: Vec<String> = seen.into_iter().collect();
    v.sort();
    v
}

/// A document: paragraphs of sentences of words.
#[derive(Clone, Debug)]
pub struct Doc {
    pub paragraphs: Vec<Vec<Vec<String>>>,
}

impl Doc {
    /// A random document of about `words` words.
    pub fn random(rng: &mut SplitMix64, lex: &[String], words: usize) -> Doc {
        let mut paragraphs = Vec::new();
        let mut left = words;
        while left > 0 {
            let mut para = Vec::new();
            for _ in 0..(2 + rng.next() % 4) {
                let len = (6 + (rng.next() % 14) as usize).min(left);
                if len == 0 {
                    break;
                }
                para.push(
                    (0..len)
                        .map(|_| lex[(rng.next() % lex.len() as u64) as usize].clone())
                        .collect(),
                );
                left -= len;
            }
            paragraphs.push(para);
        }
        Doc { paragraphs }
    }

    /// The text: capitalised sentences ending with a full stop, blank lines
    /// between paragraphs.
    pub fn text(&self) -> String {
        self.paragraphs
            .iter()
            .map(|p| {
                p.iter()
                    .map(|s| {
                        let mut t = s.join(" ");
                        if let Some(first) = t.get(0..1) {
                            t.replace_range(0..1, &first.to_uppercase());
                        }
                        t + "."
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n\n")
            + "\n"
    }

    /// `k` words replaced by random lexicon words.
    pub fn edited(&self, rng: &mut SplitMix64, lex: &[String], k: usize) -> Doc {
        let mut d = self.clone();
        let total: usize = d.paragraphs.iter().flatten().map(Vec::len).sum();
        for _ in 0..k {
            let mut at = (rng.next() % total as u64) as usize;
            'find: for p in &mut d.paragraphs {
                for s in p {
                    if at < s.len() {
                        s[at] = lex[(rng.next() % lex.len() as u64) as usize].clone();
                        break 'find;
                    }
                    at -= s.len();
                }
            }
        }
        d
    }

    /// The paragraphs in another order (a rotation by `by`).
    pub fn reordered(&self, by: usize) -> Doc {
        let mut d = self.clone();
        let n = d.paragraphs.len();
        d.paragraphs.rotate_left(by % n.max(1));
        d
    }

    /// Sentences shuffled within the whole document.
    pub fn sentences_shuffled(&self, rng: &mut SplitMix64) -> Doc {
        let mut all: Vec<Vec<String>> = self.paragraphs.iter().flatten().cloned().collect();
        for i in (1..all.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            all.swap(i, j);
        }
        Doc {
            paragraphs: vec![all],
        }
    }

    /// `boilerplate` added as a first and a last paragraph.
    pub fn with_boilerplate(&self, head: &[String], tail: &[String]) -> Doc {
        let mut d = self.clone();
        d.paragraphs.insert(0, vec![head.to_vec()]);
        d.paragraphs.push(vec![tail.to_vec()]);
        d
    }
}

/// The oracle's shingle set: word 5-grams of lower-cased alphanumeric
/// words, as strings.
pub fn shingles(text: &str) -> HashSet<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.windows(5).map(|w| w.join(" ")).collect()
}

/// Exact Jaccard of two sets (0 when both are empty).
pub fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// All pairs `(a, b)` of `names` (sorted) with oracle Jaccard ≥ `t`, with
/// their Jaccard.
pub fn brute_force_pairs(names: &[String], texts: &[String], t: f64) -> Vec<(String, String, f64)> {
    let sets: Vec<HashSet<String>> = texts.iter().map(|x| shingles(x)).collect();
    let mut out = Vec::new();
    for i in 0..names.len() {
        for j in i + 1..names.len() {
            let s = jaccard(&sets[i], &sets[j]);
            if s >= t {
                let (a, b) = if names[i] < names[j] { (i, j) } else { (j, i) };
                out.push((names[a].clone(), names[b].clone(), s));
            }
        }
    }
    out.sort_by(|x, y| (&x.0, &x.1).cmp(&(&y.0, &y.1)));
    out
}

/// The pairs of a JSON report as `(a, b, similarity)`.
pub fn reported_pairs(report: &serde_json::Value) -> Vec<(String, String, f64)> {
    report["pairs"]
        .as_array()
        .expect("pairs is an array")
        .iter()
        .map(|p| {
            (
                p["a"].as_str().expect("a").to_string(),
                p["b"].as_str().expect("b").to_string(),
                p["similarity"].as_f64().expect("similarity"),
            )
        })
        .collect()
}
