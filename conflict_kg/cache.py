"""The record cache: one article's extraction (`ExtractedArticle`) stored on disk, so a re-build of
unchanged articles costs only the merge; and beside it, in `pieces/`, the piece cache: each article's
rendered piece of the RDF files (`graph.rdf_files.RenderedPiece`), so the export renders only the
pieces whose triples changed (their key is made by `graph.rdf_files.PieceRenderer`).

A record is found by `record_key(raw_article)`: a SHA-256 of the article as read (id, text, source,
metadata) and of `extractor_version()`, itself a hash of the code of `conflict_kg.extract`, the
data files of `conflict_kg.ontology` and the spaCy model's name and version. Changing any of them
makes every old record unreachable; `RecordCache.prune` is not needed for correctness.

Records and pieces are pickled frozen dataclasses written atomically (a temporary file renamed into place),
under `<dir>/<first two hex digits>/<key>.pickle`. A record that cannot be read is a miss.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import tempfile
from dataclasses import astuple
from pathlib import Path

from conflict_kg.extract.model import ExtractedArticle, RawArticle
from conflict_kg.graph.rdf_files import RenderedPiece

log = logging.getLogger("conflict_kg")

CACHE_DIR_NAME = ".conflict-kg-cache"
_FORMAT = 1  # bump when the layout of a record file changes


def default_cache_dir(out_dir: str | Path) -> Path:
    """`.conflict-kg-cache` beside the output folder (in its parent), so the output holds only the export."""
    return Path(out_dir).absolute().parent / CACHE_DIR_NAME


@functools.cache
def extractor_version() -> str:
    """A hash of everything that decides an extraction: extract/ code, ontology/ data, the spaCy model."""
    from conflict_kg.extract.disk_memo import MODEL_DISTRIBUTIONS, package_folder, source_digest

    digest = source_digest(((package_folder("conflict_kg.extract"), "*.py"),
                            (package_folder("conflict_kg.ontology"), "*")), MODEL_DISTRIBUTIONS)
    digest.update(f"format {_FORMAT}\n".encode())
    return digest.hexdigest()


def record_key(raw: RawArticle) -> str:
    """The key of `raw`'s record: its content and the extractor's version."""
    content = pickle.dumps((astuple(raw.metadata), raw.id, raw.text, raw.source, raw.scraped), protocol=5)
    return hashlib.sha256(extractor_version().encode() + content).hexdigest()


class RecordCache:
    """Extraction records (or other frozen dataclasses of type `kind`) on disk under `directory`
    (created when the first one is written)."""

    def __init__(self, directory: str | Path, kind: type = ExtractedArticle):
        self.directory = Path(directory)
        self.kind = kind

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, key: str):
        try:
            with open(self._path(key), "rb") as file:
                stored_format, stored_key, record = pickle.load(file)
        except FileNotFoundError:
            return None
        except Exception as error:  # noqa: BLE001 - a damaged record is only a miss
            log.debug("cache record %s unreadable (%s); extracting again", key, error)
            return None
        if stored_format != _FORMAT or stored_key != key or not isinstance(record, self.kind):
            return None
        return record

    def put(self, key: str, record) -> None:
        """Store `record`; a cache that cannot be written costs speed, never the build."""
        path, temporary = self._path(key), None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            with os.fdopen(handle, "wb") as file:
                pickle.dump((_FORMAT, key, record), file, protocol=5)
            os.rename(temporary, path)  # atomic on POSIX; a record's content is fixed by its key
        except OSError as error:
            log.warning("cannot write the record cache in %s: %s", self.directory, error)
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)


def piece_cache(cache_dir: str | Path) -> RecordCache:
    """The cache of rendered RDF pieces that goes with the record cache in `cache_dir`."""
    return RecordCache(Path(cache_dir) / "pieces", RenderedPiece)
