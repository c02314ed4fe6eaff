"""Surface forms to names: quotes, a leading "the" and a possessive 's removed; keys for comparing names.

`display_name("the Kremlin’s")` -> "Kremlin"; `name_key("Kyiv’s  Forces")` -> "kyiv's forces".
"""
from __future__ import annotations

import re
import unicodedata

_QUOTES = "\"'‘’“”«»„`"
COMMON_WORD_ZIPF = 4.0  # a capitalised word this frequent in English (wordfreq's Zipf scale) is no name
_LEADING_ARTICLE = re.compile(r"^(the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(['’]s|s['’])$")
_INITIALS = re.compile(r"(?:^|[.\s])[A-Z]\.$")  # "U.S.", "Harry S.": the final stop is part of the name


def display_name(text: str) -> str:
    """The name as it should be shown: no surrounding quotes, leading article or possessive."""
    name = _without_final_stop(" ".join(text.split()).strip(_QUOTES + " ,;:()[]"))
    name = _LEADING_ARTICLE.sub("", name)
    if _POSSESSIVE.search(name) and not name.endswith("s'") and not name.endswith("s’"):
        name = name[:-2]
    return _without_final_stop(name.strip(_QUOTES + " ,;:"))


def _without_final_stop(name: str) -> str:
    """ "Kyiv." -> "Kyiv", but "U.S." and "Harry S." keep the stop that ends their initials."""
    name = name.lstrip(".")
    return name if _INITIALS.search(name) else name.rstrip(".")


def name_key(text: str) -> str:
    """A comparison key: Unicode-normalised, case-folded, straight apostrophes, single spaces."""
    name = unicodedata.normalize("NFKC", display_name(text))
    name = name.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return " ".join(name.split()).casefold()
