//! `neardup index add|remove|stats`: open or create the index, run the
//! library, print a summary.

use std::io::IsTerminal;

use anyhow::Result;
use neardup::index::{AddOptions, AddProgress, Index, IndexOptions, Stats};
use neardup::report::sanitize::terminal_line;

use super::args::{IndexAction, IndexAddArgs, StatsFormatArg};
use super::shared::{FOUND, NOT_FOUND, write_stdout};

/// Runs one `index` action; returns the exit status.
pub fn index(action: IndexAction) -> Result<u8> {
    match action {
        IndexAction::Add(args) => add(args),
        IndexAction::Remove { index, paths } => {
            let index = Index::open(&index, &IndexOptions::default())?;
            let (removed, missing) = index.remove(&paths)?;
            for m in &missing {
                eprintln!(
                    "neardup: warning: '{}' is not in the index",
                    terminal_line(m)
                );
            }
            write_stdout(&format!("removed {removed} documents\n"))?;
            Ok(if removed > 0 { FOUND } else { NOT_FOUND })
        }
        IndexAction::Stats { index, format } => {
            let index = Index::open(&index, &IndexOptions::default())?;
            let stats = index.stats()?;
            write_stdout(&match format {
                StatsFormatArg::Json => format!("{}\n", serde_json::to_string_pretty(&stats)?),
                StatsFormatArg::Terminal => render_stats(&stats),
            })?;
            Ok(FOUND)
        }
    }
}

fn add(args: IndexAddArgs) -> Result<u8> {
    if args.paths.is_empty() && args.files_from.is_none() {
        anyhow::bail!(
            "nothing to add: give a folder or file PATH (neardup index add {} corpus/) or a list (--files-from FILE)",
            args.index.display()
        );
    }
    let listed = match &args.files_from {
        Some(list) => super::shared::read_path_list(list)?,
        None => Vec::new(),
    };
    let index = Index::open_or_create(&args.index, &args.settings.options())?;
    let opts = AddOptions {
        extensions: args
            .ext
            .iter()
            .map(|e| e.trim().trim_start_matches('.').to_lowercase())
            .collect(),
        hidden: args.hidden,
        follow: args.follow,
        max_size: args.max_size,
        batch: args.batch as usize,
        decoding: args.encoding,
    };
    let bar = Bar::new(!args.no_progress && std::io::stderr().is_terminal());
    let report = index.add(&args.paths, &listed, &opts, &bar)?;
    bar.finish();
    if !args.quiet {
        for s in report.skipped.iter().filter(|s| s.reason.is_problem()) {
            eprintln!(
                "neardup: warning: '{}': {}",
                terminal_line(&s.path),
                s.detail
            );
        }
        for p in &report.decoded_lossily {
            eprintln!(
                "neardup: warning: '{}': bytes invalid in its encoding, decoded lossily (read as U+FFFD)",
                terminal_line(p)
            );
        }
    }
    let out = match args.format {
        StatsFormatArg::Json => format!("{}\n", serde_json::to_string_pretty(&report)?),
        StatsFormatArg::Terminal => format!(
            "{} files: {} added, {} replaced, {} unchanged, {} skipped ({:.1} MB indexed)\n{}",
            report.files,
            report.added,
            report.replaced,
            report.unchanged,
            report.skipped_counts.total(),
            report.bytes as f64 / 1e6,
            non_utf8_line(&report.non_utf8)
        ),
    };
    write_stdout(&out)?;
    Ok(FOUND)
}

/// "N files read in other encodings than UTF-8 (windows-1252 2, ...)", as
/// `scan` says it; empty when there are none.
fn non_utf8_line(files: &[neardup::scan::NonUtf8]) -> String {
    if files.is_empty() {
        return String::new();
    }
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for f in files {
        *counts.entry(f.encoding.as_str()).or_default() += 1;
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let list: Vec<String> = counts
        .iter()
        .map(|(e, n)| format!("{} {n}", terminal_line(e)))
        .collect();
    if files.len() == 1 {
        format!("1 file read in another encoding than UTF-8 ({})\n", list[0])
    } else {
        format!(
            "{} files read in other encodings than UTF-8 ({})\n",
            files.len(),
            list.join(", ")
        )
    }
}

fn render_stats(s: &Stats) -> String {
    let st = &s.settings;
    format!(
        "index           {}\n\
         documents       {}\n\
         bytes indexed   {} ({:.1} MB)\n\
         words           {}\n\
         size on disk    {} ({:.1} MB, {:.0} bytes per document)\n\
         segments        {} ({} postings)\n\
         removed         {}\n\
         format version  {} (signature version {})\n\
         analysis        {}\n\
         fingerprints    {}\n\
         signature       {} shingles, {} permutations, seed {}, language {}\n\
         document LSH    {} bands x {} rows (Jaccard {})\n",
        terminal_line(&s.path),
        s.documents,
        s.bytes,
        s.bytes as f64 / 1e6,
        s.words,
        s.size_on_disk,
        s.size_on_disk as f64 / 1e6,
        s.size_on_disk as f64 / s.documents.max(1) as f64,
        s.segments,
        s.postings,
        s.removed,
        st.format_version,
        st.signature_version,
        st.analysis,
        st.fingerprints,
        st.shingle,
        st.perms,
        st.seed,
        terminal_line(&st.lang),
        st.bands,
        st.rows,
        st.threshold
    )
}

/// A progress bar on stderr (files indexed, MB/s), only on a terminal.
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn new(show: bool) -> Self {
        Bar(show.then(|| {
            let bar = indicatif::ProgressBar::new(0);
            let style = indicatif::ProgressStyle::with_template(
                "{spinner} indexing [{bar:30}] {pos}/{len} files · {msg} · ETA {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar
        }))
    }

    fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

impl AddProgress for Bar {
    fn walked(&self, files: usize) {
        if let Some(b) = &self.0 {
            b.set_length(files as u64);
        }
    }

    fn batch_done(&self, files: usize, bytes: u64) {
        if let Some(b) = &self.0 {
            b.inc(files as u64);
            b.set_message(format!("{:.1} MB added", bytes as f64 / 1e6));
        }
    }
}
