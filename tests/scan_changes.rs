//! Files that change while a scan runs, and corpora whose pairs crowd the
//! threshold: the re-check never drops a pair without a word, and costs
//! no second read for short documents. Driven through the library's
//! `Scanner` with a `Progress` that acts when verification starts.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use neardup::internals::SplitMix64;
use neardup::scan::{Progress, Sources, Stage};
use neardup::{ScanConfig, Scanner};

/// Runs `act` once, when the scan starts verifying candidates.
struct AtVerify(Mutex<Option<Box<dyn FnOnce() + Send>>>);

impl Progress for AtVerify {
    fn stage(&self, stage: Stage, _total: u64) {
        if stage == Stage::Verify {
            if let Some(act) = self.0.lock().unwrap().take() {
                act();
            }
        }
    }
}

fn at_verify(act: impl FnOnce() + Send + 'static) -> AtVerify {
    AtVerify(Mutex::new(Some(Box::new(act))))
}

fn words(rng: &mut SplitMix64, n: usize) -> Vec<String> {
    (0..n).map(|_| format!("w{}", rng.next() % 5000)).collect()
}

fn scan(root: &Path, progress: &dyn Progress) -> neardup::ScanResult {
    let sources = Sources {
        roots: vec![root.to_path_buf()],
        listed: vec![],
    };
    Scanner::new(ScanConfig::default())
        .unwrap()
        .scan(&sources, progress)
        .unwrap()
}

#[test]
fn file_changed_during_the_scan_keeps_its_pair_and_says_so() {
    // Two long documents (re-read for their exact check) near the
    // threshold; b is rewritten between signing and the re-check. Before:
    // the re-check read the new text and the pair vanished without a word.
    let d = tempfile::tempdir().unwrap();
    let mut rng = SplitMix64::new(42);
    let a = words(&mut rng, 400);
    let mut b = a.clone();
    for k in (0..400).step_by(57) {
        b[k] = format!("x{k}");
    }
    std::fs::write(d.path().join("a.txt"), a.join(" ")).unwrap();
    let b_path: PathBuf = d.path().join("b.txt");
    std::fs::write(&b_path, b.join(" ")).unwrap();
    let steady = scan(d.path(), &neardup::scan::Silent);
    assert_eq!(steady.summary.rechecked_pairs, 1, "the pair is borderline");
    assert_eq!(steady.pairs.len(), 1);
    assert!(steady.changed_during_scan.is_empty());
    let other = words(&mut rng, 400).join(" ");
    let moving = scan(
        d.path(),
        &at_verify(move || std::fs::write(b_path, other).unwrap()),
    );
    assert_eq!(moving.summary.changed_during_scan, 1);
    assert_eq!(moving.changed_during_scan.len(), 1);
    assert!(moving.changed_during_scan[0].ends_with("b.txt"));
    assert_eq!(moving.pairs.len(), 1, "decided from the signatures, kept");
    assert!(moving.skipped.is_empty(), "still a document, not skipped");
    assert_eq!(moving.summary.documents, 2);
}

#[test]
fn templated_short_documents_are_checked_without_rereading() {
    // One-line files from one template (one varying word at each end):
    // thousands of pairs sit at the threshold. Their exact checks use the
    // shingle sets kept from signing: deleting every file before the
    // checks changes nothing. Before: each check re-read both files.
    let d = tempfile::tempdir().unwrap();
    let mut rng = SplitMix64::new(7);
    let mut paths = Vec::new();
    for i in 0..1500 {
        let text = format!(
            "w{} The committee approved the annual budget for the regional transport network on v{}.\n",
            rng.next() % 3000,
            rng.next() % 40
        );
        let p = d.path().join(format!("{i:05}.txt"));
        std::fs::write(&p, text).unwrap();
        paths.push(p);
    }
    let steady = scan(d.path(), &neardup::scan::Silent);
    assert!(
        steady.summary.rechecked_pairs > 1000,
        "{:?}",
        steady.summary
    );
    let gone = scan(
        d.path(),
        &at_verify(move || {
            for p in paths {
                std::fs::remove_file(p).unwrap();
            }
        }),
    );
    assert!(gone.changed_during_scan.is_empty());
    assert_eq!(gone.pairs, steady.pairs);
    assert_eq!(gone.clusters, steady.clusters);
    assert_eq!(gone.summary, steady.summary);
}
