#!/usr/bin/env bash
# The experiments' CPU job in C (three rounds), then Java's and CPython's sequential rows of the
# same job from the experiments tool, one after the other. Run it on a quiet machine:
#
#   bash bench/peers/c/sums.sh
#
# Needs a C compiler (apt-get install gcc) and, for the CPython row, python3.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/compiler.sh"
"$CC" -O2 -o "$OUT/sums" "$ROOT/bench/peers/c/sums.c" -lm
# the same, with sin and cos kept as two calls (as Java makes them), not fused into sincos
"$CC" -O2 -fno-builtin-sin -fno-builtin-cos '-DSEPARATE=", sin and cos apart"' \
  -o "$OUT/sums-apart" "$ROOT/bench/peers/c/sums.c" -lm
"$OUT/sums" 20000 3
"$OUT/sums-apart" 20000 3
"$ROOT/jasyncio" experiments cpu --full --models sequential --out "$OUT/experiments" \
  | grep -E '^(model|sequential|   checksum)'
