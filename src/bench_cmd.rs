//! `neardup bench`: prepare a corpus (generate one with planted
//! near-duplicates, or take a folder), scan it once per configuration in a
//! fresh process of this binary (the hidden `--run-spec`), and report.
//!
//! Why a process per run: peak memory (`VmHWM`) is a high-water mark of the
//! whole process that never goes down, so runs sharing a process would all
//! report the largest one's peak (and the generator's). A fresh process is
//! also what a user's `neardup scan` is: times are taken from spawn to
//! exit. Runs are made after one discarded warm-up run (page cache).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use neardup::ScanConfig;
use neardup::bench::corpus::{CorpusSpec, Generator, PlantedPair, truth_tsv};
use neardup::bench::measure::{RunMeasurement, machine, measure_scan};
use neardup::bench::{BenchReport, BenchSettings, CorpusInfo, add_marginal_memory, summarize};
use neardup::report::bench as render;
use neardup::scan::{Scanner, Sources, walk};
use neardup::synth::WordModel;

use crate::cli::{BenchArgs, BenchFormatArg};

/// What one measured run scans (sent to the child as JSON).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct RunSpec {
    roots: Vec<PathBuf>,
    files_from: Option<PathBuf>,
    threads: usize,
    threshold: f64,
    list_pairs: bool,
}

/// One corpus size: what to scan, relative to the corpus root.
struct Scale {
    factor: usize,
    roots: Vec<PathBuf>,
    files_from: Option<PathBuf>,
    truth: Option<Vec<PlantedPair>>,
}

/// A corpus ready to be scanned: children run in `root`.
struct Prepared {
    root: PathBuf,
    scales: Vec<Scale>,
    main: usize,
    info: CorpusInfo,
}

/// Runs `neardup bench`; returns the exit status.
pub fn bench(args: BenchArgs) -> Result<u8> {
    if let Some(spec) = &args.run_spec {
        return child(spec);
    }
    let scanner = Scanner::new(scan_config(args.threshold, false))?;
    let max_threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |n| n as usize,
    );
    let scaling = !args.no_scaling;
    let bar = Bar::new(!args.no_progress && std::io::stderr().is_terminal());
    let work = WorkDir::new(args.keep.as_deref())?;
    let mut prepared = match &args.folder {
        Some(dir) => from_folder(dir, &work, scaling)?,
        None => generate(&args, &work, &bar, scaling && !args.generate_only)?,
    };
    if args.generate_only {
        bar.clear();
        eprintln!(
            "neardup: wrote {} files ({:.1} MB) to '{}', the truth to '{}'",
            prepared.info.files,
            prepared.info.bytes as f64 / 1e6,
            work.path.join("p1").display(),
            work.path.join("truth.tsv").display()
        );
        return Ok(crate::run::FOUND);
    }

    let main = prepared.main;
    let mut plan: Vec<(usize, usize)> = vec![(main, max_threads)];
    if scaling {
        plan.extend((1..max_threads).map(|t| (main, t)));
        plan.extend(
            (0..prepared.scales.len())
                .filter(|&s| s != main)
                .map(|s| (s, max_threads)),
        );
    }
    let runs = args.runs as usize;
    bar.start_runs((plan.len() * runs + 1) as u64);
    let spec = |(s, threads): (usize, usize)| {
        let scale = &prepared.scales[s];
        RunSpec {
            roots: scale.roots.clone(),
            files_from: scale.files_from.clone(),
            threads,
            threshold: args.threshold,
            list_pairs: scale.truth.is_some(),
        }
    };
    bar.note(&format!("warm-up run, {max_threads} threads"));
    run_child(&prepared.root, &spec((main, max_threads)))?;
    bar.tick();
    let mut measured: Vec<Vec<(RunMeasurement, f64)>> = Vec::with_capacity(plan.len());
    for &(s, threads) in &plan {
        let mut got = Vec::with_capacity(runs);
        for r in 1..=runs {
            bar.note(&format!(
                "x{} corpus, {threads} thread{}, run {r}/{runs}",
                prepared.scales[s].factor,
                if threads == 1 { "" } else { "s" }
            ));
            got.push(run_child(&prepared.root, &spec((s, threads)))?);
            bar.tick();
        }
        measured.push(got);
    }
    bar.clear();

    let summary = |i: usize| {
        let (s, _) = plan[i];
        let truth = prepared.scales[s]
            .truth
            .as_deref()
            .map(|t| (t, args.threshold));
        summarize(prepared.scales[s].factor, &measured[i], truth).context("no run was measured")
    };
    let main_summary = summary(0)?;
    if args.folder.is_some() {
        prepared.info.files = measured[0][0].0.files;
        prepared.info.bytes = main_summary.bytes;
    }
    let mut threads = Vec::new();
    let mut sizes = Vec::new();
    for (i, &(s, t)) in plan.iter().enumerate() {
        if s == main && scaling {
            threads.push(summary(i)?);
        }
        if t == max_threads && scaling {
            sizes.push(summary(i)?);
        }
    }
    threads.sort_by_key(|r| r.threads);
    sizes.sort_by_key(|r| r.scale);
    add_marginal_memory(&mut sizes);
    let lsh = scanner.lsh_params();
    let report = BenchReport {
        corpus: prepared.info,
        settings: BenchSettings {
            threshold: args.threshold,
            shingle: scanner.config().shingle.to_string(),
            perms: scanner.config().perms,
            bands: lsh.bands,
            rows: lsh.rows,
            runs,
            max_threads,
            method: "each run a fresh neardup process, timed from spawn to exit".into(),
        },
        machine: machine(),
        main: main_summary,
        threads,
        sizes,
    };
    crate::run::write_stdout(&match args.format {
        BenchFormatArg::Terminal => render::terminal(&report),
        BenchFormatArg::Json => render::json(&report),
    })?;
    Ok(crate::run::FOUND)
}

