"""Sentences and paragraphs per language from Debian's translated man pages.

For each language folder under /usr/share/man, every page of sections 1, 5,
7 and 8 (sorted by name) is rendered with `man -l` (plain text, no
hyphenation), and prose paragraphs (>= 20 words, mostly letters) are
collected; a paragraph's first sentence (5-30 words) is the one-sentence
sample. Paragraphs left untranslated (more English stop words than the
language's own, NLTK lists) are dropped. Up to N of each per language.

    apt-get install -y manpages manpages-da manpages-de manpages-el manpages-es \
        manpages-fi manpages-fr manpages-hu manpages-it manpages-nb manpages-nl \
        manpages-pt-br manpages-ro manpages-ru manpages-sv manpages-tr
    python3 tests/language/extract_manpages.py STOP_WORDS_DIR OUT.json

STOP_WORDS_DIR is the `src/nltk` folder of the stop-words crate in the cargo
registry (~/.cargo/registry/src/*/stop-words-*/src/nltk).
"""
import glob, gzip, os, re, subprocess, sys, json, random
N = 300
LANGS = {"da":"da","de":"de","el":"el","es":"es","fi":"fi","fr":"fr","hu":"hu","it":"it","nb":"no","nl":"nl","pt_BR":"pt","ro":"ro","ru":"ru","sv":"sv","tr":"tr","":"en"}
NAMES = {"da": "danish", "de": "german", "el": "greek", "es": "spanish", "fi": "finnish",
         "fr": "french", "hu": "hungarian", "it": "italian", "no": "norwegian", "nl": "dutch",
         "pt": "portuguese", "ro": "romanian", "ru": "russian", "sv": "swedish", "tr": "turkish",
         "en": "english"}
STOP = {k: set(open(os.path.join(sys.argv[1], v)).read().split()) for k, v in NAMES.items()}
def render(path):
    env = dict(os.environ, MANWIDTH="100000", MAN_KEEP_FORMATTING="0", LC_ALL="C.UTF-8")
    try:
        out = subprocess.run(["man", "--nh", "--nj", "-l", path], capture_output=True, env=env, timeout=20).stdout
        out = subprocess.run(["col", "-b"], input=out, capture_output=True).stdout
        return out.decode("utf-8", "replace")
    except Exception:
        return ""
def words(s): return re.findall(r"\w+", s.lower())
def own(text, code):
    w = words(text)
    o = sum(x in STOP[code] for x in w); e = sum(x in STOP["en"] for x in w)
    return o >= 2 and o > e if code != "en" else True
out = {}
for folder, code in LANGS.items():
    base = f"/usr/share/man/{folder}" if folder else "/usr/share/man"
    files = sorted(sum((glob.glob(f"{base}/man{s}/*.gz") for s in "1578"), []))
    random.Random(7).shuffle(files)
    paras, sents = [], []
    for f in files:
        if len(paras) >= N and len(sents) >= N: break
        for p in render(f).split("\n\n"):
            p = " ".join(p.split())
            w = words(p)
            if len(w) < 20 or sum(c.isalpha() for c in p) < 0.7 * len(p) or not own(p, code):
                continue
            if len(paras) < N: paras.append(p)
            m = re.match(r"(.+?[.!?;:])(\s|$)", p)
            if m and 5 <= len(words(m.group(1))) <= 30 and len(sents) < N and own(m.group(1), code) | (code=="en"):
                sents.append(m.group(1))
            break  # one paragraph per page: many pages, less repetition
    out[code] = {"sentences": sents, "paragraphs": paras}
    print(code, len(files), len(sents), len(paras), file=sys.stderr)
json.dump(out, open(sys.argv[2], "w"), ensure_ascii=False)
