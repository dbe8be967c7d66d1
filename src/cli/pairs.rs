//! `neardup compare --pairs FILE`: many document pairs at once.
//!
//! Each line of FILE names an original and a rewrite, separated by a tab
//! (or, without a tab, by whitespace); blank lines and lines starting with
//! `#` are skipped. Relative paths are resolved against `--base`, or else
//! the folder of FILE. Pairs are processed in parallel in chunks, each
//! document read and prepared once per chunk, and reported in input order:
//! one JSON line per pair (`--format jsonl`), PAN detection XML files
//! (`--format pan --out DIR`), one HTML report per pair and an index page
//! linking them (`--format html --out DIR`), or one summary line per pair
//! (terminal).

use std::collections::{BTreeMap, BTreeSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use neardup::compare::{Prepared, Settings};
use neardup::decode::StoredOffsets;
use neardup::pan::PairDetections;
use neardup::report::stored::{Stored, to_stored};
use neardup::report::{html, json};
use neardup::{Comparator, Comparison, Document, input};
use rayon::prelude::*;

use super::args::{CompareArgs, FormatArg};
use super::out_dir::OutDir;
use super::progress::pairs_bar;
use super::shared::{ERROR, FOUND, NOT_FOUND, read_input, shown, write_stdout};
use neardup::report::sanitize::terminal_line;
use neardup::scan::walk::display_given;

/// Pairs per chunk: bounds the texts held in memory at once.
const CHUNK: usize = 512;

/// Parses a pairs file into (original, rewrite) paths.
fn parse_pairs(list: &str, base: &Path) -> Result<Vec<(PathBuf, PathBuf)>> {
    let mut out = Vec::new();
    // A byte-order mark (editors on Windows write one) is not part of the
    // first path.
    let list = list.strip_prefix('\u{feff}').unwrap_or(list);
    for (n, line) in list.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (a, b) = match line.split_once('\t') {
            Some((_, b)) if b.contains('\t') => bail!(
                "line {}: more than two tab-separated columns (expected ORIGINAL<TAB>REWRITE): {line:?}",
                n + 1
            ),
            Some((a, b)) => (a.trim(), b.trim()),
            None => {
                let mut f = line.split_whitespace();
                match (f.next(), f.next(), f.next()) {
                    (Some(a), Some(b), None) => (a, b),
                    _ => bail!(
                        "line {}: expected ORIGINAL and REWRITE separated by a tab: {line:?}",
                        n + 1
                    ),
                }
            }
        };
        out.push((base.join(a), base.join(b)));
    }
    Ok(out)
}

/// What came of one pair: its comparison and documents, or why it failed.
/// A comparison (text offsets), its documents, and the comparison in file
/// offsets (what JSON lines report).
type PairResult<'a> = Result<(Comparison, &'a Document, &'a Document, Comparison), String>;

/// How a file was stored: its encoding and the text → file offset map.
type StoredFile = (&'static str, StoredOffsets);

fn stored(s: &StoredFile) -> Stored<'_> {
    Stored {
        encoding: s.0,
        offsets: &s.1,
    }
}

/// Runs every pair of `pairs_file`.
pub fn compare_pairs(args: &CompareArgs, pairs_file: &Path) -> Result<u8> {
    let out_dir = output_dir(args.format(), args.out.as_deref(), args.force)?;
    let status = run_pairs(args, pairs_file, out_dir.as_ref())?;
    // Only a finished run refreshes the folder (after an error it is left
    // as is: its manifest lists the earlier files and the ones written).
    if let Some(dir) = out_dir {
        dir.finish()?;
    }
    Ok(status)
}

