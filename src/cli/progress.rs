//! Progress of a running scan on stderr: a bar with files/s, MB/s and ETA
//! while files are signed, a spinner for the later stages, and with
//! `--verbose` one line of timing per stage and the peak memory (Linux) at
//! the end. The bar is drawn
//! only when asked (the binary asks only when stderr is a terminal) and is
//! cleared before anything else is printed; stdout is never touched.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use neardup::scan::{Progress, Stage};

/// A [`Progress`] for the terminal.
#[derive(Debug)]
pub struct ScanProgress {
    bar: Option<ProgressBar>,
    verbose: bool,
    bytes: Arc<AtomicU64>,
    stages: Mutex<Vec<(Stage, u64, Instant)>>,
}

impl ScanProgress {
    /// Draws a bar when `draw`; prints stage timings when `verbose`.
    pub fn new(draw: bool, verbose: bool) -> Self {
        let bytes = Arc::new(AtomicU64::new(0));
        let bar = draw.then(|| {
            let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(10));
            b.enable_steady_tick(Duration::from_millis(200));
            b
        });
        ScanProgress {
            bar,
            verbose,
            bytes,
            stages: Mutex::new(Vec::new()),
        }
    }

    fn file_style(&self) -> ProgressStyle {
        let bytes = Arc::clone(&self.bytes);
        ProgressStyle::with_template(
            "{spinner} signing [{bar:30}] {pos}/{len} files · {files_per_sec} · {mb_per_sec} · ETA {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
        .with_key("files_per_sec", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0} files/s", s.pos() as f64 / s.elapsed().as_secs_f64().max(1e-3));
        })
        .with_key("mb_per_sec", move |s: &ProgressState, w: &mut dyn std::fmt::Write| {
            let mb = bytes.load(Ordering::Relaxed) as f64 / 1e6;
            let _ = write!(w, "{:.1} MB/s", mb / s.elapsed().as_secs_f64().max(1e-3));
        })
    }
}

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Walk => "walking folders",
        Stage::Sign => "reading and signing",
        Stage::Band => "LSH banding",
        Stage::Verify => "verifying candidates",
        Stage::Cluster => "clustering",
    }
}

impl Progress for ScanProgress {
    fn stage(&self, stage: Stage, total: u64) {
        if let Ok(mut s) = self.stages.lock() {
            s.push((stage, total, Instant::now()));
        }
        let Some(bar) = &self.bar else { return };
        if stage == Stage::Sign {
            bar.set_style(self.file_style());
            bar.set_length(total);
            bar.set_position(0);
            bar.reset_elapsed();
        } else {
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_message(stage_name(stage));
        }
    }

    fn file_done(&self, bytes: u64) {
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if !self.verbose {
            return;
        }
        let Ok(stages) = self.stages.lock() else {
            return;
        };
        let end = Instant::now();
        for (i, (stage, total, start)) in stages.iter().enumerate() {
            let stop = stages.get(i + 1).map_or(end, |s| s.2);
            let secs = stop.duration_since(*start).as_secs_f64();
            let mut line = format!("neardup: {:<22} {:>8.3} s", stage_name(*stage), secs);
            if *stage == Stage::Sign {
                let mb = self.bytes.load(Ordering::Relaxed) as f64 / 1e6;
                line.push_str(&format!(
                    "  ({total} files, {mb:.1} MB: {:.0} files/s, {:.1} MB/s)",
                    *total as f64 / secs.max(1e-9),
                    mb / secs.max(1e-9)
                ));
            } else if *total > 0 {
                line.push_str(&format!("  ({total})"));
            }
            eprintln!("{line}");
        }
        if let Some(first) = stages.first() {
            let secs = end.duration_since(first.2).as_secs_f64();
            let mb = self.bytes.load(Ordering::Relaxed) as f64 / 1e6;
            eprintln!(
                "neardup: {:<22} {:>8.3} s  ({:.1} MB/s end to end)",
                "total",
                secs,
                mb / secs.max(1e-9)
            );
        }
        if let Some(peak) = peak_rss_bytes() {
            eprintln!(
                "neardup: {:<22} {:>8.1} MB (VmHWM: the process's peak resident memory so far)",
                "peak memory",
                peak as f64 / 1e6
            );
        }
    }
}

impl Drop for ScanProgress {
    /// A scan that stopped early (an error) must not leave its bar behind
    /// the error message.
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A bar on stderr (pairs done, pairs/s, ETA), only when stderr is a
/// terminal: stdout stays clean for JSONL.
pub fn pairs_bar(total: u64) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || total < 2 {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} comparing [{bar:30}] {pos}/{len} pairs · {per_sec} · ETA {eta}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
    .progress_chars("=> ");
    bar.set_style(style);
    Some(bar)
}

/// Progress on stderr, drawn only on a terminal.
pub struct Bar(Option<ProgressBar>);

impl Bar {
    pub fn new(draw: bool) -> Self {
        Bar(draw.then(|| {
            let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(10));
            b.enable_steady_tick(Duration::from_millis(200));
            b
        }))
    }

    pub fn start_bytes(&self, total: u64, msg: &str) {
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

    pub fn start_files(&self, total: u64, msg: &str) {
        if let Some(b) = &self.0 {
            b.set_style(
                ProgressStyle::with_template(
                    "{spinner} {msg} [{bar:30}] {pos}/{len} files · {per_sec} · ETA {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            b.set_length(total);
            b.set_position(0);
            b.set_message(msg.to_string());
        }
    }

    pub fn start_runs(&self, total: u64) {
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

    /// A spinner with `msg` and the time elapsed, drawn when `draw`: for
    /// one long step whose progress cannot be counted (a large comparison,
    /// an evaluation). The first write of the report clears it
    /// ([`end_step`]), so the report never lands in the spinner's line.
    pub fn step(draw: bool, msg: &str) -> Self {
        Bar(draw.then(|| {
            let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(10));
            b.set_style(
                ProgressStyle::with_template("{spinner} {msg} · {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            b.set_message(msg.to_string());
            b.enable_steady_tick(Duration::from_millis(200));
            *step() = Some(b.clone());
            b
        }))
    }

    pub fn add(&self, n: u64) {
        if let Some(b) = &self.0 {
            b.inc(n);
        }
    }

    pub fn tick(&self) {
        self.add(1);
    }

    pub fn note(&self, msg: &str) {
        if let Some(b) = &self.0 {
            b.set_message(msg.to_string());
        }
    }

    pub fn clear(&self) {
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

/// The spinner of the step under way, if one is drawn.
static STEP: std::sync::Mutex<Option<ProgressBar>> = std::sync::Mutex::new(None);

fn step() -> std::sync::MutexGuard<'static, Option<ProgressBar>> {
    STEP.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Clears the spinner of [`Bar::start_step`], if one is drawn (called
/// before the report is written).
pub fn end_step() {
    if let Some(b) = step().take() {
        b.finish_and_clear();
    }
}

/// The peak resident set of this process in bytes: `VmHWM` from
/// `/proc/self/status` (Linux); `None` elsewhere or when unreadable.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_vm_hwm(&status)
}

fn parse_vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vm_hwm_is_read_in_bytes() {
        let status = "Name:\tneardup\nVmPeak:\t  10000 kB\nVmHWM:\t    2048 kB\nVmRSS:\t1 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(2048 * 1024));
        assert_eq!(parse_vm_hwm("Name: x\n"), None);
        if cfg!(target_os = "linux") {
            assert!(peak_rss_bytes().is_some_and(|b| b > 0));
        }
    }
}
