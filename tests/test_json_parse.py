"""The fast parse (msgspec) gives exactly what the stdlib gives: the same values, the same
duplicate keys noticed, the same FL001 messages; without msgspec the stdlib does it all."""
import json
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowlint.loaders import jsondoc
from flowlint.source import SourceFile

_SCALARS = (st.none() | st.booleans() | st.integers(min_value=-10**30, max_value=10**30)
            | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(alphabet="abé\"\\", max_size=2), inner, max_size=4), max_leaves=20)
# Spellings the stdlib reads and msgspec may not, or reads into the same values differently written.
_ODD = ["NaN", "-Infinity", "1e400", "2.50", "1E5", '"\\ud800"', '"\\u00e9\\/"', "-0", "0.1e1", "[" * 300 + "]" * 300]


@pytest.fixture
def fast(monkeypatch):
    monkeypatch.setattr(jsondoc, "FAST_PARSE_FROM", 0)


def _stdlib(monkeypatch, function, *args):
    with monkeypatch.context() as patch:
        patch.setitem(sys.modules, "msgspec", None)  # `import msgspec` fails: the pure-Python path
        return function(*args)


def _texts(value, odd):
    text = json.dumps(value, ensure_ascii=False, indent=1)
    yield text
    yield text.replace("[", f"[{odd}, ", 1) if "[" in text else f"[{odd}, {text}]"
    if "{" in text and '": ' in text:  # one key given twice
        key_at = text.index("{") + 1
        closing = text.rfind("}")
        yield text[:closing] + (', "dup": 1, "dup": 2' if text[key_at:closing].strip() else '"dup": 1, "dup": 2') + text[closing:]


@settings(max_examples=200, deadline=None)
@given(value=_VALUES, odd=st.sampled_from(_ODD))
def test_the_fast_parse_reads_what_the_stdlib_reads(value, odd):
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(jsondoc, "FAST_PARSE_FROM", 0)
    try:
        for text in _texts(value, odd):
            for duplicates in (True, False):
                try:
                    expected = _stdlib(monkeypatch, jsondoc._parse, text, duplicates)
                except (ValueError, RecursionError) as exc:
                    with pytest.raises(type(exc)):
                        jsondoc._parse(text, duplicates)
                    continue
                data, clashing = jsondoc._parse(text, duplicates)
                assert json.dumps(data) == json.dumps(expected[0])
                assert [json.dumps(c) for c in clashing] == [json.dumps(c) for c in expected[1]]
    finally:
        monkeypatch.undo()


@pytest.mark.parametrize("text", ['{"a": 1,}', '{"a": 1', "[1, 2] x", '{"a": NaN, "b": [1e400]}', '{"a": "\\ud800"}',
                                  '{"groups": [], "version": "6", "a": 1, "a": 2}', "[" * 100_000])
def test_loading_is_the_same_with_and_without_msgspec(fast, monkeypatch, text):
    def loaded():
        document = jsondoc.load_json(SourceFile("f.json", text))
        return document.kind, document.error, [(d.key, d.span, d.pointer) for d in document.duplicates]

    assert loaded() == _stdlib(monkeypatch, loaded)


def test_a_repeated_key_is_noticed_in_a_big_text(monkeypatch):
    body = ", ".join(f'"k{i}": {i}' for i in range(100_000))
    text = '{"groups": [], "version": "6", ' + body + ', "k5": 0}'
    assert len(text) >= jsondoc.FAST_PARSE_FROM
    document = jsondoc.load_json(SourceFile("big.json", text))
    assert [d.key for d in document.duplicates] == ["k5"]
    assert document.data["k5"] == 0


def test_msgspec_reads_a_big_plain_text_alone(fast, monkeypatch):
    def refused(*args, **kwargs):
        raise AssertionError("the stdlib was asked")

    monkeypatch.setattr(jsondoc.json, "loads", refused)
    for duplicates in (True, False):
        assert jsondoc._parse('{"a": [1, 2.5, "é"], "b": {"c": null}}', duplicates) == ({"a": [1, 2.5, "é"], "b": {"c": None}}, [])
