"""Connected components (large-star / small-star on DataFrames) against a
union-find, on graphs that break naive implementations: long chains in
every label order, stars from both ends, complete graphs, combs, trees,
duplicate edges and self loops, and random sparse graphs."""

import random

import neardup_spark


def union_find(edges):
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in parent}


def graphs():
    rng = random.Random(3)
    n = 300
    chain = [(i, i + 1) for i in range(n)]
    perm = list(range(n + 1))
    rng.shuffle(perm)
    yield "chain", chain
    yield "chain, labels reversed", [(n - a, n - b) for a, b in chain]
    yield "chain, labels shuffled", [(perm[a], perm[b]) for a, b in chain]
    yield "chain, alternating labels", [(2 * i if i % 2 else 2 * i + 1, 2 * i + 2) for i in range(n)]
    yield "star from the smallest", [(0, i) for i in range(1, 200)]
    yield "star from the largest", [(1000, i) for i in range(200)]
    yield "complete", [(a, b) for a in range(25) for b in range(a + 1, 25)]
    yield "comb", [(i, i + 1) for i in range(0, 100, 2)] + [(i, i + 1000) for i in range(100)]
    yield "binary tree", [(i, 2 * i + 1) for i in range(127)] + [(i, 2 * i + 2) for i in range(127)]
    yield "duplicates and self loops", [(1, 2), (2, 1), (1, 2), (3, 3), (2, 3), (5, 5), (5, 6)]
    yield "two chains meeting at the end", [(i, i + 1) for i in range(0, 100)] + [(i, i + 1) for i in range(200, 300)] + [(100, 300)]
    yield "negative and huge ids", [(-(2**62), 2**62), (2**62, 7), (-5, -6)]
    for k in range(3):
        m = 400
        yield f"random sparse {k}", [(rng.randrange(m), rng.randrange(m)) for _ in range(m // 2 + 100 * k)]


def test_components_equal_union_find(spark):
    for name, edges in graphs():
        df = spark.createDataFrame(edges, "a bigint, b bigint")
        got = {r.node: r.comp for r in neardup_spark.connected_components(df).collect()}
        want = {x: c for x, c in union_find([(a, b) for a, b in edges if a != b]).items()}
        # A self loop alone is no component (no edge between two nodes).
        assert got == want, name
