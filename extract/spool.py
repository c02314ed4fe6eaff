"""Objects kept on disk while a build runs: `Spool()`, a sequence read back one item at a time, and
`RecordSpool()`, the spool of extraction records.

A build extracts every article before it merges them; holding every `ExtractedArticle` until then
made its memory grow with the corpus (about 12 kB per article). A spool appends each item, pickled,
to one temporary file and keeps only its offset, so a merge that reads the records in passes
(`graph.build.build_graph`), or an export that writes each rendered piece into four files
(`graph.rdf.iter_rdf`), holds one at a time. A spool is a `Sequence` (indexing, slices as lists,
`len`, iteration in the order appended); `RecordSpool.in_article_order()` reads the records sorted
by article id. The file is deleted when the spool is closed or garbage-collected.
"""
from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator, Sequence
from typing import Generic, TypeVar, overload

from conflict_kg.extract.model import ExtractedArticle

Item = TypeVar("Item")


class Spool(Sequence[Item], Generic[Item]):
    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="conflict-kg-spool-")
        self._offsets: list[int] = []

    def append(self, item: Item) -> None:
        self._file.seek(0, 2)
        self._offsets.append(self._file.tell())
        pickle.dump(item, self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def __len__(self) -> int:
        return len(self._offsets)

    @overload
    def __getitem__(self, index: int) -> Item: ...

    @overload
    def __getitem__(self, index: slice) -> list[Item]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        self._file.seek(self._offsets[index])
        return pickle.load(self._file)

    def __iter__(self) -> Iterator[Item]:
        return (self[i] for i in range(len(self)))

    def close(self) -> None:
        self._file.close()


class RecordSpool(Spool[ExtractedArticle]):
    def __init__(self) -> None:
        super().__init__()
        self._ids: list[str] = []

    def append(self, record: ExtractedArticle) -> None:
        super().append(record)
        self._ids.append(record.article.id)

    def article_ids(self) -> list[str]:
        return list(self._ids)

    def in_article_order(self) -> Iterator[ExtractedArticle]:
        return (self[i] for i in sorted(range(len(self)), key=self._ids.__getitem__))


def in_article_order(records: Sequence[ExtractedArticle]) -> Iterator[ExtractedArticle]:
    """`records` sorted by article id, each read when it is reached (a spool's from disk)."""
    if isinstance(records, RecordSpool):
        return records.in_article_order()
    return iter(sorted(records, key=lambda item: item.article.id))
