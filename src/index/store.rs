//! The index file: one SQLite database in WAL mode (schema in
//! docs/index.md). This is the only file of the index module that knows
//! SQL.
//!
//! Documents are rows of `documents`. Their keys go to an inverted file
//! kept in SQLite blobs: each `add` batch writes a *segment*, in which the
//! postings `(key, document)` are grouped by the top [`BUCKET_BITS`] bits
//! of the key into one row per bucket (row id `segment << BUCKET_BITS |
//! bucket`), packed ([`encode`]): per distinct key (the next 32 bits of the
//! key) its delta from the previous key, its document count and its
//! documents as deltas, all LEB128 varints. A lookup reads one small blob
//! per segment and walks it; writing a batch only appends. Segments of
//! similar size are merged (a binary counter: the newest two merge while
//! the older is less than twice the newer), so an index of N documents has
//! about log2(N / batch) segments; merging also drops the postings of
//! removed documents, and deletes the merged rows range by range as it
//! writes, so the pages it frees are reused at once and the file does not
//! keep a second copy's worth of free pages.
//!
//! Every change happens in a transaction, so a crash or a kill leaves the
//! file as it was before the batch or after it. Readers see a snapshot and
//! are never blocked by a writer (WAL).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use ahash::AHashSet;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::settings::{FORMAT_VERSION, IndexSettings};
use crate::sign::params::SIGNATURE_VERSION;

/// Bits of the key that choose its bucket.
pub const BUCKET_BITS: u32 = 20;
/// `PRAGMA application_id` of a neardup index ("NDXI").
pub const APPLICATION_ID: i32 = 0x4e44_5849;

const SCHEMA: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT NOT NULL UNIQUE,
    content_hash INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    words INTEGER NOT NULL,
    signature BLOB,
    encoding TEXT
);
CREATE TABLE removed (id INTEGER PRIMARY KEY);
CREATE TABLE segments (
    id INTEGER PRIMARY KEY,
    documents INTEGER NOT NULL,
    postings INTEGER NOT NULL
);
CREATE TABLE postings (id INTEGER PRIMARY KEY, entries BLOB NOT NULL);
CREATE VIEW posting_rows AS
    SELECT id >> 20 AS segment, id & 1048575 AS bucket, entries FROM postings;
";

/// An error of the index file, as one line for the user.
pub type StoreError = String;

/// An open index file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// One stored document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRow {
    /// Its id.
    pub id: u32,
    /// Its path (absolute, as added).
    pub path: String,
    /// XXH3 of its bytes when added.
    pub content_hash: u64,
    /// Its size in bytes.
    pub bytes: u64,
    /// Words read.
    pub words: u64,
    /// The encoding it was read in when `add` was given one (`--encoding`),
    /// else `None` (detected, as `scan` does).
    pub encoding: Option<String>,
}

/// A segment of the inverted file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Its id (newer segments have larger ids).
    pub id: i64,
    /// Documents it was written for.
    pub documents: u64,
    /// Postings it holds.
    pub postings: u64,
}

fn sql_err(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::DatabaseBusy
                || f.code == rusqlite::ErrorCode::DatabaseLocked =>
        {
            format!(
                "index '{}' is being written by another neardup; wait for it to finish and retry",
                path.display()
            )
        }
        e => format!("index '{}': {e}", path.display()),
    }
}

