//! `neardup bench`: prepare a corpus (generate one with planted
//! near-duplicates, or take a folder), scan it once per configuration in a
//! fresh process of this binary (the hidden `--run-spec`), and report.
//!
//! Why a process per run: peak memory (`VmHWM`) is a high-water mark of the
//! whole process that never goes down, so runs sharing a process would all
//! report the largest one's peak (and the generator's). A fresh process is
//! also what a user's `neardup scan` is: times are taken from spawn to
//! exit. Each corpus size gets one discarded warm-up run first (page
//! cache).
//!
//! [`corpus`] prepares the corpus (the library's generator, or a folder),
//! [`measure`] times one scan in the child through the scanner's progress
//! observer, [`report`] turns the runs into the result model and
//! [`render`] prints it.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

mod corpus;
mod measure;
mod render;
mod report;

use anyhow::{Context, Result, bail};
use neardup::ScanConfig;
use neardup::scan::{Scanner, Sources};

use super::args::{BenchArgs, BenchFormatArg, SketchArg};
use super::progress::Bar;
use super::shared::{FOUND, read_path_list, shown, write_stdout};
use corpus::{Prepared, WorkDir, from_folder, generate};
use measure::{RunMeasurement, machine, measure_scan};
use report::{BenchReport, BenchSettings, add_marginal_memory, summarize};

/// What one measured run scans (sent to the child as JSON).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct RunSpec {
    roots: Vec<PathBuf>,
    files_from: Option<PathBuf>,
    threads: usize,
    threshold: f64,
    sketch: SketchArg,
    list_pairs: bool,
}

/// Runs `neardup bench`; returns the exit status.
///
/// `threads` is the global `--threads`: the most threads of the thread
/// runs (default: every available core).
pub fn bench(args: BenchArgs, threads: Option<u32>) -> Result<u8> {
    if let Some(spec) = &args.run_spec {
        return child(spec);
    }
    let scanner = Scanner::new(scan_config(args.threshold, args.sketch, false))?;
    let max_threads = threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |n| n as usize,
    );
    let scaling = !args.no_scaling;
    let bar = Bar::new(!args.no_progress && std::io::stderr().is_terminal());
    let work = WorkDir::new(args.keep.as_deref())?;
    let prepared = match &args.folder {
        Some(dir) => from_folder(dir, &work, scaling)?,
        None => generate(&args, &work, &bar, scaling && !args.generate_only)?,
    };
    if args.generate_only {
        bar.clear();
        eprintln!(
            "neardup: wrote {} files ({:.1} MB) to '{}', the truth to '{}'",
            prepared.info.files,
            prepared.info.bytes as f64 / 1e6,
            shown(&work.path.join("p1")),
            shown(&work.path.join("truth.tsv"))
        );
        return Ok(FOUND);
    }
    let plan = plan(&prepared, max_threads, scaling);
    let measured = measure(&args, &prepared, &plan, max_threads, &bar)?;
    bar.clear();
    let report = bench_report(&args, &scanner, prepared, &plan, &measured, max_threads)?;
    write_stdout(&match args.format {
        BenchFormatArg::Terminal => render::terminal(&report),
        BenchFormatArg::Json => render::json(&report),
    })?;
    Ok(FOUND)
}

/// One configuration to measure: a corpus size (index into
/// `Prepared::scales`) and a thread count.
type Setup = (usize, usize);

/// Every configuration to measure, the main one (main size, most threads)
/// first; with scaling, then the main size at fewer threads, then the other
/// sizes at the most threads.
fn plan(prepared: &Prepared, max_threads: usize, scaling: bool) -> Vec<Setup> {
    let main = prepared.main;
    let mut plan = vec![(main, max_threads)];
    if scaling {
        plan.extend((1..max_threads).map(|t| (main, t)));
        plan.extend(
            (0..prepared.scales.len())
                .filter(|&s| s != main)
                .map(|s| (s, max_threads)),
        );
    }
    plan
}

/// What a run of configuration `(s, threads)` scans.
fn run_spec(args: &BenchArgs, prepared: &Prepared, (s, threads): Setup) -> RunSpec {
    let scale = &prepared.scales[s];
    RunSpec {
        roots: scale.roots.clone(),
        files_from: scale.files_from.clone(),
        threads,
        threshold: args.threshold,
        sketch: args.sketch,
        list_pairs: scale.truth.is_some(),
    }
}

