//! `neardup find`: open the index, find the sources of each document,
//! write the report.

use std::path::Path;

use anyhow::{Context, Result, bail};
use neardup::index::{FindOptions, FindResult, Index, Query, QueryResult};
use neardup::pan::PairDetections;
use neardup::report::html;
use neardup::report::sanitize::terminal_line;
use neardup::{Comparator, Document};

use super::args::{FindArgs, FindFormatArg};
use super::out_dir::OutDir;
use super::shared::{FOUND, NOT_FOUND, is_stdin, read_input, shown, write_stdout};

/// Runs `neardup find`; returns the exit status.
pub fn find(args: FindArgs) -> Result<u8> {
    let out_dir = match (args.format, &args.out) {
        (FindFormatArg::Html, Some(d)) => Some(OutDir::open(d, "find --format html", args.force)?),
        (FindFormatArg::Pan, Some(d)) => Some(OutDir::open(d, "find --format pan", args.force)?),
        (FindFormatArg::Html, None) => {
            bail!("--format html writes a page per query and per source: add --out DIR")
        }
        (FindFormatArg::Pan, None) => {
            bail!("--format pan writes one XML file per query and source: add --out DIR")
        }
        (_, Some(_)) => bail!(
            "--out DIR is for --format html or pan; this format writes to stdout (redirect it: > FILE)"
        ),
        (_, None) => None,
    };
    let index = Index::open(&args.index, &neardup::index::IndexOptions::default())?;
    let cmp = Comparator::new(args.engine.config())?;
    let opts = FindOptions {
        max_candidates: args.max_candidates,
        max_size: args.max_size,
        ..FindOptions::default()
    };
    let queries = read_queries(&args.docs, args.max_size, args.encoding)?;
    let result = index.find_queries(&queries, &cmp, &opts)?;
    for q in &result.queries {
        for s in &q.stale {
            eprintln!(
                "neardup: warning: '{}' changed or disappeared since it was indexed: not aligned (run `neardup index add` again)",
                terminal_line(s)
            );
        }
    }
    match args.format {
        FindFormatArg::Json => {
            write_stdout(&format!("{}\n", serde_json::to_string_pretty(&result)?))?
        }
        FindFormatArg::Jsonl => {
            let mut s = String::new();
            for q in &result.queries {
                s.push_str(&serde_json::to_string(q)?);
                s.push('\n');
            }
            write_stdout(&s)?
        }
        FindFormatArg::Terminal => write_stdout(&render_terminal(&result))?,
        FindFormatArg::Html | FindFormatArg::Pan => {
            let dir = out_dir.context("--format html and pan write into --out DIR")?;
            if args.format == FindFormatArg::Html {
                write_html(&result, &dir)?;
            } else {
                write_pan(&result, &dir)?;
            }
            dir.finish()?;
        }
    }
    let found = result.queries.iter().any(|q| !q.sources.is_empty());
    Ok(if found { FOUND } else { NOT_FOUND })
}

/// The query documents, read in order by the one bounded reader (`-` is
/// standard input, named `<stdin>` in reports, at most once).
fn read_queries(
    docs: &[std::path::PathBuf],
    max_size: u64,
    decoding: neardup::decode::Decoding,
) -> Result<Vec<Query>> {
    if docs.iter().filter(|d| is_stdin(d)).count() > 1 {
        bail!(
            "'-' is given more than once: standard input can be read once; save the other text to a file"
        );
    }
    let mut queries = Vec::with_capacity(docs.len());
    for p in docs {
        let (file, name) = read_input(p, max_size, decoding)?;
        let empty = file.text.trim().is_empty();
        if is_stdin(p) {
            if empty {
                bail!(
                    "standard input ('-') is empty: nothing to look up (pipe the document's text in: neardup find INDEX - < doc.txt)"
                );
            }
            queries.push(Query::text(&name, file.text).stored_as(file.encoding, file.offsets));
        } else {
            if empty {
                eprintln!(
                    "neardup: warning: '{}' is empty: nothing to look up",
                    shown(p)
                );
            }
            queries.push(Query::file(p, file.text).stored_as(file.encoding, file.offsets));
        }
    }
    Ok(queries)
}