fn run_pairs(args: &CompareArgs, pairs_file: &Path, out_dir: Option<&OutDir>) -> Result<u8> {
    let pairs = read_pairs(args, pairs_file)?;
    let format = args.format();
    let html_dir = out_dir.filter(|_| format == FormatArg::Html);
    let name_width = pairs.len().to_string().len().max(4);
    if let Some(dir) = html_dir {
        claim_pages(dir, &pairs, name_width)?;
    }
    let run = PairsRun {
        args,
        format,
        out_dir,
        html_dir,
        name_width,
        cmp: Comparator::new(args.engine.config())?,
    };
    let mut tally = Tally::default();
    let bar = pairs_bar(pairs.len() as u64);
    for (chunk_no, chunk) in pairs.chunks(CHUNK).enumerate() {
        let docs = run.read_chunk(chunk);
        let results = run.compare_chunk(chunk_no, chunk, &docs)?;
        let mut text = String::new();
        for (k, ((a, b), r)) in chunk.iter().zip(results).enumerate() {
            let number = chunk_no * CHUNK + k + 1;
            match r {
                Err(e) => run.record_failure(number, a, b, e, &mut tally, &mut text),
                Ok(c) => run.record_comparison(number, a, b, c, &mut tally, &mut text)?,
            }
        }
        write_stdout(&text)?;
        if let Some(b) = &bar {
            b.inc(chunk.len() as u64);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    run.finish(pairs_file, pairs.len(), tally)
}

/// Reads and parses the pairs file; relative paths resolve against
/// `--base`, or else the file's folder.
fn read_pairs(args: &CompareArgs, pairs_file: &Path) -> Result<Vec<(PathBuf, PathBuf)>> {
    let (list, _) = read_input(pairs_file, args.max_size, neardup::decode::Decoding::Auto)
        .context("cannot read the pairs file")?;
    let base = match &args.base {
        Some(b) => b.clone(),
        None => pairs_file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
    };
    parse_pairs(&list.text, &base).with_context(|| format!("'{}'", shown(pairs_file)))
}

/// Claims every page's name in the HTML folder before any is written, so
/// a name the folder cannot take is refused up front.
fn claim_pages(dir: &OutDir, pairs: &[(PathBuf, PathBuf)], name_width: usize) -> Result<()> {
    let names: Vec<String> = (pairs.iter().enumerate())
        .map(|(k, (a, b))| {
            let (a, b) = (display_given(a), display_given(b));
            html::pair_report_name(k + 1, name_width, &a, &b)
        })
        .collect();
    dir.claim(std::iter::once(html::INDEX_FILE).chain(names.iter().map(String::as_str)))
}

/// A document of a chunk, read and prepared once however many pairs name
/// it, or why it could not be read.
type ChunkDoc = Result<(Document, Prepared, StoredFile), String>;

/// What one run over a pairs file shares between its chunks.
struct PairsRun<'a> {
    args: &'a CompareArgs,
    format: FormatArg,
    /// The `--out` folder (PAN or HTML).
    out_dir: Option<&'a OutDir>,
    /// The `--out` folder when pages are written into it.
    html_dir: Option<&'a OutDir>,
    /// Digits of the page numbers (so pages sort in input order).
    name_width: usize,
    cmp: Comparator,
}

/// What the pairs reported so far came to.
#[derive(Default)]
struct Tally {
    /// Pairs that failed (a document could not be read).
    errors: usize,
    /// Pairs with at least one match.
    found: usize,
    /// Pairs whose comparison skipped over-full LSH buckets.
    skipping: usize,
    /// PAN file names written so far (a repeated name gets the pair number).
    written: BTreeSet<String>,
    /// The HTML index's rows.
    index: Vec<html::IndexRow>,
    /// The settings the HTML index shows (the first comparison's).
    settings: Option<Settings>,
}

impl PairsRun<'_> {
    /// Reads and prepares each document of `chunk` once, in parallel.
    fn read_chunk<'p>(&self, chunk: &'p [(PathBuf, PathBuf)]) -> BTreeMap<&'p PathBuf, ChunkDoc> {
        let mut paths: Vec<&PathBuf> = chunk.iter().flat_map(|(a, b)| [a, b]).collect();
        paths.sort();
        paths.dedup();
        paths
            .par_iter()
            .map(|&p| {
                let doc = input::read_file(p, self.args.max_size, self.args.encoding)
                    .map(|f| {
                        let doc = Document {
                            path: display_given(p),
                            text: f.text,
                        };
                        let prepared = self.cmp.prepare(&doc.text);
                        (doc, prepared, (f.encoding, f.offsets))
                    })
                    .map_err(|e| e.to_string());
                (p, doc)
            })
            .collect()
    }

    /// Compares the pairs of chunk `chunk_no` in parallel; with `--format
    /// html` each pair's page is rendered and written here, so no more than
    /// one chunk's comparisons are held at once.
    fn compare_chunk<'d>(
        &self,
        chunk_no: usize,
        chunk: &[(PathBuf, PathBuf)],
        docs: &'d BTreeMap<&PathBuf, ChunkDoc>,
    ) -> Result<Vec<PairResult<'d>>> {
        chunk
            .par_iter()
            .enumerate()
            .map(|(k, (a, b))| -> Result<PairResult<'_>> {
                let compared = self.compare_one(&docs[a], &docs[b]);
                if let (Some(dir), Ok((c, o, w, in_file))) = (self.html_dir, &compared) {
                    let name = html::pair_report_name(
                        chunk_no * CHUNK + k + 1,
                        self.name_width,
                        &o.path,
                        &w.path,
                    );
                    let page = html::render_indexed(
                        &html::with_stored_names(c, in_file),
                        &o.text,
                        &w.text,
                    );
                    dir.write(&name, page.as_bytes())?;
                }
                Ok(compared)
            })
            .collect()
    }

    /// Compares one pair (with `--explain`, explained), in text and in file
    /// offsets.
    fn compare_one<'d>(&self, a: &'d ChunkDoc, b: &'d ChunkDoc) -> PairResult<'d> {
        let (oa, pa, sa) = a.as_ref().map_err(Clone::clone)?;
        let (ob, pb, sb) = b.as_ref().map_err(Clone::clone)?;
        let mut c = self.cmp.compare_prepared(oa, pa, ob, pb);
        if self.args.explain {
            self.cmp.explain(&oa.text, &ob.text, &mut c);
        }
        let in_file = to_stored(&c, stored(sa), stored(sb));
        Ok((c, oa, ob, in_file))
    }

    /// Reports a pair that failed: a warning, and its line (JSON lines) or
    /// row (HTML index).
    fn record_failure(
        &self,
        number: usize,
        a: &Path,
        b: &Path,
        e: String,
        tally: &mut Tally,
        text: &mut String,
    ) {
        tally.errors += 1;
        eprintln!(
            "neardup: warning: pair {} / {}: {}",
            shown(a),
            shown(b),
            terminal_line(&e)
        );
        match self.format {
            FormatArg::Jsonl => {
                let rec = serde_json::json!({"original": display_given(a),
                    "rewrite": display_given(b), "error": e});
                text.push_str(&format!("{rec}\n"));
            }
            FormatArg::Html => tally.index.push(html::IndexRow {
                number,
                original: display_given(a),
                rewrite: display_given(b),
                outcome: html::PairOutcome::Failed(e),
            }),
            _ => {}
        }
    }

    /// Reports a compared pair in the chosen format: a JSON or terminal
    /// line into `text`, a PAN file, or a row of the HTML index.
    fn record_comparison(
        &self,
        number: usize,
        a: &Path,
        b: &Path,
        (c, o, w, in_file): (Comparison, &Document, &Document, Comparison),
        tally: &mut Tally,
        text: &mut String,
    ) -> Result<()> {
        tally.found += usize::from(!c.matches.is_empty());
        if let Some(note) = neardup::report::skipped_buckets_note(&c) {
            tally.skipping += 1;
            eprintln!(
                "neardup: warning: pair {number} {} / {}: {note}",
                shown(a),
                shown(b)
            );
        }
        match self.format {
            FormatArg::Jsonl => text.push_str(&json::render_line(&in_file)),
            FormatArg::Pan => write_pan(self.out_dir, &c, o, w, number, &mut tally.written)?,
            FormatArg::Html => {
                tally.index.push(html::IndexRow {
                    number,
                    original: o.path.clone(),
                    rewrite: w.path.clone(),
                    outcome: html::PairOutcome::Compared {
                        matches: c.matches.len(),
                        original_reused: c.original_reused,
                        rewrite_derived: c.rewrite_derived,
                        report: html::pair_report_name(number, self.name_width, &o.path, &w.path),
                    },
                });
                tally.settings.get_or_insert(c.settings);
            }
            _ => text.push_str(&format!(
                "{}\t{}\t{} matches\t{:.1}% reused\t{:.1}% derived\n",
                o.path,
                w.path,
                c.matches.len(),
                100.0 * c.original_reused,
                100.0 * c.rewrite_derived
            )),
        }
        Ok(())
    }

    /// Writes the HTML index, prints the closing notes and picks the exit
    /// status.
    fn finish(&self, pairs_file: &Path, pairs: usize, tally: Tally) -> Result<u8> {
        if let Some(dir) = self.html_dir {
            let file = dir.path().join(html::INDEX_FILE);
            let page = html::render_index(
                &display_given(pairs_file),
                &tally.index,
                tally.settings.as_ref(),
            );
            dir.write(html::INDEX_FILE, page.as_bytes())?;
            if std::io::stderr().is_terminal() {
                eprintln!(
                    "neardup: {} pair reports and their index: open {}",
                    pairs - tally.errors,
                    shown(&file)
                );
            }
        }
        if tally.skipping > 0 {
            eprintln!(
                "neardup: warning: {} of {pairs} pairs had LSH buckets too large to pair in full (see the warnings above)",
                tally.skipping
            );
        }
        if tally.errors > 0 {
            eprintln!(
                "neardup: {} of {pairs} pairs failed (see the warnings above)",
                tally.errors
            );
            return Ok(ERROR);
        }
        Ok(if tally.found > 0 { FOUND } else { NOT_FOUND })
    }
}

