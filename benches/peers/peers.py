#!/usr/bin/env python3
"""neardup, datasketch, rensa and gaoya side by side on one corpus with
planted near-duplicates (generated, or cut from real text: run.sh --real).

Each tool runs the whole pipeline in a fresh process -- read the files,
shingle, MinHash, LSH, verify the candidates -- with the same settings:
word 5-grams of the words as neardup's scan normalises them (UAX #29 words,
lower case, possessive 's dropped; mirrored below for ASCII text), the
bands x rows neardup picks for the threshold (read from its JSON), 128
permutations (rensa needs bands to divide the permutations, so it gets
bands x rows of them, which are the minima neardup's bands use), and the
same threshold applied to each tool's own signature estimate. Times are
whole-process wall clock, spawn to exit (interpreter start and imports
included for the Python tools, as process start is for neardup); the time
of the pipeline inside the process is reported beside it. Peak memory is
each process's own VmHWM (neardup prints it with --verbose). Precision and recall are
against the planted truth of `neardup bench --keep` (truth.tsv: pairs whose
exact Jaccard reaches the threshold); recall is also given for the pairs at
Jaccard >= 0.85. CPU seconds are user + system time of each process and
everything it waited for (worker processes included), from getrusage.

Workers (--workers, default 2): datasketch and rensa read, shingle and sign
the files in that many worker processes (multiprocessing; each worker signs
every N-th file and sends its signatures back pickled), then the parent
builds the LSH index and verifies; gaoya signs and queries in native
threads (its par_bulk_* methods, rayon: RAYON_NUM_THREADS=N) with its own
word 5-gram analyser (lower case; its word rules, not neardup's, so its
recall and precision are against the same truth but its shingles differ
slightly). `cat` of the same files (find -exec cat {} +, output to
/dev/null, page cache warm) is the floor.

Run through run.sh, which makes the virtual environment and the corpus.
"""

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata

# ---------------------------------------------------------------- shingles

# The ASCII subset of UAX #29's word rules, as neardup's scan applies them:
# runs of letters, digits and '_', joined across ':' '.' "'" between two
# letters and ',' ';' '.' "'" between two digits (on lower-cased text).
ASCII_WORD = re.compile(
    r"[a-z0-9_]+(?:(?:(?<=[a-z])[.:'](?=[a-z])|(?<=[0-9])[.,;'](?=[0-9]))[a-z0-9_]+)*"
)
# Non-ASCII text: an approximation (Python's \w, the same joiners).
UNICODE_WORD = re.compile(r"\w+(?:[.:'\u2019]\w+)*")
APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'", "`": "'"})


def words(text):
    """The normalised words of a text, as neardup's scan reads them."""
    if text.isascii():
        out = [w for w in ASCII_WORD.findall(text.lower()) if w.strip("_")]
    else:
        out = [
            unicodedata.normalize("NFKC", w).translate(APOSTROPHES).lower()
            for w in UNICODE_WORD.findall(text)
            if any(c.isalnum() for c in w)
        ]
    return [strip_possessive(w) if "'" in w else w for w in out]


def strip_possessive(w):
    if len(w) > 2 and w.endswith("'s"):
        return w[:-2]
    if len(w) > 1 and w.endswith("'"):
        return w[:-1]
    return w


def shingles(text):
    """The set of word 5-grams, as strings."""
    w = words(text)
    return set(map(" ".join, zip(w, w[1:], w[2:], w[3:], w[4:])))


def corpus_files(root, scan_dir):
    """The files under root/scan_dir (hidden ones left out, as neardup
    does), in path order."""
    files = []
    for d, subdirs, names in os.walk(os.path.join(root, scan_dir)):
        subdirs[:] = sorted(s for s in subdirs if not s.startswith("."))
        files.extend(os.path.join(d, n) for n in names if not n.startswith("."))
    files.sort()
    return files


