"""The one IRI scheme of the graph: names and ids in, IRIs out, every IRI made by `mint`.

Every IRI is `{base}{folder}/{slug}`:

- entities: folder = the class name in lower case (`militaryunit`, `person`, `place`,
  `organisation`, `weaponsystem`); slug = the knowledge-base id for a curated entry (ids are
  already slugs and are kept for good), else `slug_of(canonical name)`;
- articles: folder `article`; slug = the article id itself when it is plain URI text
  (letters, digits, `.`, `_`, `~`, `-`; at most 100), else its slug plus a hash of the id;
- claims: folder `claim`; slug = a 16-hex hash of the article id, the predicate, the subject and
  object entity paths (`folder/slug`, without the base) and the character offsets of the evidence.

`slug_of` gives lower-case ASCII words joined by hyphens ("Chasiv Yar" -> "chasiv-yar"), so
names differing only in case, accents or punctuation share a slug: they name the same thing. When
the ASCII rendering drops letters (another script) or is longer than 60 characters, a 10-hex hash
of the exact name is appended, so such names keep apart.
Nothing here looks at other entities or articles: an IRI depends only on what it names.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from conflict_kg.ontology.namespace import DEFAULT_BASE

_MAX_SLUG = 60
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,99}")
ENTITY_FOLDERS = ("militaryunit", "person", "place", "organisation", "weaponsystem")
FOLDERS = ("article", "claim", "assertion", *ENTITY_FOLDERS)


def _digest(*parts: str, length: int = 10) -> str:
    joined = "\x1f".join(parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; empty when nothing Latin survives."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def slug_of(name: str) -> str:
    """The stable slug of a name: `slugify(name)`, plus a hash of the name when that loses letters.
    A name that already is a slug (a knowledge-base id) is its own slug, whatever its length."""
    if _SLUG.fullmatch(name):
        return name
    slug = slugify(name)
    letters = "".join(ch for ch in unicodedata.normalize("NFKD", name) if ch.isalnum())
    lossy = not letters.isascii() or not slug or len(slug) > _MAX_SLUG
    return _hashed_slug(name) if lossy else slug


def _hashed_slug(text: str) -> str:
    return "-".join(part for part in (slugify(text)[:_MAX_SLUG].strip("-"), _digest(text)) if part)


def type_folder(type_name: str) -> str:
    """"MilitaryUnit" -> "militaryunit"."""
    folder = slugify(type_name).replace("-", "")
    if folder not in ENTITY_FOLDERS:
        raise ValueError(f"no IRI folder for entity type {type_name!r}; expected one of {ENTITY_FOLDERS}")
    return folder


def mint(folder: str, slug: str, base: str = DEFAULT_BASE) -> str:
    """The one place an IRI is made: `{base}{folder}/{slug}`, refusing anything outside the scheme."""
    if folder not in FOLDERS:
        raise ValueError(f"unknown IRI folder {folder!r}; expected one of {FOLDERS}")
    if not (_SLUG.fullmatch(slug) or (folder == "article" and _PLAIN_ID.fullmatch(slug))):
        raise ValueError(f"{slug!r} is not a slug of the IRI scheme (lower-case ASCII words joined by hyphens)")
    return f"{base}{folder}/{slug}"


def entity_path(type_name: str, name_or_id: str) -> str:
    """`folder/slug` of an entity: what its IRI is under any base, and what claims hash."""
    return f"{type_folder(type_name)}/{slug_of(name_or_id)}"


def entity_iri(type_name: str, name_or_id: str, base: str = DEFAULT_BASE) -> str:
    """The IRI of an entity of this type with this knowledge-base id or canonical name."""
    return mint(type_folder(type_name), slug_of(name_or_id), base)


def article_iri(article_id: str, base: str = DEFAULT_BASE) -> str:
    slug = article_id if _PLAIN_ID.fullmatch(article_id) else _hashed_slug(article_id)
    return mint("article", slug, base)


def claim_iri(subject: str, predicate: str, obj: str, article_id: str, base: str = DEFAULT_BASE,
              *, start: int = 0, end: int = 0) -> str:
    """The IRI of a claim; `subject` and `obj` are entity paths or IRIs (the base is not hashed)."""
    def path(iri: str) -> str:
        return iri[len(base):] if iri.startswith(base) else iri
    digest = _digest(article_id, predicate, path(subject), path(obj), str(start), str(end), length=16)
    return mint("claim", digest, base)


def assertion_iri(subject: str, predicate: str, obj: str, base: str = DEFAULT_BASE) -> str:
    """The IRI of what all articles say about one (subject, predicate, object)."""
    def path(iri: str) -> str:
        return iri[len(base):] if iri.startswith(base) else iri
    return mint("assertion", _digest(predicate, path(subject), path(obj), length=16), base)
