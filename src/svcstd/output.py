"""Write outputs whole or not at all: each to a temporary file, renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_all(outputs: Mapping[Path, str]) -> None:
    """Write every file; if any write fails, none of them is left behind half-written."""
    staged: list[tuple[Path, str]] = []
    try:
        for target, text in outputs.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((target, temporary))
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        for target, temporary in staged:
            os.replace(temporary, target)
    finally:
        for _target, temporary in staged:
            if os.path.exists(temporary):
                os.unlink(temporary)
