//! `neardup eval`: runs the library's evaluations and prints their scores.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use neardup::eval::pan::{DetectionsOut, SubScore};
use neardup::eval::pan10::Pan10Score;
use neardup::eval::{Prf, mrpc, pairs, pan10};
use neardup::{Comparator, Document, input};

use super::args::EvalTarget;
use super::out_dir::OutDir;
use super::progress::Bar;
use super::shared::{FOUND, shown, write_stdout};

impl DetectionsOut for OutDir {
    fn write(&self, file: &str, xml: &str) -> Result<(), neardup::Error> {
        OutDir::write(self, file, xml.as_bytes()).map_err(|e| neardup::Error::Setting {
            name: "--out",
            message: format!("{e:#}"),
        })
    }
}

/// Runs one evaluation; exit status 0 on success.
pub fn eval(target: EvalTarget) -> Result<u8> {
    // A spinner with the time elapsed while the evaluation runs (on a
    // terminal only); `--retrieve` draws its own bars.
    let what = spinner_label(&target);
    let _bar = Bar::step(
        what.is_some() && std::io::stderr().is_terminal(),
        &format!("evaluating {}", what.unwrap_or_default()),
    );
    match target {
        EvalTarget::Pairs {
            dirs,
            json,
            misses,
            engine,
        } => eval_pairs(&dirs, json, misses, &Comparator::new(engine.config())?),
        EvalTarget::Pan {
            corpus,
            retrieve: true,
            index,
            sample,
            out,
            json,
            force: _,
            engine,
        } => {
            if out.is_some() {
                bail!(
                    "--out is for the given pairs; with --retrieve, use `neardup find --format pan --out DIR`"
                );
            }
            eval_retrieve(
                &Comparator::new(engine.config())?,
                &corpus,
                index,
                sample,
                json,
            )
        }
        EvalTarget::Pan {
            corpus,
            out,
            force,
            json,
            engine,
            ..
        } => eval_pan(
            &Comparator::new(engine.config())?,
            &corpus,
            out.as_deref(),
            force,
            json,
        ),
        EvalTarget::Pan10 {
            dir,
            split,
            json,
            engine,
        } => eval_pan10(&Comparator::new(engine.config())?, &dir, &split, json),
        EvalTarget::Mrpc { file, json, engine } => {
            eval_mrpc(&Comparator::new(engine.config())?, &file, json)
        }
    }
}

/// `eval pan10`: scores the PAN-10 paraphrase pairs of `split`.
fn eval_pan10(cmp: &Comparator, dir: &Path, split: &str, json: bool) -> Result<u8> {
    let data = pan10::read(dir, split)?;
    let s = pan10::evaluate(cmp, &data);
    if json {
        write_stdout(&format!("{}\n", serde_json::to_string_pretty(&s)?))?;
    } else {
        write_stdout(&pan10_text(dir, split, &s))?;
    }
    Ok(FOUND)
}

/// `eval mrpc`: scores the MRPC pairs of `file`.
fn eval_mrpc(cmp: &Comparator, file: &Path, json: bool) -> Result<u8> {
    let text = read_file(file)?;
    let data = mrpc::parse(&text).with_context(|| format!("'{}'", file.display()))?;
    let s = mrpc::evaluate(cmp, &data);
    if json {
        write_stdout(&format!("{}\n", serde_json::to_string_pretty(&s)?))?;
    } else {
        write_stdout(&format!(
            "MRPC {}: {} pairs, {} paraphrases, {} predicted\nprecision {:.3}  recall {:.3}  F1 {:.3}  accuracy {:.3}\n",
            file.display(),
            s.pairs,
            s.positives,
            s.predicted,
            s.scores.precision,
            s.scores.recall,
            s.scores.f1,
            s.accuracy
        ))?;
    }
    Ok(FOUND)
}

/// What the spinner says is being evaluated; `None` for `--retrieve`,
/// which draws its own bars.
fn spinner_label(target: &EvalTarget) -> Option<String> {
    match target {
        EvalTarget::Pairs { .. } => Some("article pairs".to_string()),
        EvalTarget::Pan {
            corpus,
            retrieve: false,
            ..
        } => Some(format!("the PAN corpus '{}'", shown(corpus))),
        EvalTarget::Mrpc { file, .. } => Some(format!("MRPC '{}'", shown(file))),
        EvalTarget::Pan10 { dir, .. } => Some(format!("PAN-10 pairs '{}'", shown(dir))),
        EvalTarget::Pan { .. } => None,
    }
}

