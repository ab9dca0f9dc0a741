#!/usr/bin/env bash
# The experiments' CPU job in C (three rounds), then Java's and CPython's sequential rows of the
# same job from the experiments tool, one after the other. Run it on a quiet machine:
#
#   bash bench/peers/c/sums.sh
#
# Needs a C compiler (apt-get install gcc) and, for the CPython row, python3.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
CC="${CC:-$(command -v cc || command -v gcc || true)}"
if [[ -z "$CC" ]]; then
  echo "no C compiler found: install one (apt-get install gcc)" >&2
  exit 1
fi
OUT="$ROOT/bench/target/c"
mkdir -p "$OUT"
"$CC" -O2 -o "$OUT/sums" "$ROOT/bench/peers/c/sums.c" -lm
# the same, with sin and cos kept as two calls (as Java makes them), not fused into sincos
"$CC" -O2 -fno-builtin-sin -fno-builtin-cos '-DSEPARATE=", sin and cos apart"' \
  -o "$OUT/sums-apart" "$ROOT/bench/peers/c/sums.c" -lm
"$OUT/sums" 20000 3
"$OUT/sums-apart" 20000 3
"$ROOT/jasyncio" experiments cpu --full --models sequential --out "$OUT/experiments" \
  | grep -E '^(model|sequential|   checksum)'
