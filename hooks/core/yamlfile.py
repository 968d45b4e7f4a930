"""Load the YAML files of `data/`, check them against their JSON schemas, and say where they are wrong.

Every problem names the data file and the line of the offending YAML node, so a content editor can
fix it without reading a traceback. No MkDocs import here.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from hooks.core.conformance import conforms
from hooks.core.problems import Problem, ProblemError, suggest
from hooks.core.translation import SOURCE_ONLY, Translation, localize, translated_keyword

if TYPE_CHECKING:
    import jsonschema

# libyaml's parser where PyYAML was built with it: about ten times faster on the data files.
FAST_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Bounds of a data file: far above what the site needs, far below what would stall a build.
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20
# Where a YAML anchor (&a) or alias (*a) could start: not "A&E", but also "**bold**", checked then.
MAY_HOLD_ANCHOR = re.compile(r"(?:^|[\s\[{,])[&*]\S", re.M)


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its value, its node tree (for line numbers) and its display path."""

    path: str
    value: Any
    node: yaml.Node | None
    # The languages of the site and the one this build shows: a line inside a translated value
    # is the line of that language's text.
    translation: Translation = SOURCE_ONLY

    @functools.cached_property
    def mapping_keys(self) -> dict[int, dict[str, tuple[yaml.Node, yaml.Node]]]:
        """Each mapping node's keys (by the node's id), filled as line_of needs them: a lookup in a
        table of many rows costs the same as in a small one."""
        return {}

    def line_of(self, keys: Iterable[Any]) -> int:
        """The 1-based line of the node reached by following `keys` (mapping keys or list indexes);
        inside a translated value, the line of the text of the language this build shows."""
        node = self.node
        line = node.start_mark.line + 1 if node is not None else 1
        for key in keys:
            node, line = self.into_language(node, line, key)
            if isinstance(node, yaml.MappingNode):
                found = self.keys_of(node).get(str(key))
                if found is None:
                    break
                node = found[1]
                line = found[0].start_mark.line + 1
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
                line = node.start_mark.line + 1
            else:
                break
        else:
            return self.into_language(node, line, None)[1]
        return line

    def into_language(self, node: yaml.Node | None, line: int, key: Any) -> tuple[yaml.Node | None, int]:
        """A translated value's node for this build's language, when `key` leads into its text."""
        languages = self.translation.languages
        if len(languages) == 1 or not isinstance(node, yaml.MappingNode) or str(key) in languages:
            return node, line
        index = self.keys_of(node)
        if self.translation.language in index and all(k in languages for k in index):
            key_node, inner = index[self.translation.language]
            return inner, key_node.start_mark.line + 1
        return node, line

    def keys_of(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """A mapping node's keys and values, by key."""
        index = self.mapping_keys.get(id(node))
        if index is None:
            index = self.mapping_keys[id(node)] = {}
            for k, v in node.value:
                index.setdefault(k.value, (k, v))
        return index


def parse_yaml(text: str, path: str) -> Document:
    """Parse YAML text; a syntax error becomes `path:line:column: problem; hint`. A file too big,
    with anchors or aliases, or nested too deep is refused before its values are built."""
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise ProblemError(
            [
                Problem(
                    path,
                    1,
                    f"the file is {size / 1_000_000:.1f} MB, more than the {MAX_FILE_BYTES // 1_000_000} MB a data file "
                    "may hold; split it into smaller files or remove what the site does not show",
                )
            ]
        )
    if MAY_HOLD_ANCHOR.search(text):
        refuse_anchors(text, path)
    try:
        node = compose(text, FAST_LOADER)
    except yaml.YAMLError:
        node = parse_or_explain(text, path)  # the Python parser's messages are the clearer ones
    too_deep = next((deep for deep, depth in nodes_with_depth(node) if depth > MAX_DEPTH), None)
    if too_deep is not None:
        message = f"values nested more than {MAX_DEPTH} levels deep; a data file needs a few levels, see its schema"
        raise ProblemError([Problem(path, too_deep.start_mark.line + 1, message)])
    value = construct(node, path)
    duplicates = list(find_duplicate_keys(node, path))
    if duplicates:
        raise ProblemError(duplicates)
    return Document(path=path, value=value, node=node)


def parse_or_explain(text: str, path: str) -> yaml.Node | None:
    """Parse with PyYAML's Python parser; a syntax error becomes a ProblemError at its line and column."""
    try:
        return compose(text, yaml.SafeLoader)
    except RecursionError:  # libyaml stops at 1000 levels of brackets; the Python parser recurses
        message = f"values nested more than {MAX_DEPTH} levels deep; a data file needs a few levels, see its schema"
        raise ProblemError([Problem(path, 1, message)]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = error.problem or error.context or "invalid YAML"
        message = f"YAML syntax error: {what}; check the indentation and quotes on this line and the one above"
        raise ProblemError([Problem(path, line, message, column)]) from None


def compose(text: str, loader_class: type) -> yaml.Node | None:
    """The node tree of a YAML text (for line numbers and the value)."""
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def construct(node: yaml.Node | None, path: str) -> Any:
    """The value of a node tree; a value YAML reads but Python cannot hold (`2026-13-45` read as a
    date) is a problem at its line."""
    if node is None:
        return None
    try:
        return yaml.SafeLoader("").construct_document(node)
    except ValueError:
        for scalar, _ in nodes_with_depth(node):
            if isinstance(scalar, yaml.ScalarNode):
                try:
                    yaml.SafeLoader("").construct_object(scalar)
                except ValueError as error:
                    message = f"{scalar.value!r} cannot be read ({error}); write a real date as YYYY-MM-DD, or put the text in quotes"
                    raise ProblemError([Problem(path, scalar.start_mark.line + 1, message)]) from None
        raise


def nodes_with_depth(node: yaml.Node | None) -> Iterator[tuple[yaml.Node, int]]:
    """Every node of a tree with its depth (1 for the top), without recursion: a data file nested
    a thousand levels deep is reported, not a RecursionError."""
    stack = [(node, 1)] if node is not None else []
    while stack:
        current, depth = stack.pop()
        yield current, depth
        if isinstance(current, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in reversed(current.value) for child in reversed(pair))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in reversed(current.value))


def refuse_anchors(text: str, path: str) -> None:
    """YAML anchors (`&a`) and aliases (`*a`) are refused: a few lines of aliases can expand into
    billions of values (an "alias bomb") and stall the build."""
    problems = []
    try:
        for event in yaml.parse(text, FAST_LOADER):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent):
                problems.append(
                    Problem(path, line, f"YAML alias '*{event.anchor}' is not allowed; write the value out in full")
                )
            elif getattr(event, "anchor", None):
                problems.append(
                    Problem(
                        path,
                        line,
                        f"YAML anchor '&{event.anchor}' is not allowed; delete it and write each value out in full",
                    )
                )
    except yaml.YAMLError:
        return  # a syntax error: the parse reports it at its line
    if problems:
        raise ProblemError(problems)


