//! The corpus walker: which files a scan reads.
//!
//! Folders are walked recursively. Inside a folder, hidden entries (names
//! starting with `.`) and symbolic links are left out unless asked for, and
//! `--ext` keeps only the named extensions; paths named on the command line
//! or in a `--files-from` list are taken as given (a listed folder is
//! walked). With `--follow`, a link back to a folder being walked is a loop:
//! reported, not followed. A folder or listed file that cannot be read is a
//! [`Skipped`] entry, never an abort; only a missing command-line path is an
//! error, since that is a typo to fix. Files are returned sorted by their
//! normalised path (see [`display_path`]) and de-duplicated, so the order of
//! the inputs never shows in the output.

use std::fs;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use super::result::{SkipReason, Skipped};
use crate::error::Error;

/// What to walk.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Folders (or files) named on the command line: each must exist.
    pub roots: Vec<PathBuf>,
    /// Paths read from a `--files-from` list: a missing one is a warning.
    pub listed: Vec<PathBuf>,
}

/// Which entries of a folder are walked.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Extensions to keep (lowercase, no dot); empty keeps all.
    pub extensions: Vec<String>,
    /// Walk hidden entries.
    pub hidden: bool,
    /// Follow symbolic links.
    pub follow: bool,
}

/// One file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusFile {
    /// The normalised path shown in reports.
    pub display: String,
    /// The path as found, kept only when `display` cannot open the file (a
    /// name that is not UTF-8); otherwise the normalised path is opened,
    /// which names the same file. One string per file keeps the corpus
    /// list small.
    raw: Option<PathBuf>,
}

impl CorpusFile {
    /// The file at `path`.
    pub fn new(path: PathBuf) -> Self {
        let display = display_path(&path);
        let raw = if path.to_str().is_some() {
            None
        } else {
            Some(path)
        };
        CorpusFile { display, raw }
    }

    /// The path to open.
    pub fn path(&self) -> &Path {
        self.raw
            .as_deref()
            .unwrap_or_else(|| Path::new(&self.display))
    }
}

/// The outcome of a walk.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Files to read, sorted by display path, without repeats.
    pub files: Vec<CorpusFile>,
    /// Folders and listed paths that could not be walked.
    pub skipped: Vec<Skipped>,
    /// Hidden entries left out.
    pub hidden_ignored: usize,
    /// Symbolic links not followed.
    pub symlinks_ignored: usize,
    /// Files left out by the extension filter.
    pub excluded_by_ext: usize,
}

impl Corpus {
    /// Adds the findings of a walk of a sub-folder.
    fn absorb(&mut self, part: Corpus) {
        self.files.extend(part.files);
        self.skipped.extend(part.skipped);
        self.hidden_ignored += part.hidden_ignored;
        self.symlinks_ignored += part.symlinks_ignored;
        self.excluded_by_ext += part.excluded_by_ext;
    }
}

/// Walks `sources`. Fails only when a command-line root does not exist.
pub fn walk(sources: &Sources, opts: &WalkOptions) -> Result<Corpus, Error> {
    let mut w = Walker {
        opts,
        corpus: Corpus::default(),
        ancestors: Vec::new(),
    };
    for root in &sources.roots {
        let meta = fs::metadata(root).map_err(|error| Error::ScanRoot {
            path: root.clone(),
            error,
        })?;
        w.visit_given(root, &meta);
    }
    for path in &sources.listed {
        match fs::metadata(path) {
            Ok(meta) => w.visit_given(path, &meta),
            Err(e) => w.skip(path, SkipReason::Unreadable, format!("cannot read: {e}")),
        }
    }
    let mut corpus = w.corpus;
    corpus
        .files
        .sort_by(|x, y| x.display.cmp(&y.display).then_with(|| x.raw.cmp(&y.raw)));
    corpus.files.dedup();
    corpus.skipped.sort();
    corpus.skipped.dedup();
    Ok(corpus)
}

/// A path as shown in reports: components joined by `/`, without `.`
/// components or repeated separators, lossily decoded if not UTF-8.
pub fn display_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.components() {
        match c {
            Component::CurDir => continue,
            Component::RootDir => {
                out.push('/');
                continue;
            }
            Component::Prefix(p) => out.push_str(&p.as_os_str().to_string_lossy()),
            Component::ParentDir => push_part(&mut out, ".."),
            Component::Normal(s) => push_part(&mut out, &s.to_string_lossy()),
        }
    }
    if out.is_empty() { ".".to_string() } else { out }
}

fn push_part(out: &mut String, part: &str) {
    if !out.is_empty() && !out.ends_with('/') {
        out.push('/');
    }
    out.push_str(part);
}

/// Identifies a folder, to recognise a link that leads back into it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DirId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Canonical(PathBuf),
}

