"""The command-line tools: ``quotes`` (attribute files) and ``quotes-eval`` (score the engine)."""
