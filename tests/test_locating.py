"""Positions of offsets and JSON pointers: the cheap index and the partial scans give exactly
what a list of every line start and a whole parse give."""
import itertools
import json
import re
import sys

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from flowlint import fastjson, jsonpos
from flowlint import source as source_module
from flowlint.jsonpos import JsonLocator, join_pointer
from flowlint.source import SourceFile


def _reference_starts(text: str) -> list:
    return [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet="ab\r\n é", max_size=80))
def test_positions_match_a_list_of_line_starts(text):
    for size in (3, 7, 4096):
        source_module._CHUNK, kept = size, source_module._CHUNK
        try:
            source = SourceFile("t", text)
            starts = _reference_starts(text)
            for offset in range(len(text) + 2):
                line = max(i for i, s in enumerate(starts) if s <= offset)
                assert source.position(offset) == (line + 1, offset - starts[line] + 1)
            for line in range(0, len(starts) + 2):
                end = starts[line] if 0 < line < len(starts) else len(text)
                expected = text[starts[line - 1]:end].rstrip("\r\n") if 1 <= line <= len(starts) else ""
                assert source.line_text(line) == expected
                for column in (1, 3):
                    kept_line = min(max(line, 1), len(starts))
                    assert source.offset(line, column) == min(starts[kept_line - 1] + column - 1, len(text))
        finally:
            source_module._CHUNK = kept


_SCALARS = st.none() | st.booleans() | st.integers() | st.text(alphabet='ab"\\{}[],: \né', max_size=6)
_KEYS = st.text(alphabet='ab/~"\\é\n', max_size=2)
# An object is ("{", [(key, value), ...]), keys perhaps repeated; an array is ("[", [value, ...]).
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.tuples(st.just("["), st.lists(inner, max_size=4))
    | st.tuples(st.just("{"), st.lists(st.tuples(_KEYS, inner), max_size=4)),
    max_leaves=25,
)


class _Placed:
    """Where the serializer wrote a value: (key start, start, end), and its members as a parse
    keeps them (the last of repeated keys)."""

    def __init__(self, key_start, start):
        self.key_start, self.start, self.end = key_start, start, None
        self.members = None  # dict or list


def _write(value, out: list, at: int, space, ascii: bool, key_start=None) -> tuple:
    """(the text of `value`, its _Placed) when written at offset `at`, with `space()` (JSON
    whitespace, perhaps none) wherever JSON allows it; `out` collects repeated keys."""
    placed = _Placed(at if key_start is None else key_start, at)
    if not isinstance(value, tuple):
        text = json.dumps(value, ensure_ascii=ascii)
        placed.end = at + len(text)
        return text, placed
    opening, members = value
    parts, pos = [opening], at + 1
    placed.members = {} if opening == "{" else []
    for index, member in enumerate(members):
        lead = (space() + "," if index else "") + space()
        parts.append(lead)
        pos += len(lead)
        if opening == "{":
            key, member = member
            key_text = json.dumps(key, ensure_ascii=ascii) + space() + ":" + space()
            if key in placed.members:
                out.append(key)
            text, child = _write(member, out, pos + len(key_text), space, ascii, key_start=pos)
            placed.members[key] = child
            text = key_text + text
        else:
            text, child = _write(member, out, pos, space, ascii)
            placed.members.append(child)
        parts.append(text)
        pos += len(text)
    closing = space() + ("}" if opening == "{" else "]")
    parts.append(closing)
    placed.end = pos + len(closing)
    return "".join(parts), placed


def _expected_places(placed: _Placed, pointer: str = ""):
    """(pointer, place of the value a lookup must give): every value, and paths that break off
    below each one (a missing key, an index past the end or not written as JSON Pointer writes
    it, a token below a scalar), which give the deepest value that exists."""
    yield pointer, placed
    for broken in ("/zz", "/zz/0", "/9", "/01", "/-1"):  # no key has a z or a digit; no array 10 members
        yield pointer + broken, placed
    members = placed.members
    for token, child in (members.items() if isinstance(members, dict) else enumerate(members or ())):
        yield from _expected_places(child, pointer + join_pointer(token))


@settings(max_examples=300, deadline=None)
@given(value=_VALUES, spacing=st.randoms(use_true_random=False), order=st.randoms(use_true_random=False),
       ascii=st.booleans(), big=st.sampled_from([0, 8, 40, 1 << 30]))
