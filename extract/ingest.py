"""Read articles from files and folders: paths in, `RawArticle`s (or `IngestProblem`s) out.

Formats, chosen by extension:

* `.txt` or no extension -- plain text, usually scraped pages (`scraped=True`: cleaning removes
  page furniture).
* `.html` / `.htm` -- reduced to the main text, title, date, author and site name by trafilatura
  (offline). Trafilatura has already removed the page boilerplate, so these come out with
  `scraped=False`; paragraphs are separated by blank lines.
* `.jsonl` -- one article per line with `id` and `text` or `html`, and optional `title`, `url`,
  `date`, `publisher`, `author`. `text` records are taken as given (`scraped=False`); `html`
  records go through trafilatura. Read line by line, so the file may be of any size.

Every `RawArticle.text` is decoded and newline-normalised ("\\r\\n" and "\\r" become "\\n"); all
character offsets downstream refer to that text, not to the bytes on disk (nor, for HTML, to
the markup).

Bad input never stops the run: each unreadable, binary, empty, oversized or undecodable file
(or JSON line) becomes an `IngestProblem` naming the file (and line) and the problem, and
reading carries on with the next input.

Folders are walked recursively in sorted order. Symbolic links are followed, but a directory
is never entered twice (a link back to an ancestor is reported as a symlink loop) and a file
reached twice through links is read once. Hidden entries (".name") are skipped. A file in a
folder whose extension is not one of the formats above is reported as an unsupported file type;
the same file named explicitly on the command line is read as plain text. Binary files (NUL
bytes or a PDF/PNG/JPEG/GIF/ZIP/GZIP signature) are reported as such wherever they are found.
"""
from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from conflict_kg.extract.model import ArticleMetadata, RawArticle

DEFAULT_MAX_BYTES = 20_000_000

TEXT_SUFFIXES = frozenset({".txt", ""})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})

BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"PK\x03\x04", "ZIP"),
    (b"\x1f\x8b", "GZIP"),
)

# Unicode byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
BYTE_ORDER_MARKS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# Legacy single-byte encodings worth guessing for news about Ukraine and Russia. Kept narrow on
# purpose: with Central European code pages in the mix, charset-normalizer mistakes French or
# German Latin-1 text for cp1250. cp1252 covers Latin-1's printable characters.
LEGACY_ENCODINGS = ("cp1252", "latin_1", "cp1251", "koi8_r", "koi8_u", "iso8859_5", "mac_cyrillic")

JSONL_METADATA_FIELDS = ("title", "url", "date", "publisher", "author")


@dataclass(frozen=True)
class IngestProblem:
    """An input that could not be read as an article; `reason` names the file and the problem."""

    source: str  # the path, or `path:LINE` for a JSON Lines record
    reason: str
    stage: str = "ingest"

    def __str__(self) -> str:
        return self.reason


class _Rejected(Exception):
    """Internal: raised with the problem text when one input must be skipped."""


def read_articles(
    inputs: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawArticle | IngestProblem]:
    """Yield one `RawArticle` per article found in `inputs` (files or folders), in a stable order,
    and an `IngestProblem` for every input (or JSON line) that could not be read."""
    seen_files: set[tuple[int, int]] = set()
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            yield from _read_folder(path, max_bytes, seen_files, ancestors=frozenset())
        elif path.is_symlink() and not path.exists():
            yield IngestProblem(str(path), f"{path}: broken symbolic link")
        elif not path.exists():
            yield IngestProblem(str(path), f"{path}: no such file or directory")
        else:
            yield from _read_file(path, max_bytes, seen_files, explicit=True)


def _read_folder(
    folder: Path,
    max_bytes: int,
    seen_files: set[tuple[int, int]],
    ancestors: frozenset[tuple[int, int]],
    visited_dirs: set[tuple[int, int]] | None = None,
) -> Iterator[RawArticle | IngestProblem]:
    visited_dirs = set() if visited_dirs is None else visited_dirs
    try:
        identity = _identity(folder.stat())
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        yield IngestProblem(str(folder), f"{folder}: cannot list folder ({_os_reason(error)})")
        return
    if identity in ancestors:
        yield IngestProblem(str(folder), f"{folder}: symlink loop (points back to a parent folder), skipped")
        return
    if identity in visited_dirs:
        return  # the same real folder, reached again through a link: already read
    visited_dirs.add(identity)
    inside = ancestors | {identity}
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        if entry.is_symlink() and not path.exists():
            yield IngestProblem(str(path), f"{path}: broken symbolic link")
        elif path.is_dir():
            yield from _read_folder(path, max_bytes, seen_files, inside, visited_dirs)
        else:
            yield from _read_file(path, max_bytes, seen_files, explicit=False)


