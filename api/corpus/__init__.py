"""Corpus scale: the engine over many articles on Apache Spark (``quotes-spark``).

Needs the ``spark`` extra (``pip install '.[spark]'``) and Java; nothing here is imported
by the web service.
"""
