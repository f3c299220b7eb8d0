#!/usr/bin/env bash
# Regenerate the committed example reports (run from anywhere; paths in reports are
# relative to the repository root). tests/test_examples.py checks they are current.
set -euo pipefail
cd "$(dirname "$0")/.."
for policy in examples/raid-rescue-action-plan.md examples/rights-based-draft-bill.txt \
              examples/mixed-bill.policy.yaml; do
  base="examples/reports/$(basename "${policy%%.*}")"
  for format in md html; do
    python -m impactcheck assess "$policy" --format "$format" --output "$base.$format" 2>/dev/null
  done
done