impl Store {
    /// Opens the index at `path`, creating it (with `settings`) when no file
    /// is there and `create` is given. An existing file is checked before
    /// anything is written to it: it must be a neardup index of a format
    /// this build reads.
    pub fn open(path: &Path, create: Option<&IndexSettings>) -> Result<Self, StoreError> {
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => match create {
                Some(settings) => Self::create(path, settings),
                None => Err(format!(
                    "no index at '{}': create one with `neardup index add {} FOLDER`",
                    path.display(),
                    path.display()
                )),
            },
            Err(e) => Err(format!("cannot open index '{}': {e}", path.display())),
            Ok(meta) if meta.is_dir() => Err(format!(
                "'{}' is a folder, not an index file: give a file name, e.g. {}/archive.ndx",
                path.display(),
                path.display()
            )),
            Ok(_) => Self::open_existing(path),
        }
    }

    fn create(path: &Path, settings: &IndexSettings) -> Result<Self, StoreError> {
        let err = sql_err(path);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(&err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(&err)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(&err)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure()?;
        let tx = store.conn.transaction().map_err(&err)?;
        tx.execute_batch(SCHEMA).map_err(&err)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('format', 'neardup-index')",
            [],
        )
        .map_err(&err)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('created_by', ?1)",
            [concat!("neardup ", env!("CARGO_PKG_VERSION"))],
        )
        .map_err(&err)?;
        for (k, v) in settings.to_rows() {
            tx.execute("INSERT INTO meta (key, value) VALUES (?1, ?2)", [k, &v])
                .map_err(&err)?;
        }
        tx.commit().map_err(&err)?;
        Ok(store)
    }

    fn open_existing(path: &Path) -> Result<Self, StoreError> {
        check_header(path)?;
        let err = sql_err(path);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(&err)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure()?;
        let version = store.meta("format_version")?;
        let version: u32 = version
            .as_deref()
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| not_an_index(path, "it has no neardup format version"))?;
        if version > FORMAT_VERSION {
            return Err(format!(
                "index '{}' was written by a newer neardup (index format {version}; this one reads format {FORMAT_VERSION}): upgrade neardup",
                path.display()
            ));
        }
        if version < FORMAT_VERSION {
            return Err(format!(
                "index '{}' has the older index format {version} (this neardup reads format {FORMAT_VERSION}); it was left untouched: build a new index of the same files, e.g. `sqlite3 \"{}\" 'SELECT path FROM documents' > files.txt && neardup index add NEW.ndx --files-from files.txt` (docs/index.md, \"Older indexes\")",
                path.display(),
                path.display()
            ));
        }
        store.check_signature_version()?;
        Ok(store)
    }

    /// Refuses an index whose keys and signatures were computed by another
    /// [`SIGNATURE_VERSION`] (the way words are read or hashed changed in
    /// between): its keys would silently stop matching the queries'. An
    /// index that records no version predates the check and is refused too.
    fn check_signature_version(&self) -> Result<(), StoreError> {
        let path = self.path.display();
        let stored = self.meta("signature_version")?;
        let version: Option<u32> = match stored.as_deref() {
            None => None,
            Some(v) => Some(v.parse().map_err(|_| {
                format!("index '{path}' is damaged: bad 'signature_version' setting: {v}")
            })?),
        };
        if version == Some(SIGNATURE_VERSION) {
            return Ok(());
        }
        if let Some(v) = version.filter(|&v| v > SIGNATURE_VERSION) {
            return Err(format!(
                "index '{path}' was written by a newer neardup (signature version {v}; this one computes version {SIGNATURE_VERSION}): upgrade neardup"
            ));
        }
        let built = match version {
            Some(v) => format!("was built with signature version {v}"),
            None => "records no signature version (it predates version 3)".to_string(),
        };
        Err(format!(
            "index '{path}' {built}, but this neardup reads words as signature version {SIGNATURE_VERSION} does, so its keys would not match; it was left untouched: build a new index of the same files, e.g. `sqlite3 \"{path}\" 'SELECT path FROM documents' > files.txt && neardup index add NEW.ndx --files-from files.txt` (docs/index.md, \"Older indexes\")"
        ))
    }

    /// Per-connection settings (not stored in the file).
    fn configure(&self) -> Result<(), StoreError> {
        let err = sql_err(&self.path);
        self.conn
            .busy_timeout(std::time::Duration::from_secs(30))
            .map_err(&err)?;
        // WAL with NORMAL sync keeps every commit atomic and the file
        // consistent after a crash; only the last commits may be lost to a
        // power cut.
        self.conn
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(&err)?;
        self.conn
            .pragma_update(None, "cache_size", -65536)
            .map_err(&err)?;
        Ok(())
    }

    /// The index file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(..) if e.to_string().contains("no such table") => {
                    not_an_index(&self.path, "it has no neardup tables")
                }
                e => sql_err(&self.path)(e),
            })
    }

    /// The stored settings.
    pub fn settings(&self) -> Result<IndexSettings, StoreError> {
        let mut rows = BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT key, value FROM meta")
            .map_err(sql_err(&self.path))?;
        let it = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(sql_err(&self.path))?;
        for row in it {
            let (k, v) = row.map_err(sql_err(&self.path))?;
            rows.insert(k, v);
        }
        IndexSettings::from_rows(|k| rows.get(k).cloned())
            .map_err(|e| format!("index '{}' is damaged: {e}", self.path.display()))
    }

    /// Starts a read snapshot (ended by [`Store::end`]): everything read
    /// until then comes from one state of the index.
    pub fn begin_read(&self) -> Result<(), StoreError> {
        self.conn
            .execute_batch("BEGIN DEFERRED")
            .map_err(sql_err(&self.path))
    }

    /// Starts a write transaction (ended by [`Store::end`] or
    /// [`Store::rollback`]); waits for another writer to finish.
    pub fn begin_write(&self) -> Result<(), StoreError> {
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(sql_err(&self.path))
    }

    /// Commits (or ends a read snapshot).
    pub fn end(&self) -> Result<(), StoreError> {
        self.conn
            .execute_batch("COMMIT")
            .map_err(sql_err(&self.path))
    }

    /// Abandons a write transaction.
    pub fn rollback(&self) {
        let _ = self.conn.execute_batch("ROLLBACK");
    }

    /// The stored `(id, content hash)` of `path`.
    pub fn find_path(&self, path: &str) -> Result<Option<(u32, u64)>, StoreError> {
        self.conn
            .prepare_cached("SELECT id, content_hash FROM documents WHERE path = ?1")
            .and_then(|mut s| {
                s.query_row([path], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))
                    .optional()
            })
            .map_err(sql_err(&self.path))
    }

    /// Ids of the documents whose path is `path` or lies under the folder
    /// `path`.
    pub fn ids_under(&self, path: &str) -> Result<Vec<u32>, StoreError> {
        let folder = format!("{}/", path.trim_end_matches('/'));
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id FROM documents WHERE path = ?1 OR (path >= ?2 AND path < ?3) ORDER BY id",
            )
            .map_err(sql_err(&self.path))?;
        // Paths under `folder/` sort between `folder/` and `folder0`
        // ('0' follows '/').
        let end = format!("{}0", path.trim_end_matches('/'));
        let ids = stmt
            .query_map(params![path, folder, end], |r| r.get(0))
            .map_err(sql_err(&self.path))?
            .collect::<Result<Vec<u32>, _>>()
            .map_err(sql_err(&self.path))?;
        Ok(ids)
    }

    /// Removes a document; its postings stay until a merge drops them.
    pub fn remove(&self, id: u32) -> Result<(), StoreError> {
        let err = sql_err(&self.path);
        self.conn
            .prepare_cached("DELETE FROM documents WHERE id = ?1")
            .and_then(|mut s| s.execute([id]))
            .map_err(&err)?;
        self.conn
            .prepare_cached("INSERT OR IGNORE INTO removed (id) VALUES (?1)")
            .and_then(|mut s| s.execute([id]))
            .map_err(&err)?;
        Ok(())
    }

    /// Adds a document row; returns its id.
    pub fn insert(
        &self,
        path: &str,
        content_hash: u64,
        bytes: u64,
        words: u64,
        signature: Option<&[u32]>,
        encoding: Option<&str>,
    ) -> Result<u32, StoreError> {
        let blob: Option<Vec<u8>> =
            signature.map(|s| s.iter().flat_map(|v| v.to_le_bytes()).collect());
        self.conn
            .prepare_cached(
                "INSERT INTO documents (path, content_hash, bytes, words, signature, encoding) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    path,
                    content_hash as i64,
                    bytes as i64,
                    words as i64,
                    blob,
                    encoding
                ])
            })
            .map_err(sql_err(&self.path))?;
        Ok(self.conn.last_insert_rowid() as u32)
    }

    /// Writes `postings` (`(key, document)`, any order) as a new segment.
    pub fn write_segment(
        &self,
        mut postings: Vec<(u64, u32)>,
        documents: u64,
    ) -> Result<(), StoreError> {
        let err = sql_err(&self.path);
        postings.sort_unstable();
        postings.dedup();
        let id: i64 = self
            .conn
            .query_row("SELECT coalesce(max(id), 0) + 1 FROM segments", [], |r| {
                r.get(0)
            })
            .map_err(&err)?;
        self.conn
            .execute(
                "INSERT INTO segments (id, documents, postings) VALUES (?1, ?2, ?3)",
                params![id, documents as i64, postings.len() as i64],
            )
            .map_err(&err)?;
        let mut stmt = self
            .conn
            .prepare_cached("INSERT INTO postings (id, entries) VALUES (?1, ?2)")
            .map_err(&err)?;
        let mut blob = Vec::new();
        let mut entries = Vec::new();
        for run in postings.chunk_by(|a, b| bucket(a.0) == bucket(b.0)) {
            entries.clear();
            entries.extend(run.iter().map(|&(key, doc)| (key32(key), doc)));
            encode(&entries, &mut blob);
            stmt.execute(params![row_id(id, bucket(run[0].0)), blob])
                .map_err(&err)?;
        }
        Ok(())
    }

    /// The segments, oldest first.
    pub fn segments(&self) -> Result<Vec<Segment>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, documents, postings FROM segments ORDER BY id")
            .map_err(sql_err(&self.path))?;
        stmt.query_map([], |r| {
            Ok(Segment {
                id: r.get(0)?,
                documents: r.get::<_, i64>(1)? as u64,
                postings: r.get::<_, i64>(2)? as u64,
            })
        })
        .map_err(sql_err(&self.path))?
        .collect::<Result<_, _>>()
        .map_err(sql_err(&self.path))
    }

    /// Ids of removed documents whose postings may remain.
    pub fn removed(&self) -> Result<AHashSet<u32>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM removed")
            .map_err(sql_err(&self.path))?;
        stmt.query_map([], |r| r.get(0))
            .map_err(sql_err(&self.path))?
            .collect::<Result<_, _>>()
            .map_err(sql_err(&self.path))
    }

    /// For each of `keys` (sorted), the documents posted under it in any
    /// segment (removed ones included: the caller filters), in key order.
    pub fn lookup(
        &self,
        segments: &[Segment],
        keys: &[u64],
    ) -> Result<Vec<(u64, Vec<u32>)>, StoreError> {
        let err = sql_err(&self.path);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT entries FROM postings WHERE id = ?1")
            .map_err(&err)?;
        let mut out: Vec<(u64, Vec<u32>)> = keys.iter().map(|&k| (k, Vec::new())).collect();
        let mut start = 0;
        while start < keys.len() {
            let b = bucket(keys[start]);
            let end = start + keys[start..].partition_point(|&k| bucket(k) == b);
            for seg in segments {
                let mut rows = stmt.query([row_id(seg.id, b)]).map_err(&err)?;
                let Some(row) = rows.next().map_err(&err)? else {
                    continue;
                };
                let blob = row
                    .get_ref(0)
                    .map_err(&err)?
                    .as_blob()
                    .map_err(|e| err(e.into()))?;
                // Keys are sorted within the bucket and in `keys`: one walk.
                let mut want = out[start..end].iter_mut().peekable();
                for group in Groups::new(blob) {
                    while let Some((k, docs)) = want.next_if(|(k, _)| key32(*k) <= group.key) {
                        if key32(*k) == group.key {
                            docs.extend(group.docs());
                        }
                    }
                    if want.peek().is_none() {
                        break;
                    }
                }
            }
            start = end;
        }
        Ok(out)
    }

    /// The document with id `id`, unless removed.
    pub fn doc(&self, id: u32) -> Result<Option<DocRow>, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT id, path, content_hash, bytes, words, encoding FROM documents WHERE id = ?1",
            )
            .and_then(|mut s| s.query_row([id], doc_row).optional())
            .map_err(sql_err(&self.path))
    }

    /// The document signature of `id` (its minima), if it has one.
    pub fn signature(&self, id: u32) -> Result<Option<Vec<u32>>, StoreError> {
        let blob: Option<Option<Vec<u8>>> = self
            .conn
            .prepare_cached("SELECT signature FROM documents WHERE id = ?1")
            .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
            .map_err(sql_err(&self.path))?;
        Ok(blob.flatten().map(|b| {
            b.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect()
        }))
    }

    /// Documents, bytes and words indexed.
    pub fn totals(&self) -> Result<(u64, u64, u64), StoreError> {
        self.conn
            .query_row(
                "SELECT count(*), coalesce(sum(bytes), 0), coalesce(sum(words), 0) FROM documents",
                [],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)? as u64,
                        r.get::<_, i64>(1)? as u64,
                        r.get::<_, i64>(2)? as u64,
                    ))
                },
            )
            .map_err(sql_err(&self.path))
    }

    /// Merges the newest segments while the older of the last two holds
    /// less than twice the postings of the newer; drops the postings of
    /// removed documents on the way. Each merge is one transaction.
    pub fn merge_segments(&self) -> Result<usize, StoreError> {
        let mut merges = 0;
        loop {
            let segs = self.segments()?;
            let [.., a, b] = segs[..] else {
                return Ok(merges);
            };
            if a.postings >= 2 * b.postings.max(1) {
                return Ok(merges);
            }
            self.begin_write()?;
            match self.merge_two(a, b) {
                Ok(()) => self.end()?,
                Err(e) => {
                    self.rollback();
                    return Err(e);
                }
            }
            merges += 1;
        }
    }

    /// Replaces segments `a` and `b` by their union (as a segment newer
    /// than both). Works through the buckets range by range, deleting each
    /// range of `a` and `b` once its merged rows are written: the pages
    /// freed are reused by the next ranges, so a merge needs about one
    /// range of extra space, not a second copy of the segments.
    fn merge_two(&self, a: Segment, b: Segment) -> Result<(), StoreError> {
        /// Buckets per range.
        const RANGE: i64 = 1 << 12;
        let err = sql_err(&self.path);
        let removed = self.removed()?;
        let id = b.id + 1;
        let mut total = 0u64;
        let mut read = self
            .conn
            .prepare("SELECT id, entries FROM postings WHERE id >= ?1 AND id < ?2 ORDER BY id")
            .map_err(&err)?;
        let mut write = self
            .conn
            .prepare("INSERT INTO postings (id, entries) VALUES (?1, ?2)")
            .map_err(&err)?;
        let mut delete = self
            .conn
            .prepare("DELETE FROM postings WHERE id >= ?1 AND id < ?2")
            .map_err(&err)?;
        let mut by_bucket: BTreeMap<i64, Vec<(u32, u32)>> = BTreeMap::new();
        let mut blob = Vec::new();
        let buckets = 1i64 << BUCKET_BITS;
        let mut lo = 0;
        while lo < buckets {
            let hi = lo + RANGE;
            by_bucket.clear();
            for seg in [a.id, b.id] {
                let mut rows = read
                    .query(params![row_id(seg, lo), row_id(seg, hi)])
                    .map_err(&err)?;
                while let Some(row) = rows.next().map_err(&err)? {
                    let rid: i64 = row.get(0).map_err(&err)?;
                    let data = row
                        .get_ref(1)
                        .map_err(&err)?
                        .as_blob()
                        .map_err(|e| err(e.into()))?;
                    let entries = by_bucket.entry(rid & (buckets - 1)).or_default();
                    for g in Groups::new(data) {
                        entries.extend(g.docs().map(|d| (g.key, d)));
                    }
                }
            }
            for (&bucket, entries) in &mut by_bucket {
                entries.sort_unstable();
                entries.dedup();
                entries.retain(|e| !removed.contains(&e.1));
                if entries.is_empty() {
                    continue;
                }
                total += entries.len() as u64;
                encode(entries, &mut blob);
                write
                    .execute(params![row_id(id, bucket), blob])
                    .map_err(&err)?;
            }
            for seg in [a.id, b.id] {
                delete
                    .execute(params![row_id(seg, lo), row_id(seg, hi)])
                    .map_err(&err)?;
            }
            lo = hi;
        }
        self.conn
            .execute(
                "DELETE FROM segments WHERE id IN (?1, ?2)",
                params![a.id, b.id],
            )
            .map_err(&err)?;
        // Renumbered so that ids stay in age order: `id` is above every
        // existing segment, since `b` was the newest.
        self.conn
            .execute(
                "INSERT INTO segments (id, documents, postings) VALUES (?1, ?2, ?3)",
                params![id, (a.documents + b.documents) as i64, total as i64],
            )
            .map_err(&err)?;
        Ok(())
    }

    /// Copies the WAL into the database file and truncates it, when no
    /// reader holds it (best effort).
    pub fn checkpoint(&self) {
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }
}

