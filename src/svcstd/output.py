"""Write outputs whole or not at all: each to a temporary file, renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()


def write_all(outputs: Mapping[Path, str]) -> None:
    """Write every file; if any write fails, none of them is left behind half-written."""
    staged: list[tuple[Path, str]] = []
    try:
        for target, text in outputs.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((target, temporary))
            os.fchmod(handle, _FILE_MODE)  # mkstemp makes 0600; give reports the usual mode
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        for target, temporary in staged:
            os.replace(temporary, target)
    finally:
        for _target, temporary in staged:
            if os.path.exists(temporary):
                os.unlink(temporary)


@contextmanager
def staged(targets: Sequence[Path]) -> Iterator[dict[Path, TextIO]]:
    """A temporary file beside each target, to write as results arrive; all are renamed
    into place when the block ends, and none is left behind if it fails."""
    staged: list[tuple[Path, str, TextIO]] = []
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            os.fchmod(handle, _FILE_MODE)
            staged.append((target, temporary, os.fdopen(handle, "w", encoding="utf-8", newline="\n")))
        yield {target: stream for target, _temporary, stream in staged}
        for _target, _temporary, stream in staged:
            stream.close()
        for target, temporary, _stream in staged:
            os.replace(temporary, target)
    finally:
        for _target, temporary, stream in staged:
            stream.close()
            if os.path.exists(temporary):
                os.unlink(temporary)
