import random, glob, sys
random.seed(7)
target = int(sys.argv[1])
texts = []
for f in sorted(glob.glob('/work/shared/data/gutenberg-nltk-selection/*.txt')) + sorted(glob.glob('/work/shared/data/bbc-news/*/*.txt'))[:2000]:
    texts.append(open(f, encoding='utf-8', errors='replace').read())
paras = [p for t in texts for p in t.split('\n\n') if len(p) > 40]
orig = []
size = 0
i = 0
while size < target:
    p = paras[i % len(paras)]
    if i >= len(paras):
        p = p.replace('the', 'that', 1)  # avoid exact repeats on wrap
    orig.append(p); size += len(p.encode()) + 2; i += 1
words = [w for p in paras[:3000] for w in p.split()]
rew = []
for p in orig:
    r = random.random()
    if r < 0.1: continue
    if r < 0.3:
        ws = p.split()
        for k in range(len(ws)):
            if random.random() < 0.2: ws[k] = random.choice(words)
        p = ' '.join(ws)
    rew.append(p)
    if random.random() < 0.05: rew.append(random.choice(paras))
for k in range(len(rew) // 20):
    a, b = random.randrange(len(rew)), random.randrange(len(rew))
    rew[a], rew[b] = rew[b], rew[a]
open(sys.argv[2], 'w').write('\n\n'.join(orig))
open(sys.argv[3], 'w').write('\n\n'.join(rew))