fn dir_id(path: &Path, meta: &fs::Metadata) -> DirId {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = path;
        DirId::Inode(meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        DirId::Canonical(fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

struct Walker<'a> {
    opts: &'a WalkOptions,
    corpus: Corpus,
    /// The folders on the path from the root to the folder being walked.
    ancestors: Vec<DirId>,
}

impl Walker<'_> {
    /// A path named by the user: walked if a folder, kept if a file.
    fn visit_given(&mut self, path: &Path, meta: &fs::Metadata) {
        if meta.is_dir() {
            self.ancestors.push(dir_id(path, meta));
            self.walk_dir(path);
            self.ancestors.pop();
        } else if meta.is_file() {
            self.push_file(path.to_path_buf());
        } else {
            self.skip(
                path,
                SkipReason::Unreadable,
                "not a regular file or folder".into(),
            );
        }
    }

    fn walk_dir(&mut self, dir: &Path) {
        let entries = match fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                return self.skip(
                    dir,
                    SkipReason::Unreadable,
                    format!("cannot list folder: {e}"),
                );
            }
        };
        let mut subdirs = Vec::new();
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    self.skip(
                        dir,
                        SkipReason::Unreadable,
                        format!("cannot list folder: {e}"),
                    );
                    continue;
                }
            };
            let path = entry.path();
            if !self.opts.hidden && entry.file_name().to_string_lossy().starts_with('.') {
                self.corpus.hidden_ignored += 1;
                continue;
            }
            let file_type = match entry.file_type() {
                Ok(t) => t,
                Err(e) => {
                    self.skip(&path, SkipReason::Unreadable, format!("cannot read: {e}"));
                    continue;
                }
            };
            if file_type.is_symlink() {
                if !self.opts.follow {
                    self.corpus.symlinks_ignored += 1;
                    continue;
                }
                match fs::metadata(&path) {
                    Ok(meta) if meta.is_dir() => self.enter(path, Some(&meta), true, &mut subdirs),
                    Ok(meta) if meta.is_file() => self.consider_file(path),
                    Ok(_) => {}
                    Err(e) => self.skip(
                        &path,
                        broken_link_reason(&e),
                        format!("broken symbolic link: {e}"),
                    ),
                }
            } else if file_type.is_dir() {
                // Without links a folder cannot contain itself: its identity
                // (one more `stat`) is only needed with --follow.
                if !self.opts.follow {
                    self.enter(path, None, false, &mut subdirs);
                    continue;
                }
                match entry.metadata() {
                    Ok(meta) => self.enter(path, Some(&meta), false, &mut subdirs),
                    Err(e) => self.skip(&path, SkipReason::Unreadable, format!("cannot read: {e}")),
                }
            } else if file_type.is_file() {
                self.consider_file(path);
            }
        }
        // Sub-folders are walked in parallel; the corpus is sorted at the
        // end, so the order in which parts arrive does not matter.
        let (opts, ancestors) = (self.opts, &self.ancestors);
        let parts: Vec<Corpus> = subdirs
            .into_par_iter()
            .map(|(sub, id)| {
                let mut w = Walker {
                    opts,
                    corpus: Corpus::default(),
                    ancestors: ancestors.clone(),
                };
                w.ancestors.extend(id);
                w.walk_dir(&sub);
                w.corpus
            })
            .collect();
        for part in parts {
            self.corpus.absorb(part);
        }
    }

    /// Queues a sub-folder unless it is one of its own ancestors.
    fn enter(
        &mut self,
        path: PathBuf,
        meta: Option<&fs::Metadata>,
        via_link: bool,
        subdirs: &mut Vec<(PathBuf, Option<DirId>)>,
    ) {
        let id = meta.map(|m| dir_id(&path, m));
        if id.as_ref().is_some_and(|id| self.ancestors.contains(id)) {
            let what = if via_link {
                "symbolic link loop"
            } else {
                "folder loop"
            };
            return self.skip(
                &path,
                SkipReason::SymlinkLoop,
                format!("{what}: leads back to a folder being walked"),
            );
        }
        subdirs.push((path, id));
    }

    fn consider_file(&mut self, path: PathBuf) {
        if !self.opts.extensions.is_empty() {
            let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
            if !ext.is_some_and(|e| self.opts.extensions.contains(&e)) {
                self.corpus.excluded_by_ext += 1;
                return;
            }
        }
        self.push_file(path);
    }

    fn push_file(&mut self, path: PathBuf) {
        self.corpus.files.push(CorpusFile::new(path));
    }

    fn skip(&mut self, path: &Path, reason: SkipReason, detail: String) {
        self.corpus.skipped.push(Skipped {
            path: display_path(path),
            reason,
            detail,
        });
    }
}