fn doc_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocRow> {
    Ok(DocRow {
        id: r.get(0)?,
        path: r.get(1)?,
        content_hash: r.get::<_, i64>(2)? as u64,
        bytes: r.get::<_, i64>(3)? as u64,
        words: r.get::<_, i64>(4)? as u64,
        encoding: r.get(5)?,
    })
}

/// The bucket of a key.
fn bucket(key: u64) -> i64 {
    (key >> (64 - BUCKET_BITS)) as i64
}

/// The 32 bits of a key stored in its entry.
fn key32(key: u64) -> u32 {
    (key >> (32 - BUCKET_BITS)) as u32
}

/// The row id of a segment's bucket (`bucket` may be `1 << BUCKET_BITS`,
/// to end a range).
fn row_id(segment: i64, bucket: i64) -> i64 {
    (segment << BUCKET_BITS) + bucket
}

/// Packs the sorted, distinct `(key, document)` entries of one bucket into
/// `blob`: per distinct key, varints of its delta from the previous key
/// (the first: the key), of its document count, of its first document and
/// of the deltas between its next documents.
fn encode(entries: &[(u32, u32)], blob: &mut Vec<u8>) {
    blob.clear();
    let mut prev_key = 0;
    for run in entries.chunk_by(|x, y| x.0 == y.0) {
        put_varint(blob, run[0].0 - prev_key);
        prev_key = run[0].0;
        put_varint(blob, run.len() as u32);
        let mut prev_doc = 0;
        for &(_, d) in run {
            put_varint(blob, d - prev_doc);
            prev_doc = d;
        }
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint at `*at`; a truncated or over-long one reads as what was
/// read so far (blobs are written by [`encode`] only).
fn get_varint(data: &[u8], at: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    while let Some(&b) = data.get(*at) {
        *at += 1;
        if shift < 32 {
            v |= u32::from(b & 0x7f) << shift;
        }
        shift += 7;
        if b < 0x80 {
            break;
        }
    }
    v
}

/// The key groups of one bucket blob, in key order.
struct Groups<'a> {
    data: &'a [u8],
    at: usize,
    key: u32,
}

impl<'a> Groups<'a> {
    fn new(data: &'a [u8]) -> Self {
        Groups {
            data,
            at: 0,
            key: 0,
        }
    }
}

/// One key of a bucket blob and its documents.
struct Group<'a> {
    key: u32,
    count: u32,
    docs: &'a [u8],
}

