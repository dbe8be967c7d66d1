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
    n = 200
    chain = [(i, i + 1) for i in range(n)]
    perm = list(range(n + 1))
    rng.shuffle(perm)
    yield "chain", chain
    yield "chain, labels reversed", [(n - a, n - b) for a, b in chain]
    yield "chain, labels shuffled", [(perm[a], perm[b]) for a, b in chain]
    zigzag = [j // 2 if j % 2 == 0 else n - j // 2 for j in range(n + 1)]
    yield "chain, labels zigzag", [(zigzag[j], zigzag[j + 1]) for j in range(n)]
    yield "star from the smallest", [(0, i) for i in range(1, 200)]
    yield "star from the largest", [(1000, i) for i in range(200)]
    yield "complete", [(a, b) for a in range(25) for b in range(a + 1, 25)]
    yield "comb", [(i, i + 1) for i in range(0, 100, 2)] + [(i, i + 1000) for i in range(100)]
    yield "binary tree", [(i, 2 * i + 1) for i in range(127)] + [(i, 2 * i + 2) for i in range(127)]
    yield "duplicates and self loops", [(1, 2), (2, 1), (1, 2), (3, 3), (2, 3), (5, 5), (5, 6)]
    yield "two chains meeting at the end", [(i, i + 1) for i in range(0, 100)] + [(i, i + 1) for i in range(200, 300)] + [(100, 300)]
    for k in range(3):
        m = 400
        yield f"random sparse {k}", [(rng.randrange(m), rng.randrange(m)) for _ in range(m // 2 + 100 * k)]


def components(spark, edges):
    df = spark.createDataFrame(edges, "a bigint, b bigint")
    return {r.node: r.comp for r in neardup_spark.connected_components(df).collect()}


def test_components_equal_union_find(spark):
    # All graphs in one run (each round is a few Spark jobs): each graph's
    # labels are moved into a range of their own by an order-preserving
    # shift, so every graph keeps its adversarial label order.
    named = list(graphs())
    edges, ranges = [], []
    for k, (name, es) in enumerate(named):
        low = min(min(a, b) for a, b in es)
        offset = k << 40
        edges += [(offset + a - low, offset + b - low) for a, b in es]
        ranges.append((name, offset))
    got = components(spark, edges)
    want = union_find([(a, b) for a, b in edges if a != b])
    for name, offset in ranges:
        part = lambda d: {x: c for x, c in d.items() if offset <= x < offset + (1 << 40)}  # noqa: E731
        assert part(got) == part(want), name
    assert got == want
    # Labels at the ends of the bigint range, as given.
    extreme = [(-(2**63), 2**63 - 1), (2**63 - 1, 7), (-5, -6)]
    assert components(spark, extreme) == union_find(extreme)
