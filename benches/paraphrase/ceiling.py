#!/usr/bin/env python3
"""How far lexical evidence can go: the best recall at a given precision
that the scorer's measures reach on labelled pairs, alone and fitted
together (logistic regression, cross-validated), so that the aligner's own
figures can be read against a ceiling (docs/accuracy.md, "What the words
can carry").

Input: the TSV of `examples/score_features.rs`:

    cargo run --release --example score_features -- pan10 ../shared/data/pan10-paraphrase-train > pan10.tsv
    cargo run --release --example score_features -- pairs corpus/pairs/* > pairs.tsv
    python3 benches/paraphrase/ceiling.py pan10.tsv 0.94
    python3 benches/paraphrase/ceiling.py pairs.tsv 0.95

`pan10` rows are whole pairs (the original against the whole rewrite);
`pairs` rows are every sentence pair of every written article pair, folds
split by article, with each pair's best-partner margins as features.
Needs numpy and scikit-learn (e.g. in a venv: pip install numpy scikit-learn).
"""
import collections
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_curve, roc_auc_score
from sklearn.model_selection import GroupKFold, StratifiedKFold, cross_val_predict

# Weights::ARTICLE (src/compare/score.rs), without the clash term.
OVERLAP, COVER, ORDER = 0.35, 0.4, 0.25


def recall_at(y, score, precision):
    p, r, _ = precision_recall_curve(y, score)
    ok = p >= precision
    return float(r[ok].max()) if ok.any() else 0.0


def margins(keys, raw):
    """Each pair's score minus the best other score of its row and of its
    column (positive: the pair is that passage's best partner)."""
    rows, cols = collections.defaultdict(list), collections.defaultdict(list)
    for k, (doc, i, j) in enumerate(keys):
        rows[(doc, i)].append(raw[k])
        cols[(doc, j)].append(raw[k])

    def margin(values, v):
        s = sorted(values, reverse=True)
        other = s[1] if s[0] == v and len(s) > 1 else (s[0] if s[0] != v else 0.0)
        return v - other

    mo = [margin(rows[(d, i)], raw[k]) for k, (d, i, _) in enumerate(keys)]
    mr = [margin(cols[(d, j)], raw[k]) for k, (d, _, j) in enumerate(keys)]
    return np.array(mo), np.array(mr)


def main():
    path, precision = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 0.94
    rows = [line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8")][1:]
    y = np.array([int(r[0]) for r in rows])
    x = np.array([[float(v) for v in r[1:7]] for r in rows])
    raw = np.clip(OVERLAP * x[:, 0] + COVER * x[:, 1] + ORDER * x[:, 2], 0, 1)
    print(f"{path}: {len(y)} pairs, {y.sum()} positive; recall at precision >= {precision}")
    for name, col in (("overlap (Jaccard)", x[:, 0]), ("cover", x[:, 1]), ("order", x[:, 2]), ("score", raw)):
        print(f"  {name:<28} AUC {roc_auc_score(y, col):.3f}  recall {recall_at(y, col, precision):.3f}")
    features = [x, raw[:, None]]
    extra = rows[0][7]
    if extra.count(":") == 2:  # sentence pairs of articles: add best-partner margins
        keys = [(r[7].split(":")[0], int(r[7].split(":")[1]), int(r[7].split(":")[2])) for r in rows]
        mo, mr = margins(keys, raw)
        features += [mo[:, None], mr[:, None], np.minimum(mo, mr)[:, None]]
        groups = np.array([k[0] for k in keys])
        folds = list(GroupKFold(5).split(x, y, groups))
    else:
        folds = list(StratifiedKFold(5, shuffle=True, random_state=0).split(x, y))
    f = np.hstack(features)
    fitted = cross_val_predict(LogisticRegression(max_iter=5000), f, y, cv=folds, method="predict_proba")[:, 1]
    print(f"  {'all fitted (5-fold)':<28} AUC {roc_auc_score(y, fitted):.3f}  recall {recall_at(y, fitted, precision):.3f}")


if __name__ == "__main__":
    main()
