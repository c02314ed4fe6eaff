"""Strict loading of the YAML knowledge files under `ontology/`: a file and a schema in, checked data out.

    from conflict_kg.extract.knowledge_file import Record, ListOf, Text, load
    SCHEMA = ListOf(Record(required={"id": Text()}, optional={"aliases": ListOf(Text())}))
    entries = load(path, SCHEMA)

`load(path, schema)` gives the file's data as plain Python values (dict, list, str, int, float,
bool), or raises `KnowledgeFileError` (a `ValueError`) whose message starts with `FILE:LINE:` and
names the problem: a YAML syntax error, an unknown or missing key, a key written twice, a value of
the wrong type or shape. Every mapping and list it returns is a `Located` dict or list that knows
where it was written (`.where`, "FILE:LINE", and `.where_of(key_or_index)`), so checks that span
entries (an id that must exist elsewhere) can name the line too: `error_at(where, message)`.

Schemas are small objects: `Text`, `Integer`, `Number`, `Flag`, `OneOf` (a closed set of strings),
`ListOf`, `Record` (fixed keys, some required), `MapOf` (free keys, one value schema) and `AnyOf`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when installed: the same nodes, faster


class KnowledgeFileError(ValueError):
    """A knowledge file that cannot be used; the message starts with "FILE:LINE:"."""


def error_at(where: str, message: str) -> KnowledgeFileError:
    return KnowledgeFileError(f"{where}: {message}")


class Located:
    """Mixin of the dicts and lists `load` returns: where each was written and where its parts were."""

    file: str
    line: int
    _part_lines: dict

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def where_of(self, part) -> str:
        """ "FILE:LINE" of one key's value (dict) or one item (list)."""
        return f"{self.file}:{self._part_lines.get(part, self.line)}"

    def _locate(self, node: Node, file: str, part_lines: dict) -> None:
        self.file, self.line, self._part_lines = file, node.start_mark.line + 1, part_lines


class LocatedDict(dict, Located):
    pass


class LocatedList(list, Located):
    pass


class _Context:
    def __init__(self, file: str):
        self.file = file
        self.constructor = yaml.SafeLoader("")

    def where(self, node: Node) -> str:
        return f"{self.file}:{node.start_mark.line + 1}"

    def fail(self, node: Node, message: str) -> KnowledgeFileError:
        return error_at(self.where(node), message)

    def scalar(self, node: Node) -> Any:
        if not isinstance(node, ScalarNode):
            raise self.fail(node, f"expected a single value, found {_kind(node)}")
        return self.constructor.construct_object(node, deep=True)


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping (key: value)"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"the value {node.value!r}"


class Schema:
    def check(self, node: Node, context: _Context) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Schema):
    """A string, optionally matching a regular expression in full."""

    pattern: str | None = None
    description: str = ""

    def check(self, node, context):
        value = context.scalar(node)
        if not isinstance(value, str):
            raise context.fail(node, f"expected text, found {value!r} ({type(value).__name__}); quote it")
        if self.pattern and not re.fullmatch(self.pattern, value):
            raise context.fail(node, f"{value!r} is not {self.description or 'of the form ' + self.pattern}")
        return value


@dataclass(frozen=True)
class OneOf(Schema):
    """One string of a closed set."""

    choices: tuple[str, ...]

    def check(self, node, context):
        value = context.scalar(node)
        if value not in self.choices:
            raise context.fail(node, f"{value!r} is not one of {', '.join(self.choices)}")
        return value


@dataclass(frozen=True)
class Integer(Schema):
    minimum: int | None = None

    def check(self, node, context):
        value = context.scalar(node)
        if not isinstance(value, int) or isinstance(value, bool):
            raise context.fail(node, f"expected a whole number, found {value!r}")
        if self.minimum is not None and value < self.minimum:
            raise context.fail(node, f"expected a number of at least {self.minimum}, found {value}")
        return value


@dataclass(frozen=True)
class Number(Schema):
    def check(self, node, context):
        value = context.scalar(node)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise context.fail(node, f"expected a number, found {value!r}")
        return float(value)


@dataclass(frozen=True)
class Flag(Schema):
    def check(self, node, context):
        value = context.scalar(node)
        if not isinstance(value, bool):
            raise context.fail(node, f"expected true or false, found {value!r}")
        return value


