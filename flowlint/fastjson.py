"""msgspec, the optional C JSON library that the parse, the locator and the variable walk use
where it is installed (a pyproject dependency, but a pure-Python path remains for each)."""
from __future__ import annotations


def msgspec():
    """The msgspec module, or None where it cannot be imported (not installed, or hidden with
    `sys.modules["msgspec"] = None`, as the tests of the pure-Python paths do)."""
    try:
        import msgspec as module
    except ImportError:
        return None
    return module
