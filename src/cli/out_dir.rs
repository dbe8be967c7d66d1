//! The one way a command writes files into an `--out` folder, and the rule
//! it keeps: neardup never overwrites or deletes a file it did not write,
//! unless `--force` says so.
//!
//! Every folder neardup writes into gets a manifest, [`MANIFEST`] (hidden,
//! so a scan of the folder skips it): the command that wrote it, then one
//! JSON line per file written, with its size and XXH3 hash, appended as
//! each file is written (an interrupted run still knows its files). A later
//! run of the same command recognises the folder: a file listed there whose
//! content is unchanged is neardup's and is replaced, and one the new run
//! does not write again is removed (the folder is refreshed, not added to).
//! Anything else — a file not listed, a listed file someone edited, a
//! folder written by another command — is refused with a message naming it
//! and `--force`. A new file is created with `O_EXCL`, so a file that
//! appears while neardup runs is not overwritten either.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result, bail};
use neardup::internals::hash_bytes;
use serde::{Deserialize, Serialize};

use super::shared::shown;

/// The manifest's file name, inside the `--out` folder.
pub const MANIFEST: &str = ".neardup-out";

/// The largest manifest read back (some 100,000 files' lines per MiB).
const MANIFEST_MAX: u64 = 256 << 20;

/// The manifest's first line.
#[derive(Serialize, Deserialize)]
struct Header {
    /// Always `neardup`: what wrote the folder.
    written_by: String,
    /// The command and format that wrote it (`scan --format html`).
    command: String,
}

/// One file written.
#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
struct Entry {
    /// Its size in bytes.
    bytes: u64,
    /// XXH3-64 of its content, as 16 hex digits (a JSON number would lose
    /// bits in readers that hold numbers as doubles).
    #[serde(with = "hex64")]
    xxh3: u64,
}

mod hex64 {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{v:016x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        let text = String::deserialize(d)?;
        u64::from_str_radix(&text, 16).map_err(D::Error::custom)
    }
}

#[derive(Serialize, Deserialize)]
struct Line {
    file: String,
    #[serde(flatten)]
    entry: Entry,
}

/// An `--out` folder opened for one command's run.
pub struct OutDir {
    dir: PathBuf,
    force: bool,
    /// What an earlier run of this command wrote (empty for a new folder).
    before: BTreeMap<String, Entry>,
    /// The command that writes it.
    command: String,
    /// What this run wrote, and the manifest it appends to (opened when
    /// the first file is written, so a refused run leaves nothing behind).
    state: Mutex<(BTreeMap<String, Entry>, Option<File>)>,
}

