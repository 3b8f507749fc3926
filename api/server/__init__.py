"""The server processes: nginx in front of gunicorn (``quotes-serve``), their configs, the
SIGTERM drain and gunicorn's own errors as problem+json.
"""
