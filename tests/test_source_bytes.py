"""A file's bytes are not kept beside its text: whether a file changed is told from the text."""
import codecs

import pytest

from flowlint.source import SourceFile, decode


@pytest.mark.parametrize("data", [b"A=1\n", codecs.BOM_UTF8 + b"A=\xc3\xa9\n", b""])
def test_the_bytes_read_are_the_same_bytes(data):
    source = SourceFile("f", decode(data), bom=data.startswith(codecs.BOM_UTF8))
    assert source.same_bytes(data)


@pytest.mark.parametrize("now", [b"A=2\n", codecs.BOM_UTF8 + b"A=1\n", b"A=1\n\x00", b"A=\xff\n", b"\xff\xfeA\x00"])
def test_other_bytes_are_not(now):
    assert not SourceFile("f", "A=1\n").same_bytes(now)