def test_every_pointer_is_located_in_any_order(value, spacing, order, ascii, big):
    """Exact places, with and without msgspec, whitespace anywhere JSON allows it, containers
    scanned and kept or read afresh (`big`: from what size a container's scan is kept), keys
    escaped or repeated (the last one wins, as in a parse), and paths that break off."""
    def space() -> str:
        return "".join(spacing.choice(" \t\r\n") for _ in range(spacing.choice((0, 0, 1, 2))))

    fastjson.msgspec()  # imported (where installed), so that the locator uses it unless hidden
    repeated, lead = [], space()
    text, root = _write(value, repeated, len(lead), space, ascii)
    text = lead + text + space()
    places = list(_expected_places(root))
    order.shuffle(places)
    for unique, hidden in itertools.product((False, True), (False, True)):
        if unique and repeated:
            continue  # the caller vouches for unique keys only where they are
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(jsonpos, "BIG_CONTAINER", big)  # 0: every container's values found by msgspec
            if hidden:
                patch.setitem(sys.modules, "msgspec", None)
            locator = JsonLocator(text, unique_keys=unique)
            located = [(locator.member(pointer), pointer, placed) for pointer, placed in places]
            for member, pointer, placed in located:
                assert (member.key_start, member.start, member.end) == (placed.key_start, placed.start, placed.end), pointer


def test_msgspec_values_of_a_repeated_key_are_not_taken_for_the_first(monkeypatch):
    monkeypatch.setattr(jsonpos, "BIG_CONTAINER", 0)
    text = '{"a": {"x": 1}, "b": ["é", {"c": 2}], "a": {"y": 22}}'
    locator = JsonLocator(text)
    assert text[locator.member("/b/1/c").start] == "2"
    assert [(key, text[first.start:first.end], text[later.start:later.end]) for key, first, later in locator.duplicates("")] \
        == [("a", '{"x": 1}', '{"y": 22}')]


def test_the_last_of_duplicate_keys_wins_unless_keys_are_known_unique():
    text = '{"a": 1, "b": {"c": 2}, "a": 3}'
    assert text[JsonLocator(text).member("/a").start] == "3"
    duplicates = JsonLocator(text).duplicates("")
    assert [(key, text[first.start], text[later.start]) for key, first, later in duplicates] == [("a", "1", "3")]
    assert text[JsonLocator(text).member("/b/c").start] == "2"


@pytest.mark.parametrize("scalar", ["1e400", "123456789012345678901234567890", '"é"'])
def test_a_root_scalar_msgspec_cannot_type_leaves_its_containers_found(monkeypatch, scalar):
    """The root's containers are found with the root in one msgspec pass (their own members'
    texts); a scalar it refuses to read so (a float past range) has the root read flat instead."""
    monkeypatch.setattr(jsonpos, "BIG_CONTAINER", 0)
    text = '{"a": %s, "groups": [{"x": [1, 2]}, {"y": "z"}], "edges": {"e": [3]}, "end": true}' % scalar
    locator = JsonLocator(text, unique_keys=True)
    for pointer, expected in (("/groups/1/y", '"z"'), ("/edges/e/0", "3"), ("/end", "true"), ("/groups", None)):
        member = locator.member(pointer)
        assert text[member.start:member.end] == (expected or json.dumps(json.loads(text)["groups"]))


@pytest.mark.parametrize("hide_msgspec", [True, False])
def test_locating_every_group_reads_each_group_once(monkeypatch, hide_msgspec):
    """Without msgspec the groups array's end is not known: its scan is kept, so locating a value
    in each group in turn passes each group once (not groups 0..i-1 again at every lookup)."""
    if hide_msgspec:
        monkeypatch.setitem(sys.modules, "msgspec", None)
    groups = 300
    text = json.dumps({"v": 1, "groups": [{"id": i, "blocks": [{"t": "x" * 50}] * 3} for i in range(groups)]})
    decoded = []
    real = jsonpos._DECODER

    class Counting:
        def raw_decode(self, text, pos):
            decoded.append(pos)
            return real.raw_decode(text, pos)

    monkeypatch.setattr(jsonpos, "_DECODER", Counting())
    locator = JsonLocator(text, unique_keys=True)
    for i in range(groups):
        member = locator.member(f"/groups/{i}/blocks/2/t")
        assert text[member.start:member.end] == '"' + "x" * 50 + '"'
    assert len(decoded) < 10 * groups
