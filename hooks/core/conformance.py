"""Whether a data file meets its JSON schema, answered without jsonschema when it does.

jsonschema names every violation with its path, which the editor's messages need, but importing it
and making its validators costs about 0.1 s a build, for data files that are nearly always right.
`conforms` walks a value as jsonschema's Draft 2020-12 validator would, for the keywords the
project's schemas use, and answers only "no violation at all": then nothing needs jsonschema. Any
violation, or a keyword it does not know, and the caller asks jsonschema, which says where and why.

The walk visits what jsonschema visits, keyword by keyword with no shortcut (but anyOf's, which
stops at its first branch that holds, as jsonschema's does), so `x-translated` marks the same
translated values. No MkDocs import here.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from numbers import Number
from typing import Any

from hooks.core.translation import Translation, translation_problems

# Keywords that only describe: jsonschema checks nothing of them.
ANNOTATIONS = frozenset({"$schema", "$defs", "$comment", "title", "description", "default", "examples", "x-hint"})


class Unknown(Exception):
    """The schema uses what this walk does not know: jsonschema must judge."""


def conforms(value: Any, schema: Mapping[str, Any], translation: Translation, translated: set[int]) -> bool:
    """True when `value` meets `schema` with no violation (the ids of its translated values are then
    added to `translated`, as jsonschema's walk adds them); False when it may not."""
    walk = Walk(schema, translation)
    try:
        holds = walk.holds(value, schema)
    except (Unknown, RecursionError):  # a schema whose references loop is jsonschema's to judge
        return False
    if holds:
        translated |= walk.translated
    return holds


class Walk:
    """One walk of a value against a root schema, keeping the translated values it meets."""

    def __init__(self, root: Mapping[str, Any], translation: Translation) -> None:
        self.root = root
        self.translation = translation
        self.translated: set[int] = set()

    def holds(self, instance: Any, schema: Any) -> bool:
        if schema is True or schema is False:
            return schema
        if not isinstance(schema, Mapping):
            raise Unknown
        holds = True
        for keyword, value in schema.items():
            if keyword in ANNOTATIONS:
                continue
            check = KEYWORDS.get(keyword)
            if check is None:
                raise Unknown
            holds = check(self, value, instance, schema) and holds  # every keyword, as jsonschema
        return holds

    def all_hold(self, pairs: list[tuple[Any, Any]]) -> bool:
        """Whether each (instance, schema) holds, every one of them walked."""
        return all([self.holds(instance, schema) for instance, schema in pairs])

    def reference(self, ref: Any, instance: Any, schema: Mapping[str, Any]) -> bool:
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise Unknown
        target: Any = self.root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, Mapping) or part not in target:
                raise Unknown
            target = target[part]
        return self.holds(instance, target)

    def x_translated(self, subschema: Any, instance: Any, schema: Mapping[str, Any]) -> bool:
        holds = next(iter(translation_problems(instance, self.translation)), None) is None
        if not self.translation.is_language_map(instance):
            return self.holds(instance, subschema) and holds
        self.translated.add(id(instance))
        languages = self.translation.languages
        return self.all_hold([(text, subschema) for code, text in instance.items() if code in languages]) and holds

    def any_of(self, branches: Any, instance: Any, schema: Mapping[str, Any]) -> bool:
        if not isinstance(branches, list):
            raise Unknown
        return any(self.holds(instance, branch) for branch in branches)  # stops at the first, as jsonschema

    def properties(self, properties: Any, instance: Any, schema: Mapping[str, Any]) -> bool:
        if not isinstance(instance, dict):
            return True
        if not isinstance(properties, Mapping):
            raise Unknown
        return self.all_hold([(instance[key], sub) for key, sub in properties.items() if key in instance])

    def additional_properties(self, extra: Any, instance: Any, schema: Mapping[str, Any]) -> bool:
        if not isinstance(instance, dict):
            return True
        named = schema.get("properties") or {}
        extras = [key for key in instance if key not in named]
        if isinstance(extra, Mapping):
            return self.all_hold([(instance[key], extra) for key in extras])
        if extra is True or extra is False:
            return extra or not extras
        raise Unknown

    def property_names(self, names: Any, instance: Any, schema: Mapping[str, Any]) -> bool:
        if not isinstance(instance, dict):
            return True
        return self.all_hold([(key, names) for key in instance])

    def items(self, items: Any, instance: Any, schema: Mapping[str, Any]) -> bool:
        if not isinstance(instance, list):
            return True
        return self.all_hold([(item, items) for item in instance])