def iter_corpus(root, scan_dir, clock=None):
    """Yields (relative path, shingle set) file by file; documents without a
    shingle are left out, as neardup skips them. Time spent reading and
    shingling is added to clock["read_and_shingle"]."""
    return iter_files(root, corpus_files(root, scan_dir), clock)


def iter_files(root, files, clock=None):
    """iter_corpus over a list of files."""
    for path in files:
        start = time.perf_counter()
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", errors="replace")
        s = shingles(text)
        if clock is not None:
            clock["read_and_shingle"] += time.perf_counter() - start
        if s:
            yield os.path.relpath(path, root), s


def read_corpus(root, scan_dir):
    """Every (relative path, shingle set), in memory."""
    return list(iter_corpus(root, scan_dir))


# ------------------------------------------------------- the peer pipelines


def sign_share(job):
    """A worker: the signatures of a share of the files, as (names,
    signatures, seconds spent reading and shingling)."""
    tool, root, files, perms = job
    clock = {"read_and_shingle": 0.0}
    names, sets = [], []
    for path, d in iter_files(root, files, clock):
        names.append(path)
        sets.append(d)
    if tool == "datasketch":
        from datasketch import MinHash

        sigs = list(MinHash.generator(([s.encode("utf-8") for s in d] for d in sets), num_perm=perms))
    else:
        from rensa import RMinHash

        sigs = RMinHash.from_token_sets([list(d) for d in sets], num_perm=perms, seed=42)
    return names, sigs, clock["read_and_shingle"]


def sign_all(tool, root, files, perms, workers):
    """Every file's signature, signed by `workers` processes (in file order
    within each share; shares concatenated)."""
    jobs = [(tool, root, files[w::workers], perms) for w in range(workers)]
    if workers == 1:
        results = [sign_share(jobs[0])]
    else:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(sign_share, jobs)
    names, sigs, clock = [], [], 0.0
    for n, s, c in results:
        names.extend(n)
        sigs.extend(s)
        clock += c
    return names, sigs, clock


def run_datasketch(root, files, bands, rows, perms, threshold, workers):
    from datasketch import MinHashLSH

    names, minhashes, clock = sign_all("datasketch", root, files, perms, workers)
    lsh = MinHashLSH(threshold=threshold, num_perm=perms, params=(bands, rows))
    with lsh.insertion_session() as session:
        for i, m in enumerate(minhashes):
            session.insert(i, m)
    pairs = set()
    for i, m in enumerate(minhashes):
        for j in lsh.query(m):
            if j > i and m.jaccard(minhashes[j]) >= threshold:
                pairs.add((i, j))
    return names, pairs, clock


def run_rensa(root, files, bands, rows, perms, threshold, workers):
    from rensa import RMinHashLSH

    # rensa wants the permutations to be a multiple of the bands.
    perms = bands * rows
    names, minhashes, clock = sign_all("rensa", root, files, perms, workers)
    lsh = RMinHashLSH(threshold=threshold, num_perm=perms, num_bands=bands)
    lsh.insert_many(minhashes)
    pairs = set()
    for i, candidates in enumerate(lsh.query_all(minhashes)):
        for j in candidates:
            if j > i and minhashes[i].jaccard(minhashes[j]) >= threshold:
                pairs.add((i, j))
    return names, pairs, clock


def run_gaoya(root, files, bands, rows, perms, threshold, workers):
    from gaoya.minhash import MinHashStringIndex

    clock = {"read_and_shingle": 0.0}
    start = time.perf_counter()
    names, texts = [], []
    for path in files:
        with open(path, "rb") as f:
            texts.append(f.read().decode("utf-8", errors="replace"))
        names.append(os.path.relpath(path, root))
    clock["read_and_shingle"] += time.perf_counter() - start
    index = MinHashStringIndex(hash_size=32, jaccard_threshold=threshold, num_bands=bands, band_size=rows,
                               analyzer="word", lowercase=True, ngram_range=(5, 5), id_container="smallvec")
    ids = list(range(len(texts)))
    index.par_bulk_insert_docs(ids, texts)
    pairs = set()
    for i, found in enumerate(index.par_bulk_query(texts, return_similarity=True)):
        for j, sim in found:
            if j > i and sim >= threshold:
                pairs.add((i, j))
    return names, pairs, clock["read_and_shingle"]


