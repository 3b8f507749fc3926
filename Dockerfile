# Quote attribution service. Build: docker build -t quotes .   Run: docker run -p 8000:8000 quotes
# The base image: Debian 12 (bookworm) with CPython 3.11, whose bundled pip is not used (below).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    QUOTES_BIND=0.0.0.0:8000

WORKDIR /app
# nginx in front of gunicorn (README "Running in production"), from Debian as `make serve` has it.
RUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 quotes

# The same install steps as `make serve` (tests/test_packaging.py runs them outside Docker,
# with the pip Python bundles): a hash-pinned pip, then every locked package as locked (the
# model included; --no-deps resolves nothing on the day, pip check proves the lock complete),
# then the package itself, built with the locked setuptools.
COPY requirements-pip.lock requirements.lock ./
RUN pip install --require-hashes -r requirements-pip.lock
RUN pip install --require-hashes --no-deps -r requirements.lock
RUN pip check
COPY pyproject.toml README.md ./
COPY api ./api
RUN pip install --no-deps --no-build-isolation .

USER quotes
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4).status != 200)"
# nginx on 8000 and gunicorn behind it on a Unix socket; SIGTERM drains (give it time:
# docker stop --time 60, or stop_grace_period in compose.yaml).
CMD ["quotes-serve"]
