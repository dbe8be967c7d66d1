#!/usr/bin/python3
"""Planted near-duplicates in real Chinese, Japanese, Thai and English text,
to see what a scan's threshold means in each (docs/languages.md, "Scan's
default reads dictionary words too").

Bases: the Chinese and Japanese manual pages of Debian's manpages-zh and
manpages-ja (roff stripped), Thai documents of 30 lines of the installed
Thai message catalogues, English BBC News articles of ../shared/data; a
base sharing more than a fifth of its 10-character (Thai 15, English
5-word) grams with an earlier one is dropped, so unrelated bases are not
near-duplicates of each other. Each base gets one edited copy: a share of
its sentences replaced by sentences of another document (`sent:R`), or a
share of its words replaced by words of another document (`tok:R`; words
from ICU's dictionary word breaker, python3-icu). Then
`neardup scan DIR --exact --threshold 0.5 --format json` and, per edit, how
many copies are found at the default threshold 0.8 and their mean exact
similarity (0 when under 0.5).

Needs Debian's python3-icu, manpages-zh, manpages-ja (run with
/usr/bin/python3). Usage:

    /usr/bin/python3 tests/language/scan_planted.py NEARDUP DIR [SCAN FLAGS...]
"""
import collections, glob, gzip, gettext, icu, json, os, random, re, statistics, subprocess, sys

nd, out, flags = sys.argv[1], sys.argv[2], sys.argv[3:]
rng = random.Random(1)

def roff_text(path):
    lines = []
    with gzip.open(path, 'rt', errors='replace') as f:
        for l in f:
            l = l.rstrip('\n')
            if l.startswith(('.\\"', "'\\\"")): continue
            if l.startswith('.'):
                m = re.match(r'\.(?:SH|SS|B|I|BI|BR|IR|RB|RI|IP|TP|TH)\s+(.*)', l)
                if not m: continue
                l = m.group(1).replace('"', '')
            l = re.sub(r'\\f[BIRP]|\\f\(..|\\\*\(..|\\[&|^]', '', l)
            l = l.replace('\\-', '-').replace('\\e', '\\').replace('\\ ', ' ')
            lines.append(l)
    return '\n'.join(lines)

def cjk(c):
    return '\u3040' <= c <= '\u30ff' or '\u4e00' <= c <= '\u9fff'
def thai(c):
    return '\u0e00' <= c <= '\u0e7f'

def docs_man(locale):
    docs = []
    for p in sorted(glob.glob(f'/usr/share/man/{locale}/man*/*.gz')):
        t = roff_text(p)
        if sum(map(cjk, t)) >= 400:
            docs.append(t)
    return docs

def docs_thai():
    lines = []
    for p in sorted(glob.glob('/usr/share/locale/th/LC_MESSAGES/*.mo')):
        if 'iso_' in p: continue
        try:
            cat = gettext.GNUTranslations(open(p, 'rb'))._catalog
        except Exception:
            continue
        for k, v in cat.items():
            if isinstance(v, str) and sum(map(thai, v)) >= 15:
                lines.append(v.replace('\n', ' '))
    lines = sorted(set(lines))
    rng.shuffle(lines)
    return ['\n'.join(lines[i:i + 30]) for i in range(0, len(lines) - 30, 30)]

def docs_en():
    files = sorted(glob.glob('/work/shared/data/bbc-news/**/*.txt', recursive=True))
    rng.shuffle(files)
    return [open(f, encoding='utf-8', errors='replace').read() for f in files[:400]]

SENT = re.compile(r'(?<=[。！？!?.\n])')
def sentences(t):
    return [s for s in SENT.split(t) if s.strip()]

def edit_sentences(t, f, donor):
    s = sentences(t)
    ds = sentences(donor)
    k = max(1, round(f * len(s)))
    for i in rng.sample(range(len(s)), min(k, len(s))):
        s[i] = rng.choice(ds)
    return ''.join(s)

