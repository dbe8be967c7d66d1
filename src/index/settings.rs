//! The settings an index is built with. They are stored in the index (the
//! `meta` table) and every later `add`, `find` or `scan --against` must use
//! the same: keys made with other settings would silently never match.

use serde::Serialize;

use crate::config::{ScanConfig, check_perms, check_unit};
use crate::error::Error;
use crate::lsh::LshParams;
use crate::minhash::DEFAULT_SEED;
use crate::shingle::ShingleSpec;
use crate::sign::params::SIGNATURE_VERSION;

use super::keys::{NGRAM, WINDOW};

/// The file format this build writes and reads. Format 2 added the
/// `lang` setting; format 3 packs the posting blobs (varint deltas, row id
/// `segment << 20 | bucket`) and stores each document's `--encoding`.
/// Older formats are refused with the way to rebuild (docs/index.md,
/// "Older indexes"); newer ones with "upgrade neardup".
pub const FORMAT_VERSION: u32 = 3;

/// What the user asks for; `None` takes the index's value (or the default
/// for a new index).
#[derive(Debug, Clone, Default)]
pub struct IndexOptions {
    /// Shingles of the whole-document signature (default `word:5`).
    pub shingle: Option<ShingleSpec>,
    /// MinHash permutations of the document signature (default 128).
    pub perms: Option<usize>,
    /// MinHash seed (default [`DEFAULT_SEED`]).
    pub seed: Option<u64>,
    /// Jaccard threshold the LSH bands of the document signature are tuned
    /// for (default 0.8, as `scan`).
    pub threshold: Option<f64>,
    /// Language the document signature reads words in, as `scan --lang`:
    /// `none` (the default), `auto`, or a code.
    pub lang: Option<String>,
}

/// The settings of one index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexSettings {
    /// Version of the file format.
    pub format_version: u32,
    /// [`SIGNATURE_VERSION`] of the build that created the index: the
    /// version of the word reading, hashing and MinHash behind every key
    /// and signature stored. An index of another version is refused (its
    /// keys would silently not match the queries'); indexes made before
    /// the version was stored read as 0.
    pub signature_version: u32,
    /// How words are read: `normalised` (case-folded, possessives dropped,
    /// no stemming), with NLTK's English stop words left out of the word
    /// keys.
    pub analysis: String,
    /// Fingerprints: word n-grams winnowed over a window, e.g.
    /// `word:3 winnow:4`.
    pub fingerprints: String,
    /// Shingles of the whole-document signature, e.g. `word:5`.
    pub shingle: String,
    /// Language of the document signature's words, as `scan --lang`
    /// (`none`, `auto`, or a code). Indexes made before this setting
    /// existed read as `none`, which is what they used.
    pub lang: String,
    /// MinHash permutations of the document signature.
    pub perms: usize,
    /// MinHash seed.
    pub seed: u64,
    /// Jaccard threshold of the document LSH.
    pub threshold: f64,
    /// LSH bands of the document signature.
    pub bands: usize,
    /// LSH rows per band.
    pub rows: usize,
}

/// The analysis every index of this format uses.
pub const ANALYSIS: &str = "normalised, stop words: en";

impl IndexSettings {
    /// The settings of a new index built with `opts`.
    pub fn new(opts: &IndexOptions) -> Result<Self, Error> {
        let shingle = match opts.shingle {
            Some(s) => s,
            None => ShingleSpec::words(5, 5)?,
        };
        if !shingle.to_string().starts_with("word:") {
            return Err(Error::Index(format!(
                "--shingle {shingle}: an index signs documents with word shingles (e.g. word:5)"
            )));
        }
        let perms = opts.perms.unwrap_or(128);
        check_perms(perms)?;
        let lang = lang_code(opts.lang.as_deref().unwrap_or("none"))?;
        let threshold = opts.threshold.unwrap_or(0.8);
        check_unit("--threshold", threshold, false)?;
        let lsh = LshParams::optimal(threshold, perms, 0.1, 0.9);
        Ok(IndexSettings {
            format_version: FORMAT_VERSION,
            signature_version: SIGNATURE_VERSION,
            analysis: ANALYSIS.into(),
            fingerprints: format!("word:{NGRAM} winnow:{WINDOW}"),
            shingle: shingle.to_string(),
            lang,
            perms,
            seed: opts.seed.unwrap_or(DEFAULT_SEED),
            threshold,
            bands: lsh.bands,
            rows: lsh.rows,
        })
    }

    /// Checks that `opts` asks for nothing these settings do not have.
    /// `index` names the file in the message.
    pub fn check(&self, opts: &IndexOptions, index: &str) -> Result<(), Error> {
        let refuse = |flag: &str, stored: String, asked: String| {
            Err(Error::Index(format!(
                "index '{index}' was built with {flag} {stored}, not {asked}: \
                 omit {flag} to use the index's settings, or build a new index"
            )))
        };
        if let Some(s) = opts.shingle.filter(|s| s.to_string() != self.shingle) {
            return refuse("--shingle", self.shingle.clone(), s.to_string());
        }
        if let Some(p) = opts.perms.filter(|&p| p != self.perms) {
            return refuse("--perms", self.perms.to_string(), p.to_string());
        }
        if let Some(s) = opts.seed.filter(|&s| s != self.seed) {
            return refuse("--seed", self.seed.to_string(), s.to_string());
        }
        if let Some(t) = opts.threshold.filter(|&t| t != self.threshold) {
            return refuse("--threshold", self.threshold.to_string(), t.to_string());
        }
        if let Some(l) = &opts.lang {
            let l = lang_code(l)?;
            if l != self.lang {
                return refuse("--lang", self.lang.clone(), l);
            }
        }
        Ok(())
    }

