#!/usr/bin/env python3
"""neardup on Apache Spark: the clusters `neardup scan` finds, for corpora
that outgrow one machine.

The Rust binary does the text work inside the executors (`neardup sign`,
fed Arrow record batches through `mapInArrow`); Spark does the shuffles
and the graph. The job follows the scan's semantic contract, stage by
stage (docs/spark.md states it):

1. sign: every document gets the scan's record (`n = 0`: no signature,
   never matches; the reason is kept and reported as skipped);
2. fold: documents with equal `content` (the same normalised words) are
   one text, named by its smallest id, similar at 1 to each other;
3. band: two texts sharing a band key at the same position are a
   candidate; a bucket of more than `bucket_cap` texts yields only the
   pairs of its smallest text with each other;
4. verify: a candidate whose signatures share `equal` minima is accepted
   with similarity `equal / perms` from `accept_min_equal` on, re-checked
   with exact Jaccard of the shingle sets from `recheck_min_equal` on
   (kept when `inter / union >= threshold`), dropped below;
5. cluster: connected components of the verified edges (large-star /
   small-star on DataFrames, checked to end as a star forest), with every
   text of copies a cluster of its own.

The cutoffs, bands and rows come from `neardup params`, so the job and the
scan cannot drift. Outputs in --output DIR: clusters.parquet (one row per
clustered document), pairs.parquet (every verified edge between texts and
every copy against its text's first document: all similar pairs follow
from these), params.json, and scan.json, the report `neardup scan --format
json` gives for the same documents (written by `neardup cluster` on the
driver from what the job found, when it has at most --json-max-docs
documents to list).

    spark-submit spark/neardup_spark.py --input corpus/ --output out/ \\
        --neardup target/release/neardup [--input-format files|jsonl|parquet|sigs]

Depends on pyspark (3.5 or 4.x), pyarrow and pandas only.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

SIGN_SCHEMA = (
    "id string, n int, words int, bytes bigint, content bigint, "
    "sig array<bigint>, bands array<bigint>, skip string, detail string, lossy boolean, "
    "encoding string, language string"
)
SHINGLES_SCHEMA = "id string, sh array<bigint>"

# Spark settings the job needs: without this one, Spark 4.3's optimizer
# fails on a union after localCheckpoint ("key not found" in
# InferFiltersFromConstraints), and planning the iterative CC slows down.
REQUIRED_CONF = {"spark.sql.constraintPropagation.enabled": "false"}


# --------------------------------------------------------------------------
# Settings: everything the scan decides comes from `neardup params`.
# --------------------------------------------------------------------------

SCAN_FLAGS = [
    # (argparse dest, flag, takes a value)
    ("threshold", "--threshold", True),
    ("shingle", "--shingle", True),
    ("lang", "--lang", True),
    ("keep_stop_words", "--keep-stop-words", False),
    ("perms", "--perms", True),
    ("seed", "--seed", True),
    ("max_size", "--max-size", True),
    ("exact", "--exact", False),
    ("no_recheck", "--no-recheck", False),
    ("max_pairs", "--max-pairs", True),
    ("bucket_cap", "--bucket-cap", True),
]
SIGNATURE_FLAGS = {"threshold", "shingle", "lang", "keep_stop_words", "perms", "seed", "max_size"}


def scan_flags(args, signature_only=False):
    """The scan settings given to the job, as neardup flags."""
    out = []
    for dest, flag, valued in SCAN_FLAGS:
        if signature_only and dest not in SIGNATURE_FLAGS:
            continue
        value = getattr(args, dest)
        if valued and value is not None:
            out += [flag, str(value)]
        elif not valued and value:
            out.append(flag)
    return out


def neardup_params(neardup, args):
    """`neardup params` for the job's settings (run on the driver)."""
    cmd = [neardup, "params"] + scan_flags(args)
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"neardup_spark: {' '.join(cmd)} failed: {done.stderr.strip()}")
    return json.loads(done.stdout)


def find_neardup(path):
    """The neardup binary on the driver: --neardup, else on PATH."""
    found = shutil.which(path) if os.sep not in path else path
    if not found or not os.path.isfile(found):
        raise SystemExit(
            f"neardup_spark: cannot find the neardup binary '{path}': build it "
            "(cargo build --release) and give --neardup target/release/neardup"
        )
    return os.path.abspath(found)


# --------------------------------------------------------------------------
# Shipping the binary and signing in the executors.
# --------------------------------------------------------------------------

_SHIPPED = {}


