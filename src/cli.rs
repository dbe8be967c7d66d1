//! Command-line flags (the only file that knows clap) and their conversion
//! into validated library configs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use neardup::config::{CompareConfig, Preset};
use neardup::input::DEFAULT_MAX_SIZE;
use neardup::shingle::ShingleSpec;

/// Find near-duplicate and paraphrased text.
///
/// Exit status: 0 when something was found (a match, a duplicate), 1 when
/// nothing was, 2 on an error (bad flag, unreadable input).
#[derive(Debug, Parser)]
#[command(name = "neardup", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Align an original with its rewrite: which passages paraphrase which.
    ///
    /// Reports every passage of REWRITE that paraphrases a passage of
    /// ORIGINAL (reworded, reordered, split or merged sentences), with byte
    /// offsets, line numbers and a similarity score, plus the share of each
    /// document that is reused. With one file, finds passages that repeat or
    /// paraphrase an earlier passage of the same file.
    ///
    /// Examples:
    ///   neardup compare corpus/seed/original.txt corpus/seed/rewrite.txt
    ///   neardup compare corpus/seed/seed-article.txt
    ///   neardup compare a.txt b.txt --format json | jq '.matches[].score'
    ///   neardup compare a.txt b.txt --format html > report.html
    ///   neardup compare --pairs pairs.tsv > results.jsonl
    ///   neardup compare --pairs pairs.tsv --format html --out reports/
    #[command(verbatim_doc_comment)]
    Compare(CompareArgs),

    /// Measure accuracy against gold data (precision, recall).
    ///
    /// Examples:
    ///   neardup eval pairs corpus/pairs corpus/seed
    ///   neardup eval mrpc ../shared/data/mrpc/msr_paraphrase_train.txt
    #[command(verbatim_doc_comment)]
    Eval(EvalArgs),
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(subcommand)]
    pub target: EvalTarget,
}

