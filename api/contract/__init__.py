"""The shape of an answer: marshmallow schemas and the answer built from the engine's results.

Shared by the web layer, the command line and the corpus job; no Flask here.
"""