    /// The scan settings whose document signatures these are (for the
    /// signer and for `scan --against`).
    pub fn scan_config(&self) -> Result<ScanConfig, Error> {
        Ok(ScanConfig {
            shingle: self.shingle.parse()?,
            lang: self.lang.clone(),
            perms: self.perms,
            seed: self.seed,
            threshold: self.threshold,
            ..ScanConfig::default()
        })
    }

    /// The LSH bands and rows of the document signature.
    pub fn lsh(&self) -> LshParams {
        LshParams {
            bands: self.bands,
            rows: self.rows,
        }
    }

    /// As `(key, value)` rows of the `meta` table.
    pub fn to_rows(&self) -> Vec<(&'static str, String)> {
        vec![
            ("format_version", self.format_version.to_string()),
            ("signature_version", self.signature_version.to_string()),
            ("analysis", self.analysis.clone()),
            ("fingerprints", self.fingerprints.clone()),
            ("shingle", self.shingle.clone()),
            ("lang", self.lang.clone()),
            ("perms", self.perms.to_string()),
            ("seed", self.seed.to_string()),
            ("threshold", self.threshold.to_string()),
            ("bands", self.bands.to_string()),
            ("rows", self.rows.to_string()),
        ]
    }

    /// Reads the settings back from `meta` rows; `get` returns a value or
    /// `None`. Fails with a message saying which value is missing or bad.
    pub fn from_rows(get: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let text = |k: &str| get(k).ok_or(format!("no '{k}' setting"));
        fn num<T: std::str::FromStr>(k: &str, v: String) -> Result<T, String> {
            v.parse().map_err(|_| format!("bad '{k}' setting: {v}"))
        }
        Ok(IndexSettings {
            format_version: num("format_version", text("format_version")?)?,
            signature_version: match get("signature_version") {
                Some(v) => num("signature_version", v)?,
                None => 0,
            },
            analysis: text("analysis")?,
            fingerprints: text("fingerprints")?,
            shingle: text("shingle")?,
            lang: get("lang").unwrap_or_else(|| "none".into()),
            perms: num("perms", text("perms")?)?,
            seed: num("seed", text("seed")?)?,
            threshold: num("threshold", text("threshold")?)?,
            bands: num("bands", text("bands")?)?,
            rows: num("rows", text("rows")?)?,
        })
    }
}

/// The code `--lang NAME` stands for (`none`, `auto`, `en`, ...), as the
/// scan's signer reads it; an unknown name is the scan's error.
pub fn lang_code(name: &str) -> Result<String, Error> {
    Ok(match crate::text::detect::Analyzers::new(name)? {
        crate::text::detect::Analyzers::Fixed(a) => a.language().code().to_string(),
        crate::text::detect::Analyzers::Auto(_) => "auto".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_other_settings() {
        let s = IndexSettings::new(&IndexOptions::default()).unwrap();
        let rows = s.to_rows();
        let back =
            IndexSettings::from_rows(|k| rows.iter().find(|r| r.0 == k).map(|r| r.1.clone()))
                .unwrap();
        assert_eq!(back, s);
        s.check(&IndexOptions::default(), "i.db").unwrap();
        let same = IndexOptions {
            perms: Some(128),
            ..Default::default()
        };
        s.check(&same, "i.db").unwrap();
        let other = IndexOptions {
            perms: Some(64),
            ..Default::default()
        };
        let e = s.check(&other, "i.db").unwrap_err().to_string();
        assert!(
            e.contains("--perms 128, not 64") && e.contains("i.db"),
            "{e}"
        );
        let e = s
            .check(
                &IndexOptions {
                    lang: Some("auto".into()),
                    ..Default::default()
                },
                "i.db",
            )
            .unwrap_err()
            .to_string();
        assert!(e.contains("--lang none, not auto"), "{e}");
        assert!(
            IndexSettings::new(&IndexOptions {
                shingle: Some("char:5".parse().unwrap()),
                ..Default::default()
            })
            .is_err()
        );
    }

    #[test]
    fn language_is_stored_and_old_indexes_read_as_none() {
        let s = IndexSettings::new(&IndexOptions {
            lang: Some("Russian".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!((s.lang.as_str(), s.format_version), ("ru", 3));
        assert_eq!(s.scan_config().unwrap().lang, "ru");
        s.check(
            &IndexOptions {
                lang: Some("ru".into()),
                ..Default::default()
            },
            "i.db",
        )
        .unwrap();
        let rows: Vec<_> = s.to_rows().into_iter().filter(|r| r.0 != "lang").collect();
        let old = IndexSettings::from_rows(|k| rows.iter().find(|r| r.0 == k).map(|r| r.1.clone()))
            .unwrap();
        assert_eq!(old.lang, "none");
        assert!(
            IndexSettings::new(&IndexOptions {
                lang: Some("klingon".into()),
                ..Default::default()
            })
            .is_err()
        );
    }
}