/// Runs every configuration of `plan` `--runs` times, after one discarded
/// warm-up run per corpus size; returns each configuration's measurements
/// (with their wall times), in plan order.
fn measure(
    args: &BenchArgs,
    prepared: &Prepared,
    plan: &[Setup],
    max_threads: usize,
    bar: &Bar,
) -> Result<Vec<Vec<(RunMeasurement, f64)>>> {
    let runs = args.runs as usize;
    // One discarded run per corpus size first: its files are then in the
    // page cache, and the writes of the generator are behind us.
    let mut sizes_used: Vec<usize> = plan.iter().map(|p| p.0).collect();
    sizes_used.sort_unstable();
    sizes_used.dedup();
    bar.start_runs((plan.len() * runs + sizes_used.len()) as u64);
    for &s in &sizes_used {
        bar.note(&format!(
            "warm-up run, x{} corpus",
            prepared.scales[s].factor
        ));
        run_child(&prepared.root, &run_spec(args, prepared, (s, max_threads)))?;
        bar.tick();
    }
    // Round robin: a burst of other work on the machine slows one run of
    // several configurations, not every run of one.
    let mut measured: Vec<Vec<(RunMeasurement, f64)>> = vec![Vec::new(); plan.len()];
    for r in 1..=runs {
        for (i, &(s, threads)) in plan.iter().enumerate() {
            bar.note(&format!(
                "run {r}/{runs}: x{} corpus, {threads} thread{}",
                prepared.scales[s].factor,
                if threads == 1 { "" } else { "s" }
            ));
            measured[i].push(run_child(
                &prepared.root,
                &run_spec(args, prepared, (s, threads)),
            )?);
            bar.tick();
        }
    }
    Ok(measured)
}

/// The report: each configuration's runs summarised (scored against the
/// planted truth where there is one), with the settings and the machine.
fn bench_report(
    args: &BenchArgs,
    scanner: &Scanner,
    mut prepared: Prepared,
    plan: &[Setup],
    measured: &[Vec<(RunMeasurement, f64)>],
    max_threads: usize,
) -> Result<BenchReport> {
    let scaling = !args.no_scaling;
    let summary = |i: usize| {
        let (s, _) = plan[i];
        let truth = prepared.scales[s]
            .truth
            .as_deref()
            .map(|t| (t, args.threshold));
        summarize(prepared.scales[s].factor, &measured[i], truth).context("no run was measured")
    };
    let main_summary = summary(0)?;
    let mut threads = Vec::new();
    let mut sizes = Vec::new();
    for (i, &(s, t)) in plan.iter().enumerate() {
        if s == prepared.main && scaling {
            threads.push(summary(i)?);
        }
        if t == max_threads && scaling {
            sizes.push(summary(i)?);
        }
    }
    threads.sort_by_key(|r| r.threads);
    sizes.sort_by_key(|r| r.scale);
    add_marginal_memory(&mut sizes);
    if args.folder.is_some() {
        prepared.info.files = measured[0][0].0.files;
        prepared.info.bytes = main_summary.bytes;
    }
    let lsh = scanner.lsh_params();
    Ok(BenchReport {
        corpus: prepared.info,
        settings: BenchSettings {
            threshold: args.threshold,
            shingle: scanner.config().shingle.to_string(),
            perms: scanner.config().perms,
            sketch: scanner.config().sketch.name().into(),
            bands: lsh.bands,
            rows: lsh.rows,
            runs: args.runs as usize,
            max_threads,
            method: "each run a fresh neardup process, timed from spawn to exit".into(),
        },
        machine: machine(),
        main: main_summary,
        threads,
        sizes,
    })
}

/// The scan settings of every run: the defaults at `threshold` with
/// `sketch`; all pairs listed when they are scored.
fn scan_config(threshold: f64, sketch: SketchArg, list_pairs: bool) -> ScanConfig {
    ScanConfig {
        threshold,
        sketch: sketch.into(),
        max_pairs: if list_pairs { 10_000_000 } else { 1000 },
        ..ScanConfig::default()
    }
}

/// The child: one measured scan, printed as JSON on stdout.
fn child(spec: &str) -> Result<u8> {
    let spec: RunSpec = serde_json::from_str(spec).context("bad --run-spec")?;
    let scanner = Scanner::new(scan_config(spec.threshold, spec.sketch, spec.list_pairs))?;
    let listed = match &spec.files_from {
        Some(list) => read_path_list(list)?,
        None => Vec::new(),
    };
    let sources = Sources {
        roots: spec.roots,
        listed,
    };
    let mut m = measure_scan(&scanner, &sources, rayon::current_num_threads())?;
    if !spec.list_pairs {
        m.pairs.clear();
    }
    write_stdout(&(serde_json::to_string(&m)? + "\n"))?;
    Ok(FOUND)
}

/// Runs one child in `root`; returns its measurement and its wall time.
fn run_child(root: &Path, spec: &RunSpec) -> Result<(RunMeasurement, f64)> {
    let exe = std::env::current_exe().context("cannot find the neardup binary to re-run")?;
    let start = Instant::now();
    // The thread count is set as a user sets it. (A pool built with
    // `build_global` instead ran the 2-thread x2 scan 10-40% slower on the
    // 2-core test machine than the default pool of the same size.)
    let out = Command::new(exe)
        .args(["bench", "--run-spec", &serde_json::to_string(spec)?])
        .env("RAYON_NUM_THREADS", spec.threads.to_string())
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
