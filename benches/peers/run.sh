#!/usr/bin/env bash
# neardup beside datasketch, rensa and gaoya on one corpus (see peers.py).
#
#   benches/peers/run.sh [SIZE] [peers.py options]     e.g. benches/peers/run.sh 50MB --runs 3
#   SEED=2 benches/peers/run.sh 20MB                    another corpus
#   benches/peers/run.sh --real ../shared/data 40MB     real text (bench --real)
#
# Makes a Python virtual environment in target/peers/venv and installs the
# pinned datasketch, rensa and gaoya from PyPI into it (network needed the
# first time), builds neardup in release mode, generates a corpus of SIZE
# (default 20MB) with `neardup bench --keep target/peers/corpus
# --generate-only` (with --real DIR: cut from the real text under DIR), and
# runs peers.py (2 worker processes per peer by default: --workers N): a
# table on stdout, target/peers/peers.json. Not run by `cargo test` or CI.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
real=()
if [ "${1:-}" = "--real" ]; then
    real=(--real "$(cd "$2" && pwd)")
    shift 2
fi
size="${1:-20MB}"
[ $# -gt 0 ] && shift
work="$root/target/peers"
venv="$work/venv"
python="${PYTHON:-python3}"
mkdir -p "$work"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
rm -rf "$work/corpus"
"$root/target/release/neardup" bench --size "$size" --seed "${SEED:-1}" \
    --keep "$work/corpus" --generate-only "${real[@]}"
"$venv/bin/python" "$here/peers.py" --neardup "$root/target/release/neardup" \
    --corpus "$work/corpus" --json "$work/peers.json" "$@"
