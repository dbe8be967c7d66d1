//! Measuring one scan: the time of each stage of the real scanner, the CPU
//! time of reading and of signing, and the process's peak memory.
//!
//! [`StageClock`] is a [`Progress`] that notes the instant each stage of
//! [`Scanner::scan`] starts (walk, read and sign, band, verify, cluster) and
//! sums the per-file read and sign times the scanner reports when asked, so
//! the figures come from the scan itself, not from a copy of its stages.
//! Reading and signing run fused on every worker (one pass per file), so
//! they have one wall time; their split is CPU time summed over workers.
//! Peak memory is the kernel's high-water mark of the resident set
//! (`VmHWM` in `/proc/self/status`), Linux only: whole-process, so a
//! benchmark measures each configuration in a fresh process.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use neardup::Error;
use neardup::scan::{Progress, Scanner, Sources, Stage};

use crate::cli::progress::peak_rss_bytes;

/// Notes when each stage of a scan starts and how long reading and signing
/// took.
#[derive(Debug, Default)]
pub struct StageClock {
    marks: Mutex<Vec<(Stage, Instant)>>,
    end: Mutex<Option<Instant>>,
    read_ns: AtomicU64,
    sign_ns: AtomicU64,
}

impl Progress for StageClock {
    fn stage(&self, stage: Stage, _total: u64) {
        if let Ok(mut m) = self.marks.lock() {
            m.push((stage, Instant::now()));
        }
    }

    fn wants_file_times(&self) -> bool {
        true
    }

    fn file_times(&self, read: Duration, sign: Duration) {
        self.read_ns
            .fetch_add(read.as_nanos() as u64, Ordering::Relaxed);
        self.sign_ns
            .fetch_add(sign.as_nanos() as u64, Ordering::Relaxed);
    }

    fn finish(&self) {
        if let Ok(mut e) = self.end.lock() {
            *e = Some(Instant::now());
        }
    }
}

impl StageClock {
    /// Seconds per stage, in order.
    pub fn stages(&self) -> Vec<StageTime> {
        let marks = self.marks.lock().map(|m| m.clone()).unwrap_or_default();
        let end = self
            .end
            .lock()
            .ok()
            .and_then(|e| *e)
            .unwrap_or_else(Instant::now);
        marks
            .iter()
            .enumerate()
            .map(|(i, &(stage, start))| {
                let stop = marks.get(i + 1).map_or(end, |m| m.1);
                StageTime {
                    stage: stage_name(stage).to_string(),
                    seconds: stop.duration_since(start).as_secs_f64(),
                }
            })
            .collect()
    }

    /// CPU seconds spent reading files, summed over workers.
    pub fn read_seconds(&self) -> f64 {
        self.read_ns.load(Ordering::Relaxed) as f64 / 1e9
    }

    /// CPU seconds spent signing texts, summed over workers.
    pub fn sign_seconds(&self) -> f64 {
        self.sign_ns.load(Ordering::Relaxed) as f64 / 1e9
    }
}

/// The name of a stage in benchmark reports.
pub fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Walk => "walk",
        Stage::Sign => "read+sign",
        Stage::Band => "band",
        Stage::Verify => "verify",
        Stage::Cluster => "cluster",
    }
}

/// The machine.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Machine {
    /// CPU model (`/proc/cpuinfo`), when known.
    pub cpu: Option<String>,
    /// Hardware threads available to the process.
    pub available_threads: usize,
    /// Operating system and architecture.
    pub os: String,
}

/// The wall time of one stage.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StageTime {
    /// `walk`, `read+sign`, `band`, `verify` or `cluster`.
    pub stage: String,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// One scan, measured in the process that ran it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RunMeasurement {
    /// Worker threads.
    pub threads: usize,
    /// Files found.
    pub files: usize,
    /// Documents signed.
    pub documents: usize,
    /// Bytes of the documents signed.
    pub bytes: u64,
    /// Wall time per stage.
    pub stages: Vec<StageTime>,
    /// CPU seconds reading files (all workers).
    pub read_cpu_seconds: f64,
    /// CPU seconds signing texts (all workers).
    pub sign_cpu_seconds: f64,
    /// Wall seconds from the start of the walk to the end of clustering.
    pub scan_seconds: f64,
    /// Peak resident set of the process in bytes (`VmHWM`; `None` off
    /// Linux).
    pub peak_rss_bytes: Option<u64>,
    /// Candidate pairs proposed by LSH.
    pub candidate_pairs: usize,
    /// Similar pairs found (counted).
    pub similar_pairs: u64,
    /// Similar pairs listed, as display paths `(a, b)`.
    pub pairs: Vec<(String, String)>,
}

/// Scans `sources` with `scanner` and measures it. Call it in a fresh
/// process for an honest peak memory.
pub fn measure_scan(
    scanner: &Scanner,
    sources: &Sources,
    threads: usize,
) -> Result<RunMeasurement, Error> {
    let clock = StageClock::default();
    let start = Instant::now();
    let result = scanner.scan(sources, &clock)?;
    let scan_seconds = start.elapsed().as_secs_f64();
    Ok(RunMeasurement {
        threads,
        files: result.summary.files,
        documents: result.summary.documents,
        bytes: result.summary.bytes,
        stages: clock.stages(),
        read_cpu_seconds: clock.read_seconds(),
        sign_cpu_seconds: clock.sign_seconds(),
        scan_seconds,
        peak_rss_bytes: peak_rss_bytes(),
        candidate_pairs: result.summary.candidate_pairs,
        similar_pairs: result.summary.similar_pairs,
        pairs: result.pairs.into_iter().map(|p| (p.a, p.b)).collect(),
    })
}

/// The CPU model (`model name` in `/proc/cpuinfo`, Linux), the hardware
/// threads available, and the OS and architecture.
pub fn machine() -> Machine {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        });
    Machine {
        cpu,
        available_threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        os: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_times_every_stage_of_a_real_scan() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..3 {
            std::fs::write(
                dir.path().join(format!("{i}.txt")),
                "one two three four five six seven eight nine ten ".repeat(20 + i),
            )
            .unwrap();
        }
        let scanner = Scanner::new(neardup::ScanConfig::default()).unwrap();
        let sources = Sources {
            roots: vec![dir.path().to_path_buf()],
            listed: Vec::new(),
        };
        let m = measure_scan(&scanner, &sources, 1).unwrap();
        let names: Vec<&str> = m.stages.iter().map(|s| s.stage.as_str()).collect();
        assert_eq!(names, ["walk", "read+sign", "band", "verify", "cluster"]);
        assert_eq!((m.files, m.documents), (3, 3));
        assert!(m.read_cpu_seconds > 0.0 && m.sign_cpu_seconds > 0.0);
        let staged: f64 = m.stages.iter().map(|s| s.seconds).sum();
        assert!(staged <= m.scan_seconds + 1e-6);
        // The three texts repeat one sentence: all similar.
        assert_eq!(m.similar_pairs, 3);
    }
}
