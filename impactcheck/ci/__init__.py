"""CI mode: configuration, inputs, accepted findings, baselines, thresholds and diffs."""
