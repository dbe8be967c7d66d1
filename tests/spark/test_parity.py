"""The Spark job gives exactly what `neardup scan` gives: the same
scan.json (clusters, listed pairs, histogram, counts), and clusters.parquet
and pairs.parquet that agree with it, from folder input, JSON lines input
and precomputed `neardup sign --format parquet` signatures."""

import json
import math
from collections import defaultdict

import neardup_spark
import pytest

from conftest import run


def scan(neardup, corpus, *flags):
    done = run([neardup, "scan", str(corpus), "--format", "json", "--quiet", *flags])
    assert done.returncode in (0, 1), done.stderr.decode()
    return json.loads(done.stdout)


def job(spark, neardup, out, inp, *flags):
    args = neardup_spark.parse_args(["--input", str(inp), "--output", str(out), "--neardup", neardup, *flags])
    report = neardup_spark.run(spark, args)
    with open(out / "scan.json", encoding="utf-8") as f:
        got = json.load(f)
    clusters = spark.read.parquet(str(out / "clusters.parquet")).collect()
    pairs = spark.read.parquet(str(out / "pairs.parquet")).collect()
    return report, got, clusters, pairs


def differing(got, want, ignore=()):
    out = []
    for k, v in want.items():
        if k in ignore:
            continue
        if isinstance(v, dict):
            out += [f"{k}.{d}" for d in differing(got.get(k, {}), v, ignore)]
        elif got.get(k) != v:
            out.append(k)
    return out


def round4(x):
    # Rust's f64::round is half away from zero: for x >= 0, floor(x + 0.5).
    return math.floor(x * 10000.0 + 0.5) / 10000.0


def check_parquet(clusters, pairs, want, everything):
    """clusters.parquet and pairs.parquet against scan's report
    (`everything`: the same scan listing every pair)."""
    by_cluster = defaultdict(list)
    for r in clusters:
        by_cluster[r.cluster].append(r)
    assert len(by_cluster) == len(want["clusters"])
    for c in want["clusters"]:
        rows = sorted(by_cluster[c["id"]], key=lambda r: r.id)
        assert [r.id for r in rows] == c["members"]
        assert {r.representative for r in rows} == {c["representative"]}
        assert {r.size for r in rows} == {c["size"]}
        assert [round4(r.similarity) for r in rows] == c["member_similarity"]
    # Every similar pair follows from pairs.parquet: the edges between
    # texts, and each text's copies.
    text_of = {r.id: r.text for r in clusters}
    members = defaultdict(list)
    for r in clusters:
        members[r.text].append(r.id)
    implied = {}
    for docs in members.values():
        for i, a in enumerate(docs):
            for b in docs[i + 1 :]:
                implied[tuple(sorted((a, b)))] = 1.0
    for p in pairs:
        assert p.a < p.b
        if text_of[p.b] == p.a:
            assert p.similarity == 1.0  # a copy of its text's first document
            continue
        assert text_of[p.a] == p.a and text_of[p.b] == p.b
        for x in members[p.a]:
            for y in members[p.b]:
                implied[tuple(sorted((x, y)))] = p.similarity
    full = {(p["a"], p["b"]): p["similarity"] for p in everything["pairs"]}
    assert len(full) == everything["summary"]["similar_pairs"], "the scan lists every pair"
    assert {k: round4(v) for k, v in implied.items()} == full


def test_folder_input(spark, neardup, corpus, tmp_path):
    want = scan(neardup, corpus)
    assert want["summary"]["rechecked_pairs"] > 0, "the corpus has pairs near the threshold"
    assert want["summary"]["pairs_listed"] < want["summary"]["similar_pairs"], "a listing is capped"
    assert want["summary"]["skipped"]["empty"] == 2 and want["decoded_lossily"]
    report, got, clusters, pairs = job(spark, neardup, tmp_path / "out", corpus, "--partitions", "3")
    assert report["scan_json"]
    # The walk's own counters are the only fields the job cannot know;
    # this corpus has no hidden file, link or --ext filter.
    assert differing(got, want) == []
    assert got == want
    check_parquet(clusters, pairs, want, scan(neardup, corpus, "--max-pairs", "100000000"))


def test_jsonl_input(spark, neardup, corpus, tmp_path):
    want = scan(neardup, corpus)
    lines = []
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        # JSON carries text, decoded by its producer: here as neardup reads
        # these files (a UTF-16 byte-order mark, else UTF-8, else the
        # Latin-1 file as windows-1252).
        if raw.startswith(b"\xff\xfe"):
            body = raw[2:].decode("utf-16-le", "replace")
        else:
            try:
                body = raw.decode("utf-8")
            except UnicodeDecodeError:
                body = raw.decode("cp1252", "replace")
        lines.append(json.dumps({"doc_id": str(path), "body": body}))
    src = tmp_path / "docs.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, got, clusters, pairs = job(
        spark, neardup, tmp_path / "out", src, "--input-format", "jsonl", "--id-field", "doc_id", "--text-field", "body"
    )
    # Text that was not UTF-8 arrives re-encoded (é: 2 bytes, not 1) as
    # UTF-8, so summary.bytes, decoded_lossily and non_utf8 are the only
    # differences.
    assert differing(got, want, ignore=("decoded_lossily", "bytes", "non_utf8")) == []
    assert got["clusters"] == want["clusters"] and got["pairs"] == want["pairs"]
    assert got["summary"]["decoded_lossily"] == 0
    assert got["summary"]["non_utf8"] == 0 and want["summary"]["non_utf8"] == 2


def test_precomputed_signatures(spark, neardup, corpus, tmp_path):
    want = scan(neardup, corpus, "--threshold", "0.7")
    sigs = tmp_path / "sigs"
    done = run([neardup, "sign", str(corpus), "--format", "parquet", "--shingles", "--out", str(sigs), "-t", "0.7", "-q"])
    assert done.returncode == 0, done.stderr.decode()
    _, got, clusters, pairs = job(spark, neardup, tmp_path / "out", sigs, "--input-format", "sigs", "-t", "0.7")
    assert differing(got, want) == []
    assert got == want

    # Signatures made with other settings, or without the shingle sets the
    # re-check needs, are refused before any work.
    for flags, message in ((["-t", "0.9"], "other settings"),):
        with pytest.raises(SystemExit, match=message):
            job(spark, neardup, tmp_path / "refused", sigs, "--input-format", "sigs", *flags)
    bare = tmp_path / "bare"
    assert run([neardup, "sign", str(corpus / "odd"), "--format", "parquet", "--out", str(bare), "-q"]).returncode == 0
    with pytest.raises(SystemExit, match="--shingles"):
        job(spark, neardup, tmp_path / "refused2", bare, "--input-format", "sigs")
