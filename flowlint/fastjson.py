"""msgspec, the optional C JSON library that the parse, the locator and the variable walk use
where it is installed (a pyproject dependency, but a pure-Python path remains for each).

Importing it costs about 9 ms (with typing_extensions, decimal and uuid, which it brings), more
than it saves on a small file: the parse imports it for a big text only (`loaders/jsondoc.py`),
and the locator and the walk use it only where something has imported it already (`loaded`)."""
from __future__ import annotations

import sys


def msgspec():
    """The msgspec module, or None where it cannot be imported (not installed, or hidden with
    `sys.modules["msgspec"] = None`, as the tests of the pure-Python paths do)."""
    try:
        import msgspec as module
    except ImportError:
        return None
    return module


def loaded():
    """The msgspec module if this process has imported it (the parse of a big file does), else
    None: for a pass whose saving on a small file is less than the import's cost."""
    return sys.modules.get("msgspec")
