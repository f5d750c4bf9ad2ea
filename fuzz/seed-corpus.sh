#!/usr/bin/env bash
# Seeds the fuzz corpora from the repository's own inputs: the JSON test
# corpus, the managed policies the catalog carries, the .pol examples and
# error situations. Run from anywhere; writes fuzz/corpus/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/json_policy fuzz/corpus/pol_source fuzz/corpus/evaluate
for f in tests/corpus/seeds/*.json examples/json/*.json examples/ecs/expected/*.json \
         crates/catalog/data/managed-policies/*/*.json; do
  [ -f "$f" ] && cp "$f" "fuzz/corpus/json_policy/$(basename "$(dirname "$f")")-$(basename "$f")"
done
for f in examples/seeds/*.pol examples/ecs/*.pol tests/dsl_errors/*.pol crates/policy-macros/tests/pol/*.pol; do
  cp "$f" "fuzz/corpus/pol_source/$(basename "$(dirname "$f")")-$(basename "$f")"
done
# The evaluator target reads its bytes as choices: any bytes are a seed.
for i in $(seq 1 64); do
  head -c 48 /dev/urandom > "fuzz/corpus/evaluate/random-$i"
done
echo "corpora: $(ls fuzz/corpus/json_policy | wc -l) JSON, $(ls fuzz/corpus/pol_source | wc -l) .pol, $(ls fuzz/corpus/evaluate | wc -l) evaluator seeds"