@dataclass(frozen=True)
class AnyOf(Schema):
    """The first of several schemas the value satisfies (e.g. a GeoNames id as number or text)."""

    options: tuple[Schema, ...]

    def check(self, node, context):
        errors = []
        for option in self.options:
            try:
                return option.check(node, context)
            except KnowledgeFileError as error:
                errors.append(str(error).split(": ", 1)[1])
        raise context.fail(node, " or ".join(errors))


@dataclass(frozen=True)
class ListOf(Schema):
    item: Schema
    length: int | None = None  # exactly this many items, when given

    def check(self, node, context):
        if not isinstance(node, SequenceNode):
            raise context.fail(node, f"expected a list, found {_kind(node)}")
        if self.length is not None and len(node.value) != self.length:
            raise context.fail(node, f"expected {self.length} items, found {len(node.value)}")
        result = LocatedList(self.item.check(child, context) for child in node.value)
        result._locate(node, context.file, {i: child.start_mark.line + 1 for i, child in enumerate(node.value)})
        return result


def _mapping_items(node: Node, context: _Context) -> list[tuple[str, Node, Node]]:
    if not isinstance(node, MappingNode):
        raise context.fail(node, f"expected a mapping (key: value), found {_kind(node)}")
    items, seen = [], set()
    for key_node, value_node in node.value:
        key = context.scalar(key_node)
        if not isinstance(key, str):
            raise context.fail(key_node, f"a key must be text, found {key!r}")
        if key in seen:
            raise context.fail(key_node, f"key {key!r} is given twice")
        seen.add(key)
        items.append((key, key_node, value_node))
    return items


def _located_dict(node: Node, context: _Context, values: dict, lines: dict) -> LocatedDict:
    result = LocatedDict(values)
    result._locate(node, context.file, lines)
    return result


@dataclass(frozen=True)
class Record(Schema):
    """A mapping with fixed keys: all of `required`, any of `optional`, nothing else."""

    required: dict[str, Schema] = field(default_factory=dict)
    optional: dict[str, Schema] = field(default_factory=dict)

    def check(self, node, context):
        values, lines = {}, {}
        for key, key_node, value_node in _mapping_items(node, context):
            schema = self.required.get(key) or self.optional.get(key)
            if schema is None:
                known = ", ".join(sorted({*self.required, *self.optional}))
                raise context.fail(key_node, f"unknown key {key!r} (known keys: {known})")
            values[key] = schema.check(value_node, context)
            lines[key] = value_node.start_mark.line + 1
        missing = [key for key in self.required if key not in values]
        if missing:
            raise context.fail(node, f"missing key {missing[0]!r}")
        return _located_dict(node, context, values, lines)


@dataclass(frozen=True)
class MapOf(Schema):
    """A mapping whose keys are free text and whose values all follow one schema."""

    value: Schema

    def check(self, node, context):
        values, lines = {}, {}
        for key, _, value_node in _mapping_items(node, context):
            values[key] = self.value.check(value_node, context)
            lines[key] = value_node.start_mark.line + 1
        return _located_dict(node, context, values, lines)


def load(path: Path | str, schema: Schema, display_name: str | None = None) -> Any:
    """The data of the YAML file at `path`, checked against `schema`.

    Errors name the file as `display_name` (default: the path as given) and the line."""
    file = display_name or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise KnowledgeFileError(f"{file}: cannot be read ({error.strerror or error})") from error
    return loads(text, schema, file)


def loads(text: str, schema: Schema, file: str = "<text>") -> Any:
    """`load` for text already read; `file` names it in errors."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        context = ""
        if error.context and error.context_mark and error.context_mark.line + 1 != line:
            context = f" ({error.context} started on line {error.context_mark.line + 1})"
        raise KnowledgeFileError(f"{file}:{line}: not valid YAML: {error.problem or error}{context}") from error
    except yaml.YAMLError as error:
        raise KnowledgeFileError(f"{file}: not valid YAML: {error}") from error
    if node is None:
        raise KnowledgeFileError(f"{file}:1: the file is empty")
    return schema.check(node, _Context(file))