def ship(spark, path):
    """Ships the binary to the executors once per session; returns the
    name SparkFiles.get resolves there. addArtifacts works on Spark 4.x,
    classic and Connect; Spark 3.5 falls back to SparkContext.addFile."""
    key = (id(spark), path)
    if key in _SHIPPED:
        return _SHIPPED[key]
    try:
        spark.addArtifacts(path, file=True)
    except Exception as e:  # Spark 3.5 (no classic addArtifacts), or already added
        if "already" in str(e).lower() or "ARTIFACT_ALREADY_EXISTS" in str(e):
            pass
        else:
            spark.sparkContext.addFile(path)
    _SHIPPED[key] = os.path.basename(path)
    return _SHIPPED[key]


def ship_module(spark):
    """Ships this file to the executors when it was imported as a module
    (its functions are then pickled by reference to it); run as a script,
    they travel by value."""
    if __name__ == "__main__":
        return
    key = (id(spark), __file__)
    if key in _SHIPPED:
        return
    try:
        spark.addArtifacts(__file__, pyfile=True)
    except Exception as e:
        if "already" not in str(e).lower():
            spark.sparkContext.addPyFile(__file__)
    _SHIPPED[key] = __file__


def executor_binary(name):
    """The shipped binary's path on an executor, made executable."""
    from pyspark import SparkFiles

    path = SparkFiles.get(name)
    if not os.access(path, os.X_OK):
        os.chmod(path, 0o755)
    return path


