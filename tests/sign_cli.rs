//! `neardup sign`, `params` and `cluster` through the binary: the contract
//! another engine relies on, tested without Spark.
//!
//! The central test runs the Spark job's semantic contract (docs/spark.md)
//! naively in this file — fold by `content`, every pair of texts sharing a
//! band key at a position, the bucket cap's stars, the cutoffs of `params`,
//! exact Jaccard of the `sh` sets — and checks that `neardup cluster` on
//! what it found prints exactly what `neardup scan --format json` prints.
//! The others pin the record format: ids, skips, an empty stream, a binary
//! text column, malformed streams, Parquet output, golden values.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::scan_support::{Doc, lexicon, write_corpus};
use neardup::internals::SplitMix64;
use serde_json::{Value, json};

/// A run with bytes in and out.
struct Raw {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

fn run(cwd: &Path, args: &[&str], stdin: &[u8]) -> Raw {
    let mut child = Command::new(env!("CARGO_BIN_EXE_neardup"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().expect("piped");
    let data = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("the binary finishes");
    feeder.join().expect("stdin written");
    let raw = Raw {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!raw.stderr.contains("panicked"), "panic: {}", raw.stderr);
    raw
}

fn lines(raw: &Raw) -> Vec<Value> {
    assert_eq!(raw.code, 0, "{}", raw.stderr);
    String::from_utf8(raw.stdout.clone())
        .expect("JSON lines are UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect()
}

/// A corpus with near-duplicates on both sides of the threshold, copies,
/// and the files a scan skips.
fn corpus(root: &Path) {
    let mut rng = SplitMix64::new(14);
    let lex = lexicon(&mut rng, 400);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..24 {
        let base = Doc::random(&mut rng, &lex, 150 + 20 * (i % 5));
        files.push((format!("d{i:02}/base.txt"), base.text().into_bytes()));
        // One to twelve words edited: 5-gram Jaccard from about 0.94 down
        // to 0.55, across the re-check window around 0.8.
        let k = 1 + i % 12;
        files.push((
            format!("d{i:02}/edit {k}.txt"),
            base.edited(&mut rng, &lex, k).text().into_bytes(),
        ));
        if i % 6 == 0 {
            for c in 0..3 {
                files.push((format!("d{i:02}/copy-{c}.txt"), base.text().into_bytes()));
                // Distinct texts sharing most band keys: buckets over a
                // small cap.
                files.push((
                    format!("d{i:02}/light-{c}.txt"),
                    base.edited(&mut rng, &lex, 1).text().into_bytes(),
                ));
            }
        }
    }
    let one = Doc::random(&mut rng, &lex, 80).text();
    for c in 0..12 {
        files.push((format!("many/{c:02}.txt"), one.clone().into_bytes()));
    }
    files.push(("odd/empty.txt".into(), Vec::new()));
    files.push(("odd/one word.txt".into(), b"word\n".to_vec()));
    files.push(("odd/nul.bin".into(), b"ab\0cd".to_vec()));
    files.push((
        "odd/caf\u{e9}-latin1.txt".into(),
        b"caf\xe9 au lait, one two three four five six seven".to_vec(),
    ));
    files.push((
        "odd/cjk.txt".into(),
        "日本語の文章です 東京 大阪 京都 名古屋 札幌 福岡"
            .as_bytes()
            .to_vec(),
    ));
    write_corpus(root, &files);
}

/// Verified edges between texts: (a, b, similarity).
type Edges = Vec<(String, String, f64)>;

/// The Spark job's contract, naively: the edges between texts, and the
/// counts of the stages.
fn contract_edges(records: &[Value], params: &Value) -> (Edges, BTreeMap<&'static str, usize>) {
    let signed: Vec<&Value> = records.iter().filter(|r| r["n"] != 0).collect();
    // Fold: a text per content, named by its smallest id.
    let mut text_of_content: HashMap<i64, String> = HashMap::new();
    for r in &signed {
        let id = r["id"].as_str().unwrap().to_string();
        let e = text_of_content
            .entry(r["content"].as_i64().unwrap())
            .or_insert(id.clone());
        if id < *e {
            *e = id;
        }
    }
    let texts: BTreeMap<String, &Value> = signed
        .iter()
        .filter(|r| text_of_content[&r["content"].as_i64().unwrap()] == r["id"].as_str().unwrap())
        .map(|r| (r["id"].as_str().unwrap().to_string(), *r))
        .collect();
    // Band: buckets per (position, key); a bucket over the cap is a star
    // from its smallest text.
    let cap = params["bucket_cap"].as_u64().unwrap() as usize;
    let mut buckets: BTreeMap<(usize, i64), Vec<&str>> = BTreeMap::new();
    for (id, r) in &texts {
        for (pos, key) in r["bands"].as_array().unwrap().iter().enumerate() {
            buckets
                .entry((pos, key.as_i64().unwrap()))
                .or_default()
                .push(id);
        }
    }
    let mut candidates: HashSet<(&str, &str)> = HashSet::new();
    let mut oversized = 0;
    for ids in buckets.values_mut() {
        ids.sort();
        if ids.len() > cap {
            oversized += 1;
            candidates.extend(ids[1..].iter().map(|&b| (ids[0], b)));
        } else {
            for (i, &a) in ids.iter().enumerate() {
                candidates.extend(ids[i + 1..].iter().map(|&b| (a, b)));
            }
        }
    }
    // Verify by the cutoffs of `params`.
    let perms = params["signature"]["perms"].as_u64().unwrap() as usize;
    let accept = params["verify"]["accept_min_equal"].as_u64().unwrap() as usize;
    let recheck = params["verify"]["recheck_min_equal"].as_u64().unwrap() as usize;
    let threshold = params["threshold"].as_f64().unwrap();
    let mut edges = Vec::new();
    let mut rechecked = 0;
    for &(a, b) in &candidates {
        let (sa, sb) = (
            texts[a]["sig"].as_array().unwrap(),
            texts[b]["sig"].as_array().unwrap(),
        );
        let equal = sa.iter().zip(sb).filter(|(x, y)| x == y).count();
        if equal >= accept {
            edges.push((a.to_string(), b.to_string(), equal as f64 / perms as f64));
        } else if equal >= recheck {
            rechecked += 1;
            let set = |t: &str| -> HashSet<i64> {
                texts[t]["sh"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| h.as_i64().unwrap())
                    .collect()
            };
            let (x, y) = (set(a), set(b));
            let inter = x.intersection(&y).count();
            let similarity = inter as f64 / (x.len() + y.len() - inter) as f64;
            if similarity >= threshold {
                edges.push((a.to_string(), b.to_string(), similarity));
            }
        }
    }
    // The scan counts re-checks of the default verification only.
    if params["verify"]["mode"] != "recheck" {
        rechecked = 0;
    }
    let counts = BTreeMap::from([
        ("distinct_texts", texts.len()),
        ("candidate_pairs", candidates.len()),
        ("rechecked_pairs", rechecked),
        ("oversized_buckets", oversized),
    ]);
    (edges, counts)
}

/// The findings of the contract, as `neardup cluster` reads them.
fn findings(records: &[Value], params: &Value) -> String {
    let (edges, counts) = contract_edges(records, params);
    let signed: Vec<&Value> = records.iter().filter(|r| r["n"] != 0).collect();
    let mut text_of_content: HashMap<i64, &str> = HashMap::new();
    for r in &signed {
        let e = text_of_content
            .entry(r["content"].as_i64().unwrap())
            .or_insert(r["id"].as_str().unwrap());
        *e = (*e).min(r["id"].as_str().unwrap());
    }
    // Documents signed per language detected (`--lang auto` only).
    let mut languages: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &signed {
        if let Some(l) = r["language"].as_str() {
            *languages.entry(l).or_default() += 1;
        }
    }
    let mut out = vec![json!({"counts": {
        "files": records.len(),
        "documents": signed.len(),
        "bytes": signed.iter().map(|r| r["bytes"].as_u64().unwrap()).sum::<u64>(),
        "distinct_texts": counts["distinct_texts"],
        "candidate_pairs": counts["candidate_pairs"],
        "rechecked_pairs": counts["rechecked_pairs"],
        "oversized_buckets": counts["oversized_buckets"],
        "languages": languages,
    }})];
    // Every signed document (more than the clusters need: allowed).
    for r in &signed {
        out.push(json!({"doc": {
            "id": r["id"], "text": text_of_content[&r["content"].as_i64().unwrap()], "words": r["words"]
        }}));
    }
    for (a, b, s) in edges {
        out.push(json!({"edge": {"a": a, "b": b, "similarity": s}}));
    }
    for r in records.iter().filter(|r| r["n"] == 0) {
        out.push(json!({"skipped": {"path": r["id"], "reason": r["skip"], "detail": r["detail"]}}));
    }
    for r in signed.iter().filter(|r| r["lossy"] == true) {
        out.push(json!({"lossy": r["id"]}));
    }
    for r in signed.iter().filter(|r| r["encoding"] != "UTF-8") {
        out.push(json!({"non_utf8": {"path": r["id"], "encoding": r["encoding"]}}));
    }
    out.iter().map(|v| v.to_string() + "\n").collect()
}

#[test]
fn sign_params_and_cluster_reproduce_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let cwd = dir.path();
    // (settings that change signatures, the others)
    for (signature, verify) in [
        (vec![], vec![]),
        (vec![], vec!["--bucket-cap", "2"]),
        (vec!["--threshold", "0.7"], vec!["--no-recheck"]),
        (vec![], vec!["--exact"]),
        (vec!["--lang", "auto"], vec![]),
        (vec!["--sketch", "oph"], vec![]),
    ] {
        let settings: Vec<&str> = signature.iter().chain(&verify).copied().collect();
        let mut sign = vec!["sign", ".", "--format", "jsonl", "--shingles", "--quiet"];
        sign.extend(&signature);
        let records = lines(&run(cwd, &sign, b""));
        let mut params = vec!["params"];
        params.extend(&settings);
        let params: Value = serde_json::from_slice(&run(cwd, &params, b"").stdout).unwrap();
        let mut cluster = vec!["cluster", "--format", "json"];
        cluster.extend(&settings);
        let got = run(cwd, &cluster, findings(&records, &params).as_bytes());
        assert!(got.code <= 1, "{}", got.stderr);
        let mut scan = vec!["scan", ".", "--format", "json", "--quiet"];
        scan.extend(&settings);
        let want = run(cwd, &scan, b"");
        let (got, want): (Value, Value) = (
            serde_json::from_slice(&got.stdout).unwrap(),
            serde_json::from_slice(&want.stdout).unwrap(),
        );
        assert!(
            want["clusters"].as_array().unwrap().len() >= 10,
            "{settings:?}"
        );
        if settings.is_empty() {
            assert!(want["summary"]["rechecked_pairs"].as_u64().unwrap() > 0);
        }
        if settings.contains(&"--bucket-cap") {
            assert!(want["summary"]["oversized_buckets"].as_u64().unwrap() > 0);
        }
        let differ: Vec<&String> = want
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| got[k.as_str()] != want[k.as_str()])
            .collect();
        assert!(differ.is_empty(), "{settings:?}: {differ:?} differ");
        assert_eq!(got, want);
    }
}

#[test]
fn records_name_files_as_scan_does_and_say_why_they_have_no_signature() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let raw = run(
        dir.path(),
        &["sign", "./odd/", "many/00.txt", "--format", "jsonl"],
        b"",
    );
    let records = lines(&raw);
    let by_id: HashMap<&str, &Value> = records
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r))
        .collect();
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "many/00.txt",
            "odd/caf\u{e9}-latin1.txt",
            "odd/cjk.txt",
            "odd/empty.txt",
            "odd/nul.bin",
            "odd/one word.txt"
        ],
        "sorted display paths, as scan prints them"
    );
    assert_eq!(by_id["odd/empty.txt"]["skip"], "empty");
    assert_eq!(by_id["odd/one word.txt"]["skip"], "too_short");
    assert_eq!(by_id["odd/one word.txt"]["words"], 1);
    assert_eq!(by_id["odd/nul.bin"]["skip"], "binary");
    for r in &records {
        let signed = r["skip"].is_null();
        assert_eq!(r["n"] != 0, signed, "{r}");
        assert_eq!(
            r["sig"].as_array().unwrap().len(),
            if signed { 128 } else { 0 }
        );
        assert_eq!(
            r["bands"].as_array().unwrap().len(),
            if signed { 14 } else { 0 }
        );
    }
    // Latin-1 is decoded (windows-1252), not read lossily.
    assert_eq!(by_id["odd/caf\u{e9}-latin1.txt"]["lossy"], false);
    assert!(by_id["odd/cjk.txt"]["n"].as_u64().unwrap() > 0);
    assert!(
        raw.stderr
            .contains("1 of 6 documents not signed (1 binary)"),
        "{}",
        raw.stderr
    );
    let quiet = run(dir.path(), &["sign", "odd", "--format", "jsonl", "-q"], b"");
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
}

