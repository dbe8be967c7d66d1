"""Fixtures of the Spark tests: one local Spark session for all of them,
the neardup binary, a generated corpus with planted near-duplicates.

Run by .ci/run (which installs pyspark, pyarrow and pandas into
.venv-spark and Java when missing) as:

    NEARDUP_BIN=target/release/neardup NEARDUP_REQUIRE_SPARK=1 \\
        .venv-spark/bin/python -m pytest tests/spark

Without NEARDUP_REQUIRE_SPARK=1 a machine without pyspark or Java skips
them; with it (CI), they fail, so a green CI cannot hide a missing Spark.
"""

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "spark"))
REQUIRED = os.environ.get("NEARDUP_REQUIRE_SPARK") == "1"


def need(what, ok, fix):
    if ok:
        return
    message = f"{what} is missing: {fix}"
    if REQUIRED:
        pytest.fail(message + " (NEARDUP_REQUIRE_SPARK=1)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def neardup():
    path = os.environ.get("NEARDUP_BIN") or str(ROOT / "target/release/neardup")
    if not os.path.isfile(path):
        path = str(ROOT / "target/debug/neardup")
    need("the neardup binary", os.path.isfile(path), "cargo build --release (or set NEARDUP_BIN)")
    return os.path.abspath(path)


@pytest.fixture(scope="session")
def spark():
    try:
        import pyspark  # noqa: F401
        import pyarrow  # noqa: F401
        import pandas  # noqa: F401
    except ImportError as e:
        need("pyspark, pyarrow or pandas", False, f"pip install pyspark pyarrow pandas ({e})")
    need("Java", shutil.which("java") is not None or os.environ.get("JAVA_HOME"), "apt-get install openjdk-17-jre-headless")
    import neardup_spark

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master("local[2]")
        .appName("neardup-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
    )
    for k, v in neardup_spark.REQUIRED_CONF.items():
        builder = builder.config(k, v)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


# --------------------------------------------------------------------------
# The generated corpus.
# --------------------------------------------------------------------------


def words(rng, vocab, n):
    return [rng.choice(vocab) for _ in range(n)]


def text(ws):
    out, line = [], []
    for i, w in enumerate(ws):
        line.append(w.capitalize() if i % 11 == 0 else w)
        if i % 11 == 10:
            out.append(" ".join(line) + ".")
            line = []
    if line:
        out.append(" ".join(line) + ".")
    return "\n".join(out) + "\n"


def edited(rng, vocab, ws, rate):
    ws = list(ws)
    for i in rng.sample(range(len(ws)), round(rate * len(ws))):
        ws[i] = rng.choice(vocab)
    return ws


def write_corpus(root):
    """About 330 documents: near-duplicates at edit rates 0-40%, 50
    identical copies, empty and one-word documents, Latin-1, broken UTF-16, a NUL
    byte, CJK, and names with spaces and non-ASCII letters."""
    rng = random.Random(14)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(3000)})
    files = {}
    for i in range(70):
        base = words(rng, vocab, rng.randint(60, 320))
        files[f"news/{i:03d}.txt"] = text(base)
        if i < 48:
            rate = [0.0, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3, 0.4, 0.05][i % 12]
            files[f"near dup/{i:03d} edited {int(rate * 100)}%.txt"] = text(edited(rng, vocab, base, rate))
        if i % 10 == 3:
            # A chain: each edit of the one before.
            prev = base
            for k in range(4):
                prev = edited(rng, vocab, prev, 0.05)
                files[f"chains/{i:03d}-{k}.txt"] = text(prev)
    many = text(words(rng, vocab, 150))
    for c in range(50):
        files[f"copies/copy {c:02d}.txt"] = many
    for i in range(130):
        files[f"singles/s{i:03d}.txt"] = text(words(rng, vocab, rng.randint(20, 200)))
    cjk = "".join(rng.choice("日本語中文漢字東京大阪京都名古屋札幌福岡") for _ in range(300))
    files["naïve/cjk 東京.txt"] = cjk + "\n"
    files["naïve/cjk 東京 copy-edit.txt"] = cjk[:290] + "神戸横浜千葉" + cjk[296:] + "\n"
    files["naïve/résumé straße.txt"] = files["news/000.txt"]
    files["odd/empty.txt"] = ""
    files["odd/blank.txt"] = "  \n\n  ...  \n"
    files["odd/one word.txt"] = "word\n"
    files["odd/short.txt"] = "only four words here\n"
    for rel, body in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(body, encoding="utf-8")
    latin1 = ("Caf\xe9 " + files["news/001.txt"]).encode("latin-1", "replace")
    (root / "odd/latin1 café.txt").write_bytes(latin1)
    # UTF-16 with a lone surrogate: read as U+FFFD there, and flagged lossy
    # (the Latin-1 file above is decoded as windows-1252, not lossy).
    broken = b"\xff\xfe" + files["news/002.txt"].encode("utf-16-le") + b"\x00\xd8"
    (root / "odd/broken utf-16.txt").write_bytes(broken)
    (root / "odd/nul.bin").write_bytes(b"text \x00 binary")
    return root


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus") / "corpus")


def run(cmd, cwd=None, stdin=None):
    done = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True)
    return done