def is_type(instance: Any, name: Any) -> bool:
    """jsonschema's types: a bool is no number, a float with no fraction is an integer."""
    if name == "string":
        return isinstance(instance, str)
    if name == "object":
        return isinstance(instance, dict)
    if name == "array":
        return isinstance(instance, list)
    if name == "boolean":
        return isinstance(instance, bool)
    if name == "null":
        return instance is None
    if name == "number":
        return is_number(instance)
    if name == "integer":
        return is_number(instance) and (
            isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())
        )
    raise Unknown


def is_number(instance: Any) -> bool:
    return isinstance(instance, Number) and not isinstance(instance, bool)


def of_type(walk: Walk, types: Any, instance: Any, schema: Mapping[str, Any]) -> bool:
    return any(is_type(instance, name) for name in (types if isinstance(types, list) else [types]))


def required(walk: Walk, names: Any, instance: Any, schema: Mapping[str, Any]) -> bool:
    if not isinstance(names, list):
        raise Unknown
    return not isinstance(instance, dict) or all(name in instance for name in names)


def enum(walk: Walk, choices: Any, instance: Any, schema: Mapping[str, Any]) -> bool:
    if not isinstance(choices, list) or not all(isinstance(choice, str) for choice in choices):
        raise Unknown  # jsonschema's equality of numbers, lists and mappings is its own
    return isinstance(instance, str) and instance in choices


def pattern(walk: Walk, expression: Any, instance: Any, schema: Mapping[str, Any]) -> bool:
    if not isinstance(expression, str):
        raise Unknown
    return not isinstance(instance, str) or re.search(expression, instance) is not None


def size_bound(kind: type, compare: Callable[[int, int], bool]) -> Callable[..., bool]:
    """minLength, maxItems…: an instance of `kind` whose size `compare`s well with the bound."""

    def check(walk: Walk, bound: Any, instance: Any, schema: Mapping[str, Any]) -> bool:
        return not isinstance(instance, kind) or compare(len(instance), of_kind(bound, int))

    return check


def number_bound(compare: Callable[[Any, Any], bool]) -> Callable[..., bool]:
    """minimum, maximum: a number that `compare`s well with the bound."""

    def check(walk: Walk, bound: Any, instance: Any, schema: Mapping[str, Any]) -> bool:
        return not is_number(instance) or compare(instance, of_kind(bound, (int, float)))

    return check


def of_kind(bound: Any, kind: type | tuple[type, ...]) -> Any:
    """A keyword's bound, if it is of `kind` (a bool is not); any other is not this walk's to judge."""
    if isinstance(bound, bool) or not isinstance(bound, kind):
        raise Unknown
    return bound


KEYWORDS: dict[str, Any] = {
    "$ref": Walk.reference,
    "x-translated": Walk.x_translated,
    "anyOf": Walk.any_of,
    "properties": Walk.properties,
    "additionalProperties": Walk.additional_properties,
    "propertyNames": Walk.property_names,
    "items": Walk.items,
    "type": of_type,
    "required": required,
    "enum": enum,
    "pattern": pattern,
    "minLength": size_bound(str, operator.ge),
    "maxLength": size_bound(str, operator.le),
    "minItems": size_bound(list, operator.ge),
    "maxItems": size_bound(list, operator.le),
    "minProperties": size_bound(dict, operator.ge),
    "maxProperties": size_bound(dict, operator.le),
    "minimum": number_bound(operator.ge),
    "maximum": number_bound(operator.le),
}
