"""The one writer of outputs: whole or not at all, and never over something else.

``-`` is standard output. A character device or a FIFO (``/dev/null``, a pipe) is
written through, never replaced. A symbolic link is followed and its target replaced.
Anything else is written to a temporary file beside the target (``.NAME.svcstd-tmp-…``)
and renamed into place once every output is ready; temporary files are removed on an
error, Ctrl-C or SIGTERM. An output that is an input of the same run, or two outputs to
one file, are refused before anything is written. File-system errors are the user's
situation (exit 2 with the path and the reason), not bugs.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager, suppress
from functools import partial
from pathlib import Path
from types import FrameType
from typing import TextIO, TypeVar

from svcstd.errors import InputError, Location, Problem
from svcstd.messages import MESSAGES

STDOUT = Path("-")
T = TypeVar("T")
TEMP_MARK = ".svcstd-tmp-"


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()


class Claims:
    """The files a run reads, and those its outputs have claimed so far: an output may be
    neither an input nor claimed twice (a device or FIFO may be written twice)."""

    def __init__(self, inputs: Iterable[Path]) -> None:
        self.read = {identity for path in inputs if (identity := _identity(path))}
        self.taken: set[str] = set()

    def claim(self, target: Path) -> Problem | None:
        """Claim ``target`` for an output; what is wrong with that, if anything."""
        identity = _identity(target) or os.path.realpath(target)
        problem = None
        if identity in self.taken and not _writes_through(target):
            problem = _problem(target, "twice")
        elif identity in self.read:
            problem = _problem(target, "is_input")
        self.taken.add(identity)
        return problem


def check_targets(targets: Iterable[Path], inputs: Iterable[Path] = ()) -> Claims:
    """Refuse two outputs to one file, and an output that is an input (before any work);
    the claims, for outputs that are named later (a site's pages)."""
    claims = Claims(inputs)
    problems = [problem for target in targets if target != STDOUT and (problem := claims.claim(target))]
    if problems:
        raise InputError(problems)
    return claims


def write_all(outputs: Mapping[Path, str | bytes], *, inputs: Iterable[Path] = ()) -> None:
    """Write every output (text, or bytes for binary formats); if any write fails, none is
    left behind half-written."""
    check_targets(outputs, inputs)
    staged: list[tuple[Path, str]] = []
    direct: list[tuple[Path, str | bytes]] = []
    with _removed_on_exit():
        for target, text in outputs.items():
            if target == STDOUT or _writes_through(target):
                direct.append((target, text))
            else:
                staged.append((_final(target), _stage(target, text)))
        with _signals_held():  # the renames happen all together or not at all
            for final, temporary in staged:
                _guarded(final, partial(os.replace, temporary, final))
    for target, text in direct:
        if target == STDOUT and isinstance(text, bytes):
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        elif target == STDOUT:
            sys.stdout.write(str(text))
            sys.stdout.flush()
        else:
            _guarded(target, partial(_write_through, target, text))


def _identity(path: Path) -> str | None:
    """Device and inode of an existing file (followed through links), else None."""
    try:
        info = path.stat()
    except (OSError, ValueError):
        return None
    return f"{info.st_dev}:{info.st_ino}"


def _writes_through(target: Path) -> bool:
    """Character devices and FIFOs are written to, never replaced."""
    try:
        mode = target.stat().st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _final(target: Path) -> Path:
    """The file to replace: a symbolic link's target (the link itself stays)."""
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def _stage(target: Path, text: str | bytes) -> str:
    """Write ``text`` to a temporary file beside ``target``'s final place; its name."""
    temporary, stream = _open_stage(target)
    try:
        with stream:
            if isinstance(text, bytes):  # xlsx
                _guarded(target, partial(stream.buffer.write, text))
            else:
                _guarded(target, partial(stream.write, text))
    except BaseException:
        _remove(temporary)
        raise
    return temporary


def _open_stage(target: Path) -> tuple[str, TextIO]:
    """A temporary file beside ``target``'s final place, open for writing: its name and stream."""
    final = _final(target)
    if final.is_dir():
        raise InputError([_problem(target, "is_folder")])

    def stage() -> tuple[str, TextIO]:
        final.parent.mkdir(parents=True, exist_ok=True)
        with _signals_held():  # a signal between making the file and knowing it would leave it behind
            handle, temporary = tempfile.mkstemp(prefix=f".{final.name}{TEMP_MARK}", dir=final.parent)
            _temporaries.add(temporary)
        try:
            os.fchmod(handle, _FILE_MODE)  # mkstemp makes 0600; give reports the usual mode
            return temporary, os.fdopen(handle, "w", encoding="utf-8", newline="\n")
        except BaseException:
            _remove(temporary)
            raise

    return _guarded(target, stage)


class Folder:
    """A folder of outputs (a site) written file by file: each is staged beside its place
    as it is written, and put in place with the other outputs of :func:`streamed`."""

    def __init__(self, path: Path, claims: Claims, staged: list[tuple[Path, str, TextIO]]) -> None:
        self.path, self.claims, self.staged = path, claims, staged
        self.made: list[Path] = []  # folders made for its files, removed again if the outputs fail

    @contextmanager
    def open(self, relative: str) -> Iterator[TextIO]:
        """A file of the folder to write; closed (and staged) when the block ends."""
        target = self.path / relative
        problem = self.claims.claim(target)
        if problem:
            raise InputError([problem])
        self.made += reversed([folder for folder in target.parents if not folder.exists()])
        temporary, stream = _open_stage(target)
        self.staged.append((_final(target), temporary, stream))
        try:
            with stream:
                yield stream
        except OSError as error:  # a full disk while the page was written: name the page
            raise InputError([_problem(target, "cannot_write", reason=error.strerror or str(error))]) from None


@contextmanager
def streamed(
    targets: Sequence[Path], *, folders: Sequence[Path] = (), inputs: Iterable[Path] = ()
) -> Iterator[tuple[dict[Path, TextIO], dict[Path, Folder]]]:
    """A stream per output, and a :class:`Folder` per folder of outputs, to write as
    results arrive; when the block ends, every output is put in place as
    :func:`write_all` would (renamed, written through, or copied to stdout), and on any
    error none is left behind. Stdout and devices are spooled to an unnamed temporary
    file, so they too get nothing half-way."""
    claims = check_targets(targets, inputs)
    sites: dict[Path, Folder] = {}
    try:
        with _removed_on_exit(), ExitStack() as open_files:
            streams: dict[Path, TextIO] = {}
            staged: list[tuple[Path, str, TextIO]] = []
            sites.update({folder: Folder(folder, claims, staged) for folder in folders})
            for target in targets:
                if target == STDOUT or _writes_through(target):
                    streams[target] = open_files.enter_context(
                        tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")
                    )  # fmt: skip
                else:
                    temporary, stream = _open_stage(target)
                    staged.append((_final(target), temporary, open_files.enter_context(stream)))
                    streams[target] = stream
            try:
                yield streams, sites
            except OSError as error:  # a full disk while the outputs were written
                first = [*targets, *folders][0]
                raise InputError([_problem(first, "cannot_write", reason=error.strerror or str(error))]) from None
            for final, _temporary, stream in staged:
                _guarded(final, stream.close)  # the last of it is written now: a full disk names its output
            with _signals_held():  # the renames happen all together or not at all, as in write_all
                for final, temporary, _stream in staged:
                    _guarded(final, partial(os.replace, temporary, final))
            for target, spool in streams.items():
                if target == STDOUT or _writes_through(target):
                    spool.seek(0)
                    if target == STDOUT:
                        shutil.copyfileobj(spool, sys.stdout)
                        sys.stdout.flush()
                    else:
                        _guarded(target, partial(_copy_through, spool, target))
    except BaseException:
        for folder in sites.values():
            for made in reversed(folder.made):
                with suppress(OSError):
                    made.rmdir()  # only if empty: a file written there by something else stays
        raise


def _copy_through(spool: TextIO, target: Path) -> None:
    with open(target, "w", encoding="utf-8", newline="\n") as stream:
        shutil.copyfileobj(spool, stream)


def _write_through(target: Path, text: str | bytes) -> None:
    _write(os.open(target, os.O_WRONLY), text)


def _write(handle: int, text: str | bytes) -> None:
    if isinstance(text, bytes):
        with os.fdopen(handle, "wb") as binary:
            binary.write(text)
    else:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)


