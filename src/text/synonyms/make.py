#!/usr/bin/env python3
"""Rebuilds en.txt, neardup's English synonym groups, from WordNet 3.0,
and en-irregular.txt, the irregular forms that stand for a word of them.

Usage (Debian: apt-get install wordnet-base):
    python3 src/text/synonyms/make.py > src/text/synonyms/en.txt
    python3 src/text/synonyms/make.py irregular > src/text/synonyms/en-irregular.txt

Irregular forms come from WordNet's verb exception list (verb.exc: "rose
rise", "bought buy"): a form is kept when it and its base are plain words
and the base is in some group, so that a stemmer's blind spot ("bought"
does not stem to "buy") does not hide a synonym ("bought" / "purchased").
Noun and adjective forms (noun.exc, adj.exc) were tried and left out: they
flagged more unrelated PAN 2013 pairs (docs/accuracy.md). neardup gives a
form its base's groups only when the form is no word of the table itself.

Each lemma (single word, lower case, 3+ letters) is taken for its SENSES
most frequent senses only (WordNet's index files list a lemma's synsets by
frequency of use), so rare senses ("buy" as "bribe") do not link everyday
words. For each such sense, one group holds:

- the sense's synset (its lemmas: "buy", "purchase");
- for nouns and verbs, the lemmas of its direct hypernyms ("jury" with
  "panel", "stroll" with "walk"): a rewrite often says the general word;
- for adjectives, the lemmas of the synsets it is "similar to"
  ("huge" with "large").

and each derivationally related pair of the sense ("decide" / "decision")
is a group of two. Groups of fewer than two lemmas are dropped. Output is
sorted, so a rebuild from the same WordNet is byte-identical.
"""
import collections
import re

WORDNET = "/usr/share/wordnet"
SENSES = 2
POS_FILE = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}


def word_ok(w):
    return re.fullmatch(r"[a-z]{3,}", w) is not None


def read_data(pos):
    """offset -> (lemmas, pointers (symbol, offset, pos, source/target))"""
    synsets = {}
    with open(f"{WORDNET}/data.{pos}", encoding="latin-1") as data:
        for line in data:
            if line.startswith("  "):  # licence header
                continue
            f = line.split(" ")
            n = int(f[3], 16)
            lemmas = [f[4 + 2 * i].lower() for i in range(n)]
            p = 4 + 2 * n
            pointers = [tuple(f[p + 1 + 4 * i:p + 5 + 4 * i]) for i in range(int(f[p]))]
            synsets[f[0]] = (lemmas, pointers)
    return synsets


data = {pos: read_data(pos) for pos in ["noun", "verb", "adj", "adv"]}
groups = collections.defaultdict(set)
for pos in ["noun", "verb", "adj", "adv"]:
    with open(f"{WORDNET}/index.{pos}", encoding="latin-1") as index:
        for line in index:
            if line.startswith("  "):
                continue
            fields = line.split()
            lemma = fields[0]
            if not word_ok(lemma):
                continue
            rest = fields[4 + int(fields[3]):]  # after the pointer symbols
            senses = rest[2:2 + int(rest[0])]
            for offset in senses[:SENSES]:
                group = groups[(pos, offset)]
                group.add(lemma)
                lemmas, pointers = data[pos][offset]
                for symbol, target, target_pos, source_target in pointers:
                    other = data[POS_FILE[target_pos]][target][0]
                    if symbol == "@" and pos in ("noun", "verb"):
                        group.update(w for w in other if word_ok(w))
                    elif symbol == "&" and pos == "adj":
                        group.update(w for w in other if word_ok(w))
                    elif symbol == "+" and source_target != "0000":
                        source = int(source_target[:2], 16)
                        derived = other[int(source_target[2:], 16) - 1]
                        if lemmas[source - 1] == lemma and word_ok(derived):
                            groups[("+", lemma, derived)].update([lemma, derived])

import sys

if sys.argv[1:] == ["irregular"]:
    grouped = {w for g in groups.values() if len(g) >= 2 for w in g}
    pairs = set()
    for pos in ["verb"]:
        with open(f"{WORDNET}/{pos}.exc", encoding="latin-1") as exc:
            for line in exc:
                form, *bases = line.split()
                for base in bases:
                    if form != base and word_ok(form) and word_ok(base) and base in grouped:
                        pairs.add((form, base))
    print("# neardup English irregular forms, one 'form base' per line; built by")
    print("# make.py from WordNet 3.0's exception lists. WordNet 3.0 Copyright 2006")
    print("# by Princeton University. All rights reserved. Licence: LICENSE-WordNet.")
    for form, base in sorted(pairs):
        print(form, base)
    sys.exit(0)

print("# neardup English synonym groups, one per line; built by make.py from")
print("# WordNet 3.0. WordNet 3.0 Copyright 2006 by Princeton University.")
print("# All rights reserved. Licence: LICENSE-WordNet (in this folder).")
for line in sorted({" ".join(sorted(g)) for g in groups.values() if len(g) >= 2}):
    print(line)
