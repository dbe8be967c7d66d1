//! The result of `neardup find`: one plain, serialisable model that every
//! reporter renders. Each source carries the full [`Comparison`] of the
//! source (the original) with the query (the rewrite), so its matches are
//! exactly what `neardup compare SOURCE QUERY` reports.

use serde::{Serialize, Serializer};

use crate::compare::{Comparison, Match};

/// Everything one `find` found.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FindResult {
    /// The index searched.
    pub index: String,
    /// Documents in it when searched.
    pub documents: u64,
    /// One entry per query document, in the order given.
    pub queries: Vec<QueryResult>,
}

/// The sources of one query document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QueryResult {
    /// The query document, as given.
    pub path: String,
    /// Its size in bytes, as stored (the file's size; for a text decoded
    /// from another encoding, not the UTF-8 text's).
    pub bytes: usize,
    /// The encoding its file was read in, only when it was not UTF-8
    /// (`UTF-16LE`, `windows-1251`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Indexed documents aligned with it (the candidates retrieval
    /// proposed).
    pub candidates: usize,
    /// Indexed documents it reuses, most reused first (by
    /// `rewrite_derived`, then `score`, then path).
    pub sources: Vec<SourceMatch>,
    /// The query's text (not serialised).
    #[serde(skip)]
    pub text: String,
    /// Candidates that could not be aligned because their file changed or
    /// disappeared since it was indexed (re-run `index add`), sorted.
    pub stale: Vec<String>,
}

/// An indexed document that a query reuses.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceMatch {
    /// Its path in the index.
    pub path: String,
    /// The best similarity of its matches (0..1).
    pub score: f64,
    /// The comparison of this source (original) with the query (rewrite),
    /// offsets into the decoded texts (what HTML highlights and PAN XML
    /// counts in characters).
    pub comparison: Comparison,
    /// The same with every offset counted in the files as stored, and each
    /// document's size as stored and encoding when not UTF-8 (what JSON
    /// gives, as `compare --format json` does).
    pub in_file: Comparison,
    /// The source's text, as aligned (not serialised).
    pub text: String,
}

impl SourceMatch {
    /// Share of the source's passage bytes reused by the query.
    pub fn original_reused(&self) -> f64 {
        self.comparison.original_reused
    }

    /// Share of the query's passage bytes derived from the source.
    pub fn rewrite_derived(&self) -> f64 {
        self.comparison.rewrite_derived
    }

    /// The matched passages.
    pub fn matches(&self) -> &[Match] {
        &self.comparison.matches
    }
}

/// The JSON form: `path`, `encoding` (only when the source's file is not
/// UTF-8), `score`, `original_reused`, `rewrite_derived`, `matches` (the
/// compare match model, offsets into the files as stored).
impl Serialize for SourceMatch {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct View<'a> {
            path: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            encoding: Option<&'a str>,
            score: f64,
            original_reused: f64,
            rewrite_derived: f64,
            matches: &'a [Match],
        }
        View {
            path: &self.path,
            encoding: self.in_file.original.encoding.as_deref(),
            score: self.score,
            original_reused: self.original_reused(),
            rewrite_derived: self.rewrite_derived(),
            matches: &self.in_file.matches,
        }
        .serialize(s)
    }
}
