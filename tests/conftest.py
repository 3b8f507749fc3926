"""Shared fixtures: one real model per test session, an app around it, its client."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pyspark.sql import SparkSession

from api.app import create_app
from api.engine import Engine
from api.settings import DEFAULT_MODEL, Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@cache
def shared_engine() -> Engine:
    """One loaded model for the whole run (schemathesis needs it at collection time)."""
    return Engine.load(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def engine() -> Engine:
    return shared_engine()


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(max_characters=5_000, max_batch_documents=3, max_batch_characters=8_000, max_body_bytes=40_000)


@pytest.fixture()
def app(engine: Engine, settings: Settings) -> Iterator[Flask]:
    yield create_app({"TESTING": True}, settings=settings, engine=engine)


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in SEEDS}


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """One local Spark for the run, two cores, as pyspark's own ReusedSQLTestCase does."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers run this venv's Python
    session = (
        SparkSession.builder.master("local[2]")
        .appName("quotes-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    yield session
    session.stop()