/// `eval pan`: scores the detections of every listed pair (written as PAN
/// XML into `out` when given) and prints a table, or JSON.
fn eval_pan(
    cmp: &Comparator,
    corpus: &Path,
    out: Option<&Path>,
    force: bool,
    json: bool,
) -> Result<u8> {
    let out = match out {
        Some(dir) => Some(OutDir::open(dir, "eval pan", force)?),
        None => None,
    };
    let subs =
        neardup::eval::pan::evaluate(cmp, corpus, out.as_ref().map(|o| o as &dyn DetectionsOut))?;
    if let Some(out) = out {
        out.finish()?;
    }
    if json {
        write_stdout(&format!("{}\n", serde_json::to_string_pretty(&subs)?))?;
    } else {
        write_stdout(&pan_table(&subs))?;
    }
    Ok(FOUND)
}

/// The table of `eval pan`: one row per sub-corpus.
fn pan_table(subs: &[SubScore]) -> String {
    let mut t = format!(
        "{:<28} {:>6} {:>9} {:>7} {:>10} {:>7} {:>7} {:>11}\n",
        "sub-corpus", "pairs", "detected", "cases", "detections", "plagdet", "prec", "rec   gran"
    );
    for s in subs {
        let m = &s.scores;
        // Without cases there is nothing to find: PAN's script
        // scores such a sub-corpus by convention (0, or 1 without
        // detections), which says nothing of accuracy; the table
        // shows "–" and the JSON keeps PAN's values.
        let measure = |x: f64, width: usize| {
            if m.cases == 0 {
                format!("{:>width$}", "–")
            } else {
                format!("{x:>width$.3}")
            }
        };
        t.push_str(&format!(
            "{:<28} {:>6} {:>9} {:>7} {:>10} {} {} {} {}\n",
            s.name,
            s.pairs,
            s.pairs_with_detections,
            m.cases,
            m.detections,
            measure(m.plagdet, 7),
            measure(m.precision, 7),
            measure(m.recall, 5),
            measure(m.granularity, 5)
        ));
    }
    t
}

/// The summary of `eval pan10`.
fn pan10_text(dir: &Path, split: &str, s: &Pan10Score) -> String {
    let mut t = format!(
        "PAN-10 {} ({split}): {} pairs, {} paraphrases, {} detected\n\
         precision {:.3}  recall {:.3}  F1 {:.3}\n\
         ROC AUC of rewrite_derived {:.4}  (plain Jaccard of the whole texts: {:.4})\n\
         recall by rewrite passages:",
        dir.display(),
        s.pairs,
        s.positives,
        s.predicted,
        s.scores.precision,
        s.scores.recall,
        s.scores.f1,
        s.auc_rewrite_derived,
        s.auc_jaccard,
    );
    for b in &s.recall_by_split {
        let plus = if b.passages == 4 { "+" } else { "" };
        let r = if b.pairs == 0 {
            "-".to_string()
        } else {
            format!("{:.3}", b.detected as f64 / b.pairs as f64)
        };
        t.push_str(&format!("  {}{plus}: {r} ({} pairs)", b.passages, b.pairs));
    }
    t.push('\n');
    t
}

/// `eval pan --retrieve`: builds an index of the sources (in `index`, or a
/// temporary file), finds the sources of every suspicious document, prints
/// the scores.
fn eval_retrieve(
    cmp: &Comparator,
    corpus: &Path,
    index: Option<PathBuf>,
    sample: usize,
    json: bool,
) -> Result<u8> {
    use std::io::IsTerminal;
    let temp = match &index {
        Some(_) => None,
        None => Some(tempfile_dir()?),
    };
    let path = match (&index, &temp) {
        (Some(p), _) => p.clone(),
        (None, Some(t)) => t.join("pan-sources.ndx"),
        (None, None) => unreachable!("one of them is set"),
    };
    let show = std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        if show && (done % 50 == 0 || done == total) {
            eprint!("\rneardup: {done}/{total} suspicious documents searched");
            if done == total {
                eprintln!();
            }
        }
    };
    let opts = neardup::index::FindOptions::default();
    let scores = neardup::eval::retrieve::evaluate(cmp, corpus, &path, &opts, sample, &progress);
    if let Some(t) = &temp {
        let _ = std::fs::remove_dir_all(t);
    }
    let scores = scores?;
    if json {
        write_stdout(&format!("{}\n", serde_json::to_string_pretty(&scores)?))?;
        return Ok(FOUND);
    }
    let mut t = format!(
        "{:<28} {:>7} {:>5} {:>7} {:>8} {:>7} {:>6} {:>7} {:>6} {:>6} {:>5}\n",
        "sub-corpus",
        "queries",
        "gold",
        "src-rec",
        "reported",
        "src-pre",
        "cand",
        "plagdet",
        "prec",
        "rec",
        "gran"
    );
    for s in &scores {
        let m = &s.scores;
        t.push_str(&format!(
            "{:<28} {:>7} {:>5} {:>7.3} {:>8} {:>7.3} {:>6.1} {:>7.3} {:>6.3} {:>6.3} {:>5.3}\n",
            s.name,
            s.queries,
            s.gold_pairs,
            s.source_recall,
            s.reported,
            s.source_precision,
            s.candidates_per_query,
            m.plagdet,
            m.precision,
            m.recall,
            m.granularity
        ));
    }
    write_stdout(&t)?;
    Ok(FOUND)
}

