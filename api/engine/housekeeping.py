"""Keep a long-running pipeline's memory flat across ``nlp.memory_zone()`` calls.

``memory_zone()`` frees the strings and lexemes each text brings, yet with spaCy 3.8 and
preshed 3.0 a process that keeps seeing new words still grows (+100 MiB over 12,000 texts
of new words), for three reasons:

* The StringStore's and the Vocab's hash tables (preshed ``PreshMap``, open addressing)
  forget a transient key by marking its cell *deleted*. Deleted cells count towards the
  table's fill, and at 60% fill the table doubles, dropping them, but it never shrinks:
  the tables keep doubling for as long as new words come.
* The rule lemmatizer caches an entry per (word, tag, morphology), for new words too,
  without bound.
* What this frees stays with the process unless glibc is asked to give it back.

:class:`Housekeeper` runs between zones. It rebuilds a table at a compact size before its
deleted cells would make it double, empties the lemmatizer's cache when it passes a
bound, and asks glibc to return the freed pages (``malloc_trim``).

Rebuilding a table in place needs one step preshed does not offer from Python: the
rebuilt map's two C fields (its ``MapStruct*`` and the ``Pool`` that owns it) are swapped
into the table object the StringStore or Vocab holds. The field offsets are found and
checked against the live object first, so a different layout turns the rebuild off
(logged once) instead of touching memory it should not.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
from collections.abc import Callable
from dataclasses import dataclass

from cymem.cymem import Pool
from preshed.maps import PreshMap
from spacy.language import Language
from spacy.pipeline import Lemmatizer

log = logging.getLogger(__name__)

# A rebuilt table has room for four times its live keys, and at least this many cells
# (16 bytes each), so rebuilds stay rare: one per tens of thousands of new words.
MIN_CAPACITY = 1 << 16
# The lemmatizer cache (about 400 bytes an entry) is emptied past this many entries.
LEMMA_CACHE_LIMIT = 10_000

_POINTER = ctypes.sizeof(ctypes.c_void_p)


@dataclass
class _Table:
    """One PreshMap and where its ``c_map`` and ``mem`` fields live in the object."""

    map: PreshMap
    fields: tuple[int, int]
    min_capacity: int
    capacity: int = 0

    def needs_rebuild(self) -> bool:
        # len() counts deleted cells too; preshed doubles the table at 60% of capacity.
        return bool(len(self.map) * 2 >= self.map.capacity or self.map.capacity > self.capacity)

    def rebuild(self) -> None:
        items = list(self.map.items())
        fresh = PreshMap(initial_size=max(self.min_capacity, 4 * len(items)))
        for key, value in items:
            fresh[key] = value
        for offset in self.fields:
            ours = ctypes.c_void_p.from_address(id(self.map) + offset)
            theirs = ctypes.c_void_p.from_address(id(fresh) + offset)
            ours.value, theirs.value = theirs.value, ours.value
        self.capacity = self.map.capacity
        # ``fresh`` now holds the old cells and their Pool; both are freed with it here.


def map_fields(table: PreshMap) -> tuple[int, int] | None:
    """Offsets of a PreshMap's ``c_map`` and ``mem`` fields, or None if they cannot be confirmed.

    preshed/maps.pxd declares ``MapStruct* c_map`` then ``Pool mem`` after the object
    header and vtable. ``mem`` must hold the one Pool the garbage collector sees in the
    object, and ``c_map`` must point at a struct whose length and fill equal the map's
    ``capacity`` and ``len()``.
    """
    if _POINTER != 8:
        return None
    pools = [obj for obj in gc.get_referents(table) if isinstance(obj, Pool)]
    if len(pools) != 1:
        return None
    for offset in range(2 * _POINTER, type(table).__basicsize__, _POINTER):
        if ctypes.c_void_p.from_address(id(table) + offset).value != id(pools[0]):
            continue
        c_map = ctypes.c_void_p.from_address(id(table) + offset - _POINTER).value
        if not c_map:
            return None
        # MapStruct: Cell* cells, void* value_for_empty_key, void* value_for_del_key,
        # uint64 length, uint64 filled, ...
        length = ctypes.c_uint64.from_address(c_map + 3 * _POINTER).value
        filled = ctypes.c_uint64.from_address(c_map + 4 * _POINTER).value
        if length == table.capacity and filled == len(table):
            return offset - _POINTER, offset
        return None
    return None


def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None)  # glibc only
    except OSError:
        return None


class Housekeeper:
    """Tidies a pipeline's vocabulary after each memory zone; call :meth:`tidy` outside zones."""

    def __init__(
        self,
        nlp: Language,
        *,
        min_capacity: int = MIN_CAPACITY,
        lemma_cache_limit: int = LEMMA_CACHE_LIMIT,
    ) -> None:
        self.lemma_cache_limit = lemma_cache_limit
        self.tables = self._find_tables(nlp, min_capacity)
        self.lemmatizers = [pipe for _, pipe in nlp.pipeline if isinstance(pipe, Lemmatizer)]
        self._trim = _malloc_trim()
        for table in self.tables:
            table.rebuild()

    @staticmethod
    def _find_tables(nlp: Language, min_capacity: int) -> list[_Table]:
        maps = [nlp.vocab.strings._map]  # type: ignore[attr-defined]  # public in strings.pxd
        maps += [obj for obj in gc.get_referents(nlp.vocab) if isinstance(obj, PreshMap)]  # the lexemes
        tables = []
        for table in maps:
            fields = map_fields(table)
            if fields is None:
                log.warning("cannot rebuild spaCy's hash tables here; memory grows with new words")
                return []
            tables.append(_Table(table, fields, min_capacity))
        return tables

    def tidy(self) -> None:
        """Rebuild tables that deleted cells have filled, bound the lemma cache, trim malloc."""
        freed = False
        for table in self.tables:
            if table.needs_rebuild():
                table.rebuild()
                freed = True
        for lemmatizer in self.lemmatizers:
            if len(lemmatizer.cache) > self.lemma_cache_limit:
                lemmatizer.cache = {}  # refills with the common words within a few texts
                freed = True
        if freed and self._trim is not None:
            self._trim(0)
