//! `neardup bench` reports: a table for people and JSON for programs, both
//! views of one [`BenchReport`]. Paths are escaped for the terminal.

use std::fmt::Write;

use neardup::report::group_digits as thousands;
use neardup::report::sanitize::terminal_line;

use super::report::{Accuracy, BenchReport, RunSummary};

/// The report as pretty-printed JSON (fields documented in docs/json.md).
pub fn json(r: &BenchReport) -> String {
    serde_json::to_string_pretty(r).unwrap_or_else(|_| "{}".into()) + "\n"
}

/// The report as text tables.
pub fn terminal(r: &BenchReport) -> String {
    let mut out = String::new();
    header(&mut out, r);
    // A folder's main run is all of it; a generated corpus's is x1.
    let corpus = if r.corpus.kind == "folder" {
        "the whole folder".to_string()
    } else {
        format!("x{} corpus", r.main.scale)
    };
    main_run(&mut out, &r.main, &corpus);
    if !r.threads.is_empty() {
        threads_table(&mut out, &r.threads, &corpus);
    }
    if !r.sizes.is_empty() {
        growth_table(&mut out, &r.sizes, r.main.threads);
    }
    out
}

/// What was measured: the corpus, the scan settings and the machine.
fn header(out: &mut String, r: &BenchReport) {
    let c = &r.corpus;
    let s = &r.settings;
    let what = match &c.path {
        Some(p) => format!("{} corpus '{}'", c.kind, terminal_line(p)),
        None => format!("{} corpus", c.kind),
    };
    let _ = writeln!(
        out,
        "neardup bench · {what}: {} MB in {} files ({})",
        mb(c.bytes),
        thousands(c.files as u64),
        terminal_line(&c.source)
    );
    if let (Some(f), Some(p), Some(t)) = (c.families, c.planted_pairs, c.truth_pairs) {
        let _ = writeln!(
            out,
            "  {} families, {} pairs inside them, {} at Jaccard >= {} (the truth); seed {}",
            thousands(f as u64),
            thousands(p as u64),
            thousands(t as u64),
            s.threshold,
            c.seed.unwrap_or_default()
        );
    }
    if let Some(share) = c.non_ascii_documents {
        let _ = writeln!(
            out,
            "  {:.1}% of the documents hold a non-ASCII byte",
            share * 100.0
        );
    }
    let _ = writeln!(
        out,
        "scan: {} shingles, {} {} minima, {} bands x {} rows, threshold {}",
        s.shingle, s.perms, s.sketch, s.bands, s.rows, s.threshold
    );
    let m = &r.machine;
    let _ = writeln!(
        out,
        "machine: {}, {} threads available, {} · {}, median of {} run{}",
        m.cpu.as_deref().unwrap_or("unknown CPU"),
        m.available_threads,
        m.os,
        s.method,
        s.runs,
        if s.runs == 1 { "" } else { "s" }
    );
}

