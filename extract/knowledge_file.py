"""Strict reading of the knowledge files under `ontology/`: `load_validated(path, schema) -> data`.

A schema is plain data: a `dict` maps each allowed key to the schema of its value (`"*"` stands for
any key), `"words"` and `"verb phrases"` are lists of strings, and `str`, `int` and `float` are
scalars. Every key of a mapping is required unless the key is wrapped in `Optional`. Unknown keys,
missing keys and values of the wrong shape raise `ValueError("FILE:LINE: what is wrong")`, so a
typo in a knowledge file never goes silently unread.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

import yaml


@dataclass(frozen=True)
class Optional:
    """A mapping key that may be left out."""

    key: str


Schema = Union[dict, str, type]
_LISTS = {"words", "verb phrases"}


def load_validated(path: str | Path, schema: Schema) -> Any:
    """The file's data after checking it against `schema`; a `ValueError` naming file and line if not."""
    try:
        with open(path, encoding="utf-8") as handle:
            node = yaml.compose(handle, Loader=yaml.SafeLoader)
    except OSError as error:
        raise ValueError(f"{path}: cannot be read ({error.strerror})") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ValueError(f"{where}: not valid YAML ({getattr(error, 'problem', error)})") from error
    if node is None:
        raise ValueError(f"{path}:1: the file is empty")
    _check(node, schema, str(path), "the file")
    return yaml.SafeLoader("").construct_document(node)


def _fail(node: yaml.Node, path: str, message: str) -> None:
    raise ValueError(f"{path}:{node.start_mark.line + 1}: {message}")


def _check(node: yaml.Node, schema: Schema, path: str, where: str) -> None:
    if isinstance(schema, dict):
        _check_mapping(node, schema, path, where)
    elif schema in _LISTS:
        if not isinstance(node, yaml.SequenceNode):
            _fail(node, path, f"{where} should be a list of {schema}")
        for item in node.value:
            if not _is_string(item):
                _fail(item, path, f"{where} should hold only {schema}; quote {item.value!r} "
                                  "(YAML reads a bare yes/no/on/off or number otherwise)")
    elif schema is str:
        if not _is_string(node):
            _fail(node, path, f"{where} should be a string")
    elif schema in (int, float):
        if not isinstance(node, yaml.ScalarNode) or node.tag not in _NUMBER_TAGS[schema]:
            _fail(node, path, f"{where} should be a number" + (" without decimals" if schema is int else ""))
    elif isinstance(schema, list):  # a list whose items all follow schema[0]
        if not isinstance(node, yaml.SequenceNode):
            _fail(node, path, f"{where} should be a list")
        for item in node.value:
            _check(item, schema[0], path, f"an item of {where}")
    else:
        raise TypeError(f"unknown schema {schema!r}")


_NUMBER_TAGS = {int: {"tag:yaml.org,2002:int"},
                float: {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}}


def _is_string(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str"


def _check_mapping(node: yaml.Node, schema: dict, path: str, where: str) -> None:
    if not isinstance(node, yaml.MappingNode):
        _fail(node, path, f"{where} should be a mapping")
    allowed = {(k.key if isinstance(k, Optional) else k): v for k, v in schema.items()}
    seen = set()
    for key_node, value_node in node.value:
        key = key_node.value
        if key in seen:
            _fail(key_node, path, f"{key!r} appears twice in {where}")
        seen.add(key)
        if key not in allowed and "*" not in allowed:
            known = ", ".join(sorted(k for k in allowed if k != "*"))
            _fail(key_node, path, f"unknown key {key!r} in {where} (known: {known})")
        _check(value_node, allowed.get(key, allowed.get("*")), path, repr(key))
    missing = [k for k in schema if isinstance(k, str) and k != "*" and k not in seen]
    if missing:
        _fail(node, path, f"{where} lacks {', '.join(map(repr, missing))}")