/// The scan settings of every run: the defaults at `threshold`; all pairs
/// listed when they are scored.
fn scan_config(threshold: f64, list_pairs: bool) -> ScanConfig {
    ScanConfig {
        threshold,
        max_pairs: if list_pairs { 10_000_000 } else { 1000 },
        ..ScanConfig::default()
    }
}

/// The child: one measured scan, printed as JSON on stdout.
fn child(spec: &str) -> Result<u8> {
    let spec: RunSpec = serde_json::from_str(spec).context("bad --run-spec")?;
    rayon::ThreadPoolBuilder::new()
        .num_threads(spec.threads)
        .build_global()
        .context("cannot start the worker threads")?;
    let scanner = Scanner::new(scan_config(spec.threshold, spec.list_pairs))?;
    let listed = match &spec.files_from {
        Some(list) => std::fs::read_to_string(list)
            .with_context(|| format!("cannot read '{}'", list.display()))?
            .lines()
            .map(PathBuf::from)
            .collect(),
        None => Vec::new(),
    };
    let sources = Sources {
        roots: spec.roots,
        listed,
    };
    let mut m = measure_scan(&scanner, &sources, spec.threads)?;
    if !spec.list_pairs {
        m.pairs.clear();
    }
    crate::run::write_stdout(&(serde_json::to_string(&m)? + "\n"))?;
    Ok(crate::run::FOUND)
}

/// Runs one child in `root`; returns its measurement and its wall time.
fn run_child(root: &Path, spec: &RunSpec) -> Result<(RunMeasurement, f64)> {
    let exe = std::env::current_exe().context("cannot find the neardup binary to re-run")?;
    let start = Instant::now();
    let out = Command::new(exe)
        .args(["bench", "--run-spec", &serde_json::to_string(spec)?])
        .current_dir(root)
        .stdin(Stdio::null())
        .output()
        .context("cannot start a benchmark run")?;
    let seconds = start.elapsed().as_secs_f64();
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        bail!(
            "a benchmark run failed ({}): {}",
            out.status,
            err.lines().next().unwrap_or("no message")
        );
    }
    let m = serde_json::from_slice(&out.stdout).context("a benchmark run printed no result")?;
    Ok((m, seconds))
}

/// Generates parts 1 (and 2-4 for the growth curve) into the work folder.
fn generate(args: &BenchArgs, work: &WorkDir, bar: &Bar, growth: bool) -> Result<Prepared> {
    let (model, source) = match &args.text_from {
        Some(dir) => (text_model(dir)?, format!("words of {}", dir.display())),
        None => (WordModel::new(20_000, args.seed), "zipf".to_string()),
    };
    let spec = CorpusSpec {
        size: args.size,
        doc_size: args.doc_size,
        dup_rate: args.dup_rate,
        seed: args.seed,
    };
    let generator = Generator::new(spec.clone(), model)?;
    let parts = if growth { 4 } else { 1 };
    bar.start_bytes(spec.size * parts as u64, "generating the corpus");
    let mut summaries = Vec::with_capacity(parts);
    for part in 1..=parts {
        summaries.push(generator.write_part(&work.path, part, &|b| bar.add(b))?);
    }
    let mut truth: Vec<PlantedPair> = Vec::new();
    let mut scales = Vec::new();
    for (i, s) in summaries.iter().enumerate() {
        truth.extend(s.pairs.iter().cloned());
        if [1, 2, 4].contains(&(i + 1)) {
            scales.push(Scale {
                factor: i + 1,
                roots: (1..=i + 1)
                    .map(|p| PathBuf::from(format!("p{p}")))
                    .collect(),
                files_from: None,
                truth: Some(truth.clone()),
            });
        }
    }
    let first = &summaries[0];
    let info = CorpusInfo {
        kind: "generated".into(),
        path: args.keep.as_ref().map(|k| k.display().to_string()),
        source,
        size: Some(spec.size),
        doc_size: Some(spec.doc_size),
        dup_rate: Some(spec.dup_rate),
        seed: Some(spec.seed),
        files: first.documents,
        bytes: first.bytes,
        families: Some(first.families),
        planted_pairs: Some(first.pairs.len()),
        truth_pairs: Some(
            first
                .pairs
                .iter()
                .filter(|p| p.jaccard >= args.threshold)
                .count(),
        ),
    };
    write_file(&work.path.join("truth.tsv"), &truth_tsv(&truth))?;
    write_file(
        &work.path.join("corpus.json"),
        &(serde_json::to_string_pretty(&info)? + "\n"),
    )?;
    Ok(Prepared {
        root: work.path.clone(),
        scales,
        main: 0,
        info,
    })
}

