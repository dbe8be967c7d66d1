//! Reporters: views of the one result model. Each returns a `String`; the
//! binary decides where it goes. Document text is escaped for the medium.

pub mod csv;
pub mod json;
pub mod sanitize;
pub mod terminal;

use std::str::FromStr;

use crate::compare::Comparison;
use crate::error::Error;

/// Output formats of `neardup compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human-readable text.
    Terminal,
    /// One pretty-printed JSON document.
    Json,
    /// One CSV row per match.
    Csv,
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "terminal" | "text" => Ok(Format::Terminal),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            _ => Err(Error::Config(format!(
                "unknown format '{s}'; use terminal, json or csv"
            ))),
        }
    }
}

/// Renders a comparison in `format`.
pub fn render(c: &Comparison, format: Format, color: bool) -> String {
    match format {
        Format::Terminal => terminal::render(c, color),
        Format::Json => json::render(c),
        Format::Csv => csv::render(c),
    }
}
