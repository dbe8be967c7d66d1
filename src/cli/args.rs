//! Command-line flags (the only file that knows clap) and their conversion
//! into validated library configs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use neardup::ShingleSpec;
use neardup::config::{CompareConfig, LongSettings, Preset, ScanConfig};
use neardup::decode::Decoding;
use neardup::report::ScanFormat;
use neardup::{DEFAULT_SEED, Sketch};

/// Find near-duplicate and paraphrased text.
///
/// Exit status: 0 when something was found (a match, a duplicate), 1 when
/// nothing was, 2 on an error (bad flag, unreadable input).
#[derive(Debug, Parser)]
#[command(name = "neardup", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// Write the report to FILE instead of standard output. FILE must not
    /// exist (neardup never replaces a file; redirect with > to overwrite)
    /// and appears only when the command succeeds, never half-written.
    #[arg(short, long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Worker threads [default: one per core, or RAYON_NUM_THREADS]. The
    /// output is the same for any number. For bench: the most threads (its
    /// thread runs use 1..N).
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The command-line definition: the derived one, where a negative
    /// number is read as a value (`--threshold -1` is then refused with the
    /// valid range, not as an unknown flag).
    pub fn definition() -> clap::Command {
        fn negatives_are_values(cmd: clap::Command) -> clap::Command {
            cmd.allow_negative_numbers(true)
                .mut_subcommands(negatives_are_values)
        }
        negatives_are_values(<Self as clap::CommandFactory>::command())
    }

    /// Parses the process's arguments.
    pub fn parse_args() -> Result<Cli, clap::Error> {
        let matches = Self::definition().try_get_matches()?;
        <Self as clap::FromArgMatches>::from_arg_matches(&matches)
    }
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
    ///   curl -s https://example.com/copy.txt | neardup compare original.txt -
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
    ///   neardup eval pan10 ../shared/data/pan10-paraphrase-train
    #[command(verbatim_doc_comment)]
    Eval(EvalArgs),

    /// Find near-duplicate documents in folders of text files.
    ///
    /// Walks each PATH recursively (hidden files and symbolic links are left
    /// out unless --hidden / --follow), reads and signs the files in
    /// parallel, and groups documents whose shingle sets have a Jaccard
    /// similarity of at least --threshold into clusters. Each document is
    /// kept as a 512-byte MinHash signature, never as text. LSH banding
    /// proposes candidate pairs; each is verified with the signatures'
    /// estimate, or with exact Jaccard re-read from the files (--exact).
    /// Copies with edits, reordered paragraphs or added boilerplate are found;
    /// documents too short for one shingle are skipped, never matched. Bad
    /// files (binary, unreadable, oversized) are warnings and
    /// counts, never an abort. Output is byte-identical for any thread count
    /// (RAYON_NUM_THREADS) and any input order.
    ///
    /// Exit status: 0 near-duplicates found, 1 none found, 2 error.
    ///
    /// Examples:
    ///   neardup scan corpus/scan-sample
    ///   neardup scan ~/notes ~/drafts --ext txt,md --threshold 0.7
    ///   neardup scan corpus/ --format json | jq '.clusters[].members'
    ///   find . -name '*.txt' | neardup scan --files-from - --format csv
    ///   neardup scan corpus/ --exact --verbose
    ///   neardup scan corpus/ --format html > clusters.html
    ///   neardup scan corpus/ --format html --out report/   # and a view per pair
    ///   neardup scan new-batch/ --against archive.ndx     # also against an index
    #[command(verbatim_doc_comment)]
    Scan(ScanArgs),

    /// Benchmark the scan: per-stage throughput, memory, accuracy, scaling.
    ///
    /// Generates a deterministic corpus (documents drawn from a Zipf word
    /// model, or from the word frequencies of --text-from DIR, with planted
    /// near-duplicates of known Jaccard similarity), or takes --folder DIR,
    /// and scans it stage by stage: walk, read+sign, band, verify, cluster.
    /// Prints MB/s and documents/s per stage, peak memory (VmHWM, Linux),
    /// recall and precision against the planted truth, scaling with threads
    /// (1..N) and with size (x1, x2, x4). Each run is a fresh process (this
    /// binary, re-executed), so peak memory is per run; the median of
    /// --runs runs is reported.
    ///
    /// Exit status: 0 when the benchmark ran, 2 on an error.
    ///
    /// Examples:
    ///   neardup bench --size 100MB
    ///   neardup bench --size 20MB --format json > bench.json
    ///   neardup bench --folder ../shared/data/20newsgroups-bydate
    ///   neardup bench --size 50MB --keep /tmp/corpus --generate-only
    #[command(verbatim_doc_comment)]
    Bench(BenchArgs),

    /// Keep a persistent index of documents to search with `find`.
    ///
    /// An index is one SQLite file (readable with the sqlite3 shell; schema
    /// in docs/index.md) that grows as documents are added. Per document it
    /// keeps the path, a content hash, a whole-document MinHash signature
    /// and keys that let a part of it be found again (winnowed word 3-gram
    /// fingerprints and rare words); never the text, which `find` re-reads.
    ///
    /// Examples:
    ///   neardup index add archive.ndx ~/archive --ext txt
    ///   neardup index add archive.ndx ~/archive      # again: only changes
    ///   neardup index remove archive.ndx ~/archive/2019
    ///   neardup index stats archive.ndx
    #[command(verbatim_doc_comment)]
    Index(IndexArgs),

    /// Find which indexed documents a document reuses, with the passages.
    ///
    /// For each DOC, retrieves candidate sources from INDEX (per window of
    /// a few sentences, by shared fingerprints and rare words, plus
    /// whole-document near-duplicates), then aligns each candidate with DOC
    /// exactly as `neardup compare SOURCE DOC` does: a candidate with at
    /// least one matched passage is reported. Sources are ranked by the
    /// share of DOC derived from them. A DOC of `-` is read from standard
    /// input (under the same --max-size, binary and encoding rules as a
    /// file; reports name it `<stdin>`; an empty one is an error).
    ///
    /// Exit status: 0 when a source was found, 1 when none, 2 on error.
    ///
    /// Examples:
    ///   neardup find archive.ndx suspect.txt
    ///   pdftotext suspect.pdf - | neardup find archive.ndx -
    ///   neardup find archive.ndx a.txt b.txt --format json
    ///   neardup find archive.ndx suspect.txt --format html --out report/
    ///   neardup find archive.ndx susp/*.txt --preset pan --format pan --out detections/
    #[command(verbatim_doc_comment)]
    Find(FindArgs),

    /// Sign documents for another engine: the scan's signatures and band keys.
    ///
    /// Reads documents — PATHs walked as `scan` walks them (ids are the
    /// paths scan prints), --files-from, or standard input: an Arrow IPC
    /// stream or JSON lines with columns id and text (utf8 or binary) — and
    /// writes one record per document, in input order: id, n (shingles; 0 =
    /// no signature, never matches), words, bytes, content (equal for
    /// identical normalised words), sig (the MinHash minima), bands (the LSH
    /// band keys), skip and detail (why a document has no signature), lossy,
    /// and with --shingles sh (the shingle set, for exact re-checks). The
    /// settings that change signatures go into the schema metadata. This is
    /// how the Spark job (spark/neardup_spark.py) signs inside executors;
    /// docs/spark.md describes the contract.
    ///
    /// Exit status: 0 when every document was read (bad documents are
    /// records with a reason), 2 on an error (a malformed stream: the
    /// message names the batch and row).
    ///
    /// Examples:
    ///   neardup sign corpus/ --format jsonl | head -c 600
    ///   neardup sign corpus/ --format parquet --shingles --out sigs/
    ///   neardup sign --input-format jsonl < docs.jsonl > sigs.arrow
    #[command(verbatim_doc_comment)]
    Sign(SignArgs),

    /// Print the scan's LSH and verification settings for a threshold (JSON).
    ///
    /// Bands and rows (chosen as `scan` chooses them), the probability of
    /// missing a pair at the threshold, the verification cutoffs (how many
    /// equal minima accept a pair, and from how many it is re-checked
    /// exactly) and the settings that change signatures. The Spark job reads
    /// these, so that it and `scan` cannot drift apart.
    ///
    /// Examples:
    ///   neardup params
    ///   neardup params --threshold 0.7 --perms 256
    #[command(verbatim_doc_comment)]
    Params(ParamsArgs),

    /// Cluster another engine's verified pairs into the scan's report.
    ///
    /// Reads findings as JSON lines on standard input (the documents that
    /// may be in a cluster with their text, the verified edges between texts,
    /// the skipped documents and the counts of each stage; docs/spark.md
    /// gives the format) and writes the report `neardup scan` writes for
    /// them: same clusters, representatives, listed pairs and histogram. The
    /// Spark job runs it on the driver to write DIR/scan.json.
    ///
    /// Exit status: 0 near-duplicates found, 1 none found, 2 error.
    #[command(verbatim_doc_comment)]
    Cluster(ClusterArgs),

    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    ///
    /// Install it where your shell looks for completions, e.g.:
    ///   neardup completions bash > ~/.local/share/bash-completion/completions/neardup
    ///   neardup completions zsh > ~/.zfunc/_neardup    # with fpath+=~/.zfunc in ~/.zshrc
    ///   neardup completions fish > ~/.config/fish/completions/neardup.fish
    ///   neardup completions powershell >> $PROFILE
    #[command(verbatim_doc_comment)]
    Completions(CompletionsArgs),

    /// Print the manual page (roff), of neardup or of one command.
    ///
    /// Examples:
    ///   neardup man | man -l -
    ///   neardup man > ~/.local/share/man/man1/neardup.1
    ///   neardup man scan > ~/.local/share/man/man1/neardup-scan.1
    #[command(verbatim_doc_comment)]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (compare, scan, ...; `index add`
    /// as `index-add`) [default: the page of neardup itself].
    pub command: Option<String>,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    #[command(subcommand)]
    pub action: IndexAction,
}