def child(args):
    """One peer, one process: the whole pipeline, then the pairs as JSON."""
    start = time.perf_counter()
    run = {"datasketch": run_datasketch, "rensa": run_rensa, "gaoya": run_gaoya}[args.tool]
    files = corpus_files(args.corpus, args.scan_dir)
    names, pairs, clock = run(args.corpus, files, args.bands, args.rows, args.perms, args.threshold, args.workers)
    end = time.perf_counter()
    result = {
        "peak_rss_bytes": peak_rss_bytes(),
        "pipeline_seconds": end - start,
        "read_and_shingle_seconds": clock,
        "documents": len(names),
        "pairs": sorted((names[i], names[j]) for i, j in pairs),
    }
    with open(args.out, "w") as f:
        json.dump(result, f)


def peak_rss_bytes():
    """VmHWM of this process (Linux), in bytes."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


# ------------------------------------------------------------ the harness


def timed(cmd, cwd=None, env=None, stdout=None):
    """Runs cmd; returns (wall seconds, stdout, stderr, CPU seconds). Each
    process reports its own peak memory: the rusage of a child started from
    this (large) process would count the pages it shared before exec. CPU
    seconds are the growth of this process's children's rusage: the
    process and every descendant it waited for."""
    import resource

    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    code = subprocess.run(cmd, cwd=cwd, env=env, stdout=stdout or out, stderr=err).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out.seek(0)
    err.seek(0)
    stderr = err.read().decode(errors="replace")
    if code not in (0, 1):
        sys.exit(f"peers: {cmd[0]} failed ({code}): {stderr.strip()}")
    return wall, out.read(), stderr, cpu


def vm_hwm_from_verbose(stderr):
    """The peak memory line of `neardup scan --verbose`, in bytes."""
    m = re.search(r"peak memory\s+([0-9.]+) MB", stderr)
    return float(m.group(1)) * 1e6 if m else None


def load_truth(corpus, threshold):
    truth, planted = set(), {}
    with open(os.path.join(corpus, "truth.tsv")) as f:
        next(f)
        for line in f:
            a, b, j, _, _ = line.rstrip("\n").split("\t")
            planted[(a, b)] = float(j)
            if float(j) >= threshold:
                truth.add((a, b))
    return truth, planted


def score(pairs, truth, planted):
    got = {tuple(sorted(p)) for p in pairs}
    hits = len(got & truth)
    high = {p for p in truth if planted[p] >= 0.85}
    return {
        "reported_pairs": len(got),
        "true_positives": hits,
        "recall": hits / len(truth) if truth else 1.0,
        "recall_085": len(got & high) / len(high) if high else 1.0,
        "precision": hits / len(got) if got else 1.0,
    }


def check_shingles(corpus, scan_dir, planted):
    """Largest difference between Python's exact Jaccard of the planted pairs
    and neardup's (the truth file's): 0 when the shingling is the same."""
    docs = dict(read_corpus(corpus, scan_dir))
    worst = 0.0
    for (a, b), j in planted.items():
        sa, sb = docs.get(a, set()), docs.get(b, set())
        union = len(sa | sb)
        mine = len(sa & sb) / union if union else 0.0
        worst = max(worst, abs(mine - j))
    return worst


def median_run(runs):
    return sorted(runs, key=lambda r: r["seconds"])[(len(runs) - 1) // 2]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--neardup", help="the neardup binary (required)")
    ap.add_argument("--corpus", required=True, help="a folder made by neardup bench --keep")
    ap.add_argument("--scan-dir", default="p1", help="the folder to scan, inside --corpus")
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--perms", type=int, default=128)
    ap.add_argument("--runs", type=int, default=3, help="runs per tool (median reported)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes (threads for gaoya) of the peers")
    ap.add_argument("--tools", default="datasketch,rensa,gaoya", help="peers to run, comma-separated")
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--tool", help=argparse.SUPPRESS)
    ap.add_argument("--bands", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--rows", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.tool:
        return child(args)
    peers = [t for t in args.tools.split(",") if t]
    if not args.neardup:
        ap.error("give the neardup binary: --neardup target/release/neardup")

    corpus = os.path.abspath(args.corpus)
    truth, planted = load_truth(corpus, args.threshold)
    total_bytes = sum(
        os.path.getsize(os.path.join(d, n)) for d, _, ns in os.walk(os.path.join(corpus, args.scan_dir)) for n in ns
    )
    worst = check_shingles(corpus, args.scan_dir, planted)
    print(f"shingling check: Python's exact Jaccard differs from neardup's by at most {worst:.2e} on {len(planted)} planted pairs", file=sys.stderr)

    rows_out = []
    scan = [os.path.abspath(args.neardup), "scan", args.scan_dir, "--format", "json", "--threshold", str(args.threshold),
            "--perms", str(args.perms), "--max-pairs", "10000000", "--no-progress", "-q", "--verbose"]
    settings = None
    threads = os.cpu_count()
    for label, one_thread, extra in [
        (f"neardup ({threads} threads)", False, []),
        ("neardup (1 thread)", True, []),
        (f"neardup --exact ({threads} threads)", False, ["--exact"]),
        (f"neardup --sketch oph ({threads} threads)", False, ["--sketch", "oph"]),
    ]:
        env = dict(os.environ)
        if one_thread:
            env["RAYON_NUM_THREADS"] = "1"
        timed(scan + extra, cwd=corpus, env=env)  # warm-up: page cache
        runs = []
        for _ in range(args.runs):
            wall, out, err, cpu = timed(scan + extra, cwd=corpus, env=env)
            rss = vm_hwm_from_verbose(err)
            report = json.loads(out)
            settings = report["settings"]
            pairs = [(p["a"], p["b"]) for p in report["pairs"]]
            runs.append({"seconds": wall, "cpu": cpu, "peak_rss": rss, "pairs": pairs, "pipeline_seconds": None,
                         "read_and_shingle_seconds": None, "documents": report["summary"]["documents"]})
        rows_out.append((label, runs))
    bands, rows = settings["bands"], settings["rows"]

    # The floor: reading the same files (warm page cache).
    cat = ["sh", "-c", f"find {args.scan_dir} -type f -exec cat {{}} + > /dev/null"]
    timed(cat, cwd=corpus)
    cat_runs = []
    for _ in range(args.runs):
        wall, _, _, cpu = timed(cat, cwd=corpus)
        cat_runs.append({"seconds": wall, "cpu": cpu})
    cat_run = median_run(cat_runs)

    versions = {}
    for tool in peers:
        versions[tool] = subprocess.run([sys.executable, "-c", f"import importlib.metadata as m; print(m.version('{tool}'))"],
                                        capture_output=True, text=True).stdout.strip()
        runs = []
        for _ in range(args.runs):
            with tempfile.NamedTemporaryFile(suffix=".json") as res:
                cmd = [sys.executable, os.path.abspath(__file__), "--tool", tool, "--corpus", corpus, "--scan-dir", args.scan_dir,
                       "--bands", str(bands), "--rows", str(rows), "--perms", str(args.perms),
                       "--threshold", str(args.threshold), "--workers", str(args.workers), "--out", res.name]
                env = dict(os.environ, RAYON_NUM_THREADS=str(args.workers))
                wall, _, _, cpu = timed(cmd, env=env)
                r = json.load(open(res.name))
                rss = r["peak_rss_bytes"]
            runs.append({"seconds": wall, "cpu": cpu, "peak_rss": rss, "pairs": [tuple(p) for p in r["pairs"]],
                         "pipeline_seconds": r["pipeline_seconds"],
                         "read_and_shingle_seconds": r["read_and_shingle_seconds"], "documents": r["documents"]})
        workers = f", {args.workers} {'threads' if tool == 'gaoya' else 'workers'}" if args.workers > 1 else ""
        rows_out.append((f"{tool} {versions[tool]}{workers}", runs))

    results = []
    for label, runs in rows_out:
        m = median_run(runs)
        s = score(m["pairs"], truth, planted)
        results.append({
            "tool": label, "seconds": m["seconds"], "seconds_all": [r["seconds"] for r in runs],
            "cpu_seconds": m["cpu"], "cpu_seconds_all": [r["cpu"] for r in runs],
            "vs_cat_wall": m["seconds"] / cat_run["seconds"],
            "pipeline_seconds": m["pipeline_seconds"], "read_and_shingle_seconds": m["read_and_shingle_seconds"],
            "documents": m["documents"],
            "mb_per_s": total_bytes / 1e6 / m["seconds"], "docs_per_s": m["documents"] / m["seconds"],
            "peak_rss_bytes": m["peak_rss"], **s,
        })
    nd = results[0]["seconds"]
    nd_cpu = results[0]["cpu_seconds"]
    for r in results:
        r["neardup_speedup"] = r["seconds"] / nd
        r["neardup_speedup_cpu"] = r["cpu_seconds"] / nd_cpu if nd_cpu else None

    machine = {
        "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), None)
        if os.path.exists("/proc/cpuinfo") else platform.processor(),
        "threads": os.cpu_count(), "python": platform.python_version(), "os": platform.platform(),
    }
    print(f"corpus: {corpus}/{args.scan_dir}, {total_bytes / 1e6:.1f} MB, {results[0]['documents']} documents, "
          f"{len(truth)} true pairs at Jaccard >= {args.threshold}")
    print(f"settings: word 5-grams, {args.perms} permutations (rensa {bands * rows}), {bands} bands x {rows} rows, "
          f"threshold {args.threshold}; median of {args.runs} runs")
    print(f"machine: {machine['cpu']}, {machine['threads']} threads, Python {machine['python']}, "
          f"load average {os.getloadavg()[0]:.1f} at the end\n")
    print(f"`cat` of the same files: {cat_run['seconds']:.3f} s wall, {cat_run['cpu']:.2f} CPU s\n")
    print("| tool | wall s | CPU s | wall / cat | in Python: pipeline / read+shingle s | MB/s | peak RSS MB | pairs "
          "| recall | recall J>=0.85 | precision | neardup faster (wall / CPU) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        pipe = "-"
        if r["pipeline_seconds"] is not None:
            pipe = f"{r['pipeline_seconds']:.2f} / {r['read_and_shingle_seconds']:.2f}"
        print(f"| {r['tool']} | {r['seconds']:.3f} | {r['cpu_seconds']:.2f} | {r['vs_cat_wall']:.1f}x | {pipe} | "
              f"{r['mb_per_s']:.1f} | {(r['peak_rss_bytes'] or 0) / 1e6:.1f} | {r['reported_pairs']} | "
              f"{r['recall']:.4f} | {r['recall_085']:.4f} | {r['precision']:.4f} | "
              f"{r['neardup_speedup']:.1f}x / {r['neardup_speedup_cpu'] or 0:.1f}x |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"corpus": {"path": corpus, "scan_dir": args.scan_dir, "bytes": total_bytes,
                                  "truth_pairs": len(truth), "planted_pairs": len(planted)},
                       "settings": {"threshold": args.threshold, "perms": args.perms, "bands": bands, "rows": rows,
                                    "runs": args.runs, "workers": args.workers, "shingling_max_difference": worst},
                       "cat": cat_run, "load_average": os.getloadavg(),
                       "versions": versions, "machine": machine, "results": results}, f, indent=2)


if __name__ == "__main__":
    main()
