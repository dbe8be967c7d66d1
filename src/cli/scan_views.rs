//! `neardup scan --format html`: the cluster page alone on stdout, or with
//! `--out DIR` the page as `DIR/index.html` beside a side-by-side compare
//! report of each listed pair.
//!
//! A view compares the pair's two files as `neardup compare A B --preset
//! pan` would (near-duplicates are whole documents: the pan preset merges
//! neighbouring matches into long passages instead of listing every
//! sentence). Views are bounded so a huge cluster cannot fill the disk:
//! each file at most [`VIEW_MAX_FILE`] bytes, at most [`VIEW_MAX_REPORTS`]
//! views and [`VIEW_MAX_TEXT`] bytes of document text per run. The budget
//! goes round the clusters (each cluster's first pair, then each one's
//! second, …) in page order, so every cluster gets views before any gets
//! many; a pair left without a view says why on the page. Views are
//! compared and written in parallel; the bytes do not depend on the number
//! of threads.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use neardup::config::Preset;
use neardup::decode::Decoding;
use neardup::report::html::{self, PairView, ScanPage, Views};
use neardup::scan::ScanResult;
use neardup::scan::SkipReason;
use neardup::scan::read::read_document_as;
use neardup::scan::walk::path_of_display;
use neardup::{Comparator, Document};
use rayon::prelude::*;

use super::out_dir::OutDir;

/// Largest file shown side by side: 1 MiB (a 1 MB pair makes a page of
/// about 6 MB that a browser opens in a second or two).
pub const VIEW_MAX_FILE: u64 = 1 << 20;
/// Most side-by-side views per run.
pub const VIEW_MAX_REPORTS: usize = 2_000;
/// Most document text shown in the views of one run: 64 MiB.
pub const VIEW_MAX_TEXT: u64 = 64 << 20;

/// Writes the page of `result` (scanned from `inputs`) to stdout, or with
/// `out` into that folder (created by the caller) with the pairs' views.
/// `lang` is the scan's `--lang` (`none`: compare's default language),
/// `decoding` its `--encoding`: the views read the files as the scan did.
/// Returns how many listed pairs got no view.
pub fn write(
    result: &ScanResult,
    inputs: &[String],
    out: Option<&OutDir>,
    lang: &str,
    decoding: Decoding,
) -> Result<usize> {
    let Some(dir) = out else {
        let page = ScanPage {
            inputs,
            views: None,
        };
        super::shared::write_stdout(&html::render_scan(result, &page))?;
        return Ok(0);
    };
    let mut config = Preset::Pan.config();
    let mut how = String::from("neardup compare A B --preset pan");
    if lang != "none" {
        config.lang = lang.to_string();
        how.push_str(" --lang ");
        how.push_str(lang);
    }
    let cmp = Comparator::new(config).context("the side-by-side views")?;
    let mut views = plan(result);
    let width = result.pairs.len().to_string().len().max(4);
    let name = |k: usize| {
        let pair = &result.pairs[k];
        html::pair_report_name(k + 1, width, &pair.a, &pair.b)
    };
    let names: Vec<String> = (0..views.len())
        .filter(|&k| views[k].is_none())
        .map(name)
        .collect();
    dir.claim(std::iter::once(html::INDEX_FILE).chain(names.iter().map(String::as_str)))?;
    let written: Vec<(usize, PairView)> = views
        .par_iter()
        .enumerate()
        .filter(|(_, v)| v.is_none())
        .map(|(k, _)| -> Result<(usize, PairView)> {
            let pair = &result.pairs[k];
            let view = match (read_view(&pair.a, decoding), read_view(&pair.b, decoding)) {
                (Ok(a), Ok(b)) => {
                    let stored = [a.stored, b.stored];
                    let (a, b) = (
                        Document {
                            path: pair.a.clone(),
                            text: a.text,
                        },
                        Document {
                            path: pair.b.clone(),
                            text: b.text,
                        },
                    );
                    let mut c = cmp.compare(&a, &b);
                    // A file read in another encoding than UTF-8: the page
                    // names it, with the size as stored.
                    for (info, (encoding, bytes)) in
                        [&mut c.original, &mut c.rewrite].into_iter().zip(stored)
                    {
                        if encoding != "UTF-8" {
                            info.encoding = Some(encoding.to_string());
                            info.bytes = bytes as usize;
                        }
                    }
                    let name = name(k);
                    let page = html::render_scan_pair(&c, &a.text, &b.text, pair.cluster);
                    dir.write(&name, page.as_bytes())?;
                    PairView::Report(name)
                }
                (Err(why), _) | (_, Err(why)) => PairView::Unavailable(why),
            };
            Ok((k, view))
        })
        .collect::<Result<_>>()?;
    for (k, view) in written {
        views[k] = Some(view);
    }
    let views: Vec<PairView> = views
        .into_iter()
        .map(|v| v.unwrap_or_else(|| PairView::Unavailable("not written".into())))
        .collect();
    let missing = views
        .iter()
        .filter(|v| matches!(v, PairView::Unavailable(_)))
        .count();
    let page = ScanPage {
        inputs,
        views: Some(Views {
            pairs: &views,
            how: &how,
        }),
    };
    dir.write(
        html::INDEX_FILE,
        html::render_scan(result, &page).as_bytes(),
    )?;
    Ok(missing)
}

