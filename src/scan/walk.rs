//! The corpus walker: which files a scan reads (folders are walked with the
//! walkdir crate).
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
//!
//! A name that is not UTF-8 is shown with each invalid byte as `\xHH`
//! ([`display_path`]); the shown path is one-to-one with the file's path,
//! so two such names never print alike and [`path_of_display`] gives the
//! file back.

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::result::{SkipReason, Skipped};
use crate::error::Error;
pub use crate::paths::{display_bytes, display_given, display_path, path_of_display};

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
        // A backslash may be doubled in the display (see `display_path`).
        let raw = match path.to_str() {
            Some(s) if !s.contains('\\') => None,
            _ => Some(path),
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
    /// Entries met that could not be walked: folders that cannot be
    /// listed, broken links, pipes and devices, missing listed paths.
    pub skipped: Vec<Skipped>,
    /// Hidden entries left out.
    pub hidden_ignored: usize,
    /// Symbolic links not followed.
    pub symlinks_ignored: usize,
    /// Files left out by the extension filter.
    pub excluded_by_ext: usize,
}

/// Walks `sources`. Fails only when a command-line root does not exist.
pub fn walk(sources: &Sources, opts: &WalkOptions) -> Result<Corpus, Error> {
    let mut w = Walker {
        opts,
        corpus: Corpus::default(),
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
    // The display is one-to-one with the normalised path: sorting by it is
    // a total order, and equal displays are the same file.
    corpus.files.sort_by(|x, y| x.display.cmp(&y.display));
    corpus.files.dedup_by(|x, y| x.display == y.display);
    corpus.skipped.sort();
    corpus.skipped.dedup();
    Ok(corpus)
}

/// Collects the walk's findings.
struct Walker<'a> {
    opts: &'a WalkOptions,
    corpus: Corpus,
}

impl Walker<'_> {
    /// A path named by the user: walked if a folder, kept if a file (the
    /// extension filter applies to what a walk finds, not to what is named).
    fn visit_given(&mut self, path: &Path, meta: &fs::Metadata) {
        if meta.is_dir() {
            self.walk_dir(path);
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

    /// Walks the folder `root` with walkdir: hidden entries pruned and
    /// counted, links counted or followed (a link back to a folder being
    /// walked is a loop), errors kept as skipped entries.
    fn walk_dir(&mut self, root: &Path) {
        let (opts, corpus) = (self.opts, &mut self.corpus);
        let entries = WalkDir::new(root)
            .min_depth(1)
            .follow_links(opts.follow)
            .into_iter()
            .filter_entry(|e| {
                let hidden = e.file_name().to_string_lossy().starts_with('.');
                if hidden && !opts.hidden {
                    corpus.hidden_ignored += 1;
                }
                opts.hidden || !hidden
            });
        let mut found = Vec::new();
        for entry in entries {
            match entry {
                Ok(e) if e.file_type().is_symlink() => found.push(Found::Link),
                Ok(e) if e.file_type().is_file() => found.push(Found::File(e.into_path())),
                Ok(e) if e.file_type().is_dir() => {}
                // A pipe, socket or device: met, so accounted for.
                Ok(e) => found.push(Found::Special(e.into_path())),
                Err(e) => found.push(Found::Error(e)),
            }
        }
        for f in found {
            match f {
                Found::File(path) => self.consider_file(path),
                Found::Link => self.corpus.symlinks_ignored += 1,
                Found::Special(path) => self.skip(
                    &path,
                    SkipReason::Unreadable,
                    "not a regular file (a pipe, socket or device)".into(),
                ),
                Found::Error(e) => self.walk_error(e),
            }
        }
    }

    /// A walk error as a skipped entry: a loop of folders through a link,
    /// a link that leads nowhere, or a folder that cannot be listed.
    fn walk_error(&mut self, e: walkdir::Error) {
        let path = e.path().map(Path::to_path_buf).unwrap_or_default();
        if e.loop_ancestor().is_some() {
            return self.skip(
                &path,
                SkipReason::SymlinkLoop,
                "symbolic link loop: leads back to a folder being walked".into(),
            );
        }
        let io = e
            .io_error()
            .map_or_else(|| e.to_string(), std::io::Error::to_string);
        let is_link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            let reason = match e.io_error().and_then(std::io::Error::raw_os_error) {
                Some(code) if is_eloop(code) => SkipReason::SymlinkLoop,
                _ => SkipReason::Unreadable,
            };
            self.skip(&path, reason, format!("broken symbolic link: {io}"));
        } else if path.is_dir() {
            self.skip(
                &path,
                SkipReason::Unreadable,
                format!("cannot list folder: {io}"),
            );
        } else {
            self.skip(&path, SkipReason::Unreadable, format!("cannot read: {io}"));
        }
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

/// What a walk met, in its order (kept until the walk's borrow ends).
enum Found {
    File(PathBuf),
    Special(PathBuf),
    Link,
    Error(walkdir::Error),
}

/// Whether an OS error code is ELOOP: a link that resolves through a loop
/// of links.
#[cfg(unix)]
fn is_eloop(code: i32) -> bool {
    code == libc::ELOOP
}

#[cfg(not(unix))]
fn is_eloop(_code: i32) -> bool {
    false
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

    #[cfg(unix)]
    #[test]
    fn a_display_names_its_file_again() {
        use std::os::unix::ffi::OsStrExt;
        let p = Path::new(std::ffi::OsStr::from_bytes(b"./d\\x//n\xff.txt"));
        let shown = display_path(p);
        assert_eq!(shown, "d\\\\x/n\\xFF.txt");
        assert_eq!(
            path_of_display(&shown),
            Path::new(std::ffi::OsStr::from_bytes(b"d\\x/n\xff.txt"))
        );
        assert_eq!(path_of_display("a/b.txt"), Path::new("a/b.txt"));
    }

    #[cfg(unix)]
    #[test]
    fn a_given_path_is_shown_as_given_and_escaped() {
        use std::os::unix::ffi::OsStrExt;
        assert_eq!(display_given(Path::new("./a//b.txt")), "./a//b.txt");
        let given = |b: &[u8]| display_given(Path::new(std::ffi::OsStr::from_bytes(b)));
        assert_eq!(given(b"./d/x\xff.txt"), "./d/x\\xFF.txt");
        assert_eq!(given(b"./d/y\\xFF.txt"), "./d/y\\\\xFF.txt");
        let (a, b) = (given(b"d/x\xff.txt"), given(b"d/x\xfe.txt"));
        assert_ne!(a, b);
        assert_eq!(display_bytes(&a), b"d/x\xff.txt");
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