#[derive(Debug, Subcommand)]
pub enum IndexAction {
    /// Add files and folders (walked as `scan` walks them) to INDEX,
    /// creating it if needed. Unchanged documents (same path and content)
    /// are skipped, changed ones replaced. Commits every --batch documents:
    /// an interrupted add leaves the index at its last commit; run it again
    /// to finish.
    Add(IndexAddArgs),
    /// Remove documents (files, or everything under a folder) from INDEX.
    /// Exit status 1 when nothing matched.
    Remove {
        /// The index file.
        index: PathBuf,
        /// Files or folders, as they were added.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Documents, bytes, settings, size on disk and format version.
    Stats {
        /// The index file.
        index: PathBuf,
        /// Output format.
        #[arg(short, long, value_enum, default_value = "terminal")]
        format: StatsFormatArg,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatsFormatArg {
    /// Lines for a person.
    Terminal,
    /// One JSON document.
    Json,
}

#[derive(Debug, Args)]
pub struct IndexAddArgs {
    /// The index file (created if missing).
    pub index: PathBuf,

    /// Folders (walked recursively) or files to add.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Also add the paths listed in FILE, one per line or NUL-separated
    /// (`-` reads standard input).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,

    /// Walk only files with these extensions (comma-separated or repeated).
    #[arg(short, long, value_name = "EXT", value_delimiter = ',')]
    pub ext: Vec<String>,

    /// Walk hidden files and folders.
    #[arg(long)]
    pub hidden: bool,

    /// Follow symbolic links while walking.
    #[arg(short = 'L', long)]
    pub follow: bool,

    /// Skip (with a warning) files larger than SIZE (units: 64MiB, 1G,
    /// 512kB).
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = size_arg)]
    pub max_size: u64,

    /// Documents per commit (bounds memory; an interrupted add keeps every
    /// committed batch).
    #[arg(long, value_name = "N", default_value_t = 5000, value_parser = clap::value_parser!(u64).range(1..))]
    pub batch: u64,

    /// Read the files in this encoding: `auto` (BOM, UTF-16 pattern,
    /// UTF-8, else the legacy encoding detected, as `scan` reads) or a
    /// label (windows-1251, koi8-r, shift_jis, ...). Stored with each
    /// document, so `find` reads it again the same way.
    #[arg(long, value_name = "LABEL", default_value = "auto", value_parser = encoding_arg)]
    pub encoding: Decoding,

    #[command(flatten)]
    pub settings: IndexSettingsArgs,

    /// Output format of the summary.
    #[arg(short, long, value_enum, default_value = "terminal")]
    pub format: StatsFormatArg,

    /// Do not print one warning per bad file (they are still counted).
    #[arg(short, long)]
    pub quiet: bool,

    /// Never draw the progress bar (drawn only when stderr is a terminal).
    #[arg(long)]
    pub no_progress: bool,
}

/// Settings stored in an index when it is created; given for an existing
/// index, they must be the index's (else the command is refused).
#[derive(Debug, Args)]
pub struct IndexSettingsArgs {
    /// Shingles of the whole-document signature. [default: word:5]
    #[arg(long, value_name = "SPEC")]
    pub shingle: Option<ShingleSpec>,

