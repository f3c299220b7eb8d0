"""impactcheck: human-rights impact screening of anti-trafficking law and policy."""

__version__ = "0.1.0"