/// The main run: each stage's time and rate, the whole scan and process,
/// memory and (on a generated corpus) accuracy.
fn main_run(out: &mut String, main: &RunSummary, corpus: &str) {
    let _ = writeln!(
        out,
        "\n{corpus}, {} thread{}",
        main.threads,
        if main.threads == 1 { "" } else { "s" }
    );
    let _ = writeln!(
        out,
        "{:<16} {:>9} {:>10} {:>12}",
        "stage", "seconds", "MB/s", "docs/s"
    );
    for st in &main.stages {
        let _ = writeln!(
            out,
            "{:<16} {:>9.4} {:>10} {:>12}",
            st.stage,
            st.seconds,
            rate(st.mb_per_s),
            thousands(st.docs_per_s.round() as u64)
        );
    }
    let _ = writeln!(
        out,
        "{:<16} {:>9.4} {:>10} {:>12}",
        "scan",
        main.scan_seconds,
        rate(main.bytes as f64 / 1e6 / main.scan_seconds.max(1e-9)),
        thousands((main.documents as f64 / main.scan_seconds.max(1e-9)).round() as u64)
    );
    let _ = writeln!(
        out,
        "{:<16} {:>9.4} {:>10} {:>12}",
        "whole process",
        main.process_seconds,
        rate(main.mb_per_s),
        thousands(main.docs_per_s.round() as u64)
    );
    let _ = writeln!(
        out,
        "  per CPU second: read {} MB, sign {} MB (read+sign is one pass per file)",
        rate(main.read_mb_per_cpu_s),
        rate(main.sign_mb_per_cpu_s)
    );
    if let Some(peak) = main.peak_rss_bytes {
        let _ = writeln!(
            out,
            "  peak memory {} MB (VmHWM, whole process), {} bytes per document",
            mb(peak),
            thousands(main.peak_rss_per_doc.unwrap_or(0.0).round() as u64)
        );
    }
    if let Some(a) = &main.accuracy {
        let _ = writeln!(
            out,
            "  recall {:.4} ({} of {} true pairs) · precision {:.4} ({} of {} reported)",
            a.recall,
            thousands(a.true_positives as u64),
            thousands(a.truth_pairs as u64),
            a.precision,
            thousands(a.true_positives as u64),
            thousands(a.reported_pairs as u64)
        );
    }
}

/// The main corpus at each thread count, with the speed-up over the first.
fn threads_table(out: &mut String, threads: &[RunSummary], corpus: &str) {
    let base = threads.first().map_or(0.0, |t| t.process_seconds);
    let _ = writeln!(out, "\nthreads ({corpus})");
    let _ = writeln!(
        out,
        "{:<8} {:>9} {:>10} {:>9} {:>10}",
        "threads", "seconds", "MB/s", "speed-up", "peak MB"
    );
    for t in threads {
        let _ = writeln!(
            out,
            "{:<8} {:>9.4} {:>10} {:>9.2} {:>10}",
            t.threads,
            t.process_seconds,
            rate(t.mb_per_s),
            base / t.process_seconds.max(1e-9),
            t.peak_rss_bytes.map_or("-".into(), mb)
        );
    }
}

/// Each corpus size at the most threads: how time and memory grow.
fn growth_table(out: &mut String, sizes: &[RunSummary], threads: usize) {
    let _ = writeln!(out, "\ngrowth ({threads} threads)");
    let _ = writeln!(
        out,
        "{:<5} {:>10} {:>9} {:>9} {:>9} {:>9} {:>10} {:>11} {:>8} {:>9}",
        "size",
        "documents",
        "MB",
        "seconds",
        "MB/s",
        "peak MB",
        "bytes/doc",
        "added/doc",
        "recall",
        "precision"
    );
    for z in sizes {
        let _ = writeln!(
            out,
            "{:<5} {:>10} {:>9} {:>9.4} {:>9} {:>9} {:>10} {:>11} {:>8} {:>9}",
            format!("x{}", z.scale),
            thousands(z.documents as u64),
            mb(z.bytes),
            z.process_seconds,
            rate(z.mb_per_s),
            z.peak_rss_bytes.map_or("-".into(), mb),
            z.peak_rss_per_doc
                .map_or("-".into(), |b| thousands(b.round() as u64)),
            z.marginal_rss_per_doc
                .map_or("-".into(), |b| format!("{b:.0}")),
            accuracy_cell(z, |a| a.recall),
            accuracy_cell(z, |a| a.precision)
        );
    }
    if let (Some(first), Some(last)) = (sizes.first(), sizes.last()) {
        let _ = writeln!(
            out,
            "  x{} / x{}: {:.2}x the bytes in {:.2}x the time",
            last.scale,
            first.scale,
            last.bytes as f64 / first.bytes.max(1) as f64,
            last.process_seconds / first.process_seconds.max(1e-9)
        );
        let _ = writeln!(
            out,
            "  added/doc: peak memory added per document added since x{} (the process's fixed cost left out)",
            first.scale
        );
    }
}

fn accuracy_cell(z: &RunSummary, f: impl Fn(&Accuracy) -> f64) -> String {
    z.accuracy
        .as_ref()
        .map_or("-".into(), |a| format!("{:.4}", f(a)))
}