#[test]
fn json_lines_in_give_the_records_of_the_files() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let from_files = lines(&run(dir.path(), &["sign", "d00", "--format", "jsonl"], b""));
    let mut input = String::new();
    for r in &from_files {
        let id = r["id"].as_str().unwrap();
        let text = std::fs::read_to_string(dir.path().join(id)).unwrap();
        input += &(json!({"id": id, "text": text}).to_string() + "\n");
    }
    for format in ["auto", "jsonl"] {
        let from_lines = lines(&run(
            dir.path(),
            &["sign", "--input-format", format, "--format", "jsonl"],
            input.as_bytes(),
        ));
        assert_eq!(from_lines, from_files);
    }
    let bad = run(dir.path(), &["sign", "--format", "jsonl"], b"{\"id\": 1}\n");
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("line 1") && bad.stderr.contains("--text-field"),
        "{}",
        bad.stderr
    );
}

#[test]
fn params_are_the_scans_choice() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "x").unwrap();
    for t in ["0.5", "0.8", "0.95"] {
        let p: Value =
            serde_json::from_slice(&run(dir.path(), &["params", "-t", t], b"").stdout).unwrap();
        let s: Value = serde_json::from_slice(
            &run(
                dir.path(),
                &["scan", "a.txt", "-t", t, "--format", "json"],
                b"",
            )
            .stdout,
        )
        .unwrap();
        let settings = &s["settings"];
        assert_eq!(p["signature"]["bands"], settings["bands"]);
        assert_eq!(p["signature"]["rows"], settings["rows"]);
        assert_eq!(
            p["miss_rate_at_threshold"],
            settings["miss_rate_at_threshold"]
        );
        assert_eq!(p["signature"]["seed"], settings["seed"]);
        let (r, a) = (
            p["verify"]["recheck_min_equal"].as_u64().unwrap(),
            p["verify"]["accept_min_equal"].as_u64().unwrap(),
        );
        let t: f64 = t.parse().unwrap();
        assert!((r as f64) < t * 128.0 && t * 128.0 <= a as f64, "{r} {a}");
    }
    let bad = run(dir.path(), &["params", "-t", "1.5"], b"");
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--threshold"), "{}", bad.stderr);
}

