"""Positions of offsets and JSON pointers: the cheap index and the partial scans give exactly
what a list of every line start and a whole parse give."""
import json
import re
import sys

import pytest
from json.decoder import scanstring

from hypothesis import given, settings
from hypothesis import strategies as st

from flowlint import jsonpos
from flowlint import source as source_module
from flowlint.jsonpos import JsonLocator, join_pointer, split_pointer
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


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='ab"\\{}[],: \né', max_size=6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(alphabet="ab/~", max_size=2), inner, max_size=4),
    max_leaves=25,
)


def _pointers(value, pointer=""):
    yield pointer, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _pointers(child, pointer + join_pointer(key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _pointers(child, pointer + join_pointer(index))


@settings(max_examples=200, deadline=None)
@given(value=_JSON, indent=st.sampled_from([None, 1, "\t"]), order=st.randoms(use_true_random=False),
       ascii=st.booleans())
def test_every_pointer_is_located_in_any_order(value, indent, order, ascii):
    text = json.dumps(value, indent=indent, ensure_ascii=ascii)
    pointers = list(_pointers(value))
    order.shuffle(pointers)
    for unique, big in ((False, 1 << 30), (True, 1 << 30), (False, 0), (True, 0)):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(jsonpos, "BIG_CONTAINER", big)  # 0: every container's values found by msgspec
            locator = JsonLocator(text, unique_keys=unique)
            located = [(locator.member(pointer), pointer, expected) for pointer, expected in pointers]
        for member, pointer, expected in located:
            assert json.loads(text[member.start:member.end]) == expected
            if member.key_start != member.start:  # an object's member: its key is there
                assert scanstring(text, member.key_start + 1)[0] == split_pointer(pointer)[-1]


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
