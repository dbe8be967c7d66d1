//! Command-line flags (the only file that knows clap) and their conversion
//! into validated library configs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use neardup::config::CompareConfig;
use neardup::input::DEFAULT_MAX_SIZE;
use neardup::minhash::DEFAULT_SEED;
use neardup::report::Format;
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

#[derive(Debug, Clone, Copy, ValueEnum)]
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
    pub original: PathBuf,

    /// The suspected rewrite. Omit it to search ORIGINAL against itself.
    pub rewrite: Option<PathBuf>,

    /// Output format.
    #[arg(short, long, value_enum, default_value = "terminal")]
    pub format: FormatArg,

    #[command(flatten)]
    pub engine: EngineArgs,

    /// When to colour the terminal report.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,

    /// Refuse input files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_SIZE)]
    pub max_size: u64,
}

/// Settings of the comparison engine.
#[derive(Debug, Args)]
pub struct EngineArgs {
    /// Minimum similarity (Jaccard of the passages' shingle sets, 0-1) for
    /// two passages to match. Lower finds looser paraphrases and more noise.
    #[arg(short, long, default_value_t = 0.3)]
    pub threshold: f64,

    /// Features compared: word:N or word:MIN-MAX (word n-grams of stemmed
    /// words), char:N (character n-grams). word:1 suits paraphrase.
    #[arg(long, value_name = "SPEC", default_value = "word:1")]
    pub shingle: ShingleSpec,

    /// Drop stop words ("the", "of", ...) from the shingles (they are kept
    /// by default).
    #[arg(long)]
    pub drop_stop_words: bool,

    /// Language for stemming, stop words and number words: an ISO 639-1
    /// code (en, fr, de, es, it, nl, pt, ru, sv, ...) or `none`.
    #[arg(long, default_value = "en")]
    pub lang: String,

    /// MinHash permutations (signature length).
    #[arg(long, default_value_t = 128)]
    pub perms: usize,

    /// Seed of the MinHash permutations.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,

    /// Sentences with fewer words are attached to a neighbour.
    #[arg(long, default_value_t = 3)]
    pub min_words: usize,

    /// Keep a link only if it scores at least this share of the best link
    /// of either of its passages (0-1; 0 keeps every link).
    #[arg(long, default_value_t = 0.5)]
    pub relative: f64,

    /// A neighbouring passage joins a match (split or merged sentences) when
    /// this share of its words occur on the other side (0-1).
    #[arg(long, default_value_t = 0.5)]
    pub containment: f64,
}

impl CompareArgs {
    pub fn format(&self) -> Format {
        match self.format {
            FormatArg::Terminal => Format::Terminal,
            FormatArg::Json => Format::Json,
            FormatArg::Csv => Format::Csv,
            FormatArg::Html => Format::Html,
        }
    }
}

impl EngineArgs {
    /// The library config these flags describe (validated by the library).
    pub fn config(&self) -> CompareConfig {
        CompareConfig {
            shingle: self.shingle,
            keep_stop_words: !self.drop_stop_words,
            perms: self.perms,
            seed: self.seed,
            threshold: self.threshold,
            lang: self.lang.clone(),
            min_words: self.min_words,
            relative: self.relative,
            containment: self.containment,
            ..CompareConfig::default()
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
