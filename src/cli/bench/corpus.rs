//! The corpora of `neardup bench`: a generated one (with its truth) written
//! into the work folder, or a folder given with `--folder`, and the sizes
//! of the growth curve each one offers.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use neardup::scan::{Sources, walk};
use neardup::synth::WordModel;
use neardup::synth::corpus::{CorpusSpec, Generator, PartSummary, PlantedPair, truth_tsv};
use neardup::synth::real::{RealCorpus, RealPool};

use super::report::CorpusInfo;
use crate::cli::args::BenchArgs;
use crate::cli::progress::Bar;
use crate::cli::shared::shown;

/// One corpus size: what to scan, relative to the corpus root.
pub struct Scale {
    /// Size as a multiple of x1.
    pub factor: usize,
    /// Folders to walk.
    pub roots: Vec<PathBuf>,
    /// A list of files to scan (the parts of a folder).
    pub files_from: Option<PathBuf>,
    /// The planted pairs of these documents (generated corpora).
    pub truth: Option<Vec<PlantedPair>>,
}

/// A corpus ready to be scanned: children run in `root`.
pub struct Prepared {
    /// Where the runs start: paths in `scales` are relative to it.
    pub root: PathBuf,
    /// The sizes, smallest first.
    pub scales: Vec<Scale>,
    /// The index in `scales` of the per-stage table's run.
    pub main: usize,
    /// What the report says about the corpus.
    pub info: CorpusInfo,
}

/// What writes the corpus: the generator, or real text.
enum Writer {
    Generated(Generator),
    Real(RealCorpus),
}

impl Writer {
    fn write_part(&self, root: &Path, part: usize, bar: &Bar) -> Result<PartSummary> {
        Ok(match self {
            Writer::Generated(g) => g.write_part(root, part, &|b| bar.add(b))?,
            Writer::Real(r) => r.write_part(root, part, &|b| bar.add(b))?,
        })
    }
}

