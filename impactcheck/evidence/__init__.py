"""Finding evidence: the literal prefilter, the context reader and pattern matching."""