impl OutDir {
    /// Opens (creating it if needed) the folder `dir` for `command` (e.g.
    /// `scan --format html`). Refused when `dir` holds another command's
    /// output, unless `force`.
    pub fn open(dir: &Path, command: &str, force: bool) -> Result<OutDir> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the --out folder '{}'", shown(dir)))?;
        let manifest = dir.join(MANIFEST);
        let before = match read_manifest(&manifest)? {
            None => BTreeMap::new(),
            Some((header, entries)) if header.command == command => entries,
            Some((header, _)) if !force => bail!(
                "the --out folder '{}' holds the output of `neardup {}`; choose another folder, or add --force to write over it",
                shown(dir),
                header.command
            ),
            Some(_) => BTreeMap::new(),
        };
        Ok(OutDir {
            dir: dir.to_path_buf(),
            command: command.to_string(),
            force,
            before,
            state: Mutex::new((BTreeMap::new(), None)),
        })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Checks, before anything is written, that each of `files` may be
    /// written (so a refused run writes nothing).
    pub fn claim<'a>(&self, files: impl IntoIterator<Item = &'a str>) -> Result<()> {
        if self.force {
            return Ok(());
        }
        for file in files {
            if self.dir.join(file).exists() && !self.is_ours(file) {
                bail!(refusal(&self.dir.join(file)));
            }
        }
        Ok(())
    }

    /// Writes `bytes` as `file` (a name relative to the folder; its parent
    /// folders are created), unless that would replace a file neardup did
    /// not write.
    pub fn write(&self, file: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create '{}'", shown(parent)))?;
        }
        let written_now = {
            let mut state = self.lock();
            if state.1.is_none() {
                state.1 = Some(self.start_manifest()?);
            }
            state.0.contains_key(file)
        };
        let replace = self.force || written_now || self.is_ours(file);
        let opened = if replace {
            File::create(&path)
        } else {
            OpenOptions::new().write(true).create_new(true).open(&path)
        };
        let mut out = match opened {
            Err(e) if e.kind() == ErrorKind::AlreadyExists => bail!(refusal(&path)),
            other => other.with_context(|| format!("cannot write '{}'", shown(&path)))?,
        };
        out.write_all(bytes)
            .with_context(|| format!("cannot write '{}'", shown(&path)))?;
        let entry = Entry {
            bytes: bytes.len() as u64,
            xxh3: hash_bytes(bytes),
        };
        let mut state = self.lock();
        let manifest = state.1.as_mut().context("the manifest is open")?;
        manifest
            .write_all(line(file, entry)?.as_bytes())
            .with_context(|| format!("cannot write '{}'", shown(&self.dir.join(MANIFEST))))?;
        state.0.insert(file.to_string(), entry);
        Ok(())
    }

    /// Ends the run: the earlier run's files not written again, and
    /// unchanged, are removed; the manifest then lists this run's files.
    pub fn finish(self) -> Result<()> {
        // (the manifest's appender closes when `self` drops)
        let written = std::mem::take(&mut self.lock().0);
        if written.is_empty() && self.before.is_empty() {
            return Ok(());
        }
        for (file, entry) in &self.before {
            let path = self.dir.join(file);
            if written.contains_key(file) || !path.exists() || !unchanged(&path, *entry) {
                continue;
            }
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove the stale '{}'", shown(&path)))?;
            // A folder neardup made for it (find's per-query folders) goes
            // too when nothing else is left in it.
            if let Some(parent) = path.parent().filter(|p| *p != self.dir) {
                std::fs::remove_dir(parent).ok();
            }
        }
        self.write_manifest(&written)
    }

    /// Starts this run's manifest: it lists the earlier run's files until
    /// the run ends, so an interrupted run leaves them recognised.
    fn start_manifest(&self) -> Result<File> {
        self.write_manifest(&self.before)?;
        let manifest = self.dir.join(MANIFEST);
        OpenOptions::new()
            .append(true)
            .open(&manifest)
            .with_context(|| format!("cannot write '{}'", shown(&manifest)))
    }

    /// Replaces the manifest (atomically) with one listing `files`.
    fn write_manifest(&self, files: &BTreeMap<String, Entry>) -> Result<()> {
        let mut text = serde_json::to_string(&Header {
            written_by: "neardup".into(),
            command: self.command.clone(),
        })?;
        text.push('\n');
        for (file, entry) in files {
            text.push_str(&line(file, *entry)?);
        }
        let manifest = self.dir.join(MANIFEST);
        let tmp = self.dir.join(format!("{MANIFEST}.tmp"));
        std::fs::write(&tmp, text)
            .and_then(|_| std::fs::rename(&tmp, &manifest))
            .with_context(|| format!("cannot write '{}'", shown(&manifest)))
    }

    /// Whether `file` is an earlier run's, unchanged since.
    fn is_ours(&self, file: &str) -> bool {
        self.before
            .get(file)
            .is_some_and(|&entry| unchanged(&self.dir.join(file), entry))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (BTreeMap<String, Entry>, Option<File>)> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The message for a file neardup may not replace.
fn refusal(path: &Path) -> String {
    format!(
        "'{}' exists and was not written by neardup (or was changed since); choose a new or empty --out folder, or add --force to overwrite it",
        shown(path)
    )
}

fn line(file: &str, entry: Entry) -> Result<String> {
    let mut s = serde_json::to_string(&Line {
        file: file.to_string(),
        entry,
    })?;
    s.push('\n');
    Ok(s)
}

/// Whether the file at `path` still has the size and hash it was written
/// with (a missing file counts as unchanged: nothing to lose).
fn unchanged(path: &Path, entry: Entry) -> bool {
    match std::fs::symlink_metadata(path) {
        Err(e) => e.kind() == ErrorKind::NotFound,
        Ok(meta) if !meta.is_file() || meta.len() != entry.bytes => false,
        Ok(_) => neardup::input::read_bytes_limited(path, entry.bytes)
            .is_ok_and(|bytes| hash_bytes(&bytes) == entry.xxh3),
    }
}

/// The manifest at `path`: `None` when there is none; an error when the
/// file is there but is not one.
fn read_manifest(path: &Path) -> Result<Option<(Header, BTreeMap<String, Entry>)>> {
    let text = match neardup::input::read_text(path, MANIFEST_MAX) {
        Ok(text) => text,
        Err(e) if neardup::input::is_not_found(&e) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let bad = || {
        format!(
            "'{}' is not a manifest neardup wrote; choose another --out folder, or add --force to write over its files",
            shown(path)
        )
    };
    let mut lines = text.lines();
    let header: Header = lines
        .next()
        .and_then(|l| serde_json::from_str(l).ok())
        .filter(|h: &Header| h.written_by == "neardup")
        .with_context(bad)?;
    let mut entries = BTreeMap::new();
    for l in lines.filter(|l| !l.trim().is_empty()) {
        // A line cut short by a crash ends the list; it names no file.
        let Ok(Line { file, entry }) = serde_json::from_str(l) else {
            break;
        };
        entries.insert(file, entry);
    }
    Ok(Some((header, entries)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refreshes_its_own_files_and_refuses_others() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("out");
        let out = OutDir::open(&dir, "scan --format html", false).unwrap();
        out.write("index.html", b"one").unwrap();
        out.write("0001-a-b.html", b"page").unwrap();
        out.write("sub/x.xml", b"x").unwrap();
        out.finish().unwrap();
        std::fs::write(dir.join("mine.txt"), "the user's").unwrap();
        let out = OutDir::open(&dir, "scan --format html", false).unwrap();
        assert!(out.claim(["index.html", "0002-c-d.html"]).is_ok());
        let e = out.claim(["mine.txt"]).unwrap_err().to_string();
        assert!(e.contains("mine.txt") && e.contains("--force"), "{e}");
        out.write("index.html", b"two").unwrap();
        let e = out.write("mine.txt", b"x").unwrap_err().to_string();
        assert!(e.contains("--force"), "{e}");
        out.finish().unwrap();
        assert_eq!(std::fs::read(dir.join("index.html")).unwrap(), b"two");
        assert!(!dir.join("0001-a-b.html").exists(), "stale page removed");
        assert!(!dir.join("sub").exists(), "and its emptied folder");
        assert_eq!(std::fs::read(dir.join("mine.txt")).unwrap(), b"the user's");
        // An edited page is the user's now.
        std::fs::write(dir.join("index.html"), "edited").unwrap();
        let out = OutDir::open(&dir, "scan --format html", false).unwrap();
        assert!(out.write("index.html", b"three").is_err());
        out.finish().unwrap();
        assert_eq!(std::fs::read(dir.join("index.html")).unwrap(), b"edited");
        // Another command's folder.
        let e = OutDir::open(&dir, "compare --pairs --format html", false)
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("neardup scan --format html") && e.contains("--force"));
        let out = OutDir::open(&dir, "compare --pairs --format html", true).unwrap();
        out.write("index.html", b"forced").unwrap();
        out.finish().unwrap();
        assert_eq!(std::fs::read(dir.join("index.html")).unwrap(), b"forced");
    }

    #[test]
    fn an_interrupted_run_still_knows_its_files() {
        let d = tempfile::tempdir().unwrap();
        let out = OutDir::open(d.path(), "find --format pan", false).unwrap();
        out.write("a.xml", b"a").unwrap();
        drop(out); // no finish: the appended line is all there is
        let out = OutDir::open(d.path(), "find --format pan", false).unwrap();
        out.write("a.xml", b"b").unwrap();
        out.finish().unwrap();
        assert_eq!(std::fs::read(d.path().join("a.xml")).unwrap(), b"b");
    }
}