/// Generates parts 1 (and 2-4 for the growth curve) into the work folder:
/// from the word model, or (`--real DIR`) from real text.
pub fn generate(args: &BenchArgs, work: &WorkDir, bar: &Bar, growth: bool) -> Result<Prepared> {
    let spec = CorpusSpec {
        size: args.size,
        doc_size: args.doc_size,
        dup_rate: args.dup_rate,
        seed: args.seed,
    };
    let parts = if growth { 4 } else { 1 };
    let (writer, source, kind) = match (&args.real, &args.text_from) {
        (Some(dir), _) => {
            bar.note("cutting the real text into documents");
            let pool = RealPool::from_dir(dir, args.doc_size, args.seed)
                .with_context(|| format!("--real '{}'", dir.display()))?;
            let i = pool.info();
            let sets: Vec<String> = i
                .by_source
                .iter()
                .map(|(s, n)| format!("{s} {n}"))
                .collect();
            let source = format!(
                "real text of {}: {} base documents available ({}; {} non-ASCII), {} repeating pieces dropped",
                dir.display(),
                i.bases,
                sets.join(", "),
                i.non_ascii_bases,
                i.repeats_dropped
            );
            let corpus = RealCorpus::new(spec.clone(), pool, parts)?;
            (Writer::Real(corpus), source, "real")
        }
        (None, Some(dir)) => {
            let model = text_model(dir)?;
            (
                Writer::Generated(Generator::new(spec.clone(), model)?),
                format!("words of {}", dir.display()),
                "generated",
            )
        }
        (None, None) => (
            Writer::Generated(Generator::new(
                spec.clone(),
                WordModel::new(20_000, args.seed),
            )?),
            "zipf".to_string(),
            "generated",
        ),
    };
    check_room(work, &spec, parts)?;
    bar.start_bytes(
        spec.size.saturating_mul(parts as u64),
        "generating the corpus",
    );
    let mut summaries = Vec::with_capacity(parts);
    for part in 1..=parts {
        summaries.push(writer.write_part(&work.path, part, bar)?);
    }
    // The kernel writes new files back to disk some 30 s later, in the
    // middle of the runs, competing with them: flush them now (best effort).
    let _ = std::process::Command::new("sync")
        .stdin(std::process::Stdio::null())
        .status();
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
        kind: kind.into(),
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
        non_ascii_documents: Some(first.non_ascii_documents as f64 / first.documents.max(1) as f64),
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
pub fn from_folder(dir: &Path, work: &WorkDir, scaling: bool) -> Result<Prepared> {
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
            // NUL-separated, as `scan --files-from` reads it: any name fits.
            let list = work.path.join(format!("files-x{factor}.list"));
            let take = files.len().div_ceil(share);
            let mut bytes = Vec::new();
            for f in &files[..take] {
                bytes.extend_from_slice(&path_bytes(f.path()));
                bytes.push(0);
            }
            std::fs::write(&list, bytes)
                .with_context(|| format!("cannot write '{}'", list.display()))?;
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
            non_ascii_documents: None,
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

#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

/// Refuses, before writing anything, a corpus the disk cannot hold: a huge
/// `--size` would otherwise generate until the disk is full. The estimate
/// is the expected size on disk: each file takes whole blocks, on average
/// half a block more than its bytes (and at least one), for every part the
/// run generates.
fn check_room(work: &WorkDir, spec: &CorpusSpec, parts: usize) -> Result<()> {
    let Some((free, block)) = free_space(&work.path) else {
        return Ok(());
    };
    let doc = spec.doc_size.max(1);
    let files = spec.size.div_ceil(doc);
    let per_file = doc.saturating_add(block / 2).max(block);
    let need = files.saturating_mul(per_file).saturating_mul(parts as u64);
    if need > free {
        bail!(
            "--size {} needs about {} of disk in '{}'{}, and {} is free; give a smaller --size, or --keep DIR on a disk with room{}",
            human(spec.size),
            human(need),
            shown(work.temporary_parent().unwrap_or(&work.path)),
            if parts > 1 {
                format!(" ({parts} parts for the growth curve; --no-scaling generates one)")
            } else {
                String::new()
            },
            human(free),
            if work.temporary_parent().is_some() {
                " (or set TMPDIR to one)"
            } else {
                ""
            }
        );
    }
    Ok(())
}

/// `bytes` in the largest binary unit that keeps it at least 1 (`3.5 GiB`).
fn human(bytes: u64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", units[unit])
}

/// Bytes free to an unprivileged user on the disk holding `dir`, and its
/// block size; `None` where unknown (then nothing is refused).
#[cfg(unix)]
fn free_space(dir: &Path) -> Option<(u64, u64)> {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut st = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `c_path` is a NUL-terminated string that outlives the call,
    // and `st` points to writable memory the size of a `statvfs`, which
    // the call fills when it returns 0 (only then is it read).
    let st = unsafe {
        if libc::statvfs(c_path.as_ptr(), st.as_mut_ptr()) != 0 {
            return None;
        }
        st.assume_init()
    };
    #[allow(clippy::unnecessary_cast)] // the field types differ by platform
    let (avail, frsize) = (st.f_bavail as u64, st.f_frsize as u64);
    Some((avail.saturating_mul(frsize), frsize.max(512)))
}

#[cfg(not(unix))]
fn free_space(_dir: &Path) -> Option<(u64, u64)> {
    None
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write '{}'", path.display()))
}

/// Where the corpus and run lists go: `--keep DIR`, or a fresh temporary
/// folder removed at the end (tempfile: a random name created atomically,
/// so benchmarks sharing a `/tmp` never meet).
pub struct WorkDir {
    pub path: PathBuf,
    temp: Option<tempfile::TempDir>,
}

impl WorkDir {
    /// Where a temporary work folder was made (`None` with `--keep`).
    fn temporary_parent(&self) -> Option<&Path> {
        self.temp.as_ref().and_then(|_| self.path.parent())
    }

    pub fn new(keep: Option<&Path>) -> Result<Self> {
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
                temp: None,
            });
        }
        let temp = tempfile::Builder::new()
            .prefix("neardup-bench-")
            .tempdir()
            .context("cannot create a temporary work folder")?;
        Ok(WorkDir {
            path: temp.path().to_path_buf(),
            temp: Some(temp),
        })
    }
}