/// For each listed pair, `None` when it gets a view (so far as sizes
/// tell), else why not: a file that cannot be read or is too large, or the
/// run's budget spent. Sizes come from `stat`, once per file.
fn plan(result: &ScanResult) -> Vec<Option<PairView>> {
    let mut sizes: BTreeMap<&str, Result<u64, String>> = BTreeMap::new();
    for p in &result.pairs {
        for path in [&p.a, &p.b] {
            sizes.entry(path).or_insert_with(|| view_size(path));
        }
    }
    // Page order inside each cluster (most similar first, then listing
    // order), then round the clusters.
    let mut by_cluster: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, p) in result.pairs.iter().enumerate() {
        by_cluster.entry(p.cluster).or_default().push(k);
    }
    for list in by_cluster.values_mut() {
        list.sort_by(|&x, &y| {
            let (a, b) = (&result.pairs[x], &result.pairs[y]);
            b.similarity.total_cmp(&a.similarity).then(x.cmp(&y))
        });
    }
    let mut order: Vec<usize> = Vec::with_capacity(result.pairs.len());
    let deepest = by_cluster.values().map(Vec::len).max().unwrap_or(0);
    for rank in 0..deepest {
        order.extend(
            by_cluster
                .values()
                .filter_map(|list| list.get(rank).copied()),
        );
    }
    let mut plan: Vec<Option<PairView>> = vec![None; result.pairs.len()];
    let (mut reports, mut text) = (0usize, 0u64);
    for k in order {
        let p = &result.pairs[k];
        let size = |path: &str| sizes.get(path).cloned().unwrap_or(Ok(0));
        plan[k] = match (size(&p.a), size(&p.b)) {
            (Err(why), _) | (_, Err(why)) => Some(PairView::Unavailable(why)),
            (Ok(_), Ok(_)) if reports >= VIEW_MAX_REPORTS => Some(PairView::Unavailable(format!(
                "not written: at most {VIEW_MAX_REPORTS} side-by-side views per run"
            ))),
            (Ok(a), Ok(b)) if text + a + b > VIEW_MAX_TEXT => Some(PairView::Unavailable(format!(
                "not written: the views of this run reached {} MiB of text",
                VIEW_MAX_TEXT >> 20
            ))),
            (Ok(a), Ok(b)) => {
                reports += 1;
                text += a + b;
                None
            }
        };
    }
    plan
}

/// The size of the file at `path` (a path of the scan result), or why it
/// cannot be shown.
fn view_size(path: &str) -> Result<u64, String> {
    let meta = std::fs::metadata(path_of_display(path))
        .map_err(|e| format!("cannot read '{path}': {e}"))?;
    too_large(path, meta.len())?;
    Ok(meta.len())
}

fn too_large(path: &str, size: u64) -> Result<(), String> {
    if size > VIEW_MAX_FILE {
        Err(format!(
            "'{path}' is {size} bytes, over the {} MiB limit of a side-by-side view \
             (neardup compare shows it)",
            VIEW_MAX_FILE >> 20
        ))
    } else {
        Ok(())
    }
}