#[test]
fn golden_signatures_pin_the_version() {
    // If this fails, a change altered signature values: bump
    // SIGNATURE_VERSION in src/sign/params.rs, then update the value.
    let input = concat!(
        "{\"id\": \"en\", \"text\": \"The quick brown fox jumps over the lazy dog by the river bank.\"}\n",
        "{\"id\": \"fr\", \"text\": \"Le cœur a ses raisons que la raison ne connaît point, dit-il ce soir.\"}\n",
        "{\"id\": \"ja\", \"text\": \"日本語の 文章 です 東京 大阪 京都 名古屋\"}\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let digest = |extra: &[&str]| {
        let mut args = vec!["sign", "--format", "jsonl"];
        args.extend(extra);
        let records = lines(&run(dir.path(), &args, input.as_bytes()));
        let mut h = SplitMix64::new(0);
        let mut acc = 0u64;
        for r in &records {
            for field in ["sig", "bands"] {
                for v in r[field].as_array().unwrap() {
                    acc = acc.rotate_left(5) ^ (v.as_i64().unwrap() as u64) ^ h.next();
                }
            }
            acc ^= r["content"].as_i64().unwrap() as u64;
        }
        acc
    };
    let p: Value = serde_json::from_slice(&run(dir.path(), &["params"], b"").stdout).unwrap();
    assert_eq!(p["signature"]["version"], 3);
    assert!(p["signature"].get("sketch").is_none());
    let acc = digest(&[]);
    assert_eq!(acc, GOLDEN, "got {acc:#x}");
    // `--sketch oph`: other values, and parameters that say so.
    let p: Value =
        serde_json::from_slice(&run(dir.path(), &["params", "--sketch", "oph"], b"").stdout)
            .unwrap();
    assert_eq!(p["signature"]["sketch"], "oph");
    let acc = digest(&["--sketch", "oph"]);
    assert_eq!(acc, GOLDEN_OPH, "got {acc:#x}");
}

