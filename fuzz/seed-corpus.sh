#!/usr/bin/env bash
# Seeds the fuzz corpora: the shipped scenarios and the regression corpus of the stable test
# (tests/fuzz-corpus/) go into fuzz/corpus/<target>/. The corpus is generated, not committed.
set -euo pipefail
cd "$(dirname "$0")/.."
for target in scenario_check scenario_run size_target calc_inputs; do
  mkdir -p "fuzz/corpus/$target"
  cp tests/fuzz-corpus/"$target"/* "fuzz/corpus/$target/"
done
for target in scenario_check scenario_run; do
  find scenarios -name '*.toml' | while read -r f; do
    cp "$f" "fuzz/corpus/$target/$(echo "$f" | tr '/' '_')"
  done
done
# The calculator's file mode starts with an odd byte; the scenarios' [ressourceberegner]
# tables make good seeds for it.
find scenarios -name '*.toml' | while read -r f; do
  { printf '\001'; cat "$f"; } > "fuzz/corpus/calc_inputs/file_$(echo "$f" | tr '/' '_')"
done
echo "seeded: $(for t in fuzz/corpus/*; do printf '%s=%s ' "${t##*/}" "$(ls "$t" | wc -l)"; done)"