def edit_tokens(t, q, donor, lang):
    if lang == 'en':
        w = t.split(' ')
        dw = donor.split()
        k = max(1, round(q * len(w)))
        for i in rng.sample(range(len(w)), k):
            w[i] = rng.choice(dw)
        return ' '.join(w)
    isl = thai if lang == 'th' else cjk
    w = segment(t, lang)
    dw = [x for x in segment(donor, lang) if all(map(isl, x))]
    pos = [i for i, x in enumerate(w) if all(map(isl, x))]
    k = max(1, round(q * len(pos)))
    for i in rng.sample(pos, min(k, len(pos))):
        w[i] = rng.choice(dw)
    return ''.join(w)

def segment(t, lang):
    bi = icu.BreakIterator.createWordInstance(icu.Locale(lang))
    bi.setText(t)
    b = [0] + list(bi)
    return [t[x:y] for x, y in zip(b, b[1:])]


SETTINGS = [('sent', 0.05), ('sent', 0.1), ('sent', 0.2), ('tok', 0.02), ('tok', 0.05), ('tok', 0.1), ('tok', 0.2), ('tok', 0.03)]
def plant():
    for lang, docs in [('zh', docs_man('zh_CN')), ('ja', docs_man('ja')), ('th', docs_thai()), ('en', docs_en())]:
        docs = list(dict.fromkeys(docs))
        rng.shuffle(docs)
        seen, kept = set(), []
        for doc in docs:
            if lang == 'en':
                ws = doc.split()
                g = {tuple(ws[i:i + 5]) for i in range(len(ws) - 5)}
            else:
                n = 15 if lang == 'th' else 10
                g = {doc[i:i + n] for i in range(len(doc) - n)}
            if g and len(g & seen) <= 0.2 * len(g):
                kept.append(doc)
                seen |= g
        docs = kept
        d = os.path.join(out, lang)
        os.makedirs(d, exist_ok=True)
        truth = {}
        per = len(docs) // (len(SETTINGS) + 1)
        n = 0
        for si, (kind, rate) in enumerate(SETTINGS):
            for b in range(per):
                base = docs[si * per + b]
                donor = docs[len(SETTINGS) * per + (b % per)]
                v = edit_sentences(base, rate, donor) if kind == 'sent' else edit_tokens(base, rate, donor, lang)
                a, bb = f'{n:04d}a.txt', f'{n:04d}b.txt'
                open(os.path.join(d, a), 'w').write(base)
                open(os.path.join(d, bb), 'w').write(v)
                truth[n] = f'{kind}:{rate}'
                n += 1
        json.dump(truth, open(os.path.join(out, lang + '.truth.json'), 'w'))
        print(lang, len(docs), 'docs', n, 'families', 'per setting', per)


def evaluate(lang):
    truth = {int(k): v for k, v in json.load(open(f'{out}/{lang}.truth.json')).items()}
    r = subprocess.run([nd, 'scan', f'{out}/{lang}', '--format', 'json', '-q', '--threshold', '0.5',
                        '--exact', *flags], capture_output=True, text=True)
    j = json.loads(r.stdout)
    sims, false5, false8 = {}, 0, 0
    for p in j['pairs']:
        a, b = p['a'].rsplit('/', 1)[1], p['b'].rsplit('/', 1)[1]
        if a[:4] == b[:4]:
            sims[int(a[:4])] = p['similarity']
        else:
            false5 += 1
            false8 += p['similarity'] >= 0.8
    by = collections.defaultdict(list)
    for n, s in truth.items():
        by[s].append(sims.get(n, 0.0))
    print(lang, ' '.join(flags) or 'default', '| documents', j['summary']['documents'],
          '| pairs of different bases >= 0.5:', false5, '>= 0.8:', false8)
    for s in sorted(by, key=lambda x: (x.split(':')[0], float(x.split(':')[1]))):
        v = by[s]
        print(f'   {s}: found at 0.8 {sum(x >= 0.8 for x in v)}/{len(v)}, mean similarity {statistics.mean(v):.3f}')


if not os.path.exists(os.path.join(out, 'en.truth.json')):
    plant()
for lang in ['en', 'zh', 'ja', 'th']:
    evaluate(lang)
