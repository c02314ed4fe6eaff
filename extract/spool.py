"""Extraction records kept on disk while a build runs: `RecordSpool()`, a sequence read back one record at a time.

A build extracts every article before it merges them; holding every `ExtractedArticle` until then
made its memory grow with the corpus (about 12 kB per article). The spool appends each record, pickled,
to one temporary file and keeps only its offset and article id, so a merge that reads the records in
passes (`graph.build.build_graph`) holds one at a time. It is a `Sequence` (indexing, slices as lists,
`len`, iteration in the order appended); `in_article_order()` reads them sorted by article id. The file
is deleted when the spool is closed or garbage-collected.
"""
from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator, Sequence
from typing import overload

from conflict_kg.extract.model import ExtractedArticle


class RecordSpool(Sequence[ExtractedArticle]):
    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="conflict-kg-records-")
        self._offsets: list[int] = []
        self._ids: list[str] = []

    def append(self, record: ExtractedArticle) -> None:
        self._file.seek(0, 2)
        self._offsets.append(self._file.tell())
        self._ids.append(record.article.id)
        pickle.dump(record, self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def __len__(self) -> int:
        return len(self._offsets)

    @overload
    def __getitem__(self, index: int) -> ExtractedArticle: ...

    @overload
    def __getitem__(self, index: slice) -> list[ExtractedArticle]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        self._file.seek(self._offsets[index])
        return pickle.load(self._file)

    def __iter__(self) -> Iterator[ExtractedArticle]:
        return (self[i] for i in range(len(self)))

    def article_ids(self) -> list[str]:
        return list(self._ids)

    def in_article_order(self) -> Iterator[ExtractedArticle]:
        return (self[i] for i in sorted(range(len(self)), key=self._ids.__getitem__))

    def close(self) -> None:
        self._file.close()


def in_article_order(records: Sequence[ExtractedArticle]) -> Iterator[ExtractedArticle]:
    """`records` sorted by article id, each read when it is reached (a spool's from disk)."""
    if isinstance(records, RecordSpool):
        return records.in_article_order()
    return iter(sorted(records, key=lambda item: item.article.id))
