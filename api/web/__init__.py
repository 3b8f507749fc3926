"""The web layer: the Flask app, its thin views, request parsing, problem+json errors, the docs
and the front page. Views validate, call the engine and dump; nothing else happens here.
"""