/// A link whose target cannot be resolved because of a loop of links
/// (ELOOP) is a loop; anything else is unreadable.
fn broken_link_reason(e: &std::io::Error) -> SkipReason {
    // ELOOP; `ErrorKind::FilesystemLoop` is not stable yet.
    const ELOOP: Option<i32> = if cfg!(target_os = "linux") {
        Some(40)
    } else if cfg!(any(
        target_os = "macos",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd"
    )) {
        Some(62)
    } else {
        None
    };
    if ELOOP.is_some() && e.raw_os_error() == ELOOP {
        SkipReason::SymlinkLoop
    } else {
        SkipReason::Unreadable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn displays(c: &Corpus) -> Vec<&str> {
        c.files.iter().map(|f| f.display.as_str()).collect()
    }

    #[test]
    fn display_paths_are_normalised() {
        assert_eq!(display_path(Path::new("./a//b/./c.txt")), "a/b/c.txt");
        assert_eq!(display_path(Path::new("../x/y")), "../x/y");
        assert_eq!(display_path(Path::new("/abs/p")), "/abs/p");
        assert_eq!(display_path(Path::new(".")), ".");
        assert_eq!(display_path(Path::new("dir/")), "dir");
        let f = CorpusFile::new(PathBuf::from("./a//b.txt"));
        assert_eq!(
            (f.display.as_str(), f.path()),
            ("a/b.txt", Path::new("a/b.txt"))
        );
    }

    #[test]
    fn walks_sorted_and_skips_hidden_and_filters_extensions() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        fs::create_dir_all(root.join("sub/deeper")).unwrap();
        fs::create_dir_all(root.join(".git")).unwrap();
        for f in [
            "b.txt",
            "a.md",
            "sub/c.TXT",
            "sub/deeper/d.txt",
            ".hidden.txt",
            ".git/x.txt",
            "noext",
        ] {
            fs::write(root.join(f), "x").unwrap();
        }
        let sources = Sources {
            roots: vec![root.to_path_buf()],
            listed: vec![],
        };
        let c = walk(&sources, &WalkOptions::default()).unwrap();
        let base = display_path(root);
        let rel: Vec<String> = displays(&c)
            .iter()
            .map(|p| p.strip_prefix(&base).unwrap().to_string())
            .collect();
        assert_eq!(
            rel,
            [
                "/a.md",
                "/b.txt",
                "/noext",
                "/sub/c.TXT",
                "/sub/deeper/d.txt"
            ]
        );
        assert_eq!(c.hidden_ignored, 2);

        let opts = WalkOptions {
            extensions: vec!["txt".into()],
            hidden: true,
            follow: false,
        };
        let c = walk(&sources, &opts).unwrap();
        assert_eq!(c.files.len(), 5, "{:?}", displays(&c));
        assert_eq!(c.excluded_by_ext, 2);
    }

    #[test]
    fn missing_root_is_an_error_but_missing_listed_file_is_skipped() {
        let d = tempfile::tempdir().unwrap();
        let missing = d.path().join("nope");
        let err = walk(
            &Sources {
                roots: vec![missing.clone()],
                listed: vec![],
            },
            &WalkOptions::default(),
        );
        assert!(err.unwrap_err().to_string().contains("nope"));
        let c = walk(
            &Sources {
                roots: vec![],
                listed: vec![missing],
            },
            &WalkOptions::default(),
        )
        .unwrap();
        assert!(c.files.is_empty());
        assert_eq!(c.skipped.len(), 1);
        assert_eq!(c.skipped[0].reason, SkipReason::Unreadable);
    }

    #[test]
    fn repeated_inputs_are_listed_once() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("a.txt");
        fs::write(&f, "x").unwrap();
        let dotted = d.path().join(".").join("a.txt");
        let sources = Sources {
            roots: vec![d.path().to_path_buf(), f.clone()],
            listed: vec![dotted, f],
        };
        let c = walk(&sources, &WalkOptions::default()).unwrap();
        assert_eq!(c.files.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_ignored_by_default_and_loops_reported_when_followed() {
        use std::os::unix::fs::symlink;
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        fs::create_dir_all(root.join("sub")).unwrap();
        fs::write(root.join("sub/a.txt"), "x").unwrap();
        symlink(root.join("sub/a.txt"), root.join("link.txt")).unwrap();
        symlink(root, root.join("sub/back")).unwrap();
        symlink(root.join("missing"), root.join("dangling")).unwrap();
        symlink(root.join("self"), root.join("self")).unwrap();
        let sources = Sources {
            roots: vec![root.to_path_buf()],
            listed: vec![],
        };
        let c = walk(&sources, &WalkOptions::default()).unwrap();
        assert_eq!(c.files.len(), 1);
        assert_eq!(c.symlinks_ignored, 4);
        let c = walk(
            &sources,
            &WalkOptions {
                follow: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(c.files.len(), 2, "{:?}", displays(&c));
        let reasons: Vec<(SkipReason, &str)> = c
            .skipped
            .iter()
            .map(|s| (s.reason, s.path.rsplit('/').next().unwrap()))
            .collect();
        assert!(
            reasons.contains(&(SkipReason::SymlinkLoop, "back")),
            "{reasons:?}"
        );
        assert!(
            reasons.contains(&(SkipReason::SymlinkLoop, "self")),
            "{reasons:?}"
        );
        assert!(
            reasons.contains(&(SkipReason::Unreadable, "dangling")),
            "{reasons:?}"
        );
    }
}