def find_duplicate_keys(node: yaml.Node | None, path: str) -> Iterable[Problem]:
    """YAML quietly keeps the last of two equal keys; an editor must hear about the first one lost."""
    if isinstance(node, yaml.MappingNode):
        first_seen: dict[str, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + 1
            if key.value in first_seen:
                yield Problem(
                    path,
                    line,
                    f"duplicate id '{key.value}' (first at line {first_seen[key.value]}); rename one or merge them",
                )
            else:
                first_seen[key.value] = line
            yield from find_duplicate_keys(value, path)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from find_duplicate_keys(item, path)


def load_schema(path: Path) -> dict[str, Any]:
    """Read a JSON schema file of `data/schemas/`; a missing or broken schema is a problem to fix."""
    display = "/".join(path.parts[-3:]) if len(path.parts) >= 3 else path.as_posix()
    if not path.is_file():
        raise ProblemError([Problem(display, 1, "missing schema file; restore it from the project's history")])
    try:
        return json.loads(read_text(path, display))
    except json.JSONDecodeError as error:
        raise ProblemError(
            [Problem(display, error.lineno, f"invalid JSON schema: {error.msg}; fix the file")]
        ) from None


def describe_location(keys: Sequence[Any]) -> str:
    """How an editor names a place in a data file: "row 'pain'", "'course_sessions'"."""
    if len(keys) >= 2 and keys[0] == "rows":
        return f"row '{keys[1]}'" + (f", column '{keys[2]}'" if len(keys) > 2 else "")
    if not keys:
        return "the file"
    return "'" + ".".join(str(k) for k in keys) + "'"


def explain(error: jsonschema.ValidationError, keys: Sequence[Any] | None = None) -> str:
    """Turn a jsonschema error into 'what is wrong; what to do' in an editor's words; `keys` lead
    to the value it is about (the error's own path when None)."""
    where = describe_location(list(error.absolute_path) if keys is None else keys)
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return f"{where}: missing value for '{missing}'; add '{missing}:' with its text"
    if error.validator == "additionalProperties":
        allowed = list((error.schema.get("properties") or {}).keys())
        extra = sorted(set(error.instance) - set(allowed))
        name = extra[0] if extra else "?"
        kind = "column" if where.startswith("row ") else "key"
        return f"{where}: unknown {kind} '{name}'{suggest(name, allowed)}"
    if error.validator == "type":
        wanted = {
            "string": "text",
            "object": "a mapping of keys to values",
            "array": "a list",
            "boolean": "true or false",
            "integer": "a whole number",
            "number": "a number",
        }
        expected = error.validator_value
        expected = wanted.get(expected, expected) if isinstance(expected, str) else expected
        return f"{where}: expected {expected}, found {type_name(error.instance)}; fix the value"
    if error.validator == "enum":
        choices = [str(choice) for choice in error.validator_value]
        return f"{where}: {error.instance!r} is not allowed{suggest(str(error.instance), choices)}"
    if error.validator == "minLength":
        return f"{where}: is empty; write the text or remove the key"
    if error.validator == "pattern":
        hint = error.schema.get("x-hint", "see the schema for the expected form")
        return f"{where}: {error.instance!r} is not allowed; {hint}"
    if error.validator in {"minProperties", "maxProperties"}:
        bound = "at least" if error.validator == "minProperties" else "at most"
        count = len(error.instance)
        hint = error.schema.get("x-hint", "add or remove entries")
        return (
            f"{where}: has {count} entr{'y' if count == 1 else 'ies'}, {bound} {error.validator_value} allowed; {hint}"
        )
    if error.validator == "x-translated":
        return f"{where}: {error.message}"
    if error.validator in {"minItems", "maxItems"}:
        bound = "at least" if error.validator == "minItems" else "at most"
        count = len(error.instance)
        hint = error.schema.get("x-hint", "add or remove items")
        return f"{where}: has {count} item{'' if count == 1 else 's'}, {bound} {error.validator_value} allowed; {hint}"
    return f"{where}: {error.message}"


def type_name(value: Any) -> str:
    """The YAML word for a Python value's type."""
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def validate(
    document: Document,
    schema: dict[str, Any],
    translation: Translation = SOURCE_ONLY,
    translated: set[int] | None = None,
) -> list[Problem]:
    """Every schema violation of the document, each at the line of its node, in file order; a
    value marked `x-translated` is checked in every language of `translation` (and its id added
    to `translated`)."""
    translated = translated if translated is not None else set()
    if conforms(document.value, schema, translation, translated):
        return []  # no violation: jsonschema, which would say where each one is, is not needed
    import jsonschema  # here: a build whose data files all conform needs none of it (40 ms)

    kind = jsonschema.validators.extend(
        jsonschema.Draft202012Validator, {"x-translated": translated_keyword(translation, translated)}
    )
    validator = kind(schema)
    problems = []
    for error in validator.iter_errors(document.value):
        keys = list(error.absolute_path)
        named = keys
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set((error.schema.get("properties") or {}).keys())
            extra = sorted(set(error.instance) - allowed)
            keys = keys + extra[:1]
        elif "propertyNames" in error.schema_path and isinstance(error.instance, str):
            keys = named = [*keys, error.instance]  # a key that is not allowed: at its own line
        problems.append(Problem(document.path, document.line_of(keys), explain(error, named)))
    return sorted(problems, key=lambda p: p.line)


def load_document(file: Path, display: str, schema: dict[str, Any], translation: Translation = SOURCE_ONLY) -> Document:
    """Parse and validate one data file, raising ProblemError with every problem found; its value
    holds the texts of the language `translation` shows."""
    document = parse_yaml(read_text(file, display), display)
    texts: set[int] = set()
    problems = validate(document, schema, translation, texts)
    if problems:
        raise ProblemError(problems)
    return translated(document, translation, texts)


def translated(document: Document, translation: Translation, texts: set[int]) -> Document:
    """The document as the edition of `translation` reads it: each of its translated values
    (`texts`, found by `validate`) in the edition's language."""
    if not texts:
        return document
    return Document(document.path, localize(document.value, translation, texts), document.node, translation)


def read_text(file: Path, display: str) -> str:
    """A file's text; a file that is not UTF-8 is a problem at the line of its first bad byte."""
    text, problems = decode_utf8(file.read_bytes(), display)
    if problems:
        raise ProblemError(problems)
    return text


def decode_utf8(data: bytes, display: str) -> tuple[str, list[Problem]]:
    """The text of a file's bytes, and the problem of its first byte that is not UTF-8 (the text
    then has U+FFFD in place of each such byte)."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = f"byte 0x{data[error.start]:02x} is not UTF-8 text; save the file as UTF-8"
        return data.decode("utf-8", "replace"), [Problem(display, line, message)]
