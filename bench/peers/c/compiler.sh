# Sourced by the scripts beside it: sets ROOT (the repository), CC (a C compiler) and OUT (where
# they build), or says what to install.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
CC="${CC:-$(command -v cc || command -v gcc || true)}"
if [[ -z "$CC" ]]; then
  echo "no C compiler found: install one (apt-get install gcc)" >&2
  exit 1
fi
OUT="$ROOT/bench/target/c"
mkdir -p "$OUT"
