"""OUTPUT appears whole or not at all: the tables are written beside it, then renamed.

Through Hadoop's FileSystem API, so it works wherever Spark writes (local paths, HDFS,
object stores whose connector renames directories). On an object store a rename is a copy
and a delete, so the swap is not atomic there: a reader during it may see part of OUTPUT.

A run that is interrupted (SIGINT, SIGTERM) removes its staging folder; one that is killed
outright cannot, and the next run over the same OUTPUT removes what it left (two runs must
not write one OUTPUT at once).
"""

from __future__ import annotations

import uuid
from typing import Any

from pyspark.sql import SparkSession


class OutputExists(Exception):
    """OUTPUT is there already and the caller did not say --overwrite."""


class Destination:
    def __init__(self, spark: SparkSession, output: str) -> None:
        jvm: Any = spark.sparkContext._jvm
        conf = spark.sparkContext._jsc.hadoopConfiguration()
        self._path_class = jvm.org.apache.hadoop.fs.Path
        path = self._path_class(output)
        self.fs = path.getFileSystem(conf)
        self.path = self.fs.makeQualified(path)
        parent = self.path.getParent()
        if parent is None:
            raise ValueError(f"OUTPUT must not be the root of a file system: {output}")
        self._parent = parent
        self.run = uuid.uuid4().hex[:12]

    def __str__(self) -> str:
        return str(self.path.toString())

    def exists(self) -> bool:
        return bool(self.fs.exists(self.path))

    def clean(self) -> list[str]:
        """Remove what killed runs left beside OUTPUT; put OUTPUT back if one was killed
        between moving the old tables aside and moving the new ones in. The paths removed."""
        prefix = f".{self.path.getName()}."
        if not self.fs.exists(self._parent):
            return []
        found = sorted(
            (s.getPath() for s in self.fs.listStatus(self._parent) if str(s.getPath().getName()).startswith(prefix)),
            key=lambda p: str(p.getName()),
        )
        removed = []
        for path in found:
            name = str(path.getName())[len(prefix) :]
            if name.startswith("replaced-") and not self.exists():
                self._rename(path, self.path)
            elif name.startswith(("writing-", "replaced-")):
                self.fs.delete(path, True)
                removed.append(str(path.toString()))
        return removed

    def _sibling(self, kind: str) -> Any:
        return self._path_class(self._parent, f".{self.path.getName()}.{kind}-{self.run}")

    @property
    def staging(self) -> str:
        """Where this run writes its tables before they become OUTPUT."""
        return str(self._sibling("writing").toString())

    def commit(self, overwrite: bool) -> None:
        """Make the staged tables OUTPUT, replacing an earlier run's only if ``overwrite``."""
        staged, old = self._sibling("writing"), None
        if self.exists():
            if not overwrite:
                raise OutputExists(f"{self} exists; pass --overwrite to replace it")
            old = self._sibling("replaced")
            self._rename(self.path, old)
        self._rename(staged, self.path)
        if old is not None:
            self.fs.delete(old, True)

    def discard(self, part: str | None = None) -> None:
        """Delete the staged tables, or one ``part`` of them."""
        staged = self._sibling("writing")
        self.fs.delete(staged if part is None else self._path_class(staged, part), True)

    def _rename(self, source: Any, target: Any) -> None:
        if not self.fs.rename(source, target):
            raise OSError(f"could not rename {source.toString()} to {target.toString()}")
