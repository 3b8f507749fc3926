"""The README's cluster recipe, word for word, against a real Spark standalone cluster.

A master and one worker (two cores) start on loopback from the pyspark wheel's own
``bin/spark-class``; the README's fenced block runs with ``bash -euo pipefail`` in a copy of
the repository, with only the variables it asks for set; its tables must equal local
mode's. Slow (a fresh environment is installed and packed: BENCHMARKS.md has the times).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator

import pyspark
import pytest
from conftest import ROOT, SEEDS
from pyspark.sql import SparkSession
from pyspark.testing import assertDataFrameEqual

from api.corpus import job
from api.corpus.standalone import standalone
from api.settings import Settings

# What a copy of the repository needs, and nothing that a checkout would not have.
_NOT_COPIED = shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "__pycache__", ".*_cache", "env*")


def recipe() -> str:
    """The README's shell block under "On a cluster"."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### On a cluster", 1)[1]
    found = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert found, "no shell block under 'On a cluster'"
    return found.group(1)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A standalone master and one two-core worker on 127.0.0.1; stopped afterwards."""
    with standalone(tmp_path_factory.mktemp("spark-cluster"), cores=2) as url:
        yield url


@pytest.mark.slow
def test_corpus_readme_recipe_on_a_standalone_cluster(
    spark: SparkSession, cluster: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    work = tmp_path_factory.mktemp("recipe")
    checkout = work / "checkout"
    shutil.copytree(ROOT, checkout, ignore=_NOT_COPIED)
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if not p.startswith(str(ROOT)))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYSPARK_", "SPARK_", "VIRTUAL_ENV"))}
    env |= {
        "PATH": path,
        "SPARK_MASTER": cluster,
        "SPARK_VERSION": pyspark.__version__,
        "DRIVER_HOST": "127.0.0.1",
        "INPUT": "seeds/",
        "OUTPUT": str(work / "out"),
        "JOB_OPTIONS": "--format text",
    }
    try:
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", recipe()],
            cwd=checkout,
            env=env,
            capture_output=True,
            text=True,
            timeout=1200,
        )
        assert done.returncode == 0, (done.stdout[-3000:], done.stderr[-6000:])
        assert "done: 5 documents" in done.stdout  # spark-submit sends the driver's Python stderr to stdout
        packed = subprocess.run(["tar", "-tzf", str(checkout / "env.tar.gz")], capture_output=True, text=True)
        assert "lib/python3.11/site-packages/spacy/__init__.py" in packed.stdout
        assert "site-packages/pyspark/" not in packed.stdout  # the cluster brings its own

        local = work / "local"
        job.run(spark, job.parser().parse_args([str(SEEDS[0].parent), str(local), "--format", "text"]), Settings())
        for name in job.TABLES:
            on_cluster = spark.read.parquet(str(work / "out" / name))
            assert on_cluster.count() > 0 or name == "quoted_people"
            assertDataFrameEqual(on_cluster, spark.read.parquet(str(local / name)))
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the environments are a gigabyte
