//! Reporters: views of the one result model. Each returns a `String`; the
//! binary decides where it goes. Document text is escaped for the medium.
//! The HTML report also shows the documents themselves, so it is given
//! their full texts ([`Sources`]) beside the model; for many pairs it adds
//! an index page over a summary of each pair ([`html::IndexRow`]).

pub mod csv;
pub mod html;
pub mod json;
pub mod sanitize;
pub mod scan_csv;
pub mod scan_json;
pub mod scan_jsonl;
pub mod scan_terminal;
pub mod stored;
pub mod terminal;

use std::str::FromStr;

pub use crate::format::group_digits;

use crate::compare::Comparison;
use crate::error::Error;
use crate::scan::ScanResult;

/// The warning for a comparison whose LSH met buckets with too many
/// passage pairs to enumerate (`settings.skipped_buckets`), or `None` when
/// there were none. Each passage in such a bucket was paired with one
/// representative (a star), not with all the others, so a match
/// may be missing; identical passages are folded before LSH, so this takes
/// many distinct passages sharing a band. The terminal report shows it,
/// and the binary prints it on stderr whatever the format (CSV has no
/// other place for it).
pub fn skipped_buckets_note(c: &Comparison) -> Option<String> {
    let n = c.settings.skipped_buckets;
    let buckets = match n {
        0 => return None,
        1 => "1 LSH bucket".to_string(),
        n => format!("{n} LSH buckets"),
    };
    Some(format!(
        "{buckets} held too many passages to pair them all; each passage in {} was paired \
         with one representative only, so some matches may be missing \
         (settings.skipped_buckets)",
        if n == 1 { "it" } else { "them" }
    ))
}

/// Output formats of `neardup compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human-readable text.
    Terminal,
    /// One pretty-printed JSON document.
    Json,
    /// One CSV row per match.
    Csv,
    /// One self-contained HTML page: the documents side by side and a dot
    /// plot.
    Html,
}

/// The full texts a comparison was made from, as read (the result model
/// holds only the matched passages). For a single file both are its text.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// Text of the original.
    pub original: &'a str,
    /// Text of the rewrite.
    pub rewrite: &'a str,
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "terminal" | "text" => Ok(Format::Terminal),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "html" => Ok(Format::Html),
            _ => Err(Error::setting(
                "--format",
                format!("unknown format '{s}'; use terminal, json, csv or html"),
            )),
        }
    }
}

/// Renders a comparison of `sources` in `format`.
pub fn render(c: &Comparison, sources: Sources<'_>, format: Format, color: bool) -> String {
    match format {
        Format::Terminal => terminal::render(c, color),
        Format::Json => json::render(c),
        Format::Csv => csv::render(c),
        Format::Html => html::render(c, sources.original, sources.rewrite),
    }
}

/// Output formats of `neardup scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanFormat {
    /// Summary and clusters for a person.
    Terminal,
    /// One pretty-printed JSON document.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// One CSV row per listed pair.
    Csv,
}

/// Renders a scan result in `format`.
pub fn render_scan(r: &ScanResult, format: ScanFormat, color: bool) -> String {
    match format {
        ScanFormat::Terminal => scan_terminal::render(r, color),
        ScanFormat::Json => scan_json::render(r),
        ScanFormat::Jsonl => scan_jsonl::render(r),
        ScanFormat::Csv => scan_csv::render(r),
    }
}
