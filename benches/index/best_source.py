#!/usr/bin/env python3
"""What reporting each query passage against its best source only would do
to source precision and recall on the PAN 2013 text-alignment corpus.

Reads `neardup find --format jsonl` output for suspicious documents of the
corpus (one query object per line) and the corpus's gold, and prints:

1. how the reported (suspicious, source) pairs that are not gold pairs
   break down: matched query text mostly inside a passage another reported
   source also matches (a second source of the same text), or in a region
   of the query of its own (scored >= 0.8 or below);
2. source precision and recall per sub-corpus if a source were kept only
   when, for some query passage it matches, its score is within MARGIN of
   the best score any reported source has for that passage (per matched
   passage span, and per passage link).

Usage (docs/index.md, "Source precision"):

    neardup index add pan.ndx CORPUS/src -q
    neardup find pan.ndx $(cat queries.list) --preset pan --format jsonl > found.jsonl
    python3 benches/index/best_source.py CORPUS found.jsonl
"""

import collections
import json
import os
import re
import sys


def read_gold(corpus):
    """(suspicious, source) pairs with a plagiarism case; each suspicious
    document's sub-corpus."""
    sub_of, gold = {}, set()
    for sub in sorted(d for d in os.listdir(corpus) if d[:2].isdigit()):
        with open(os.path.join(corpus, sub, "pairs")) as f:
            for line in f:
                susp, src = line.split()
                sub_of[susp] = sub
                xml = os.path.join(corpus, sub, f"{susp[:-4]}-{src[:-4]}.xml")
                with open(xml) as x:
                    if re.search(r'name="plagiarism"', x.read()):
                        gold.add((susp, src))
    return sub_of, gold


def passage_scores(source, by_links):
    """Query passage index -> this source's best score for it."""
    scores = {}
    for m in source["matches"]:
        if by_links and m["links"]:
            pairs = [(link["rewrite"], link["score"]) for link in m["links"]]
        else:
            r = m["rewrite"]
            pairs = [(p, m["score"]) for p in range(r["first_passage"], r["last_passage"] + 1)]
        for p, s in pairs:
            scores[p] = max(scores.get(p, 0.0), s)
    return scores


def overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def main():
    corpus, found = sys.argv[1], sys.argv[2]
    sub_of, gold = read_gold(corpus)
    with open(found) as f:
        queries = [json.loads(line) for line in f]

    kinds = collections.Counter()
    for q in queries:
        qn = os.path.basename(q["path"])
        spans = {
            os.path.basename(s["path"]): [(m["rewrite"]["start"], m["rewrite"]["end"]) for m in s["matches"]]
            for s in q["sources"]
        }
        for s in q["sources"]:
            name = os.path.basename(s["path"])
            if (qn, name) in gold:
                kinds["gold"] += 1
                continue
            mine = spans[name]
            others = [sp for n, v in spans.items() if n != name for sp in v]
            total = sum(e - b for b, e in mine) or 1
            shared = sum(max([overlap(a, b) for b in others] or [0]) for a in mine)
            if shared >= total / 2:
                kinds["not gold: text another reported source also matches"] += 1
            elif s["score"] >= 0.8:
                kinds["not gold: own region, score >= 0.8"] += 1
            else:
                kinds["not gold: own region, score < 0.8"] += 1
    print(f"{len(queries)} queries, {sum(kinds.values())} reported pairs")
    for k, v in sorted(kinds.items()):
        print(f"  {k}: {v}")

    print("rule                      reported  gold  precision  recall per sub-corpus")
    for by_links in (False, True):
        for margin in ((0.1, 0.05, 0.02, 0.0) if by_links else (None, 0.1, 0.05, 0.02, 0.0)):
            reported = hits = 0
            found_by, gold_by = collections.Counter(), collections.Counter()
            for q in queries:
                qn = os.path.basename(q["path"])
                per = {os.path.basename(s["path"]): passage_scores(s, by_links) for s in q["sources"]}
                best = collections.defaultdict(float)
                for sc in per.values():
                    for p, v in sc.items():
                        best[p] = max(best[p], v)
                kept = {
                    n
                    for n, sc in per.items()
                    if margin is None or any(v >= best[p] - margin for p, v in sc.items())
                }
                golds = {b for (a, b) in gold if a == qn}
                sub = sub_of[qn][:2]
                reported += len(kept)
                hits += len(kept & golds)
                found_by[sub] += len(kept & golds)
                gold_by[sub] += len(golds)
            rule = "every source" if margin is None else f"best {'link' if by_links else 'match'} - {margin}"
            recall = " ".join(f"{s}:{found_by[s] / gold_by[s]:.3f}" for s in sorted(gold_by) if gold_by[s])
            print(f"{rule:<25} {reported:>8} {hits:>5} {hits / max(reported, 1):>10.3f}  {recall}")


if __name__ == "__main__":
    main()