const GOLDEN: u64 = 0xa7a1_3ec5_54cd_d53b;
const GOLDEN_OPH: u64 = 0x9d95_a563_d468_fa74;

#[cfg(feature = "arrow")]
mod arrow {
    use std::sync::Arc;

    use arrow_array::cast::AsArray;
    use arrow_array::types::Int64Type;
    use arrow_array::{ArrayRef, BinaryArray, RecordBatch, StringArray};
    use arrow_ipc::reader::StreamReader;
    use arrow_ipc::writer::StreamWriter;

    use super::*;

    fn stream(batches: &[RecordBatch]) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut w = StreamWriter::try_new(&mut out, &batches[0].schema()).unwrap();
            for b in batches {
                w.write(b).unwrap();
            }
            w.finish().unwrap();
        }
        out
    }

    fn read(bytes: &[u8]) -> (arrow_schema::SchemaRef, Vec<RecordBatch>) {
        let r = StreamReader::try_new(bytes, None).unwrap();
        let schema = r.schema();
        (schema, r.map(|b| b.unwrap()).collect())
    }

    fn docs(ids: &[&str], texts: ArrayRef) -> RecordBatch {
        RecordBatch::try_from_iter([
            ("id", Arc::new(StringArray::from(ids.to_vec())) as ArrayRef),
            ("text", texts),
        ])
        .unwrap()
    }

    const TEXT: &str = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda.";

    #[test]
    fn an_empty_stream_gives_an_empty_stream_with_the_schema() {
        let dir = tempfile::tempdir().unwrap();
        let empty = docs(&[], Arc::new(StringArray::from(Vec::<&str>::new())));
        let mut input = Vec::new();
        {
            let mut w = StreamWriter::try_new(&mut input, &empty.schema()).unwrap();
            w.finish().unwrap();
        }
        let out = run(dir.path(), &["sign", "--input-format", "arrow"], &input);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let (schema, batches) = read(&out.stdout);
        assert!(batches.is_empty());
        assert!(schema.metadata().contains_key("neardup:params"));
        for (name, kind) in [
            ("sig", "List(Int64)"),
            ("bands", "List(Int64)"),
            ("content", "Int64"),
        ] {
            let f = schema.field_with_name(name).unwrap();
            assert!(
                format!("{:?}", f.data_type()).starts_with(&kind[..4]),
                "{name}: {f:?}"
            );
        }
    }

    #[test]
    fn binary_texts_sign_like_strings_one_batch_per_batch() {
        let dir = tempfile::tempdir().unwrap();
        let strings = docs(&["a", "b"], Arc::new(StringArray::from(vec![TEXT, "tiny"])));
        let bytes = docs(
            &["a", "b", "c"],
            Arc::new(BinaryArray::from(vec![
                TEXT.as_bytes(),
                b"tiny",
                // UTF-16 with a lone surrogate: bytes invalid in their
                // encoding, read as U+FFFD.
                b"\xff\xfec\0a\0f\0\x00\xd8 \0o\0k\0",
            ])),
        );
        let mut batches = Vec::new();
        for input in [stream(&[strings.clone(), strings]), stream(&[bytes])] {
            let out = run(dir.path(), &["sign"], &input);
            assert_eq!(out.code, 0, "{}", out.stderr);
            batches.extend(read(&out.stdout).1);
        }
        assert_eq!(
            batches.iter().map(|b| b.num_rows()).collect::<Vec<_>>(),
            [2, 2, 3],
            "one output batch per input batch"
        );
        let batches = [batches[0].clone(), batches[2].clone()];
        let sig = |b: &RecordBatch, row: usize| -> Vec<i64> {
            b.column_by_name("sig")
                .unwrap()
                .as_list::<i32>()
                .value(row)
                .as_primitive::<Int64Type>()
                .values()
                .to_vec()
        };
        assert_eq!(sig(&batches[0], 0), sig(&batches[1], 0));
        assert_eq!(sig(&batches[0], 0).len(), 128);
        let lossy = batches[1].column_by_name("lossy").unwrap().as_boolean();
        assert!(lossy.value(2));
    }

    #[test]
    fn malformed_streams_fail_naming_batch_and_row() {
        let dir = tempfile::tempdir().unwrap();
        let good = docs(&["a", "b"], Arc::new(StringArray::from(vec![TEXT, TEXT])));
        let input = stream(&[good.clone(), good.clone(), good]);
        let cut = run(dir.path(), &["sign"], &input[..input.len() - 40]);
        assert_eq!(cut.code, 2);
        assert!(
            cut.stderr.contains("input batch 3 (after row 4)"),
            "{}",
            cut.stderr
        );
        let null_id = RecordBatch::try_from_iter([
            (
                "id",
                Arc::new(StringArray::from(vec![Some("a"), None])) as ArrayRef,
            ),
            (
                "text",
                Arc::new(StringArray::from(vec![TEXT, TEXT])) as ArrayRef,
            ),
        ])
        .unwrap();
        let out = run(dir.path(), &["sign"], &stream(&[null_id]));
        assert_eq!(out.code, 2);
        assert!(
            out.stderr.contains("input batch 1, row 1"),
            "{}",
            out.stderr
        );
        let garbage = run(
            dir.path(),
            &["sign", "--input-format", "arrow"],
            b"not a stream at all",
        );
        assert_eq!(garbage.code, 2);
        assert!(
            garbage.stderr.contains("not an Arrow IPC stream"),
            "{}",
            garbage.stderr
        );
    }

    #[test]
    fn parquet_output_holds_the_records_and_never_overwrites() {
        use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
        let dir = tempfile::tempdir().unwrap();
        corpus(dir.path());
        let out = run(
            dir.path(),
            &[
                "sign",
                "d00",
                "--format",
                "parquet",
                "--out",
                "sigs",
                "--shingles",
            ],
            b"",
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        let file = std::fs::File::open(dir.path().join("sigs/part-00000.parquet")).unwrap();
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
        let kv = builder
            .metadata()
            .file_metadata()
            .key_value_metadata()
            .unwrap();
        assert!(kv.iter().any(|k| k.key == "neardup:params"));
        let batches: Vec<RecordBatch> = builder.build().unwrap().map(|b| b.unwrap()).collect();
        let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
        let jsonl = lines(&run(dir.path(), &["sign", "d00", "--format", "jsonl"], b""));
        assert_eq!(rows, jsonl.len());
        assert!(batches[0].column_by_name("sh").is_some());
        let again = run(
            dir.path(),
            &["sign", "d00", "--format", "parquet", "--out", "sigs"],
            b"",
        );
        assert_eq!(again.code, 2);
        assert!(again.stderr.contains("not empty"), "{}", again.stderr);
    }
}