def signer(name, flags, out_schema):
    """A mapInArrow function: one `neardup sign` process per partition,
    fed the partition's batches as an Arrow IPC stream on stdin by a
    writer thread, its stream on stdout read back batch by batch. A
    non-zero exit fails the task with neardup's own message."""

    def sign(batches):
        import pyarrow as pa

        batches = iter(batches)
        first = next(batches, None)
        if first is None:
            return  # an empty partition: no process at all
        exe = executor_binary(name)
        env = dict(os.environ)
        # Spark runs one task per core: one thread per neardup process.
        env.setdefault("RAYON_NUM_THREADS", "1")
        proc = subprocess.Popen(
            [exe, "sign", "--input-format", "arrow", "--format", "arrow", "--quiet"] + flags,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        failures = []
        stderr = []

        def feed():
            try:
                with pa.ipc.new_stream(proc.stdin, first.schema) as w:
                    w.write_batch(first)
                    for b in batches:
                        w.write_batch(b)
            except (BrokenPipeError, OSError, pa.ArrowException) as e:
                failures.append(e)  # neardup stopped reading: its stderr says why
            finally:
                try:
                    proc.stdin.close()
                except OSError:
                    pass

        writer = threading.Thread(target=feed, daemon=True)
        reader = threading.Thread(target=lambda: stderr.append(proc.stderr.read()), daemon=True)
        writer.start()
        reader.start()
        try:
            stream = pa.ipc.open_stream(proc.stdout)
            for b in stream:
                yield b.cast(out_schema)
        except pa.ArrowException:
            pass  # the exit status and stderr below say what happened
        code = proc.wait()
        writer.join()
        reader.join()
        if code != 0:
            message = b"".join(stderr).decode("utf-8", "replace").strip()
            raise RuntimeError(f"neardup sign exited {code}: {message}")

    return sign


def arrow_schema(ddl):
    """The pyarrow schema Spark expects back from mapInArrow for `ddl`."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "int": pa.int32(),
        "bigint": pa.int64(),
        "boolean": pa.bool_(),
        "array<bigint>": pa.list_(pa.int64()),
    }
    fields = []
    for part in ddl.split(", "):
        name, kind = part.split(" ", 1)
        fields.append(pa.field(name, types[kind]))
    return pa.schema(fields)


def sign(spark, docs, neardup_name, flags, shingles=False):
    """Signature records of `docs` (id, text[, length])."""
    ddl = SIGN_SCHEMA if not shingles else SIGN_SCHEMA + ", sh array<bigint>"
    extra = ["--shingles"] if shingles else []
    return docs.mapInArrow(signer(neardup_name, flags + extra, arrow_schema(ddl)), ddl)


# --------------------------------------------------------------------------
# Reading the input.
# --------------------------------------------------------------------------


def display_path(path):
    """A path as `neardup scan` prints it: `.` components and repeated or
    trailing slashes dropped. A URI is kept as given, less a final slash."""
    if "://" in path:
        return path.rstrip("/") or path
    parts = [p for p in path.split("/") if p not in ("", ".")]
    out = "/".join(parts)
    if path.startswith("/"):
        out = "/" + out
    return out or "."


def file_root(path):
    """The qualified root Spark's binaryFile paths start with, for --input."""
    if "://" in path or path.startswith("file:"):
        return path.rstrip("/")
    return "file:" + os.path.abspath(path)


def read_files(spark, path, max_size):
    """The files under `path`, as binaryFile lists them, with the ids scan
    gives them (`path` as given, then the path below it). Files over
    max_size are listed without being read (length kept, text null).
    Returns the documents and the listing (for `empty_files`)."""
    from pyspark.sql import functions as F

    listed = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(path)
    root = file_root(path)
    prefix = display_path(path)
    rel = F.when(F.col("path") == F.lit(root), F.lit("")).otherwise(
        F.expr(f"substring(path, {len(root) + 2})")
    )
    ident = F.when(rel == "", F.lit(prefix)).otherwise(
        F.concat(F.lit("" if prefix == "." else prefix + "/"), rel)
    )
    # Filters on length are pushed into the listing: big files are never
    # read, and the content column is read only where it is selected.
    small = listed.filter(F.col("length") <= max_size).select(
        ident.alias("id"), F.col("content").alias("text"), F.col("length")
    )
    big = listed.filter(F.col("length") > max_size).select(
        ident.alias("id"), F.lit(None).cast("binary").alias("text"), F.col("length")
    )
    outside = listed.filter(~F.col("path").startswith(root)).select("path").limit(1).collect()
    if outside:
        raise SystemExit(
            f"neardup_spark: Spark lists '{outside[0].path}' outside the input root '{root}'; "
            "give --input as an absolute path or a URI"
        )
    return small.unionByName(big), listed


def empty_files(listed, path, seen):
    """Ids of the listed files Spark never hands to a task: zero-byte files
    make no file split. `scan` reports them as skipped (empty); the job
    finds them by difference with the listing (`inputFiles`, URI-encoded)."""
    from urllib.parse import unquote, urlparse

    root = file_root(path)
    prefix = display_path(path)
    base = unquote(urlparse(root).path) if root.startswith("file:") else root
    out = []
    for uri in listed.inputFiles():
        full = unquote(urlparse(uri).path) if uri.startswith("file:") else unquote(uri)
        rel = full[len(base) :].lstrip("/")
        ident = (prefix if not rel else ("" if prefix == "." else prefix + "/") + rel)
        if ident not in seen:
            out.append(ident)
    return sorted(out)


def read_input(spark, args):
    """The documents (id, text[, length]) of --input."""
    from pyspark.sql import functions as F

    if args.input_format == "files":
        return read_files(spark, args.input, args.max_size_value)
    if args.input_format == "jsonl":
        schema = f"`{args.id_field}` string, `{args.text_field}` string"
        df = spark.read.schema(schema).json(args.input)
    else:
        df = spark.read.parquet(args.input)
    for name, flag in ((args.id_field, "--id-field"), (args.text_field, "--text-field")):
        if name not in df.columns:
            raise SystemExit(
                f"neardup_spark: {args.input} has no column '{name}' (columns: {', '.join(df.columns)}); name it with {flag}"
            )
    docs = df.select(F.col(args.id_field).cast("string").alias("id"), F.col(args.text_field).alias("text"))
    return docs, None


def read_signatures(spark, args, params):
    """Signature records written by `neardup sign --format parquet`,
    checked against the job's settings (the schema metadata of the first
    file holds the settings they were made with)."""
    from pyspark.sql import functions as F

    df = spark.read.parquet(args.input)
    files = df.inputFiles()
    if not files:
        raise SystemExit(f"neardup_spark: no Parquet files in {args.input}")
    stored = parquet_params(files[0])
    if stored != params["signature"]:
        raise SystemExit(
            "neardup_spark: the signatures in {} were made with other settings:\n  theirs: {}\n  ours:   {}\n"
            "give the same --threshold/--shingle/--perms/--seed/--lang, or sign again".format(
                args.input, json.dumps(stored), json.dumps(params["signature"])
            )
        )
    # Signatures written before these columns existed: not known.
    for name in ("encoding", "language"):
        if name not in df.columns:
            df = df.withColumn(name, F.lit(None).cast("string"))
    return df


def parquet_params(uri):
    """The neardup:params metadata of one Parquet file."""
    import pyarrow.parquet as pq
    from urllib.parse import unquote, urlparse

    if uri.startswith("file:"):
        meta = pq.read_metadata(unquote(urlparse(uri).path)).metadata or {}
    else:
        import pyarrow.fs as pafs

        fs, path = pafs.FileSystem.from_uri(uri)
        with fs.open_input_file(path) as f:
            meta = pq.read_metadata(f).metadata or {}
    raw = meta.get(b"neardup:params")
    if raw is None:
        raise SystemExit(
            f"neardup_spark: {uri} has no neardup:params metadata: give signatures written by `neardup sign --format parquet`"
        )
    return json.loads(raw)


# --------------------------------------------------------------------------
# Connected components: large-star / small-star on DataFrames.
# --------------------------------------------------------------------------


def connected_components(edges, max_rounds=200, checkpoint=True):
    """The components of an undirected graph given as a DataFrame of
    bigint pairs (a, b): a DataFrame (node, comp) where comp is the
    smallest node of node's component, for every node in some edge.

    Large-star and small-star (Kiveris et al., 2014) each keep the
    components of the graph; they are alternated until the edge set is a
    star forest (every node has at most one neighbour below it, and that
    neighbour has none), which is checked, not assumed from a count: a
    star forest's stars are exactly the components."""
    from pyspark.sql import functions as F

    e = (
        edges.select(F.least("a", "b").alias("lo"), F.greatest("a", "b").alias("hi"))
        .filter(F.col("lo") != F.col("hi"))
        .distinct()
    )
    # Each round refers to the edges several times: start from a leaf, so
    # that plans stay small.
    e = e.localCheckpoint() if checkpoint else e.cache()
    from pyspark.sql.window import Window

    for _ in range(max_rounds):
        # Large-star: every node's larger neighbours go to its smallest
        # neighbour (or to itself).
        adj = e.select(F.col("lo").alias("u"), F.col("hi").alias("v")).unionByName(
            e.select(F.col("hi").alias("u"), F.col("lo").alias("v"))
        )
        large = (
            adj.withColumn("m", F.least(F.min("v").over(Window.partitionBy("u")), F.col("u")))
            .filter(F.col("v") > F.col("u"))
            .select(F.col("v").alias("hi"), F.col("m").alias("lo"))
        )
        # Small-star: every node and its smaller neighbours go to the
        # smallest of them.
        with_m = large.withColumn("m", F.min("lo").over(Window.partitionBy("hi")))
        small = (
            with_m.select(F.col("lo").alias("hi"), F.col("m").alias("lo"))
            .unionByName(with_m.select("hi", F.col("m").alias("lo")))
            .filter(F.col("hi") != F.col("lo"))
            .distinct()
        )
        e = small.localCheckpoint() if checkpoint else small.cache()
        if is_star_forest(e):
            break
    else:
        raise RuntimeError(f"connected components did not converge in {max_rounds} rounds")
    roots = e.select(F.col("lo").alias("node")).distinct().withColumn("comp", F.col("node"))
    return e.select(F.col("hi").alias("node"), F.col("lo").alias("comp")).unionByName(roots)


def is_star_forest(e):
    """Every `hi` has one `lo`, and no `lo` is a `hi`."""
    from pyspark.sql import functions as F

    parents = e.groupBy("hi").agg(F.count("*").alias("k"))
    row = (
        parents.join(e.select(F.col("lo").alias("hi")).distinct().withColumn("is_lo", F.lit(1)), "hi", "full")
        .agg(
            F.max(F.coalesce("k", F.lit(0))).alias("most"),
            F.sum(F.when(F.col("k").isNotNull() & F.col("is_lo").isNotNull(), 1).otherwise(0)).alias("both"),
        )
        .collect()[0]
    )
    return (row.most or 0) <= 1 and (row.both or 0) == 0


# --------------------------------------------------------------------------
# The scan, stage by stage.
# --------------------------------------------------------------------------


def run(spark, args):
    """Runs the job; returns a dict of counts and timings."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    for k, v in REQUIRED_CONF.items():
        spark.conf.set(k, v)
    if args.input_format == "files":
        # Spark packs small files into a partition as if each cost 4 MB to
        # open: 10,000 files of 4 kB became 340 partitions, each starting a
        # Python worker and a neardup process. A small open cost packs them
        # by size, about a partition per core.
        spark.conf.set("spark.sql.files.openCostInBytes", str(args.file_open_cost))
    started = time.time()
    neardup = find_neardup(args.neardup)
    params = neardup_params(neardup, args)
    args.max_size_value = params["max_size"]
    out = prepare_output(args.output)
    write_text(out, "params.json", json.dumps(params, indent=2) + "\n")
    name = ship(spark, neardup)
    ship_module(spark)
    flags = scan_flags(args, signature_only=True)
    perms = params["signature"]["perms"]
    cut = params["verify"]
    threshold = params["threshold"]
    cap = params["bucket_cap"]

    # 1. Sign.
    docs = listing = None
    if args.input_format == "sigs":
        sigs = read_signatures(spark, args, params)
        have_sets = "sh" in sigs.columns
    else:
        docs, listing = read_input(spark, args)
        if args.partitions:
            docs = docs.repartition(args.partitions)
        sigs = sign(spark, docs, name, flags)
        have_sets = False
    needs_sets = cut["recheck_min_equal"] < cut["accept_min_equal"]
    if args.input_format == "sigs" and needs_sets and not have_sets:
        raise SystemExit(
            "neardup_spark: these signatures have no shingle sets (column sh), which the exact re-check "
            "near the threshold needs: sign with `neardup sign --shingles`, or give --no-recheck"
        )
    cols = ["id", "n", "words", "bytes", "content", "sig", "bands", "skip", "detail", "lossy", "encoding", "language"]
    if have_sets:
        cols.append("sh")
    sigs = sigs.select(*cols).localCheckpoint()
    totals = sigs.agg(
        F.count("*").alias("files"),
        F.sum(F.when(F.col("n") > 0, 1).otherwise(0)).alias("documents"),
        F.sum(F.when(F.col("n") > 0, F.col("bytes")).otherwise(0)).alias("bytes"),
    ).collect()[0]
    dup = sigs.groupBy("id").count().filter("count > 1").limit(1).collect()
    if dup:
        raise SystemExit(f"neardup_spark: the id '{dup[0].id}' is given to more than one document")
    signed_at = time.time()

    # 2. Fold identical texts: same content, one text named by its smallest id.
    signed = sigs.filter(F.col("n") > 0)
    by_content = Window.partitionBy("content")
    members = signed.select(
        "id", "content", "words", F.min("id").over(by_content).alias("text"), F.count("*").over(by_content).alias("size")
    )
    texts = signed.join(members.select("id", "text", "size"), "id").filter(F.col("id") == F.col("text"))
    texts = with_text_ids(texts).localCheckpoint()
    members = members.join(texts.select("text", "tid"), "text").localCheckpoint()
    distinct_texts = texts.count()

    # 3. Band: candidates share a band key at the same position.
    keys = texts.select("tid", "text", F.posexplode("bands").alias("band", "key"))
    buckets = keys.groupBy("band", "key").agg(
        F.count("*").alias("k"), F.min_by("tid", "text").alias("first")
    )
    oversized = buckets.filter(F.col("k") > cap)
    enumerable = keys.join(buckets.filter((F.col("k") >= 2) & (F.col("k") <= cap)).select("band", "key"), ["band", "key"])
    a, b = enumerable.alias("a"), enumerable.alias("b")
    within = a.join(
        b, (F.col("a.band") == F.col("b.band")) & (F.col("a.key") == F.col("b.key")) & (F.col("a.text") < F.col("b.text"))
    ).select(F.col("a.tid").alias("ta"), F.col("b.tid").alias("tb"))
    stars = (
        keys.join(oversized.select("band", "key", "first"), ["band", "key"])
        .filter(F.col("tid") != F.col("first"))
        .select(F.col("first").alias("ta"), F.col("tid").alias("tb"))
    )
    candidates = within.unionByName(stars).distinct().localCheckpoint()
    candidate_pairs = candidates.count()
    oversized_buckets = oversized.count()

    # 4. Verify: accept on the estimate, re-check exactly near the threshold.
    sig_a = texts.select(F.col("tid").alias("ta"), F.col("sig").alias("sa"))
    sig_b = texts.select(F.col("tid").alias("tb"), F.col("sig").alias("sb"))
    equal = F.aggregate(
        F.zip_with("sa", "sb", lambda x, y: F.when(x == y, 1).otherwise(0)), F.lit(0), lambda acc, x: acc + x
    )
    judged = candidates.join(sig_a, "ta").join(sig_b, "tb").select("ta", "tb", equal.alias("equal"))
    judged = judged.localCheckpoint()
    accepted = judged.filter(F.col("equal") >= cut["accept_min_equal"]).select(
        "ta", "tb", (F.col("equal").cast("double") / F.lit(float(perms))).alias("similarity")
    )
    borderline = judged.filter(
        (F.col("equal") >= cut["recheck_min_equal"]) & (F.col("equal") < cut["accept_min_equal"])
    ).select("ta", "tb")
    borderline_pairs = borderline.count()
    # The scan counts the re-checks of its default verification only.
    rechecked_pairs = borderline_pairs if cut["mode"] == "recheck" else 0
    edges = accepted
    if borderline_pairs:
        sets = shingle_sets(spark, texts, borderline, docs, name, flags, have_sets)
        set_a = sets.select(F.col("tid").alias("ta"), F.col("sh").alias("sha"))
        set_b = sets.select(F.col("tid").alias("tb"), F.col("sh").alias("shb"))
        inter = F.size(F.array_intersect("sha", "shb"))
        union = F.size("sha") + F.size("shb") - inter
        exact = (
            borderline.join(set_a, "ta")
            .join(set_b, "tb")
            .select("ta", "tb", (inter.cast("double") / union.cast("double")).alias("similarity"))
            .filter(F.col("similarity") >= F.lit(threshold))
        )
        edges = edges.unionByName(exact)
    edges = edges.localCheckpoint()
    edge_count = edges.count()
    verified_at = time.time()

    # 5. Cluster: components of the edges, plus every text of copies.
    comps = connected_components(edges.select(F.col("ta").alias("a"), F.col("tb").alias("b")))
    comp_of = (
        texts.filter(F.col("size") > 1)
        .select(F.col("tid").alias("node"), F.col("tid").alias("comp"))
        .join(comps.select("node"), "node", "left_anti")
        .unionByName(comps)
    )
    clustered = texts.select("tid", "text", "size", "words").join(
        comp_of.select(F.col("node").alias("tid"), "comp"), "tid"
    )
    described = describe_clusters(clustered, edges)
    rows = (
        members.select("id", "text", "tid")
        .join(described, "tid")
        .select("cluster", "id", "text", "size", "representative", "similarity")
        .localCheckpoint()
    )
    rows.orderBy("cluster", "id").write.parquet(join(out, "clusters.parquet"))
    text_name = texts.select("tid", "text")
    pairs = (
        edges.join(text_name.withColumnRenamed("tid", "ta").withColumnRenamed("text", "a"), "ta")
        .join(text_name.withColumnRenamed("tid", "tb").withColumnRenamed("text", "b"), "tb")
        .join(described.select(F.col("tid").alias("ta"), "cluster"), "ta")
        .select(
            F.least("a", "b").alias("a"), F.greatest("a", "b").alias("b"), "similarity", "cluster"
        )
        .unionByName(
            rows.filter(F.col("id") != F.col("text")).select(
                F.col("text").alias("a"), F.col("id").alias("b"), F.lit(1.0).alias("similarity"), "cluster"
            )
        )
    )
    pairs.orderBy("a", "b").write.parquet(join(out, "pairs.parquet"))
    summary = rows.agg(F.countDistinct("cluster").alias("clusters"), F.count("*").alias("docs")).collect()[0]

    report = {
        "files": totals.files,
        "documents": totals.documents or 0,
        "bytes": totals.bytes or 0,
        "distinct_texts": distinct_texts,
        "candidate_pairs": candidate_pairs,
        "rechecked_pairs": rechecked_pairs,
        "oversized_buckets": oversized_buckets,
        "edges": edge_count,
        "clusters": summary.clusters,
        "documents_in_clusters": summary.docs,
        "seconds": {
            "sign": round(signed_at - started, 1),
            "fold_band_verify": round(verified_at - signed_at, 1),
            "cluster_write": round(time.time() - verified_at, 1),
        },
    }
    # 6. scan.json from the findings, by the scan's own code; it must agree
    # with the components above.
    if summary.docs <= args.json_max_docs:
        scan = write_scan_json(spark, args, neardup, out, report, rows, edges, texts, sigs, listing)
        check_agreement(scan, rows)
        report["scan_json"] = True
    else:
        print(
            f"neardup_spark: {summary.docs} clustered documents, over --json-max-docs {args.json_max_docs}: "
            "no scan.json (clusters.parquet and pairs.parquet hold the result)",
            file=sys.stderr,
        )
        report["scan_json"] = False
    report["seconds"]["total"] = round(time.time() - started, 1)
    return report


def with_text_ids(texts):
    """Adds `tid`, a bigint hash of the text's id for joins, checked free
    of collisions (a salt is added until it is)."""
    from pyspark.sql import functions as F

    for salt in range(8):
        with_ids = texts.withColumn("tid", F.xxhash64(F.lit(salt), "text"))
        clash = with_ids.groupBy("tid").count().filter("count > 1").limit(1).collect()
        if not clash:
            return with_ids
    raise RuntimeError("64-bit text ids collide under 8 salts")


def shingle_sets(spark, texts, borderline, docs, name, flags, have_sets):
    """The shingle sets (tid, sh) of the texts in borderline pairs: from the
    signatures when they carry them, else by signing those texts' first
    documents again with --shingles (the scan re-reads their files)."""
    from pyspark.sql import functions as F

    involved = borderline.select(F.col("ta").alias("tid")).unionByName(borderline.select(F.col("tb").alias("tid"))).distinct()
    chosen = texts.join(involved, "tid").select("tid", "text")
    if have_sets:
        return texts.join(involved, "tid").select("tid", "sh")
    again = docs.join(chosen.select(F.col("text").alias("id")), "id")
    signed = sign(spark, again, name, flags, shingles=True).select("id", "sh")
    return signed.join(chosen.withColumnRenamed("text", "id"), "id").select("tid", "sh")


def describe_clusters(clustered, edges):
    """Per text in a cluster: its cluster number (by smallest member id),
    the cluster's size and representative, and the text's best similarity
    to another member — the rules of `neardup scan` (src/scan/cluster.rs):
    the representative is the text whose documents are similar to the most
    other members, then the one with more words, then the smallest id."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    sizes = clustered.select("tid", "size")
    ends = edges.select(F.col("ta").alias("tid"), F.col("tb").alias("other"), "similarity").unionByName(
        edges.select(F.col("tb").alias("tid"), F.col("ta").alias("other"), "similarity")
    )
    incident = (
        ends.join(sizes.withColumnRenamed("tid", "other").withColumnRenamed("size", "other_size"), "other")
        .groupBy("tid")
        .agg(F.sum("other_size").alias("linked"), F.max("similarity").alias("best_edge"))
    )
    per_text = clustered.join(incident, "tid", "left").select(
        "tid",
        "text",
        "comp",
        "size",
        "words",
        (F.col("size") - 1 + F.coalesce("linked", F.lit(0))).alias("degree"),
        F.greatest(
            F.when(F.col("size") > 1, F.lit(1.0)).otherwise(F.lit(0.0)), F.coalesce("best_edge", F.lit(0.0))
        ).alias("similarity"),
    )
    by_comp = Window.partitionBy("comp")
    ranked = per_text.withColumn(
        "rank", F.row_number().over(by_comp.orderBy(F.desc("degree"), F.desc("words"), F.asc("text")))
    )
    comp_rows = ranked.groupBy("comp").agg(
        F.min("text").alias("first"),
        F.sum("size").alias("size"),
        F.first(F.when(F.col("rank") == 1, F.col("text")), ignorenulls=True).alias("representative"),
    )
    numbered = comp_rows.withColumn("cluster", F.row_number().over(Window.orderBy("first")))
    return per_text.select("tid", "comp", "similarity").join(
        numbered.select("comp", "cluster", "size", "representative"), "comp"
    )


# --------------------------------------------------------------------------
# Output.
# --------------------------------------------------------------------------


def join(base, name):
    return base.rstrip("/") + "/" + name


def prepare_output(path):
    """The output folder, new or empty (never overwritten)."""
    if "://" in path and not path.startswith("file:"):
        return path
    local = path[len("file:") :] if path.startswith("file:") else path
    if os.path.exists(local) and (not os.path.isdir(local) or os.listdir(local)):
        raise SystemExit(f"neardup_spark: --output '{path}' exists and is not empty: give a new or empty folder")
    os.makedirs(local, exist_ok=True)
    return path


def write_text(base, name, text):
    """Writes a small file next to the Parquet outputs (local or a URI)."""
    target = join(base, name)
    if "://" in target and not target.startswith("file:"):
        import pyarrow.fs as pafs

        fs, p = pafs.FileSystem.from_uri(target)
        with fs.open_output_stream(p) as f:
            f.write(text.encode())
    else:
        local = target[len("file:") :] if target.startswith("file:") else target
        with open(local, "w", encoding="utf-8") as f:
            f.write(text)


def write_scan_json(spark, args, neardup, out, report, rows, edges, texts, sigs, listing):
    """Runs `neardup cluster` on the driver over the findings; writes and
    returns scan.json."""
    from pyspark.sql import functions as F

    empties = []
    if listing is not None:
        if report["files"] <= args.json_max_docs:
            seen = {r.id for r in sigs.select("id").collect()}
            empties = empty_files(listing, args.input, seen)
            report["files"] += len(empties)
        else:
            print(
                "neardup_spark: zero-byte files are not counted (over --json-max-docs files)",
                file=sys.stderr,
            )
    counts = {k: report[k] for k in ("files", "documents", "bytes", "distinct_texts", "candidate_pairs", "rechecked_pairs", "oversized_buckets")}
    languages = (
        sigs.filter((F.col("n") > 0) & F.col("language").isNotNull()).groupBy("language").count().collect()
    )
    if languages:
        counts["languages"] = {r.language: r["count"] for r in languages}
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as f:
        findings = f.name
        f.write(json.dumps({"counts": counts}) + "\n")
        doc_words = rows.join(sigs.select("id", "words"), "id").select("id", "text", "words")
        for r in doc_words.collect():
            f.write(json.dumps({"doc": {"id": r.id, "text": r.text, "words": r.words}}) + "\n")
        named = texts.select("tid", "text")
        for r in (
            edges.join(named.withColumnRenamed("tid", "ta").withColumnRenamed("text", "a"), "ta")
            .join(named.withColumnRenamed("tid", "tb").withColumnRenamed("text", "b"), "tb")
            .select("a", "b", "similarity")
            .collect()
        ):
            f.write(json.dumps({"edge": {"a": r.a, "b": r.b, "similarity": r.similarity}}) + "\n")
        for r in sigs.filter(F.col("n") == 0).select("id", "skip", "detail").collect():
            f.write(json.dumps({"skipped": {"path": r.id, "reason": r.skip, "detail": r.detail}}) + "\n")
        for ident in empties:
            f.write(json.dumps({"skipped": {"path": ident, "reason": "empty", "detail": "no words"}}) + "\n")
        for r in sigs.filter((F.col("n") > 0) & F.col("lossy")).select("id").collect():
            f.write(json.dumps({"lossy": r.id}) + "\n")
        for r in (
            sigs.filter((F.col("n") > 0) & F.col("encoding").isNotNull() & (F.col("encoding") != "UTF-8"))
            .select("id", "encoding")
            .collect()
        ):
            f.write(json.dumps({"non_utf8": {"path": r.id, "encoding": r.encoding}}) + "\n")
    try:
        with open(findings, "rb") as stdin:
            done = subprocess.run(
                [neardup, "cluster", "--format", "json"] + scan_flags(args), stdin=stdin, capture_output=True
            )
    finally:
        os.unlink(findings)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"neardup cluster exited {done.returncode}: {done.stderr.decode(errors='replace').strip()}")
    text = done.stdout.decode("utf-8")
    write_text(out, "scan.json", text)
    return json.loads(text)


