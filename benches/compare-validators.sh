#!/usr/bin/env bash
# Times `tmif validate` against two JSON Schema validators on one generated
# model, as whole processes, and records peak memory.
#
#   benches/compare-validators.sh [ELEMENTS] [RUNS]
#
# ELEMENTS defaults to 100000 and RUNS to 5. The other validators check the
# shape only, against the schema that `tmif schema` writes; `tmif validate`
# also runs every semantic rule. ajv-cli (npm) and check-jsonschema (PyPI)
# are installed into benches/data/ on first use. Each figure is the median
# of RUNS runs; GNU time reports the peak resident set size.
set -euo pipefail

elements="${1:-100000}"
runs="${2:-5}"
cd "$(dirname "$0")/.."
data="benches/data"
mkdir -p "$data"

cargo build --release --quiet
tmif="target/release/tmif"
model="$data/model-$elements.tmif.json"
schema="$data/tmif.schema.json"
[[ -f "$model" ]] || "$tmif" generate --elements "$elements" --seed 1 -o "$model"
"$tmif" schema -o "$schema"

if [[ ! -x "$data/node_modules/.bin/ajv" ]]; then
  npm install --silent --prefix "$data" ajv-cli@5 >/dev/null
fi
if [[ ! -x "$data/venv/bin/check-jsonschema" ]]; then
  python3 -m venv "$data/venv"
  "$data/venv/bin/pip" install --quiet check-jsonschema
fi

# Prints "median seconds, median peak KiB" of RUNS runs of the command.
measure() {
  local times=() memories=()
  for _ in $(seq "$runs"); do
    local line
    if ! /usr/bin/time -f "%e %M" -o "$data/time.out" "$@" >/dev/null 2>&1; then
      echo "error: $* failed; run it by hand to see why" >&2
      exit 1
    fi
    line=$(tail -n 1 "$data/time.out")
    times+=("${line% *}")
    memories+=("${line#* }")
  done
  local middle=$((runs / 2))
  local time memory
  time=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$((middle + 1))p")
  memory=$(printf '%s\n' "${memories[@]}" | sort -n | sed -n "$((middle + 1))p")
  echo "$time $memory"
}

bytes=$(stat -c %s "$model")
echo "model: $model, $bytes bytes, $runs runs each, median"
printf '%-36s %10s %12s %10s\n' "command" "seconds" "peak KiB" "x file"
report() {
  local name="$1"
  shift
  read -r seconds kib < <(measure "$@")
  local ratio
  ratio=$(awk -v k="$kib" -v b="$bytes" 'BEGIN { printf "%.2f", k * 1024 / b }')
  printf '%-36s %10s %12s %10s\n' "$name" "$seconds" "$kib" "$ratio"
}
report "tmif validate" "$tmif" validate "$model"
report "ajv-cli (draft 2020-12, strict)" "$data/node_modules/.bin/ajv" validate --spec=draft2020 --strict=true -s "$schema" -d "$model"
report "check-jsonschema" "$data/venv/bin/check-jsonschema" --schemafile "$schema" "$model"