/// A new private folder in the system's temporary folder.
fn tempfile_dir() -> Result<PathBuf> {
    let base = std::env::temp_dir();
    for attempt in 0..100u32 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = base.join(format!(
            "neardup-eval-{}-{nanos}-{attempt}",
            std::process::id()
        ));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot create a folder in '{}'", base.display()));
            }
        }
    }
    bail!("cannot create a temporary folder in '{}'", base.display())
}

/// Pair folders: each DIR itself if it holds gold.tsv, else its
/// subfolders that do, sorted.
fn pair_dirs(dirs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for d in dirs {
        if d.join("gold.tsv").is_file() {
            out.push(d.clone());
            continue;
        }
        let entries = std::fs::read_dir(d)
            .with_context(|| format!("cannot read folder '{}'", d.display()))?;
        let mut subs: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.join("gold.tsv").is_file())
            .collect();
        if subs.is_empty() {
            bail!(
                "'{}' holds no gold.tsv (expected original.txt, rewrite.txt, gold.tsv)",
                d.display()
            );
        }
        subs.sort();
        out.extend(subs);
    }
    Ok(out)
}

fn eval_pairs(dirs: &[PathBuf], json: bool, misses: bool, cmp: &Comparator) -> Result<u8> {
    let mut scores = Vec::new();
    for dir in pair_dirs(dirs)? {
        let read = |name: &str| -> Result<Document> {
            let p: PathBuf = dir.join(name);
            Ok(Document {
                path: p.display().to_string(),
                text: input::read_text(&p, input::DEFAULT_MAX_SIZE)?,
            })
        };
        let (o, r) = (read("original.txt")?, read("rewrite.txt")?);
        let gold_path = dir.join("gold.tsv");
        let gold = pairs::parse_gold(&read_file(&gold_path)?)
            .with_context(|| format!("'{}'", gold_path.display()))?;
        let name = dir.display().to_string();
        let (s, _) = pairs::score_pair(cmp, &name, &o, &r, &gold)?;
        scores.push(s);
    }
    let sum = |f: fn(&pairs::PairScore) -> usize| scores.iter().map(f).sum::<usize>();
    let total = Prf::new(
        sum(|s| s.correct),
        sum(|s| s.links),
        sum(|s| s.found),
        sum(|s| s.gold),
    );
    if json {
        let v = serde_json::json!({ "pairs": scores, "total": total,
            "new_material_reported": sum(|s| s.new_material_reported) });
        write_stdout(&format!("{}\n", serde_json::to_string_pretty(&v)?))?;
        return Ok(FOUND);
    }
    let mut out = format!(
        "{:<36} {:>5} {:>5} {:>5} {:>7} {:>9} {:>7} {:>4}\n",
        "pair", "gold", "found", "links", "correct", "precision", "recall", "new"
    );
    for s in &scores {
        out.push_str(&format!(
            "{:<36} {:>5} {:>5} {:>5} {:>7} {:>9.3} {:>7.3} {:>4}\n",
            s.name,
            s.gold,
            s.found,
            s.links,
            s.correct,
            s.scores.precision,
            s.scores.recall,
            s.new_material_reported
        ));
    }
    out.push_str(&format!(
        "{:<36} {:>5} {:>5} {:>5} {:>7} {:>9.3} {:>7.3} {:>4}\n",
        "TOTAL (micro)",
        sum(|s| s.gold),
        sum(|s| s.found),
        sum(|s| s.links),
        sum(|s| s.correct),
        total.precision,
        total.recall,
        sum(|s| s.new_material_reported)
    ));
    if misses {
        for s in &scores {
            for m in &s.missed {
                out.push_str(&format!(
                    "\nmissed in {} (similarity {:.3}):\n  {}\n  {}\n",
                    s.name, m.similarity, m.original, m.rewrite
                ));
            }
        }
    }
    write_stdout(&out)?;
    Ok(FOUND)
}

/// A data file (gold TSV, MRPC), read under the default size limit.
fn read_file(p: &Path) -> Result<String> {
    Ok(input::read_text(p, input::DEFAULT_MAX_SIZE)?)
}
