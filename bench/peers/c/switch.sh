#!/usr/bin/env bash
# What a message between two processes costs beside one between two threads, on one CPU (each
# round trip is two switches: from one process or thread to the other and back) and on any CPUs:
#
#   bash bench/peers/c/switch.sh
#
# Needs a C compiler (apt-get install gcc) and taskset (util-linux).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/compiler.sh"
"$CC" -O2 -pthread -o "$OUT/switch" "$ROOT/bench/peers/c/switch.c"
for i in 1 2 3; do
  echo "one CPU:  $(taskset -c 0 "$OUT/switch" t); $(taskset -c 0 "$OUT/switch" p)"
  echo "any CPUs: $("$OUT/switch" t); $("$OUT/switch" p)"
done
