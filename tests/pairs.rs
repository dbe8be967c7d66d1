//! Many pairs at once (`compare --pairs`), PAN output with character
//! offsets, and `eval pan` on a small corpus in PAN's layout.

use std::fs;
use std::path::Path;

use crate::util::*;

const PLAGIARISED: &str = "The harbour authority approved a plan to dredge the northern channel next spring. \
Engineers expect the work to take four months and cost about twelve million euros. \
Fishing crews will be compensated for the weeks the channel is closed.";

/// Filler text that shares nothing with the plagiarised paragraph or with
/// other filler (a synthetic word model, different seeds).
fn unrelated(seed: u64) -> String {
    let model = neardup::synth::WordModel::new(5000, 1);
    let mut rng = neardup::internals::SplitMix64::new(seed);
    model.document(700, &mut rng).trim_end().to_string()
}

/// A source with the plagiarised paragraph in the middle, and a suspicious
/// document that copies it after non-ASCII text (so byte and character
/// offsets differ). Returns (source, suspicious, char spans of the copy).
fn planted() -> (String, String, (usize, usize), (usize, usize)) {
    let src = format!("{}\n\n{PLAGIARISED}\n\n{}", unrelated(1), unrelated(2));
    let susp = format!(
        "Café déjà vu — “naïve” résumé façade.\n\n{}\n\n{PLAGIARISED}\n\n{}",
        unrelated(3),
        unrelated(4)
    );
    let chars = |t: &str| -> (usize, usize) {
        let b = t.find(PLAGIARISED).unwrap();
        let start = t[..b].chars().count();
        (start, start + PLAGIARISED.chars().count())
    };
    let (s, p) = (chars(&src), chars(&susp));
    (src, susp, s, p)
}

fn write_pairs_dir() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let (src, susp, _, _) = planted();
    fs::write(d.path().join("source.txt"), &src).unwrap();
    fs::write(d.path().join("suspicious.txt"), &susp).unwrap();
    fs::write(d.path().join("other.txt"), unrelated(9)).unwrap();
    fs::write(
        d.path().join("pairs.tsv"),
        "# original\trewrite\nsource.txt\tsuspicious.txt\nsource.txt other.txt\nmissing.txt\tsuspicious.txt\n",
    )
    .unwrap();
    d
}

#[test]
fn jsonl_one_record_per_pair_in_order_with_error_records() {
    let d = write_pairs_dir();
    let run = neardup_env(d.path(), &["compare", "--pairs", "pairs.tsv"], &[]);
    assert_eq!(
        run.code, 2,
        "a failed pair makes the status 2: {}",
        run.stderr
    );
    assert!(run.stderr.contains("missing.txt"), "{}", run.stderr);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(
        lines[0]["rewrite"]["path"]
            .as_str()
            .unwrap()
            .ends_with("suspicious.txt")
    );
    assert_eq!(lines[0]["matches"].as_array().unwrap().len(), 1);
    assert_eq!(lines[1]["matches"].as_array().unwrap().len(), 0);
    assert!(lines[2]["error"].as_str().unwrap().contains("missing.txt"));
    // Same bytes with one thread.
    let one = neardup_env(
        d.path(),
        &["compare", "--pairs", "pairs.tsv"],
        &[("RAYON_NUM_THREADS", "1")],
    );
    assert_eq!(one.stdout, run.stdout);
}