#[derive(Debug, Subcommand)]
pub enum EvalTarget {
    /// Article pairs with sentence-level gold: each DIR holds original.txt,
    /// rewrite.txt and gold.tsv, or is a folder of such folders.
    Pairs {
        /// Pair folders, or folders of pair folders.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// List the gold pairs that were not found.
        #[arg(long)]
        misses: bool,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// A corpus in PAN's text-alignment layout (src/, susp/, sub-corpus
    /// folders with pairs and gold XML): plagdet, precision, recall and
    /// granularity per sub-corpus and overall.
    Pan {
        /// The corpus folder (e.g. pan13-text-alignment-training).
        corpus: PathBuf,
        /// Write PAN detection XML here, one folder per sub-corpus.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// The MRPC sentence-pair corpus (TSV): a pair is predicted to be a
    /// paraphrase when compare reports a match.
    Mrpc {
        /// The MRPC TSV file (e.g. msr_paraphrase_train.txt).
        file: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        engine: EngineArgs,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Readable report (coloured on a terminal).
    Terminal,
    /// JSON document (schema in the README).
    Json,
    /// One CSV row per match, with a header.
    Csv,
    /// Self-contained HTML page: both documents side by side, matched
    /// passages highlighted and linked, a dot plot (save it: > report.html).
    Html,
    /// One JSON object per line (the default with --pairs).
    Jsonl,
    /// PAN text-alignment detection XML (character offsets; the rewrite is
    /// PAN's suspicious document).
    Pan,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorArg {
    /// Colour when stdout is a terminal and NO_COLOR is unset.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The original text (UTF-8).
    #[arg(required_unless_present = "pairs")]
    pub original: Option<PathBuf>,

    /// The suspected rewrite. Omit it to search ORIGINAL against itself.
    pub rewrite: Option<PathBuf>,

    /// Compare many pairs: each line of FILE names an ORIGINAL and a REWRITE
    /// (tab- or space-separated), relative to FILE's folder or --base.
    /// Output: one JSON line per pair (default), --format pan --out DIR, or
    /// --format html --out DIR (a report per pair and an index.html).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["original", "rewrite"])]
    pub pairs: Option<PathBuf>,

    /// Folder that relative paths in --pairs are resolved against.
    #[arg(long, value_name = "DIR", requires = "pairs")]
    pub base: Option<PathBuf>,

    /// Folder for --pairs with --format pan (one XML file per pair) or
    /// --format html (one report per pair and index.html linking them).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Output format [default: terminal; with --pairs: jsonl].
    #[arg(short, long, value_enum)]
    pub format: Option<FormatArg>,

    #[command(flatten)]
    pub engine: EngineArgs,

    /// When to colour the terminal report.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,

    /// Refuse input files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_SIZE)]
    pub max_size: u64,
}

/// Settings of the comparison engine. Unset options take the preset's
/// value (shown as the default, for the article preset).
#[derive(Debug, Args)]
pub struct EngineArgs {
    /// Named defaults: `article` (news article and rewrite, sentence by
    /// sentence) or `pan` (reused passages in long documents: matches up to
    /// 4 sentences apart merge, one detection per passage, detections under
    /// 150 bytes dropped).
    #[arg(long, default_value = "article")]
    pub preset: Preset,

    /// Minimum similarity (Jaccard of the passages' shingle sets, 0-1) for
    /// two passages to match. Lower finds looser paraphrases and more noise.
    /// [default: 0.3]
    #[arg(short, long)]
    pub threshold: Option<f64>,

    /// Features compared: word:N or word:MIN-MAX (word n-grams of stemmed
    /// words), char:N (character n-grams). word:1 suits paraphrase.
    /// [default: word:1]
    #[arg(long, value_name = "SPEC")]
    pub shingle: Option<ShingleSpec>,

    /// Drop stop words ("the", "of", ...) from the shingles (they are kept
    /// by default).
    #[arg(long)]
    pub drop_stop_words: bool,

    /// Language for stemming, stop words and number words: an ISO 639-1
    /// code (en, fr, de, es, it, nl, pt, ru, sv, ...) or `none`.
    /// [default: en]
    #[arg(long)]
    pub lang: Option<String>,

    /// MinHash permutations (signature length). [default: 128]
    #[arg(long)]
    pub perms: Option<usize>,

    /// Seed of the MinHash permutations. [default: 31073716643591536]
    #[arg(long)]
    pub seed: Option<u64>,

    /// Sentences with fewer words are attached to a neighbour. [default: 3]
    #[arg(long)]
    pub min_words: Option<usize>,

    /// Keep a link only if it scores at least this share of the best link
    /// of either of its passages (0-1; 0 keeps every link). [default: 0.5]
    #[arg(long)]
    pub relative: Option<f64>,

    /// A neighbouring passage joins a match (split or merged sentences) when
    /// this share of its words occur on the other side (0-1). [default: 0.5]
    #[arg(long)]
    pub containment: Option<f64>,

    /// Merge matches at most this many passages apart on both sides
    /// (bridging what lies between). [default: 0; pan: 4]
    #[arg(long, value_name = "PASSAGES")]
    pub max_gap: Option<usize>,

    /// Merge matches close in the rewrite however far apart in the original
    /// when the original side spans at least N times as many passages (a
    /// summary); 0 turns this off. [default: 0; pan: 3]
    #[arg(long, value_name = "N")]
    pub summary_ratio: Option<usize>,

    /// Drop matches shorter than this many bytes on either side.
    /// [default: 0; pan: 150]
    #[arg(long, value_name = "BYTES")]
    pub min_bytes: Option<usize>,
}

impl CompareArgs {
    /// The output format, defaulting by mode.
    pub fn format(&self) -> FormatArg {
        self.format.unwrap_or(if self.pairs.is_some() {
            FormatArg::Jsonl
        } else {
            FormatArg::Terminal
        })
    }
}

impl FormatArg {
    /// The name given on the command line (`jsonl`).
    pub fn name(self) -> String {
        self.to_possible_value()
            .map_or_else(|| format!("{self:?}"), |v| v.get_name().to_string())
    }
}

impl EngineArgs {
    /// The library config these flags describe (validated by the library).
    pub fn config(&self) -> CompareConfig {
        let base = self.preset.config();
        CompareConfig {
            shingle: self.shingle.unwrap_or(base.shingle),
            keep_stop_words: base.keep_stop_words && !self.drop_stop_words,
            perms: self.perms.unwrap_or(base.perms),
            seed: self.seed.unwrap_or(base.seed),
            threshold: self.threshold.unwrap_or(base.threshold),
            lang: self.lang.clone().unwrap_or(base.lang.clone()),
            min_words: self.min_words.unwrap_or(base.min_words),
            relative: self.relative.unwrap_or(base.relative),
            containment: self.containment.unwrap_or(base.containment),
            max_gap: self.max_gap.unwrap_or(base.max_gap),
            summary_ratio: self.summary_ratio.unwrap_or(base.summary_ratio),
            min_bytes: self.min_bytes.unwrap_or(base.min_bytes),
            ..base
        }
    }
}

impl ColorArg {
    /// Whether to colour output going to stdout.
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}
