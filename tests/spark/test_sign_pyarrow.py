"""`neardup sign`'s output as pyarrow reads it, without Spark: the types
Spark accepts back from mapInArrow (int64, not uint64; list, not
fixed_size_list), the params in the schema metadata, an empty stream."""

import json

import pytest

from conftest import need, run


@pytest.fixture(scope="module")
def pa():
    try:
        import pyarrow
    except ImportError as e:
        need("pyarrow", False, f"pip install pyarrow ({e})")
    return pyarrow


def test_schema_types_and_metadata(pa, neardup, corpus):
    done = run([neardup, "sign", str(corpus / "odd"), "-q"])
    assert done.returncode == 0, done.stderr.decode()
    table = pa.ipc.open_stream(done.stdout).read_all()
    types = {f.name: f.type for f in table.schema}
    assert types["sig"] == pa.list_(pa.int64()) and types["bands"] == pa.list_(pa.int64())
    assert types["content"] == pa.int64() and types["n"] == pa.int32() and types["id"] == pa.string()
    for t in types.values():
        assert not pa.types.is_unsigned_integer(t) and not pa.types.is_fixed_size_list(t)
    params = json.loads(table.schema.metadata[b"neardup:params"])
    assert params["perms"] == 128 and params["bands"] * params["rows"] <= 128
    rows = table.to_pylist()
    assert {r["skip"] for r in rows} >= {"empty", "too_short", "binary"}
    assert all((r["n"] == 0) == (r["sig"] == []) for r in rows)


def test_empty_and_binary_streams(pa, neardup):
    schema = pa.schema([("id", pa.string()), ("text", pa.binary())])
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, schema) as w:
        pass
    done = run([neardup, "sign"], stdin=sink.getvalue().to_pybytes())
    assert done.returncode == 0, done.stderr.decode()
    empty = pa.ipc.open_stream(done.stdout).read_all()
    assert empty.num_rows == 0 and "sig" in empty.schema.names
    sink = pa.BufferOutputStream()
    text = b"one two three four five six seven eight nine ten"
    with pa.ipc.new_stream(sink, schema) as w:
        w.write_batch(pa.record_batch([pa.array(["a", "b"]), pa.array([text, b"\xff\xfe" + text.decode().encode("utf-16-le") + b"\x00\xd8"])], schema=schema))
    done = run([neardup, "sign"], stdin=sink.getvalue().to_pybytes())
    rows = pa.ipc.open_stream(done.stdout).read_all().to_pylist()
    assert [r["lossy"] for r in rows] == [False, True]
    assert rows[0]["n"] == 6 and len(rows[0]["sig"]) == 128
