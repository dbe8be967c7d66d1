#!/usr/bin/env python3
"""Measures false links between unrelated Chinese or Japanese sentences,
`compare --shingle word:1` against `word:2` and `char:2` (docs/languages.md).

No Chinese or Japanese paraphrase corpus is at hand, so this builds a small
honest test set from real text that is: the translated messages of GNU
coreutils (Debian's /usr/share/locale/LOCALE/LC_MESSAGES/coreutils.mo),
split into lines of at least 15 Han or kana characters (help texts, error
messages: technical prose). Each trial (seeded) draws 8 lines as an
original and a rewrite of 3 of them, copied, plus 5 other lines, shuffled;
each line ends with a full stop and a blank line. Truth: the copied lines.
A matched rewrite character outside them is a false link.

    python3 tests/language/cjk_links.py target/release/neardup zh_CN 200
    python3 tests/language/cjk_links.py target/release/neardup ja 200

Prints, per shingle setting: matches, matches touching no copied line,
precision and recall of matched rewrite characters (UTF-8 bytes).
"""

import gettext
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")


def catalogs(locale):
    folder = Path(f"/usr/share/locale/{locale}/LC_MESSAGES")
    paths = [folder / "coreutils.mo"] if (folder / "coreutils.mo").exists() else sorted(folder.glob("*.mo"))
    for path in paths:
        with open(path, "rb") as f:
            yield from gettext.GNUTranslations(f)._catalog.values()


def lines(locale):
    out = set()
    for value in catalogs(locale):
        if not isinstance(value, str):
            continue
        for line in value.split("\n"):
            line = line.strip()
            if len(CJK.findall(line)) >= 15:
                out.add(line.rstrip("。.:：,，") + "。")
    return sorted(out)


def main():
    exe, locale, trials = sys.argv[1], sys.argv[2], int(sys.argv[3])
    pool = lines(locale)
    rng = random.Random(11)
    totals = {}
    with tempfile.TemporaryDirectory() as tmp:
        o_path, r_path = Path(tmp) / "o.txt", Path(tmp) / "r.txt"
        for _ in range(trials):
            drawn = rng.sample(pool, 13)
            original, others = drawn[:8], drawn[8:]
            copied = rng.sample(original, 3)
            rewrite = copied + others
            rng.shuffle(rewrite)
            o_path.write_text("\n\n".join(original) + "\n", encoding="utf-8")
            r_text = "\n\n".join(rewrite) + "\n"
            r_path.write_text(r_text, encoding="utf-8")
            data = r_text.encode("utf-8")
            truth = []
            for line in copied:
                start = data.index(line.encode("utf-8"))
                truth.append((start, start + len(line.encode("utf-8"))))
            true_bytes = sum(e - s for s, e in truth)
            for spec in os.environ.get("SPECS", "word:1 word:2 char:2").split():
                run = subprocess.run(
                    [exe, "compare", str(o_path), str(r_path), "--format", "json", "--shingle", spec],
                    capture_output=True,
                )
                if run.returncode not in (0, 1):
                    raise SystemExit(run.stderr.decode())
                report = json.loads(run.stdout)
                t = totals.setdefault(spec, {"matches": 0, "false": 0, "hit": 0, "matched": 0, "true": 0})
                t["true"] += true_bytes
                covered = set()
                for m in report["matches"]:
                    s, e = m["rewrite"]["start"], m["rewrite"]["end"]
                    t["matches"] += 1
                    t["matched"] += e - s
                    inside = sum(max(0, min(e, te) - max(s, ts)) for ts, te in truth)
                    t["hit"] += inside
                    if inside == 0:
                        t["false"] += 1
                    for ts, te in truth:
                        covered.update(range(max(s, ts), min(e, te)))
                t.setdefault("recalled", 0)
                t["recalled"] += len(covered)
    print(f"{locale}: {len(pool)} lines, {trials} trials")
    for spec, t in totals.items():
        precision = t["hit"] / t["matched"] if t["matched"] else 1.0
        recall = t["recalled"] / t["true"]
        print(
            f"  {spec}: {t['matches']} matches, {t['false']} touching no copied line, "
            f"precision {precision:.3f}, recall {recall:.3f}"
        )


if __name__ == "__main__":
    main()
