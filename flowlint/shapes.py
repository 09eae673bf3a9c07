"""The shape of a JSON value under a schema: the part of it the schema can tell apart.

A shape is the value's JSON text with every string the schema never names written as `""` and
every number written as its class: integral or not, and its side of each bound the schema sets
(`minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`). Keys are strings like any other:
a key the schema never names is one `additionalProperties` treats like every other unnamed key.

When a schema tests strings only for equality with strings it names (property names, `required`,
string `enum`/`const` values other than ""), numbers only by type and bounds, and nothing by
length, pattern, format or uniqueness, two values of one shape get the same verdict, and the same
errors but for the values quoted in the messages. `Shapes(schema)` says whether a schema is of
that kind (`sound`); FL003 then asks jsonschema once per shape instead of once per value.

The text is written by the stdlib's C encoder with our string encoder plugged in (its
`c_make_encoder`, the engine behind `json.dumps`): 2 to 4 µs for a block. Where that encoder is
missing (another Python implementation), `sound` is False and every value is validated.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left

# Keywords whose verdict depends on more than the shape.
CONTENT_KEYWORDS = frozenset({
    "pattern", "minLength", "maxLength", "multipleOf", "uniqueItems", "patternProperties",
    "propertyNames", "contentSchema",
})
# Keywords whose value is data or a list of names, not a schema to walk into.
# `format` is an annotation here: FL003's validators are built without a format checker.
DATA_KEYWORDS = frozenset({"examples", "default", "title", "description", "$comment", "$id", "$schema",
                           "$anchor", "format"})
BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_DIGIT = re.compile(r"[0-9]")
# A number in compact JSON text follows ":", "," or "[" (no string that the shape keeps does: see `sound`).
_NUMBER = re.compile(r"(?<=[:,\[])-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_PLAIN = re.compile(r'[^"\\\x00-\x1f]*')


class _Named(dict):
    """JSON text of the strings the schema names; `""` for every other string."""

    # `'""'.format(text)` is `""`. A builtin method is not bound as one when it is a class's
    # attribute, so dict calls it with the key alone: an unnamed string costs no Python frame
    # (most strings of a flow are ids and texts; this makes FL003 5-8% faster).
    __missing__ = '""'.format


class Shapes:
    """Shapes of values under one schema (see the module docs)."""

    def __init__(self, schema):
        named: set = set()
        bounds: set = set()
        # A named "" would be written like every unnamed string; other names must need no escaping
        # and hold nothing that reads like a number in JSON text.
        self.sound = _survey(schema, named, bounds) and "" not in named and all(
            _PLAIN.fullmatch(n) and not _NUMBER.search(n) for n in named)
        self._bounds = sorted(bounds)
        # A number's side of each bound from where it falls among them: bisect index, equal to that bound.
        self._sides = {(index, equal): "".join(">" if i < index else "=" if i == index and equal else "<"
                                               for i in range(len(self._bounds)))
                       for index in range(len(self._bounds) + 1) for equal in (False, True)}
        make_encoder = getattr(json.encoder, "c_make_encoder", None)
        if make_encoder is None:
            self.sound = False
            return
        strings = _Named({name: json.dumps(name, ensure_ascii=False) for name in named})
        # markers, default, string encoder, indent, key separator, item separator, sort_keys,
        # skipkeys, allow_nan: the arguments json.dumps gives it.
        self._encode = make_encoder(None, None, strings.__getitem__, None, ":", ",", False, False, True)

    def of(self, value) -> str:
        text = "".join(self._encode(value, 0))
        if _DIGIT.search(text) is None:
            return text
        return _NUMBER.sub(self._number_class, text)

    def _number_class(self, match) -> str:
        text = match.group()
        if "." in text or "e" in text or "E" in text:
            number = float(text)  # what json.loads made of it, exactly (the C encoder writes repr)
            integral = number.is_integer()
        else:
            number, integral = int(text), True
        index = bisect_left(self._bounds, number)
        equal = index < len(self._bounds) and self._bounds[index] == number
        return ("#i" if integral else "#f") + self._sides[index, equal]


def _survey(node, named: set, bounds: set) -> bool:
    """Collect the strings and bounds `node` (a schema) tests; False if it tests anything else."""
    if isinstance(node, list):
        return all(_survey(item, named, bounds) for item in node)
    if not isinstance(node, dict):
        return True  # a boolean schema
    for key, value in node.items():
        if key in CONTENT_KEYWORDS:
            return False
        if key in ("enum", "const"):
            for option in (value if key == "enum" and isinstance(value, list) else [value]):
                if isinstance(option, str) and option:
                    named.add(option)
                elif not (isinstance(option, bool) or option is None):
                    return False  # "", a number, an object: equality the shape cannot keep
        elif key == "required":
            named.update(value)
        elif key == "dependentRequired":
            named.update(value)
            named.update(name for names in value.values() for name in names)
        elif key in BOUNDS:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return False
            bounds.add(value)
        elif key in ("properties", "dependentSchemas", "$defs", "definitions"):  # name -> schema
            if not isinstance(value, dict):
                return False
            if key in ("properties", "dependentSchemas"):
                named.update(value)
            if not all(_survey(sub, named, bounds) for sub in value.values()):
                return False
        elif key not in DATA_KEYWORDS and not _survey(value, named, bounds):
            return False
    return True
