#!/usr/bin/env bash
# Fails when the release bundle grows beyond its budget (see docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/.."
# Issue 5's target: the gzipped wasm + JS bundle under 600 KB. Guided lessons (issue 15) took
# it to 621 KB; a size pass (actions parsed in one flat pass, no float printing) brought it back
# to 597 KB (docs/performance.md); later sessions raised the budget step by step to the guide's
# ceiling of 640 KB (2026-12-08): the next feature must make room first. The raw wasm budget is
# an early alarm for sudden growth;
# dist/lessons/ and dist/scenarios/ (fetched on demand, never part of the first download) have a
# budget of their own, room for the 13-lesson curriculum at up to 24 KB a lesson and the bundled
# scenarios; the rest of dist/ keeps its own.
WASM_BUDGET_BYTES=${WASM_BUDGET_BYTES:-1700000}
GZIP_BUDGET_BYTES=${GZIP_BUDGET_BYTES:-640000}
TOTAL_BUDGET_BYTES=${TOTAL_BUDGET_BYTES:-1800000}
LESSONS_BUDGET_BYTES=${LESSONS_BUDGET_BYTES:-320000}
wasm=$(ls dist/*.wasm 2>/dev/null | head -1)
if [ -z "$wasm" ]; then echo "[size] no dist/*.wasm: run the release build first" >&2; exit 1; fi
raw=$(stat -c %s "$wasm")
gz=$(cat "$wasm" dist/*.js | gzip -9 -c | wc -c)
lessons=$(du -cb dist/lessons dist/scenarios 2>/dev/null | tail -1 | cut -f1)
total=$(( $(du -cb dist | tail -1 | cut -f1) - lessons ))
echo "[size] $wasm: ${raw} bytes (budget ${WASM_BUDGET_BYTES}); wasm + JS gzipped ${gz} (budget ${GZIP_BUDGET_BYTES}); dist without lessons ${total} (budget ${TOTAL_BUDGET_BYTES}); dist/lessons and dist/scenarios ${lessons} (budget ${LESSONS_BUDGET_BYTES})"
fail=0
[ "$raw" -le "$WASM_BUDGET_BYTES" ] || { echo "[size] wasm over budget" >&2; fail=1; }
[ "$gz" -le "$GZIP_BUDGET_BYTES" ] || { echo "[size] gzipped wasm + JS over budget" >&2; fail=1; }
[ "$total" -le "$TOTAL_BUDGET_BYTES" ] || { echo "[size] dist (without lessons) over budget" >&2; fail=1; }
[ "$lessons" -le "$LESSONS_BUDGET_BYTES" ] || { echo "[size] dist/lessons and dist/scenarios over budget" >&2; fail=1; }
# The page loads nothing from another origin (the e2e tests also watch every request).
if grep -Eo "(src|href)=\"https?://[^\"]+" dist/index.html; then
  echo "[size] dist/index.html loads from an outside origin (above)" >&2; fail=1
fi
exit $fail