/// The folder `format` writes into, opened (see [`OutDir`]); `None` for
/// formats written to stdout. Rejects a missing or a needless `--out`.
fn output_dir(format: FormatArg, out: Option<&Path>, force: bool) -> Result<Option<OutDir>> {
    match (format, out) {
        (FormatArg::Pan | FormatArg::Html, Some(d)) => {
            let command = format!("compare --pairs --format {}", format.name());
            Ok(Some(OutDir::open(d, &command, force)?))
        }
        (FormatArg::Pan, None) => {
            bail!("--format pan with --pairs writes one XML file per pair: add --out DIR")
        }
        (FormatArg::Html, None) => bail!(
            "--format html with --pairs writes one page per pair and an index.html: add --out DIR"
        ),
        (FormatArg::Jsonl | FormatArg::Terminal, None) => Ok(None),
        (FormatArg::Jsonl | FormatArg::Terminal, Some(_)) => bail!(
            "--out DIR is for --format pan or html; --format {} writes to stdout (redirect it: > FILE)",
            format.name()
        ),
        (f, _) => bail!(
            "--pairs writes jsonl, pan, html or terminal output, not {}; use --format jsonl",
            f.name()
        ),
    }
}

/// Writes one PAN detection file: the rewrite is PAN's suspicious document.
/// The file is named as PAN names it (`SUSP-SRC.xml`); when two pairs would
/// share a name, the later one gets its pair number (`SUSP-SRC.N.xml`).
fn write_pan(
    dir: Option<&OutDir>,
    c: &Comparison,
    original: &Document,
    rewrite: &Document,
    number: usize,
    written: &mut BTreeSet<String>,
) -> Result<()> {
    let pan = PairDetections::new(c, original, rewrite);
    let mut file_name = pan.file_name();
    if !written.insert(file_name.clone()) {
        file_name = format!("{}.{number}.xml", file_name.trim_end_matches(".xml"));
        eprintln!(
            "neardup: warning: pair {number} has the same file names as an earlier pair: writing {file_name}"
        );
        written.insert(file_name.clone());
    }
    let dir = dir.context("--format pan writes into --out DIR")?;
    dir.write(&file_name, pan.xml().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tabs_spaces_and_comments() {
        let p = parse_pairs(
            "# list\na.txt\tb c.txt\n\nx.txt y.txt\n",
            Path::new("/base"),
        )
        .unwrap();
        assert_eq!(
            p[0],
            (PathBuf::from("/base/a.txt"), PathBuf::from("/base/b c.txt"))
        );
        assert_eq!(
            p[1],
            (PathBuf::from("/base/x.txt"), PathBuf::from("/base/y.txt"))
        );
        assert!(parse_pairs("a b c\n", Path::new("")).is_err());
    }
}
