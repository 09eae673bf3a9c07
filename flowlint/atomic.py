"""Writing a file whole or not at all: a temporary file beside it, then a rename."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional


def write_atomically(path: Path, data: bytes, mode: Optional[int] = None) -> None:
    """Replace (or create) `path` with `data`; a reader sees the old file or the new one, never
    half of either. `mode` defaults to the existing file's permissions (0o644 for a new file)."""
    import tempfile  # only writers pay for it

    if mode is None:
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".flowlint")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