#[test]
fn pan_output_uses_character_offsets() {
    let d = write_pairs_dir();
    let (_, _, src_span, susp_span) = planted();
    let out = d.path().join("pan");
    let run = neardup_env(
        d.path(),
        &[
            "compare",
            "--pairs",
            "pairs.tsv",
            "--format",
            "pan",
            "--out",
            "pan",
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let xml = fs::read_to_string(out.join("suspicious-source.xml")).unwrap();
    let det = neardup::pan::read_xml(&xml, "detected-plagiarism").unwrap();
    assert_eq!(det.len(), 1, "{xml}");
    assert_eq!((det[0].this.start, det[0].this.end), susp_span);
    assert_eq!(
        (det[0].source_range.start, det[0].source_range.end),
        src_span
    );
    assert_eq!(det[0].source, "source.txt");
    let none = fs::read_to_string(out.join("other-source.xml")).unwrap();
    assert!(
        neardup::pan::read_xml(&none, "detected-plagiarism")
            .unwrap()
            .is_empty()
    );
}

#[test]
fn pan_without_out_is_an_error_naming_the_flag() {
    let d = write_pairs_dir();
    let run = neardup_env(
        d.path(),
        &["compare", "--pairs", "pairs.tsv", "--format", "pan"],
        &[],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--out"), "{}", run.stderr);
}

pub fn write_pan_corpus(root: &Path) -> (usize, usize) {
    let (src, susp, (s0, s1), (p0, p1)) = planted();
    for d in ["src", "susp", "01-copies", "02-none"] {
        fs::create_dir_all(root.join(d)).unwrap();
    }
    fs::write(root.join("src/source-document00001.txt"), &src).unwrap();
    fs::write(root.join("susp/suspicious-document00001.txt"), &susp).unwrap();
    fs::write(root.join("susp/suspicious-document00002.txt"), unrelated(7)).unwrap();
    fs::write(
        root.join("01-copies/pairs"),
        "suspicious-document00001.txt source-document00001.txt\n",
    )
    .unwrap();
    fs::write(
        root.join("01-copies/suspicious-document00001-source-document00001.xml"),
        format!(
            "<document reference=\"suspicious-document00001.txt\">\n<feature name=\"plagiarism\" obfuscation=\"none\" \
             source_length=\"{}\" source_offset=\"{s0}\" source_reference=\"source-document00001.txt\" \
             this_length=\"{}\" this_offset=\"{p0}\" type=\"artificial\" />\n</document>\n",
            s1 - s0,
            p1 - p0
        ),
    )
    .unwrap();
    fs::write(
        root.join("02-none/pairs"),
        "suspicious-document00002.txt source-document00001.txt\n",
    )
    .unwrap();
    fs::write(
        root.join("02-none/suspicious-document00002-source-document00001.xml"),
        "<document reference=\"suspicious-document00002.txt\">\n</document>\n",
    )
    .unwrap();
    (p0, s0)
}

#[test]
fn eval_pan_scores_a_planted_copy_perfectly() {
    let d = tempfile::tempdir().unwrap();
    write_pan_corpus(d.path());
    let root = d.path().display().to_string();
    let run = neardup(&[
        "eval",
        "pan",
        &root,
        "--preset",
        "pan",
        "--json",
        "--out",
        &format!("{root}/out"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let subs = v.as_array().unwrap();
    let names: Vec<&str> = subs.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["01-copies", "02-none", "overall"]);
    assert_eq!(subs[0]["scores"]["plagdet"], 1.0);
    assert_eq!(subs[1]["pairs_with_detections"], 0);
    assert_eq!(subs[2]["scores"]["plagdet"], 1.0);
    assert!(
        d.path()
            .join("out/01-copies/suspicious-document00001-source-document00001.xml")
            .is_file()
    );
}

#[test]
fn eval_pan_rejects_a_folder_without_pan_layout() {
    let d = tempfile::tempdir().unwrap();
    let run = neardup(&["eval", "pan", &d.path().display().to_string()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("src/"), "{}", run.stderr);
}

/// Issue 16: a sub-corpus without cases has nothing to measure; the table
/// shows "–" (PAN's conventional values stay in the JSON), not 0.000 or
/// 1.000 as if they were scores.
#[test]
fn eval_pan_table_shows_a_dash_where_there_are_no_cases() {
    let d = tempfile::tempdir().unwrap();
    write_pan_corpus(d.path());
    let root = d.path().display().to_string();
    let run = neardup(&["eval", "pan", &root, "--preset", "pan"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let row = |name: &str| -> Vec<String> {
        let line = run.stdout.lines().find(|l| l.starts_with(name)).unwrap();
        line.split_whitespace().map(str::to_string).collect()
    };
    assert_eq!(row("02-none")[5..], ["–", "–", "–", "–"], "{}", run.stdout);
    assert_eq!(
        row("01-copies")[5..],
        ["1.000", "1.000", "1.000", "1.000"],
        "{}",
        run.stdout
    );
}

/// `eval pan --retrieve` without the pair list: a listed copy is found in
/// every query that holds it (recall 1), a verbatim copy of a source the
/// pairs do not list is reported and counted against precision — and
/// counted as lying outside every gold case — and `--sample 2` queries only
/// the first of each two suspicious documents of a sub-corpus, scoring only
/// their pairs.
#[test]
fn eval_pan_retrieve_counts_unlisted_sources_and_samples_queries() {
    let d = tempfile::tempdir().unwrap();
    let (p0, s0) = write_pan_corpus(d.path());
    let root = d.path();
    // A second query holding the same planted copy, listed with its case.
    let susp = fs::read_to_string(root.join("susp/suspicious-document00001.txt")).unwrap();
    fs::write(root.join("susp/suspicious-document00003.txt"), &susp).unwrap();
    let gold = fs::read_to_string(
        root.join("01-copies/suspicious-document00001-source-document00001.xml"),
    )
    .unwrap();
    fs::write(
        root.join("01-copies/suspicious-document00003-source-document00001.xml"),
        gold.replace("document00001.txt\">", "document00003.txt\">"),
    )
    .unwrap();
    fs::write(
        root.join("01-copies/pairs"),
        "suspicious-document00001.txt source-document00001.txt\n\
         suspicious-document00003.txt source-document00001.txt\n",
    )
    .unwrap();
    // An archived copy of suspicious document 2, which no pair lists.
    let copied = fs::read_to_string(root.join("susp/suspicious-document00002.txt")).unwrap();
    fs::write(root.join("src/source-document00002.txt"), copied).unwrap();
    assert!(p0 > 0 && s0 > 0);

    let retrieve = |extra: &[&str]| -> Vec<serde_json::Value> {
        let r = root.display().to_string();
        let mut args = vec![
            "eval",
            "pan",
            r.as_str(),
            "--retrieve",
            "--preset",
            "pan",
            "--json",
        ];
        args.extend_from_slice(extra);
        let run = neardup(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        v.as_array().unwrap().clone()
    };
    let all = retrieve(&[]);
    let names: Vec<&str> = all.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["01-copies", "02-none", "overall"]);
    assert_eq!(all[0]["queries"], 2);
    assert_eq!(all[0]["gold_pairs"], 2);
    assert_eq!(all[0]["source_recall"], 1.0);
    assert_eq!(all[0]["source_precision"], 1.0);
    assert_eq!(all[0]["unlisted_outside_cases"], 0);
    assert_eq!(all[1]["reported"], 1, "{:?}", all[1]);
    assert_eq!(all[1]["unlisted_near_verbatim"], 1);
    assert_eq!(all[1]["unlisted_outside_cases"], 1);
    assert_eq!(all[2]["reported"], 3);
    assert_eq!(all[2]["source_precision"], 2.0 / 3.0);

    let half = retrieve(&["--sample", "2"]);
    assert_eq!(half[0]["queries"], 1);
    assert_eq!(half[0]["gold_pairs"], 1);
    assert_eq!(half[0]["source_recall"], 1.0);
    assert_eq!(half[1]["queries"], 1);
    assert_eq!(half[2]["queries"], 2);
    assert_eq!(half[2]["reported"], 2);

    let r = root.display().to_string();
    let run = neardup(&["eval", "pan", &r, "--retrieve", "--sample", "0"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--sample"), "{}", run.stderr);
}
