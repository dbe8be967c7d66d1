#!/usr/bin/env python3
"""Article-level precision and recall of compare on the paraphrase sets.

Each seeded trial takes 6 topics of LANG.tsv (a topic: a sentence with its
paraphrase and, for most, a sentence of the same frame that says something
else, the hard negative) and writes an original of the 6 first sentences
and a rewrite, shuffled, of 3 paraphrases and 3 hard negatives (topics
without a negative give their paraphrase). A matched rewrite byte inside a
paraphrase counts towards recall, one inside a hard negative is a false
link (precision by bytes). Usage:

    python3 tests/language/paraphrase/articles.py NEARDUP LANG TRIALS [SPEC...]
"""
import json, os, random, subprocess, sys, tempfile

nd, lang, trials = sys.argv[1], sys.argv[2], int(sys.argv[3])
specs = sys.argv[4:] or ['']
here = os.path.dirname(os.path.abspath(__file__))
rows = [l.rstrip('\n').split('\t') for l in open(os.path.join(here, lang + '.tsv'), encoding='utf-8')][1:]
para = {a: b for q, _, _, a, b in rows if q == '1'}
neg = {a: b for q, _, _, a, b in rows if q == '0'}
topics = sorted(para)
sep = '' if lang in ('zh', 'ja') else ' '
tmp = tempfile.mkdtemp()
total = {s: [0, 0, 0, 0] for s in specs}  # true, false, paraphrase bytes, matches
for t in range(trials):
    rng = random.Random(t)
    chosen = rng.sample(topics, 6)
    with_neg = [a for a in chosen if a in neg]
    negs = set(rng.sample(with_neg, min(3, len(with_neg))))
    original = '\n\n'.join(chosen) + '\n'
    parts = [(neg[a], False) if a in negs else (para[a], True) for a in chosen]
    rng.shuffle(parts)
    rewrite, spans = '', []
    for i, (s, is_para) in enumerate(parts):
        if i:
            rewrite += '\n\n'
        start = len(rewrite.encode())
        rewrite += s
        spans.append((start, len(rewrite.encode()), is_para))
    rewrite += '\n'
    po, pr = os.path.join(tmp, 'o.txt'), os.path.join(tmp, 'r.txt')
    open(po, 'w', encoding='utf-8').write(original)
    open(pr, 'w', encoding='utf-8').write(rewrite)
    for s in specs:
        out = subprocess.run([nd, 'compare', po, pr, '--format', 'json'] + s.split(),
                             capture_output=True, text=True).stdout
        j = json.loads(out)
        covered = set()
        for m in j['matches']:
            for l in m['links']:
                covered.update(range(l['rewrite_start'], l['rewrite_end']))
        tot = total[s]
        for a, b, is_para in spans:
            inside = len(covered & set(range(a, b)))
            if is_para:
                tot[0] += inside
                tot[2] += b - a
            else:
                tot[1] += inside
        tot[3] += len(j['matches'])
for s in specs:
    tp, fp, pb, m = total[s]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / pb if pb else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f'{lang} {s or "default"}: precision {p:.3f} recall {r:.3f} F1 {f:.3f} ({m} matches, {trials} trials)')