    /// MinHash permutations of the document signature. [default: 128]
    #[arg(long)]
    pub perms: Option<usize>,

    /// Seed of the MinHash permutations. [default: 31073716643591536]
    #[arg(long)]
    pub seed: Option<u64>,

    /// Jaccard threshold the document signature's LSH bands are tuned for.
    /// [default: 0.8]
    #[arg(long, value_name = "T")]
    pub index_threshold: Option<f64>,

    /// Language the document signature reads words in, as `scan --lang`:
    /// `none` (normalised words only), `auto` (each document's own,
    /// detected), or a code or name (en, de, russian, ...). `scan
    /// --against` must give the same. [default: none]
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
}

impl IndexSettingsArgs {
    /// The library options these flags describe.
    pub fn options(&self) -> neardup::index::IndexOptions {
        neardup::index::IndexOptions {
            shingle: self.shingle,
            perms: self.perms,
            seed: self.seed,
            threshold: self.index_threshold,
            lang: self.lang.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FindFormatArg {
    /// Sources and their passages (coloured on a terminal).
    Terminal,
    /// One JSON document: {"queries": [{"path", "sources": [...]}]}.
    Json,
    /// One JSON object per query per line.
    Jsonl,
    /// With --out DIR: per query, an index page and a compare report per
    /// source.
    Html,
    /// With --out DIR: one PAN detection XML per query and source with
    /// detections, named <query stem>-<source stem>.xml.
    Pan,
}

#[derive(Debug, Args)]
pub struct FindArgs {
    /// The index file.
    pub index: PathBuf,

    /// The documents whose sources to find (`-`: standard input).
    #[arg(required = true, value_name = "DOC")]
    pub docs: Vec<PathBuf>,

    /// Output format.
    #[arg(short, long, value_enum, default_value = "terminal")]
    pub format: FindFormatArg,

    /// Folder for --format html or pan (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// With --out: write over files in DIR that neardup did not write, or
    /// that were changed since (by default they are refused; neardup's own
    /// earlier output there is refreshed without it; docs/safety.md).
    #[arg(long, requires = "out")]
    pub force: bool,

    /// Most candidates aligned per document.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub max_candidates: usize,

    #[command(flatten)]
    pub engine: EngineArgs,

    /// When to colour the terminal report.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,

    /// Refuse documents larger than SIZE (units: 1GiB, 500MB, 64kB).
    #[arg(long, value_name = "SIZE", default_value = "1GiB", value_parser = size_arg)]
    pub max_size: u64,

    /// Encoding of the query documents: `auto` (as `compare` reads) or a
    /// label (windows-1251, koi8-r, ...). Indexed documents are read in
    /// the encoding `index add --encoding` stored for them.
    #[arg(long, value_name = "LABEL", default_value = "auto", value_parser = encoding_arg)]
    pub encoding: Decoding,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BenchFormatArg {
    /// Tables for a person.
    Terminal,
    /// One JSON document (fields in docs/json.md).
    Json,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Size of the generated corpus (x1; the growth runs use 2 and 4 times
    /// as much): 100MB, 512kB, 1GiB or bytes.
    #[arg(long, value_name = "SIZE", default_value = "100MB", value_parser = size_arg)]
    pub size: u64,

    /// Mean document size (documents vary from half to 1.5 times it).
    #[arg(long, value_name = "SIZE", default_value = "4kB", value_parser = size_arg)]
    pub doc_size: u64,

    /// Share of documents that are planted near-duplicates of another
    /// (0-0.6).
    #[arg(long, value_name = "RATE", default_value_t = 0.2)]
    pub dup_rate: f64,

    /// Seed of the generated corpus.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Draw words with the frequencies of the text files in DIR instead of
    /// the built-in Zipf model.
    #[arg(long, value_name = "DIR")]
    pub text_from: Option<PathBuf>,

    /// Cut the base documents from the real text files under DIR (e.g.
    /// ../shared/data) instead of generating words, with planted
    /// near-duplicates of measured Jaccard as usual; natural repeats are
    /// dropped, and at least a quarter of the bases hold non-ASCII text
    /// (docs/benchmarks.md). The text runs out: at ../shared/data, about
    /// 60 MB (--size 15MB with the growth runs).
    #[arg(long, value_name = "DIR", conflicts_with = "text_from")]
    pub real: Option<PathBuf>,

    /// Benchmark the files in DIR instead of a generated corpus (no
    /// precision or recall: there is no truth). The growth runs take its
    /// first quarter and half (in path order), then all of it.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["size", "doc_size", "dup_rate", "seed", "text_from", "keep", "real"])]
    pub folder: Option<PathBuf>,

    /// Write the generated corpus into DIR (new or empty) and keep it:
    /// DIR/p1 (x1; p2-p4 for growth), DIR/truth.tsv, DIR/corpus.json.
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,

    /// Only generate the x1 corpus into --keep DIR; run nothing.
    #[arg(long, requires = "keep")]
    pub generate_only: bool,

    /// Jaccard similarity threshold of the scan (also sets the LSH bands
    /// and rows).
    #[arg(short, long, default_value_t = 0.8)]
    pub threshold: f64,

    /// How the scans compute signatures: minhash or oph (as `scan
    /// --sketch`).
    #[arg(long, value_enum, default_value = "minhash")]
    pub sketch: SketchArg,

    /// Runs per configuration; the median is reported.
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub runs: u32,

    /// Skip the thread and size scaling runs.
    #[arg(long)]
    pub no_scaling: bool,

    /// Output format.
    #[arg(short, long, value_enum, default_value = "terminal")]
    pub format: BenchFormatArg,

    /// Never draw the progress bar (drawn only when stderr is a terminal).
    #[arg(long)]
    pub no_progress: bool,

    /// One measured run (internal: how the benchmark re-executes itself).
    #[arg(long, hide = true, value_name = "JSON")]
    pub run_spec: Option<String>,
}

/// `--sketch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SketchArg {
    /// PERMS hash functions, each minimised over every shingle.
    Minhash,
    /// One-permutation hashing with optimal densification.
    Oph,
}

impl From<SketchArg> for Sketch {
    fn from(s: SketchArg) -> Self {
        match s {
            SketchArg::Minhash => Sketch::MinHash,
            SketchArg::Oph => Sketch::Oph,
        }
    }
}

/// `--encoding`: `auto` or a WHATWG label.
fn encoding_arg(s: &str) -> Result<Decoding, String> {
    Decoding::from_label(s).map_err(|e| e.to_string())
}

/// A size of at least one byte, with an optional unit (`64MiB`, `1G`,
/// `512kB`; see [`neardup::size`]): the parser of every flag that takes a
/// size.
pub fn size_arg(s: &str) -> Result<u64, String> {
    match neardup::size::parse_size(s) {
        Ok(0) => Err(format!(
            "'{s}' is zero bytes; give a size of at least 1 byte (e.g. 64MiB)"
        )),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// A number of bytes that may be zero, with an optional unit (`150`,
/// `2kB`).
pub fn bytes_arg(s: &str) -> Result<usize, String> {
    let n = neardup::size::parse_size(s).map_err(|e| e.to_string())?;
    usize::try_from(n).map_err(|_| format!("'{s}' is too large for this machine"))
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
        /// Do not use the pair list: index every source document, find the
        /// sources of every suspicious document, and score source recall,
        /// source precision and plagdet per sub-corpus.
        #[arg(long)]
        retrieve: bool,
        /// With --retrieve: build the index in FILE (a new file) and keep
        /// it [default: a temporary file, deleted afterwards].
        #[arg(long, value_name = "FILE", requires = "retrieve")]
        index: Option<PathBuf>,
        /// With --retrieve: query only every N-th suspicious document of each
        /// sub-corpus (in name order, from the first) and score only their
        /// pairs: a quicker, approximate run [default: 1, every document].
        #[arg(long, value_name = "N", default_value_t = 1, requires = "retrieve")]
        sample: usize,
        /// Write PAN detection XML here, one folder per sub-corpus.
        #[arg(long)]
        out: Option<PathBuf>,
        /// With --out: write over files in it that neardup did not write
        /// (docs/safety.md).
        #[arg(long, requires = "out")]
        force: bool,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// The PAN-10 paraphrase pairs (a book sentence and a crowd worker's
    /// paraphrase, often split into several sentences): detection precision
    /// and recall, and the ROC AUC of rewrite_derived as a ranking.
    Pan10 {
        /// The folder holding pan-train_s1.txt, pan-train_s2.txt and
        /// pan-train.labels.
        dir: PathBuf,
        /// Which split to read (pan-SPLIT_s1.txt, ...).
        #[arg(long, default_value = "train")]
        split: String,
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
    /// JSON document (schema in docs/json.md).
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
    /// Colour when stdout is a terminal and NO_COLOR is unset (also
    /// CLICOLOR, CLICOLOR_FORCE and TERM=dumb are followed).
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The original text (UTF-8); `-` reads it from standard input.
    #[arg(required_unless_present = "pairs")]
    pub original: Option<PathBuf>,

    /// The suspected rewrite (`-`: standard input). Omit it to search
    /// ORIGINAL against itself.
    pub rewrite: Option<PathBuf>,

    /// Compare many pairs: each line of FILE names an ORIGINAL and a REWRITE
    /// (tab- or space-separated), relative to FILE's folder or --base
    /// (`-` reads the list from standard input; paths relative to the
    /// current folder).
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

    /// With --out: write over files in DIR that neardup did not write, or
    /// that were changed since (by default they are refused; neardup's own
    /// earlier output there is refreshed without it; docs/safety.md).
    #[arg(long, requires = "out")]
    pub force: bool,

    /// Output format [default: terminal; with --pairs: jsonl].
    #[arg(short, long, value_enum)]
    pub format: Option<FormatArg>,

    #[command(flatten)]
    pub engine: EngineArgs,

    /// When to colour the terminal report.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,

    /// Show why each link was made: the words both passages share (names
    /// and numbers apart), names and numbers only one side has, and what
    /// overlap, cover, word order and clashes added to the score (terminal
    /// and JSON; an `explain` object on every link).
    #[arg(long)]
    pub explain: bool,

    /// Refuse inputs larger than SIZE (units: 1GiB, 500MB, 64kB); a
    /// stream (a pipe, a device) is read up to SIZE, never further.
    #[arg(long, value_name = "SIZE", default_value = "1GiB", value_parser = size_arg)]
    pub max_size: u64,

    /// Encoding of the input files: `auto` (byte-order mark, UTF-16,
    /// UTF-8, else the legacy encoding detected, as browsers do) or a label
    /// such as utf-8, utf-16le, windows-1252, latin1, koi8-r, shift_jis.
    #[arg(long, value_name = "LABEL", default_value = "auto", value_parser = encoding_arg)]
    pub encoding: Decoding,
}

/// Settings of the comparison engine. Unset options take the preset's
/// value (shown as the default, for the article preset).
#[derive(Debug, Args)]
pub struct EngineArgs {
    /// Which rules align the pair: `auto` (article rules for short
    /// documents, long-document rules when the longer one has more than 40
    /// passages, or when the article rules align under 30% of the
    /// rewrite's passages: a passage reused inside unrelated text),
    /// `article` (sentence-level paraphrase whatever the length:
    /// splits, merges, reordering, no bridging of new material) or `pan`
    /// (reused passages in long documents: Jaccard links, matches up to 4
    /// sentences apart merge, one detection per passage, detections under
    /// 150 bytes dropped). The mode used is shown in every report.
    #[arg(long, default_value = "auto")]
    pub preset: Preset,

    /// Score (0-1) a pair of passages needs to be linked on its own. Article
    /// rules: a weighted mean of shingle Jaccard, cover of the shorter
    /// passage and word order, for two one-sentence texts; the bar rises by
    /// 0.05 for each tenfold more sentence pairs compared (0.50 for 10
    /// sentences against 20). Long-document rules: Jaccard. Lower finds
    /// looser paraphrases and more noise. [default: 0.40; long: 0.28]
    #[arg(short, long)]
    pub threshold: Option<f64>,

    /// With `--preset auto`, a pair whose longer document has more passages
    /// than this gets the long-document rules. [default: 40]
    #[arg(long, value_name = "PASSAGES")]
    pub long_passages: Option<usize>,

    /// Article rules: score a pair needs when supported (its passages are
    /// each other's clear best partner, or it continues a neighbouring link
    /// in order). [default: 0.25]
    #[arg(long)]
    pub floor: Option<f64>,

    /// Article rules: how much a best partner must outscore the runner-up to
    /// support a link below the threshold. [default: 0.05]
    #[arg(long)]
    pub margin: Option<f64>,

    /// Features compared: word:N or word:MIN-MAX (word n-grams of stemmed
    /// words), char:N (character n-grams). word:1 suits paraphrase.
    /// [default: word:1; char:2 when a document is in Chinese or Japanese,
    /// word:2 in Thai, Lao, Khmer or Burmese]
    #[arg(long, value_name = "SPEC")]
    pub shingle: Option<ShingleSpec>,

    /// Drop stop words ("the", "of", ...) from the shingles (they are kept
    /// by default).
    #[arg(long)]
    pub drop_stop_words: bool,

    /// Language for stemming, stop words and number words: `auto` (each
    /// document's language detected; one the stemmer does not know, such as
    /// Chinese or Thai, is read without stemming; two documents in different
    /// languages are linked only on the names, numbers and dates they share,
    /// in order), an ISO 639-1 code (en, fr, de, es, it, nl, pt, ru, sv, ...)
    /// or `none`. [default: auto]
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
    /// of either of its passages (0-1; 0 keeps every link). [default: 0.5;
    /// long: 0.9]
    #[arg(long)]
    pub relative: Option<f64>,

    /// A neighbouring passage joins a match (split or merged sentences) when
    /// this share of its words occur on the other side (0-1). [default: 0.5;
    /// long: 0.4]
    #[arg(long)]
    pub containment: Option<f64>,

    /// Merge matches at most this many passages apart on both sides
    /// (bridging what lies between; article rules bridge only passages that
    /// share content with the other side). [default: 0; long: 4]
    #[arg(long, value_name = "PASSAGES")]
    pub max_gap: Option<usize>,

    /// Merge matches close in the rewrite however far apart in the original
    /// when the original side spans at least N times as many passages (a
    /// summary); 0 turns this off. [default: 0; long: 3]
    #[arg(long, value_name = "N")]
    pub summary_ratio: Option<usize>,

    /// Drop matches shorter than SIZE bytes on either side (150, 1kB).
    /// [default: 0; long: 150]
    #[arg(long, value_name = "SIZE", value_parser = bytes_arg)]
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
        // A flag given applies whichever rules the pair gets.
        let long = LongSettings {
            threshold: self.threshold.unwrap_or(base.long.threshold),
            relative: self.relative.unwrap_or(base.long.relative),
            containment: self.containment.unwrap_or(base.long.containment),
            max_gap: self.max_gap.unwrap_or(base.long.max_gap),
            summary_ratio: self.summary_ratio.unwrap_or(base.long.summary_ratio),
            min_bytes: self.min_bytes.unwrap_or(base.long.min_bytes),
            ..base.long
        };
        CompareConfig {
            shingle: self.shingle.or(base.shingle),
            keep_stop_words: base.keep_stop_words && !self.drop_stop_words,
            perms: self.perms.unwrap_or(base.perms),
            seed: self.seed.unwrap_or(base.seed),
            threshold: self.threshold.unwrap_or(base.threshold),
            floor: self.floor.unwrap_or(base.floor),
            long_passages: self.long_passages.unwrap_or(base.long_passages),
            margin: self.margin.unwrap_or(base.margin),
            long,
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
    /// Whether to colour output going to stdout. `auto` follows anstream's
    /// rules: `NO_COLOR`, `CLICOLOR=0` and `TERM=dumb` turn colour off,
    /// `CLICOLOR_FORCE` turns it on, otherwise a terminal gets colour.
    pub fn enabled(self) -> bool {
        match self {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                // anstream colours a dumb terminal when `CI` is set (as on
                // CI machines); TERM=dumb is a promise we make everywhere.
                let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb")
                    && std::env::var_os("CLICOLOR_FORCE").is_none_or(|f| f == "0");
                !dumb
                    && super::shared::stdout_is_terminal()
                    && anstream::AutoStream::choice(&std::io::stdout())
                        != anstream::ColorChoice::Never
            }
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ScanFormatArg {
    /// Summary and clusters (coloured on a terminal).
    Terminal,
    /// One JSON document (schema in docs/json.md).
    Json,
    /// One JSON object per line: settings, summary, clusters, pairs, skipped.
    Jsonl,
    /// One CSV row per listed pair: cluster,a,b,similarity.
    Csv,
    /// Self-contained HTML cluster browser: figures, a histogram of pair
    /// similarities, each cluster's members and pairs. With --out DIR it is
    /// DIR/index.html, beside a side-by-side report per pair.
    Html,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Folders (walked recursively) or files to scan.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Also scan the paths listed in FILE, one per line or NUL-separated
    /// (`-` reads standard input). Listed folders are walked.
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,

    /// Walk only files with these extensions (comma-separated or repeated,
    /// case-insensitive): --ext txt,md.
    #[arg(short, long, value_name = "EXT", value_delimiter = ',')]
    pub ext: Vec<String>,

    /// Walk hidden files and folders (names starting with a dot).
    #[arg(long)]
    pub hidden: bool,

    /// Follow symbolic links while walking; loops are reported and skipped.
    #[arg(short = 'L', long)]
    pub follow: bool,

    /// Minimum Jaccard similarity (0-1) of two documents' shingle sets for
    /// them to be near-duplicates. Also sets the LSH bands and rows.
    #[arg(short, long, default_value_t = 0.8)]
    pub threshold: f64,

    /// Features compared: word:N (n-grams of normalised words), word:MIN-MAX
    /// or char:N. word:5 suits deduplication; smaller N finds looser overlap.
    #[arg(long, value_name = "SPEC", default_value = "word:5")]
    pub shingle: ShingleSpec,

    /// Stem words and drop stop words for this language (en, fr, de, ...),
    /// as `neardup compare` does; `auto` detects each document's language
    /// (a corpus in several languages). `none` (the default) only
    /// normalises words, which is faster, works for every language alike
    /// and is what deduplication usually wants.
    #[arg(long, default_value = "none")]
    pub lang: String,

    /// With --lang, keep stop words in the shingles.
    #[arg(long)]
    pub keep_stop_words: bool,

    /// MinHash permutations: the signature length (4 bytes each). More is
    /// more precise and slower.
    #[arg(long, default_value_t = 128)]
    pub perms: usize,

    /// Seed of the MinHash permutations.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,

    /// How signatures are computed: minhash (PERMS hash functions per
    /// shingle) or oph (one-permutation hashing with optimal densification:
    /// one hash per shingle, several times faster; its estimates spread up
    /// to 1.2x wider on documents of fewer shingles than PERMS; see
    /// docs/benchmarks.md). Recorded in the report's settings.
    #[arg(long, value_enum, default_value = "minhash")]
    pub sketch: SketchArg,

    /// Verify candidate pairs with exact Jaccard, re-reading their files,
    /// instead of the signature estimate.
    #[arg(long)]
    pub exact: bool,

    /// Trust the signature estimate for every candidate. By default the
    /// candidates whose estimate lies within three standard errors of the
    /// threshold are re-checked with exact Jaccard (re-reading their files).
    #[arg(long, conflicts_with = "exact")]
    pub no_recheck: bool,

    /// List at most this many pairs per cluster (all are counted).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub max_pairs: usize,

    /// LSH buckets with more distinct texts than this are checked against
    /// their first member only, keeping huge buckets linear.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub bucket_cap: usize,

    /// Skip (with a warning) files larger than SIZE (units: 64MiB, 1G,
    /// 512kB).
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = size_arg)]
    pub max_size: u64,

    /// Encoding of the input files: `auto` (byte-order mark, UTF-16,
    /// UTF-8, else the legacy encoding detected, as browsers do) or a label
    /// such as utf-8, utf-16le, windows-1252, latin1, koi8-r, shift_jis.
    #[arg(long, value_name = "LABEL", default_value = "auto", value_parser = encoding_arg)]
    pub encoding: Decoding,

    /// Output format.
    #[arg(short, long, value_enum, default_value = "terminal")]
    pub format: ScanFormatArg,

    /// With --format html: write the cluster page as DIR/index.html and a
    /// side-by-side report of each listed pair beside it (created if
    /// needed). Without it the page alone goes to stdout.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// With --out: write over files in DIR that neardup did not write, or
    /// that were changed since (by default they are refused; neardup's own
    /// earlier output there is refreshed without it; docs/safety.md).
    #[arg(long, requires = "out")]
    pub force: bool,

    /// When to colour the terminal report.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,

    /// Print the LSH choice, its miss rate and timings to stderr.
    #[arg(short, long)]
    pub verbose: bool,

    /// Do not print one warning per bad file (they are still counted).
    #[arg(short, long)]
    pub quiet: bool,

    /// Never draw the progress bar (drawn only when stderr is a terminal).
    #[arg(long)]
    pub no_progress: bool,

    /// Also report near-duplicates of the scanned documents among the
    /// documents of INDEX (made by `neardup index add`); clusters then hold
    /// indexed documents too, named by their path in the index. --shingle,
    /// --perms and --seed must be the index's.
    #[arg(long, value_name = "INDEX", conflicts_with = "exact")]
    pub against: Option<PathBuf>,
}

impl ScanArgs {
    /// The library config these flags describe (validated by the library).
    pub fn config(&self) -> ScanConfig {
        ScanConfig {
            shingle: self.shingle,
            lang: self.lang.clone(),
            keep_stop_words: self.keep_stop_words,
            perms: self.perms,
            seed: self.seed,
            sketch: self.sketch.into(),
            threshold: self.threshold,
            exact: self.exact,
            recheck: !self.no_recheck,
            max_pairs: self.max_pairs,
            bucket_cap: self.bucket_cap,
            max_size: self.max_size,
            extensions: self
                .ext
                .iter()
                .map(|e| e.trim().trim_start_matches('.').to_lowercase())
                .collect(),
            hidden: self.hidden,
            follow: self.follow,
            decoding: self.encoding,
            ..ScanConfig::default()
        }
    }

    /// The name of the format, as given on the command line.
    pub fn format_name(&self) -> String {
        self.format.to_possible_value().map_or_else(
            || format!("{:?}", self.format),
            |v| v.get_name().to_string(),
        )
    }

    /// The format of a text report, `None` for the HTML page (written by
    /// `scan.rs` with `scan_views.rs`, which knows the inputs and the output folder).
    pub fn format(&self) -> Option<ScanFormat> {
        match self.format {
            ScanFormatArg::Terminal => Some(ScanFormat::Terminal),
            ScanFormatArg::Json => Some(ScanFormat::Json),
            ScanFormatArg::Jsonl => Some(ScanFormat::Jsonl),
            ScanFormatArg::Csv => Some(ScanFormat::Csv),
            ScanFormatArg::Html => None,
        }
    }
}

/// The scan settings that change signatures, with the scan's defaults.
#[derive(Debug, Args)]
pub struct SignatureArgs {
    /// Minimum Jaccard similarity (0-1) of a near-duplicate pair: sets the
    /// LSH bands and rows, hence the band keys.
    #[arg(short, long, default_value_t = 0.8)]
    pub threshold: f64,

    /// Features compared: word:N (n-grams of normalised words), word:MIN-MAX
    /// or char:N.
    #[arg(long, value_name = "SPEC", default_value = "word:5")]
    pub shingle: ShingleSpec,

    /// Stem words and drop stop words for this language (en, fr, de, ...);
    /// `auto` detects each document's language; `none` only normalises
    /// words.
    #[arg(long, default_value = "none")]
    pub lang: String,

    /// With --lang, keep stop words in the shingles.
    #[arg(long)]
    pub keep_stop_words: bool,

    /// MinHash permutations: the signature length.
    #[arg(long, default_value_t = 128)]
    pub perms: usize,

    /// Seed of the MinHash permutations.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,

    /// How signatures are computed: minhash (PERMS hash functions per
    /// shingle) or oph (one-permutation hashing with optimal densification:
    /// one hash per shingle, several times faster; its estimates spread up
    /// to 1.2x wider on documents of fewer shingles than PERMS; see
    /// docs/benchmarks.md). Recorded in the report's settings.
    #[arg(long, value_enum, default_value = "minhash")]
    pub sketch: SketchArg,

    /// Documents larger than SIZE get no signature (skip too_large; units:
    /// 64MiB, 1G, 512kB).
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = size_arg)]
    pub max_size: u64,

    /// Encoding of the input files: `auto` (byte-order mark, UTF-16,
    /// UTF-8, else the legacy encoding detected, as browsers do) or a label
    /// such as utf-8, utf-16le, windows-1252, latin1, koi8-r, shift_jis.
    #[arg(long, value_name = "LABEL", default_value = "auto", value_parser = encoding_arg)]
    pub encoding: Decoding,
}

/// The scan settings of verification and reporting, with its defaults.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Verify every candidate pair with exact Jaccard.
    #[arg(long)]
    pub exact: bool,

    /// Trust the signature estimate for every candidate (no exact re-check
    /// near the threshold).
    #[arg(long, conflicts_with = "exact")]
    pub no_recheck: bool,

    /// List at most this many pairs per cluster.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub max_pairs: usize,

    /// LSH buckets with more distinct texts than this yield only the pairs
    /// of their first text.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub bucket_cap: usize,
}

impl SignatureArgs {
    /// The scan config these flags (and `verify`'s) describe.
    pub fn config(&self, verify: Option<&VerifyArgs>) -> ScanConfig {
        let base = ScanConfig {
            shingle: self.shingle,
            lang: self.lang.clone(),
            keep_stop_words: self.keep_stop_words,
            perms: self.perms,
            seed: self.seed,
            sketch: self.sketch.into(),
            threshold: self.threshold,
            max_size: self.max_size,
            decoding: self.encoding,
            ..ScanConfig::default()
        };
        match verify {
            None => base,
            Some(v) => ScanConfig {
                exact: v.exact,
                recheck: !v.no_recheck,
                max_pairs: v.max_pairs,
                bucket_cap: v.bucket_cap,
                ..base
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SignInputArg {
    /// Files when PATHs or --files-from are given; else standard input,
    /// JSON lines when it starts with `{`, an Arrow IPC stream otherwise.
    Auto,
    /// The PATHs and --files-from (walked as scan walks them).
    Files,
    /// JSON lines on standard input.
    Jsonl,
    /// An Arrow IPC stream on standard input.
    Arrow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SignFormatArg {
    /// An Arrow IPC stream on stdout (one batch per input batch).
    Arrow,
    /// Parquet files in --out DIR.
    Parquet,
    /// One JSON object per document on stdout.
    Jsonl,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// Folders (walked recursively) or files to sign; without them,
    /// documents are read from standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Also sign the paths listed in FILE, one per line or NUL-separated.
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,

    /// Walk only files with these extensions (comma-separated): --ext txt,md.
    #[arg(short, long, value_name = "EXT", value_delimiter = ',')]
    pub ext: Vec<String>,

    /// Walk hidden files and folders.
    #[arg(long)]
    pub hidden: bool,

    /// Follow symbolic links while walking.
    #[arg(short = 'L', long)]
    pub follow: bool,

    /// Where documents come from.
    #[arg(long, value_enum, default_value = "auto")]
    pub input_format: SignInputArg,

    /// The id column (field) of the input stream.
    #[arg(long, value_name = "NAME", default_value = "id")]
    pub id_field: String,

    /// The text column (field) of the input stream: a string, or binary
    /// decoded like a file.
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,

    /// Output format.
    #[arg(short, long, value_enum, default_value = "arrow")]
    pub format: SignFormatArg,

    /// The folder for --format parquet (new or empty): part-00000.parquet,
    /// ...
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Add each document's shingle set (column sh): what an exact re-check
    /// needs when the documents will not be read again.
    #[arg(long)]
    pub shingles: bool,

    /// Print no warning about bad documents (their records still say why).
    #[arg(short, long)]
    pub quiet: bool,

    /// Never draw the progress bar (drawn only when stderr is a terminal).
    #[arg(long)]
    pub no_progress: bool,

    #[command(flatten)]
    pub signature: SignatureArgs,
}

impl SignArgs {
    /// The extensions of --ext, as the scan takes them.
    pub fn extensions(&self) -> Vec<String> {
        self.ext
            .iter()
            .map(|e| e.trim().trim_start_matches('.').to_lowercase())
            .collect()
    }
}

#[derive(Debug, Args)]
pub struct ParamsArgs {
    #[command(flatten)]
    pub signature: SignatureArgs,

    #[command(flatten)]
    pub verify: VerifyArgs,
}

#[derive(Debug, Args)]
pub struct ClusterArgs {
    /// Output format (as scan's).
    #[arg(short, long, value_enum, default_value = "json")]
    pub format: ScanFormatArg,

    /// When to colour the terminal report.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,

    #[command(flatten)]
    pub signature: SignatureArgs,

    #[command(flatten)]
    pub verify: VerifyArgs,
}

#[cfg(test)]
mod tests {
    use super::*;
    use neardup::config::SCAN_MAX_SIZE;
    use neardup::input::DEFAULT_MAX_SIZE;

    #[test]
    fn every_size_flag_takes_units() {
        let parse = |args: &[&str]| Cli::try_parse_from(args).map(|c| c.command);
        let Ok(Command::Scan(scan)) = parse(&["neardup", "scan", "x", "--max-size", "1G"]) else {
            unreachable!()
        };
        assert_eq!(scan.max_size, 1_000_000_000);
        let Ok(Command::Scan(scan)) = parse(&["neardup", "scan", "x"]) else {
            unreachable!()
        };
        assert_eq!(scan.max_size, SCAN_MAX_SIZE, "the default, written 64MiB");
        let Ok(Command::Compare(c)) = parse(&[
            "neardup",
            "compare",
            "a",
            "--max-size",
            "2kB",
            "--min-bytes",
            "1k",
        ]) else {
            unreachable!()
        };
        assert_eq!((c.max_size, c.engine.min_bytes), (2000, Some(1000)));
        assert_eq!(c.engine.config().min_bytes, 1000);
        let Ok(Command::Compare(c)) = parse(&["neardup", "compare", "a"]) else {
            unreachable!()
        };
        assert_eq!(c.max_size, DEFAULT_MAX_SIZE, "the default, written 1GiB");
        let Ok(Command::Bench(b)) = parse(&["neardup", "bench", "--size", "2.5MB"]) else {
            unreachable!()
        };
        assert_eq!(b.size, 2_500_000);
        for bad in [
            &["neardup", "scan", "x", "--max-size", "0"][..],
            &["neardup", "scan", "x", "--max-size", "10XB"],
            &["neardup", "bench", "--size", "0"],
            &["neardup", "compare", "a", "--max-size", "1.5.5M"],
        ] {
            let e = parse(bad).unwrap_err().to_string();
            assert!(
                e.contains("--max-size") || e.contains("--size"),
                "{bad:?}: {e}"
            );
        }
    }

    #[test]
    fn sign_params_and_cluster_default_to_the_scan_settings() {
        let parse = |args: &[&str]| Cli::try_parse_from(args).unwrap().command;
        let Command::Scan(scan) = parse(&["neardup", "scan", "x"]) else {
            unreachable!()
        };
        let want = format!("{:?}", scan.config());
        let Command::Params(p) = parse(&["neardup", "params"]) else {
            unreachable!()
        };
        assert_eq!(format!("{:?}", p.signature.config(Some(&p.verify))), want);
        let Command::Cluster(c) = parse(&["neardup", "cluster"]) else {
            unreachable!()
        };
        assert_eq!(format!("{:?}", c.signature.config(Some(&c.verify))), want);
        let Command::Sign(s) = parse(&["neardup", "sign", "x"]) else {
            unreachable!()
        };
        assert_eq!(format!("{:?}", s.signature.config(None)), want);
    }
}
