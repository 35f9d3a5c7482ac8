"""Reading an input file: only a regular file is ever read, and never more than a bound.

A FIFO, a device or a folder given where a file belongs is refused before a byte is
read (opened without blocking, then checked on the open descriptor, so nothing can be
swapped in between), so no input can make svcstd wait or read without end.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from svcstd.errors import InputError, Location, Problem
from svcstd.messages import MESSAGES


def read_bytes(path: Path, limit: int) -> bytes:
    """The file's first ``limit + 1`` bytes at most (so a caller sees it is too large)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise unreadable(path, error) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(path, _kind(mode))
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            return stream.read(limit + 1)
    except OSError as error:
        raise unreadable(path, error) from None
    finally:
        os.close(descriptor)


def size(path: Path) -> int:
    """The size of a file (followed through links); 0 when it cannot be read (reading it
    will say why)."""
    try:
        return path.stat().st_size
    except (OSError, ValueError):
        return 0


def unreadable(path: Path, error: OSError) -> InputError:
    reason = error.strerror or str(error)
    return InputError([Problem(Location(str(path), 1, 1), MESSAGES("unreadable", path=str(path), reason=reason))])


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISDIR(mode):
        return "folder"
    return "special"


def _not_regular(path: Path, kind: str) -> InputError:
    return InputError([Problem(Location(str(path), 1, 1), MESSAGES(kind, path=str(path)))])