def _read_file(
    path: Path, max_bytes: int, seen_files: set[tuple[int, int]], *, explicit: bool
) -> Iterator[RawArticle | IngestProblem]:
    source = str(path)
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise _Rejected(f"{path}: not a regular file")
        if _identity(status) in seen_files:
            return  # the same real file, reached again through a link
        seen_files.add(_identity(status))
        if status.st_size > max_bytes and path.suffix.lower() not in JSONL_SUFFIXES:
            raise _Rejected(
                f"{path}: file is {status.st_size:,} bytes, over the limit of {max_bytes:,} bytes; skipped"
            )
        with open(path, "rb") as stream:
            head = stream.read(16)
            binary_kind = _binary_kind(head)
            if binary_kind:
                raise _Rejected(f"{path}: binary file ({binary_kind}), not an article")
            suffix = path.suffix.lower()
            if suffix in JSONL_SUFFIXES:
                stream.seek(0)
                yield from _read_jsonl(stream, source, max_bytes)
                return
            if not (suffix in TEXT_SUFFIXES or suffix in HTML_SUFFIXES or explicit):
                raise _Rejected(
                    f"{path}: unsupported file type '{path.suffix}' "
                    "(expected .txt, .html, .htm, .jsonl or no extension); skipped"
                )
            data = head + stream.read(max_bytes + 1 - len(head))
        if len(data) > max_bytes:  # the file grew after stat
            raise _Rejected(f"{path}: file is over the limit of {max_bytes:,} bytes; skipped")
        text = _require_text(_decode(data, source), source)
        if suffix in HTML_SUFFIXES:
            yield _article_from_html(path.stem, text, source, ArticleMetadata())
        else:
            yield RawArticle(id=path.stem, text=text, source=source)
    except _Rejected as rejected:
        yield IngestProblem(source, str(rejected))
    except OSError as error:
        yield IngestProblem(source, f"{path}: cannot read file ({_os_reason(error)})")


def _read_jsonl(stream, path: str, max_bytes: int) -> Iterator[RawArticle | IngestProblem]:
    for number, line in enumerate(_bounded_lines(stream, max_bytes), start=1):
        source = f"{path}:{number}"
        if line is None:
            yield IngestProblem(source, f"{source}: line is over the limit of {max_bytes:,} bytes; skipped")
            continue
        if not line.strip():
            continue
        try:
            yield _article_from_record(line, source)
        except _Rejected as rejected:
            yield IngestProblem(source, str(rejected))


def _bounded_lines(stream, max_bytes: int) -> Iterator[bytes | None]:
    """Lines of a binary stream, each read with bounded memory; None stands for an over-long line."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(max_bytes + 1)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def _article_from_record(line: bytes, source: str) -> RawArticle:
    try:
        record = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _Rejected(f"{source}: not valid UTF-8 (JSON Lines must be UTF-8)") from None
    except json.JSONDecodeError as error:
        raise _Rejected(f"{source}: broken JSON: {error.msg}, column {error.colno}") from None
    if not isinstance(record, dict):
        raise _Rejected(f"{source}: expected a JSON object, found {type(record).__name__}")
    article_id = record.get("id")
    if isinstance(article_id, int) and not isinstance(article_id, bool):
        article_id = str(article_id)
    if not isinstance(article_id, str) or not article_id.strip():
        raise _Rejected(f"{source}: record has no 'id'")
    fields = {}
    for name in JSONL_METADATA_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise _Rejected(f"{source}: field '{name}' must be a string")
        fields[name] = value.strip() or None if isinstance(value, str) else None
    metadata = ArticleMetadata(**fields)
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        return RawArticle(
            id=article_id.strip(), text=_normalise_newlines(text), source=source, metadata=metadata, scraped=False
        )
    if isinstance(html, str) and html.strip():
        return _article_from_html(article_id.strip(), html, source, metadata)
    raise _Rejected(f"{source}: record '{article_id}' has no 'text' or 'html'")


def _article_from_html(article_id: str, html: str, source: str, given: ArticleMetadata) -> RawArticle:
    """Main text and metadata of an HTML page; metadata given alongside (JSON Lines) wins."""
    import trafilatura  # imported lazily: slow to load and only needed for HTML

    try:
        document = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as error:  # trafilatura/lxml raise many types on broken markup
        document = None
        failure = f"{type(error).__name__}: {error}"
    else:
        failure = ""
    body = getattr(document, "text", None) or ""
    if not body.strip():
        try:
            body = trafilatura.html2txt(html) or ""
        except Exception:
            body = ""
    paragraphs = [line.strip() for line in _normalise_newlines(body).split("\n") if line.strip()]
    if not paragraphs:
        detail = f" ({failure})" if failure else ""
        raise _Rejected(f"{source}: no readable text found in the HTML{detail}")

    def found(name: str) -> str | None:
        value = getattr(document, name, None)
        return value.strip() if isinstance(value, str) and value.strip() else None

    metadata = ArticleMetadata(
        title=given.title or found("title"),
        url=given.url or found("url"),
        date=given.date or found("date"),
        publisher=given.publisher or found("sitename"),
        author=given.author or found("author"),
    )
    return RawArticle(id=article_id, text="\n\n".join(paragraphs), source=source, metadata=metadata, scraped=False)


def _decode(data: bytes, source: str) -> str:
    """Bytes to newline-normalised text: BOMs honoured, UTF-8 first, then a guarded legacy guess."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return _normalise_newlines(data[len(mark):].decode(encoding))
            except UnicodeDecodeError:
                raise _Rejected(f"{source}: starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()}") from None
    if b"\x00" in data:
        raise _Rejected(f"{source}: binary file (contains NUL bytes), not an article")
    try:
        return _normalise_newlines(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None:
        raise _Rejected(f"{source}: cannot decode text (not UTF-8, UTF-16 or a recognised legacy encoding)")
    return _normalise_newlines(str(best))


def _require_text(text: str, source: str) -> str:
    if not text:
        raise _Rejected(f"{source}: empty file")
    if not text.strip():
        raise _Rejected(f"{source}: file contains only whitespace")
    return text


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _binary_kind(head: bytes) -> str | None:
    for signature, kind in BINARY_SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def _identity(status: os.stat_result) -> tuple[int, int]:
    return (status.st_dev, status.st_ino)


def _os_reason(error: OSError) -> str:
    return error.strerror or type(error).__name__