def _guarded(target: Path, action: Callable[[], T]) -> T:
    """Run a file-system action; its OSError becomes a positioned problem (exit 2)."""
    try:
        return action()
    except IsADirectoryError:
        raise InputError([_problem(target, "is_folder")]) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError([_problem(target, "cannot_write", reason=reason)]) from None


# Temporary files of this process, removed on any way out (including SIGTERM).
_temporaries: set[str] = set()


def _remove(temporary: str) -> None:
    with suppress(OSError):
        os.unlink(temporary)
    _temporaries.discard(temporary)  # forgotten only once gone: a signal in between still finds it


class _Terminated(BaseException):
    """SIGTERM arrived while outputs were being written."""


@contextmanager
def _removed_on_exit() -> Iterator[None]:
    def terminate(signum: int, frame: FrameType | None) -> None:
        raise _Terminated

    previous = None
    with suppress(ValueError):  # not the main thread: no handler, the finally still cleans up
        previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    except _Terminated:
        raise SystemExit(128 + signal.SIGTERM) from None
    finally:
        for temporary in list(_temporaries):
            _remove(temporary)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block ends (they are delivered then)."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _problem(target: Path, key: str, **params: str) -> Problem:
    return Problem(Location.argument(str(target)), MESSAGES(key, path=str(target), **params))
