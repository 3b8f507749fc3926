"""Quote attribution: every quotation in a news article, and who said it."""

__version__ = "0.1.0"