def check_agreement(scan, rows):
    """scan.json (union-find on the driver) and clusters.parquet (Spark's
    components) must describe the same clusters."""
    mine = {}
    for r in rows.select("cluster", "id", "representative").collect():
        c = mine.setdefault(r.cluster, {"members": [], "representative": r.representative})
        c["members"].append(r.id)
    theirs = {c["id"]: {"members": c["members"], "representative": c["representative"]} for c in scan["clusters"]}
    for c in mine.values():
        c["members"].sort()
    if mine != theirs:
        raise RuntimeError(
            "internal error: Spark's connected components differ from neardup's union-find "
            f"({len(mine)} against {len(theirs)} clusters); please report it"
        )


# --------------------------------------------------------------------------
# Command line.
# --------------------------------------------------------------------------


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="neardup_spark.py",
        description="Near-duplicate clusters of a corpus on Apache Spark, the same as `neardup scan` gives.",
        epilog="docs/spark.md: running on a cluster, the contract with neardup scan, costs.",
    )
    p.add_argument("--input", required=True, help="folder (files), JSON lines, Parquet, or signatures (sigs)")
    p.add_argument("--output", required=True, help="new or empty folder for the results")
    p.add_argument(
        "--input-format",
        choices=["files", "jsonl", "parquet", "sigs"],
        default="files",
        help="files: every file below --input (ids as `neardup scan INPUT` prints them); jsonl/parquet: "
        "records with --id-field and --text-field; sigs: `neardup sign --format parquet` output",
    )
    p.add_argument("--id-field", default="id")
    p.add_argument("--text-field", default="text")
    p.add_argument("--neardup", default="neardup", help="the neardup binary on the driver (shipped to the executors)")
    p.add_argument("--partitions", type=int, default=0, help="repartition the documents before signing (default: as read)")
    p.add_argument(
        "--file-open-cost",
        type=int,
        default=64 * 1024,
        help="files input: the bytes a file counts for when packing files into partitions "
        "(spark.sql.files.openCostInBytes; Spark's default, 4 MB, splits many small files into many partitions)",
    )
    p.add_argument(
        "--json-max-docs", type=int, default=1_000_000, help="write scan.json when at most this many documents are clustered"
    )
    p.add_argument("--master", default=None, help="Spark master when run with python (spark-submit sets it)")
    g = p.add_argument_group("scan settings (as `neardup scan`; defaults from neardup)")
    g.add_argument("-t", "--threshold", type=float)
    g.add_argument("--shingle")
    g.add_argument("--lang")
    g.add_argument("--keep-stop-words", action="store_true")
    g.add_argument("--perms", type=int)
    g.add_argument("--seed", type=int)
    g.add_argument("--max-size", type=int)
    g.add_argument("--exact", action="store_true")
    g.add_argument("--no-recheck", action="store_true")
    g.add_argument("--max-pairs", type=int)
    g.add_argument("--bucket-cap", type=int)
    return p.parse_args(argv)


def session(master=None, app="neardup"):
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    if (master or "").startswith("local"):
        # Python workers on this machine: this Python, with pyarrow.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    for k, v in REQUIRED_CONF.items():
        builder = builder.config(k, v)
    return builder.getOrCreate()


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    spark = session(args.master)
    try:
        report = run(spark, args)
    finally:
        spark.stop()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
