"""Reading input files: limits and decoding, and one reader per input format."""
