"""The rubric: its model, loading and caching, pattern checks, examples and explanations."""