fn render_terminal(r: &FindResult) -> String {
    let mut out = String::new();
    for q in &r.queries {
        out.push_str(&format!(
            "{}{}: {} source{} ({} candidates aligned, {} documents indexed)\n",
            terminal_line(&q.path),
            encoding_note(q.encoding.as_deref()),
            q.sources.len(),
            if q.sources.len() == 1 { "" } else { "s" },
            q.candidates,
            r.documents
        ));
        for s in &q.sources {
            out.push_str(&format!(
                "  {}{}\n    {} match{}, best {:.2}; {:.1}% of the query derived, {:.1}% of the source reused\n",
                terminal_line(&s.path),
                encoding_note(s.in_file.original.encoding.as_deref()),
                s.matches().len(),
                if s.matches().len() == 1 { "" } else { "es" },
                s.score,
                100.0 * s.rewrite_derived(),
                100.0 * s.original_reused()
            ));
            for m in s.matches() {
                out.push_str(&format!(
                    "    query lines {}-{} <- source lines {}-{} ({:.2})\n",
                    m.rewrite.line,
                    m.rewrite.end_line,
                    m.original.line,
                    m.original.end_line,
                    m.score
                ));
            }
        }
    }
    out
}

/// ` (KOI8-R)` after a document read in another encoding than UTF-8.
fn encoding_note(encoding: Option<&str>) -> String {
    encoding.map_or_else(String::new, |e| format!(" ({})", terminal_line(e)))
}

/// A file-name-safe stem of a path.
fn stem(path: &str) -> String {
    let name = Path::new(path)
        .file_stem()
        .map_or_else(|| path.to_string(), |s| s.to_string_lossy().into_owned());
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Per query, a folder `NNN-<stem>/` with `index.html` listing its sources
/// and one compare report per source.
fn write_html(r: &FindResult, dir: &OutDir) -> Result<()> {
    let width = r.queries.len().to_string().len().max(3);
    for (i, q) in r.queries.iter().enumerate() {
        let qdir = format!("{:0width$}-{}", i + 1, stem(&q.path));
        let sw = q.sources.len().to_string().len().max(3);
        let mut rows = Vec::new();
        for (k, s) in q.sources.iter().enumerate() {
            let name = html::pair_report_name(k + 1, sw, &s.path, &q.path);
            // The decoded texts highlighted; sizes as stored and encodings
            // named, as the compare report does.
            let named = html::with_stored_names(&s.comparison, &s.in_file);
            let page = html::render_indexed(&named, &s.text, &q.text);
            dir.write(&format!("{qdir}/{name}"), page.as_bytes())?;
            rows.push(html::IndexRow {
                number: k + 1,
                original: s.path.clone(),
                rewrite: q.path.clone(),
                outcome: html::PairOutcome::Compared {
                    matches: s.matches().len(),
                    original_reused: s.original_reused(),
                    rewrite_derived: s.rewrite_derived(),
                    report: name,
                },
            });
        }
        let settings = q.sources.first().map(|s| &s.comparison.settings);
        let title = format!("sources of {} in {}", q.path, r.index);
        let page = html::render_index(&title, &rows, settings);
        dir.write(&format!("{qdir}/{}", html::INDEX_FILE), page.as_bytes())?;
    }
    Ok(())
}

/// One PAN detection file per query and source with detections.
fn write_pan(r: &FindResult, dir: &OutDir) -> Result<()> {
    for q in &r.queries {
        write_pan_query(q, dir)?;
    }
    Ok(())
}

fn write_pan_query(q: &QueryResult, dir: &OutDir) -> Result<()> {
    let query = Document {
        path: q.path.clone(),
        text: q.text.clone(),
    };
    for s in &q.sources {
        let source = Document {
            path: s.path.clone(),
            text: s.text.clone(),
        };
        let pan = PairDetections::new(&s.comparison, &source, &query);
        dir.write(&pan.file_name(), pan.xml().as_bytes())?;
    }
    Ok(())
}