impl Group<'_> {
    /// Its documents, ascending.
    fn docs(&self) -> impl Iterator<Item = u32> + '_ {
        let mut at = 0;
        let mut doc = 0u32;
        (0..self.count).map(move |_| {
            doc = doc.wrapping_add(get_varint(self.docs, &mut at));
            doc
        })
    }
}

impl<'a> Iterator for Groups<'a> {
    type Item = Group<'a>;

    fn next(&mut self) -> Option<Group<'a>> {
        if self.at >= self.data.len() {
            return None;
        }
        self.key = self.key.wrapping_add(get_varint(self.data, &mut self.at));
        let count = get_varint(self.data, &mut self.at);
        let start = self.at;
        // Skip the documents: one varint ends at each byte below 0x80.
        let mut left = count;
        while left > 0 && self.at < self.data.len() {
            if self.data[self.at] < 0x80 {
                left -= 1;
            }
            self.at += 1;
        }
        Some(Group {
            key: self.key,
            count,
            docs: &self.data[start..self.at],
        })
    }
}

fn not_an_index(path: &Path, why: &str) -> StoreError {
    format!(
        "'{}' is not a neardup index ({why}); it was left untouched: give an index made by `neardup index add`, or a new file name",
        path.display()
    )
}

/// Checks the first bytes of `path`: an SQLite database whose application
/// id is neardup's. Reads only; nothing is written to a file that fails.
fn check_header(path: &Path) -> Result<(), StoreError> {
    let mut head = [0u8; 100];
    let mut file = std::fs::File::open(path)
        .map_err(|e| format!("cannot open index '{}': {e}", path.display()))?;
    let mut got = 0;
    while got < head.len() {
        match file.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("cannot read index '{}': {e}", path.display())),
        }
    }
    if got < head.len() || &head[..16] != b"SQLite format 3\0" {
        return Err(not_an_index(path, "not an SQLite database"));
    }
    let app = i32::from_be_bytes([head[68], head[69], head[70], head[71]]);
    if app != APPLICATION_ID {
        return Err(not_an_index(
            path,
            "an SQLite database of another application",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::SplitMix64;
    use crate::index::settings::IndexOptions;

    fn settings() -> IndexSettings {
        IndexSettings::new(&IndexOptions::default()).unwrap()
    }

    /// Postings written in batches and merged are found as a map would.
    #[test]
    fn lookups_equal_a_map_across_segments_and_merges() {
        let d = tempfile::tempdir().unwrap();
        let s = Store::open(&d.path().join("i.ndx"), Some(&settings())).unwrap();
        let mut rng = SplitMix64::new(9);
        let keys: Vec<u64> = (0..3000).map(|_| rng.next()).collect();
        let mut want: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
        let mut doc = 0u32;
        for batch in 0..6 {
            let mut postings = Vec::new();
            for _ in 0..(50 << (batch % 3)) {
                doc += 1;
                for _ in 0..20 {
                    let k = keys[(rng.next() % keys.len() as u64) as usize];
                    postings.push((k, doc));
                    want.entry(k).or_default().push(doc);
                }
            }
            s.begin_write().unwrap();
            s.write_segment(postings, 1).unwrap();
            s.end().unwrap();
            s.merge_segments().unwrap();
        }
        assert!(s.segments().unwrap().len() < 6);
        for v in want.values_mut() {
            v.sort_unstable();
            v.dedup();
        }
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        sorted.dedup();
        let got = s.lookup(&s.segments().unwrap(), &sorted).unwrap();
        for (k, mut docs) in got {
            docs.sort_unstable();
            assert_eq!(docs, want.get(&k).cloned().unwrap_or_default());
        }
    }

    /// Packed blobs read back as the entries written (the naive oracle:
    /// the sorted list itself), whatever the gaps between keys and docs.
    #[test]
    fn packed_entries_read_back() {
        let mut rng = SplitMix64::new(3);
        for n in [0usize, 1, 2, 50, 3000] {
            let spread = [2u64, 1 << 10, 1 << 32][n % 3];
            let mut entries: Vec<(u32, u32)> = (0..n)
                .map(|_| ((rng.next() % spread) as u32, rng.next() as u32 >> (n % 7)))
                .collect();
            entries.sort_unstable();
            entries.dedup();
            let mut blob = Vec::new();
            encode(&entries, &mut blob);
            let back: Vec<(u32, u32)> = Groups::new(&blob)
                .flat_map(|g| g.docs().map(move |d| (g.key, d)).collect::<Vec<_>>())
                .collect();
            assert_eq!(back, entries, "{n}");
            if n >= 50 && spread < 1 << 32 {
                assert!(blob.len() < 8 * entries.len(), "{} bytes", blob.len());
            }
        }
    }

    /// A merge deletes what it has copied as it goes: the file does not
    /// keep a second copy of the postings as free pages.
    #[test]
    fn merges_leave_few_free_pages() {
        let d = tempfile::tempdir().unwrap();
        let s = Store::open(&d.path().join("i.ndx"), Some(&settings())).unwrap();
        let mut rng = SplitMix64::new(11);
        let mut doc = 0;
        for _ in 0..8 {
            let mut postings = Vec::new();
            for _ in 0..300 {
                doc += 1;
                postings.extend((0..200).map(|_| (rng.next(), doc)));
            }
            s.begin_write().unwrap();
            s.write_segment(postings, 300).unwrap();
            s.end().unwrap();
            s.merge_segments().unwrap();
        }
        assert_eq!(s.segments().unwrap().len(), 1);
        let pragma = |p: &str| -> i64 { s.conn.query_row(p, [], |r| r.get(0)).unwrap() };
        s.checkpoint();
        let (pages, free) = (pragma("PRAGMA page_count"), pragma("PRAGMA freelist_count"));
        assert!(free * 4 < pages, "{free} free of {pages} pages");
    }

    #[test]
    fn foreign_files_are_refused_untouched() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("notes.txt");
        std::fs::write(&p, "hello").unwrap();
        let e = Store::open(&p, Some(&settings())).unwrap_err();
        assert!(e.contains("not a neardup index"), "{e}");
        assert_eq!(std::fs::read(&p).unwrap(), b"hello");
        let other = d.path().join("other.db");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        let before = std::fs::read(&other).unwrap();
        let e = Store::open(&other, None).unwrap_err();
        assert!(e.contains("another application"), "{e}");
        assert_eq!(std::fs::read(&other).unwrap(), before);
    }
}
