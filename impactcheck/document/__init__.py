"""The document model and the structure parser that builds it from text."""