/// Megabytes (10^6 bytes) with one decimal.
fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1e6)
}

/// A rate with one decimal, grouped by thousands.
fn rate(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let whole = x.trunc() as u64;
    format!(
        "{}.{}",
        thousands(whole),
        ((x.fract() * 10.0).floor() as u64).min(9)
    )
}

#[cfg(test)]
mod tests {
    use super::super::measure::{Machine, RunMeasurement, StageTime};
    use super::super::report::{BenchSettings, CorpusInfo, summarize};
    use super::*;

    fn report(kind: &str) -> BenchReport {
        let m = |threads: usize, documents: usize, seconds: f64| RunMeasurement {
            threads,
            files: documents,
            documents,
            bytes: documents as u64 * 1000,
            stages: vec![StageTime {
                stage: "read+sign".into(),
                seconds,
            }],
            read_cpu_seconds: seconds,
            sign_cpu_seconds: seconds,
            scan_seconds: seconds,
            peak_rss_bytes: Some(documents as u64 * 1000),
            candidate_pairs: 1,
            similar_pairs: 1,
            pairs: vec![("a".into(), "b".into())],
        };
        let planted = [neardup::synth::corpus::PlantedPair {
            a: "a".into(),
            b: "b".into(),
            jaccard: 0.9,
            target: Some(0.9),
            kind: None,
        }];
        let truth = (kind == "generated").then_some((&planted[..], 0.8));
        let run = |scale, threads, docs, secs| {
            summarize(scale, &[(m(threads, docs, secs), secs)], truth).unwrap()
        };
        BenchReport {
            corpus: CorpusInfo {
                kind: kind.into(),
                path: Some("dir\x1b[31m".into()),
                source: "zipf".into(),
                size: None,
                doc_size: None,
                dup_rate: None,
                seed: None,
                files: 1000,
                bytes: 1_000_000,
                families: None,
                planted_pairs: None,
                truth_pairs: None,
                non_ascii_documents: None,
            },
            settings: BenchSettings {
                threshold: 0.8,
                shingle: "word:5".into(),
                perms: 128,
                sketch: "minhash".into(),
                bands: 14,
                rows: 9,
                runs: 1,
                max_threads: 2,
                method: "fresh processes".into(),
            },
            machine: Machine {
                cpu: None,
                available_threads: 2,
                os: "linux x86_64".into(),
            },
            main: run(1, 2, 1000, 0.5),
            threads: vec![run(1, 1, 1000, 1.0), run(1, 2, 1000, 0.5)],
            sizes: vec![run(1, 2, 1000, 0.5), run(4, 2, 4000, 2.0)],
        }
    }

    #[test]
    fn tables_name_the_corpus_and_escape_its_path() {
        let text = terminal(&report("generated"));
        assert!(text.contains("\nx1 corpus, 2 threads\n"), "{text}");
        assert!(text.contains("recall 1.0000 (1 of 1 true pairs)"), "{text}");
        assert!(
            text.contains("x4 / x1: 4.00x the bytes in 4.00x the time"),
            "{text}"
        );
        assert!(!text.contains('\x1b'), "terminal escapes are neutralised");
        let speedup = text
            .lines()
            .find(|l| l.starts_with("2 "))
            .expect("the two-thread row");
        assert!(speedup.contains("2.00"), "{speedup}");
        let folder = terminal(&report("folder"));
        assert!(folder.contains("the whole folder, 2 threads"), "{folder}");
        assert!(!folder.contains("recall 1"), "{folder}");
        let v: serde_json::Value = serde_json::from_str(&json(&report("generated"))).unwrap();
        assert_eq!(v["main"]["accuracy"]["precision"], 1.0);
        assert_eq!(v["sizes"][1]["scale"], 4);
    }

    #[test]
    fn rates_and_megabytes_are_written() {
        assert_eq!(rate(1234.56), "1,234.5");
        assert_eq!(rate(f64::INFINITY), "-");
        assert_eq!(mb(22_100_000), "22.1");
    }
}
