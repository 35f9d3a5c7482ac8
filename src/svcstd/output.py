"""Write outputs whole or not at all: each to a temporary file, renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()


def write_all(outputs: Mapping[Path, str | bytes]) -> None:
    """Write every file; if any write fails, none of them is left behind half-written."""
    staged: list[tuple[Path, str]] = []
    try:
        for target, text in outputs.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((target, temporary))
            os.fchmod(handle, _FILE_MODE)  # mkstemp makes 0600; give reports the usual mode
            if isinstance(text, bytes):
                with os.fdopen(handle, "wb") as binary:
                    binary.write(text)
            else:
                with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                    stream.write(text)
        for target, temporary in staged:
            os.replace(temporary, target)
    finally:
        for _target, temporary in staged:
            if os.path.exists(temporary):
                os.unlink(temporary)
