"""Parity on real corpora (an evaluation, not part of CI: it needs
../shared/data and a few minutes of local[2]): the job's scan.json equals
`neardup scan --format json` on reuters21578-apte and bbc-news, and the
times of both are printed for docs/spark.md.

    NEARDUP_SPARK_SHARED=1 NEARDUP_BIN=target/release/neardup \\
        .venv-spark/bin/python -m pytest -q -s tests/spark/test_shared_data.py
"""

import json
import os
import resource
import time
from pathlib import Path

import neardup_spark
import pytest

from conftest import ROOT, run

DATA = Path(os.environ.get("NEARDUP_SHARED_DATA", ROOT.parent / "shared" / "data"))
CORPORA = ["reuters21578-apte", "bbc-news"]

pytestmark = pytest.mark.skipif(
    os.environ.get("NEARDUP_SPARK_SHARED") != "1", reason="an evaluation: set NEARDUP_SPARK_SHARED=1"
)


@pytest.mark.parametrize("name", CORPORA)
def test_real_corpus_parity(spark, neardup, tmp_path, name):
    corpus = DATA / name
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is missing")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.time()
    done = run([neardup, "scan", str(corpus), "--format", "json", "--quiet"])
    scan_s = time.time() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    scan_cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    assert done.returncode in (0, 1), done.stderr.decode()
    want = json.loads(done.stdout)
    out = tmp_path / "out"
    t = time.time()
    args = neardup_spark.parse_args(["--input", str(corpus), "--output", str(out), "--neardup", neardup])
    report = neardup_spark.run(spark, args)
    job_s = time.time() - t
    got = json.loads((out / "scan.json").read_text(encoding="utf-8"))
    s = want["summary"]
    print(
        f"\n{name}: {s['documents']} documents, {s['clusters']} clusters, {s['similar_pairs']} similar pairs, "
        f"{s['rechecked_pairs']} re-checked; scan {scan_s:.2f} s wall ({scan_cpu:.2f} s CPU); "
        f"job in local[2] {job_s:.1f} s wall (stages {report['seconds']})"
    )
    assert got == want