/// A document of a view: its text, and its encoding and size as stored.
#[derive(Debug)]
struct ViewText {
    text: String,
    stored: (&'static str, u64),
}

/// The text of `path` for its view (decoded as the scan decoded it, bytes
/// invalid in their encoding read as U+FFFD), or why it cannot be shown.
fn read_view(path: &str, decoding: Decoding) -> Result<ViewText, String> {
    let mut buf = Vec::new();
    match read_document_as(&path_of_display(path), VIEW_MAX_FILE, decoding, &mut buf) {
        Ok(loaded) => Ok(ViewText {
            stored: (loaded.encoding, loaded.bytes),
            text: loaded.text.into_owned(),
        }),
        Err(skip) if skip.reason == SkipReason::TooLarge => Err(format!(
            "'{path}' grew over the {} MiB limit of a side-by-side view since the scan",
            VIEW_MAX_FILE >> 20
        )),
        Err(skip) => Err(format!("'{path}' changed since the scan: {}", skip.detail)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use neardup::scan::{Pair, Scanner, Summary};
    use std::path::Path;

    fn result(pairs: Vec<Pair>) -> ScanResult {
        ScanResult {
            summary: Summary::default(),
            settings: Scanner::new(neardup::ScanConfig::default())
                .unwrap()
                .settings(),
            similarity_histogram: Vec::new(),
            clusters: Vec::new(),
            pairs,
            skipped: Vec::new(),
            decoded_lossily: Vec::new(),
            non_utf8: Vec::new(),
            changed_during_scan: Vec::new(),
        }
    }

    fn pair(a: &Path, b: &Path, similarity: f64, cluster: usize) -> Pair {
        Pair {
            a: a.to_str().unwrap().to_string(),
            b: b.to_str().unwrap().to_string(),
            similarity,
            cluster,
        }
    }

    fn viewed(plan: &[Option<PairView>]) -> Vec<usize> {
        (0..plan.len()).filter(|&k| plan[k].is_none()).collect()
    }

    #[test]
    fn the_view_budget_goes_round_the_clusters_most_similar_first() {
        let d = tempfile::tempdir().unwrap();
        let (x, y) = (d.path().join("x.txt"), d.path().join("y.txt"));
        std::fs::write(&x, "some words").unwrap();
        std::fs::write(&y, "some more words").unwrap();
        // Cluster 1: 1,500 pairs, cluster 2: 1,500 pairs, similarity
        // rising with the listing order.
        let pairs: Vec<Pair> = (0..3000)
            .map(|k| pair(&x, &y, 0.8 + (k % 1500) as f64 / 10_000.0, 1 + k / 1500))
            .collect();
        let plan = plan(&result(pairs));
        let got = viewed(&plan);
        assert_eq!(got.len(), VIEW_MAX_REPORTS);
        assert_eq!(got.iter().filter(|&&k| k < 1500).count(), 1000, "half each");
        // Each cluster's most similar pairs (the last listed) have views.
        assert!(got.contains(&1499) && got.contains(&2999));
        assert!(!got.contains(&0) && !got.contains(&1500));
        match &plan[0] {
            Some(PairView::Unavailable(why)) => {
                assert!(why.contains("at most 2000 side-by-side views"), "{why}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn large_missing_and_over_budget_files_get_no_view() {
        let d = tempfile::tempdir().unwrap();
        let (big1, big2) = (d.path().join("big1"), d.path().join("big2"));
        let (large, gone) = (d.path().join("large"), d.path().join("gone"));
        let mib = vec![b'a'; VIEW_MAX_FILE as usize];
        std::fs::write(&big1, &mib).unwrap();
        std::fs::write(&big2, &mib).unwrap();
        std::fs::write(&large, [&mib[..], b"b"].concat()).unwrap();
        let mut pairs = vec![pair(&big1, &large, 0.9, 1), pair(&gone, &big1, 0.9, 2)];
        pairs.extend((0..40).map(|_| pair(&big1, &big2, 0.9, 3)));
        let plan = plan(&result(pairs));
        let why = |k: usize| match &plan[k] {
            Some(PairView::Unavailable(why)) => why.clone(),
            other => panic!("{k}: {other:?}"),
        };
        assert!(why(0).contains("over the 1 MiB limit"), "{}", why(0));
        assert!(why(0).contains("large' is 1048577 bytes"), "{}", why(0));
        assert!(why(1).starts_with("cannot read '"), "{}", why(1));
        // 2 MiB a pair: 32 pairs fill the 64 MiB of text.
        assert_eq!(viewed(&plan), (2..34).collect::<Vec<_>>());
        assert!(why(34).contains("reached 64 MiB of text"), "{}", why(34));
    }

    #[test]
    fn a_file_that_changed_since_the_scan_says_so() {
        let d = tempfile::tempdir().unwrap();
        let bin = d.path().join("bin");
        std::fs::write(&bin, b"ab\0c").unwrap();
        let why = read_view(bin.to_str().unwrap(), Decoding::Auto).unwrap_err();
        assert!(why.contains("changed since the scan: binary file"), "{why}");
        let latin1 = d.path().join("latin1");
        std::fs::write(&latin1, b"caf\xe9").unwrap();
        let latin = read_view(latin1.to_str().unwrap(), Decoding::Auto).unwrap();
        assert_eq!(latin.text, "caf\u{e9}");
        assert_eq!(latin.stored, ("windows-1252", 4));
        let lossy = d.path().join("lossy");
        std::fs::write(&lossy, b"\xff\xfec\0\x00\xd8").unwrap();
        assert_eq!(
            read_view(lossy.to_str().unwrap(), Decoding::Auto)
                .unwrap()
                .text,
            "c\u{FFFD}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_is_opened_by_its_display() {
        use std::os::unix::ffi::OsStrExt;
        let d = tempfile::tempdir().unwrap();
        let name = d.path().join(std::ffi::OsStr::from_bytes(b"x\xff.txt"));
        std::fs::write(&name, "text").unwrap();
        let shown = neardup::scan::walk::display_path(&name);
        assert!(shown.ends_with("x\\xFF.txt"), "{shown}");
        assert_eq!(view_size(&shown), Ok(4));
        assert_eq!(read_view(&shown, Decoding::Auto).unwrap().text, "text");
    }
}