/// A folder: the whole of it is the main run; its first quarter and half
/// (in path order) are the smaller sizes of the growth curve.
fn from_folder(dir: &Path, work: &WorkDir, scaling: bool) -> Result<Prepared> {
    if !dir.is_dir() {
        bail!(
            "--folder '{}' is not a folder; give a folder of text files",
            dir.display()
        );
    }
    let root = dir
        .canonicalize()
        .with_context(|| format!("cannot open --folder '{}'", dir.display()))?;
    let mut scales = Vec::new();
    if scaling {
        let files = walk::walk(
            &Sources {
                roots: vec![root.clone()],
                listed: Vec::new(),
            },
            &walk::WalkOptions::default(),
        )?
        .files;
        for (factor, share) in [(1, 4), (2, 2)] {
            let list = work.path.join(format!("files-x{factor}.txt"));
            let take = files.len().div_ceil(share);
            let lines: String = files[..take]
                .iter()
                .map(|f| f.display.clone() + "\n")
                .collect();
            write_file(&list, &lines)?;
            scales.push(Scale {
                factor,
                roots: Vec::new(),
                files_from: Some(list),
                truth: None,
            });
        }
    }
    scales.push(Scale {
        factor: 4,
        roots: vec![PathBuf::from(".")],
        files_from: None,
        truth: None,
    });
    Ok(Prepared {
        root,
        main: scales.len() - 1,
        scales,
        info: CorpusInfo {
            kind: "folder".into(),
            path: Some(dir.display().to_string()),
            source: "folder".into(),
            size: None,
            doc_size: None,
            dup_rate: None,
            seed: None,
            files: 0,
            bytes: 0,
            families: None,
            planted_pairs: None,
            truth_pairs: None,
        },
    })
}

/// The word frequencies of the text files under `dir`.
fn text_model(dir: &Path) -> Result<WordModel> {
    let corpus = walk::walk(
        &Sources {
            roots: vec![dir.to_path_buf()],
            listed: Vec::new(),
        },
        &walk::WalkOptions::default(),
    )
    .with_context(|| format!("--text-from '{}'", dir.display()))?;
    let texts: Vec<String> = corpus
        .files
        .iter()
        .filter_map(|f| std::fs::read(f.path()).ok())
        .filter(|b| !b.contains(&0))
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect();
    WordModel::from_texts(texts.iter().map(String::as_str), 50_000).with_context(|| {
        format!(
            "--text-from '{}' holds no words; give a folder of text files",
            dir.display()
        )
    })
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write '{}'", path.display()))
}

/// Where the corpus and run lists go: `--keep DIR`, or a temporary folder
/// removed at the end.
struct WorkDir {
    path: PathBuf,
    remove: bool,
}

impl WorkDir {
    fn new(keep: Option<&Path>) -> Result<Self> {
        if let Some(dir) = keep {
            let empty = match std::fs::read_dir(dir) {
                Ok(mut entries) => entries.next().is_none(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
                Err(e) => bail!("--keep '{}': {e}", dir.display()),
            };
            if !empty {
                bail!(
                    "--keep '{}' is not empty; give a new or empty folder",
                    dir.display()
                );
            }
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create --keep '{}'", dir.display()))?;
            return Ok(WorkDir {
                path: dir.to_path_buf(),
                remove: false,
            });
        }
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path =
            std::env::temp_dir().join(format!("neardup-bench-{}-{nanos:09}", std::process::id()));
        std::fs::create_dir_all(&path)
            .with_context(|| format!("cannot create '{}'", path.display()))?;
        Ok(WorkDir { path, remove: true })
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        if self.remove {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// Progress on stderr, drawn only on a terminal.
struct Bar(Option<ProgressBar>);

impl Bar {
    fn new(draw: bool) -> Self {
        Bar(draw.then(|| {
            let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(10));
            b.enable_steady_tick(Duration::from_millis(200));
            b
        }))
    }

    fn start_bytes(&self, total: u64, msg: &str) {
        if let Some(b) = &self.0 {
            b.set_style(
                ProgressStyle::with_template(
                    "{spinner} {msg} [{bar:30}] {bytes}/{total_bytes} · {bytes_per_sec} · ETA {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            b.set_length(total);
            b.set_position(0);
            b.set_message(msg.to_string());
        }
    }

    fn start_runs(&self, total: u64) {
        if let Some(b) = &self.0 {
            b.set_style(
                ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} runs · {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            b.set_length(total);
            b.set_position(0);
        }
    }

    fn add(&self, n: u64) {
        if let Some(b) = &self.0 {
            b.inc(n);
        }
    }

    fn tick(&self) {
        self.add(1);
    }

    fn note(&self, msg: &str) {
        if let Some(b) = &self.0 {
            b.set_message(msg.to_string());
        }
    }

    fn clear(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.clear();
    }
}
