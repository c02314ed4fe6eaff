"""Minting IRIs: any text in, a valid and stable IRI out.

An entity IRI is `{base}{type}/{slug}` where the slug is a readable ASCII rendering of the entity's
resolution key; when the rendering loses information (non-Latin script, punctuation, truncation) a
short hash of the full key is appended, so two different keys never share an IRI and the same key
always gets the same one. Spaces of plain keys become "_", keeping "a b" and "a-b" apart.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from conflict_kg.ontology.namespace import DEFAULT_BASE

_MAX_SLUG = 60
_PLAIN_KEY = re.compile(r"[a-z0-9]+(?:[ -][a-z0-9]+)*")


def _digest(*parts: str, length: int = 10) -> str:
    joined = "\x1f".join(parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; empty when nothing Latin survives."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _safe_slug(key: str) -> str:
    """The key itself when it is already plain lower-case ASCII words (spaces as "_"), which keeps
    the mapping one-to-one; otherwise a lossy readable slug plus a hash of the exact key."""
    if _PLAIN_KEY.fullmatch(key) and len(key) <= _MAX_SLUG:
        return key.replace(" ", "_")
    slug = slugify(key)[:_MAX_SLUG].strip("-")
    return f"{slug}-{_digest(key)}".lstrip("-")


def entity_iri(type_name: str, key: str, base: str = DEFAULT_BASE) -> str:
    return f"{base}{slugify(type_name) or 'entity'}/{_safe_slug(key)}"


def article_iri(article_id: str, base: str = DEFAULT_BASE) -> str:
    return f"{base}article/{_safe_slug(article_id)}"


def claim_iri(subject: str, predicate: str, obj: str, article_id: str, base: str = DEFAULT_BASE) -> str:
    return f"{base}claim/{_digest(subject, predicate, obj, article_id, length=16)}"
