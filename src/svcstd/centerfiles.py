"""Center descriptions as files: a center is one YAML file, or a folder with
``center.yaml`` and ``processes/*.yaml`` (each a list of processes, appended in file-name
order, positions kept); and the centers found among command-line paths.

Reading one YAML file safely is :mod:`svcstd.loader`'s job; this module decides which
files make a center and puts them together.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from svcstd import files, loader
from svcstd.document import Document
from svcstd.errors import InputError, Location, Problem
from svcstd.messages import MESSAGES

_FORMAT_LINE = re.compile(rb"^(?:\xef\xbb\xbf)?svcstd:", re.MULTILINE)


def load_center(path: Path, *, limits: loader.Limits = loader.DEFAULT_LIMITS) -> Document:
    """Load a center description: one YAML file, or a folder with center.yaml and processes/."""
    if path.is_dir():
        return _load_center_folder(path, limits)
    center = loader.load_yaml(path, limits=limits)
    _require_mapping(center)
    return center


def find_centers(paths: Sequence[Path], *, skipped: list[Problem] | None = None) -> list[Path]:
    """Expand command-line paths into center files and folders, sorted and de-duplicated.

    Inside a folder, an entry that cannot be read (a dangling link, a link loop, a FIFO,
    an unreadable file or subfolder) is skipped: its problem goes to ``skipped`` and the
    rest are still found. Without ``skipped``, such problems are raised with the others.
    """
    found: set[Path] = set()
    problems: list[Problem] = []
    passed_over: list[Problem] = []
    for path in paths:
        if not path.exists():
            problems.append(_problem(Location(str(path), 1, 1), "no_such_path", path=str(path)))
        elif not path.is_dir():
            found.add(path)
        else:
            centers = _centers_in(path, passed_over)
            if not centers and not passed_over:
                problems.append(_problem(Location(str(path), 1, 1), "no_centers", folder=str(path)))
            found.update(centers)
    if skipped is None:
        problems.extend(passed_over)
    else:
        skipped.extend(passed_over)
    if problems:
        raise InputError(problems)
    return sorted(found)


def _require_mapping(center: Document) -> None:
    if not isinstance(center.data, dict):
        raise _error(center.positions[""], "center_not_mapping")


def center_files(center: Path) -> list[Path]:
    """The files a center is read from: itself, or a folder's center.yaml and processes/*.yaml."""
    if not center.is_dir():
        return [center]
    return [center / "center.yaml", *_process_files(center)]


def _process_files(folder: Path) -> list[Path]:
    """A folder center's processes/*.yaml, by name; hidden files (an editor's) are not part of it."""
    found = (path for path in (folder / "processes").glob("*.yaml") if not path.name.startswith("."))
    return sorted(found, key=lambda path: path.name)


def _load_center_folder(folder: Path, limits: loader.Limits) -> Document:
    center_file = folder / "center.yaml"
    if not center_file.is_file():
        raise _error(Location(str(folder), 1, 1), "no_center_yaml", folder=str(folder))
    text = loader.read_text(center_file, limits)
    center = loader.parse(text, str(center_file), limits)
    _require_mapping(center)
    process_files = _process_files(folder)
    # The merged tables are plain dicts: the positions of several files, re-keyed.
    tables = (dict(center.positions), dict(center.raw), dict(center.keys), dict(center.ambiguous))
    if process_files:
        _append_processes(center.data, tables, process_files, limits, len(text.encode("utf-8")))
    return Document(center.data, str(folder), *tables[:3], ambiguous=tables[3])


def _append_processes(
    data: dict[str, Any], tables: tuple[dict[str, Any], ...], paths: list[Path], limits: loader.Limits, size: int
) -> None:
    """Append each file's list to data["processes"], re-keying the tables of positions,
    raw texts, key positions and ambiguous spellings (in Document's order).

    ``size`` is the bytes read so far; the folder as a whole stays within its limit."""
    positions = tables[0]
    if "processes" not in data:
        data["processes"] = []
        positions["/processes"] = Location(str(paths[0]), 1, 1)
    processes = data["processes"]
    if not isinstance(processes, list):
        raise _error(positions["/processes"], "processes_not_list", pointer="/processes")
    # Sizes first, so that an oversized folder is refused before hours of parsing.
    for path in paths:
        size += files.size(path)
        if size > limits.max_center_bytes:
            raise _error(Location(str(path), 1, 1), "center_too_large", limit=limits.max_center_bytes)
    for path in paths:
        part = loader.parse_optional(loader.read_text(path, limits), str(path), limits)
        if part is None:
            continue
        if not isinstance(part.data, list):
            raise _error(part.positions[""], "process_file_not_list")
        offset = len(processes)
        processes.extend(part.data)
        for table, source in zip(tables, (part.positions, part.raw, part.keys, part.ambiguous), strict=True):
            table.update(_rekey(source, offset))


def _rekey(table: Mapping[str, Any], offset: int) -> Iterator[tuple[str, Any]]:
    """Move pointers of a processes file ("/2/name") under the merged list ("/processes/9/name")."""
    for ptr, value in table.items():
        if ptr:
            index, slash, rest = ptr[1:].partition("/")
            yield f"/processes/{int(index) + offset}{slash}{rest}", value


def _centers_in(folder: Path, skipped: list[Problem]) -> list[Path]:
    if (folder / "center.yaml").is_file():
        return [folder]
    return list(_walk(folder, skipped))


def _walk(folder: Path, skipped: list[Problem]) -> Iterator[Path]:
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        skipped.extend(files.unreadable(folder, error).problems)
        return
    for entry in entries:
        if entry.is_dir():
            if entry.name.startswith("."):
                continue
            if (entry / "center.yaml").is_file():
                yield entry
            elif not entry.is_symlink():  # a linked folder could lead back up the tree
                yield from _walk(entry, skipped)
        elif entry.suffix in (".yaml", ".yml"):
            try:
                if _declares_format(entry):
                    yield entry
            except InputError as error:
                skipped.extend(error.problems)


def _declares_format(path: Path) -> bool:
    """True when the file has a top-level `svcstd:` line, the mark of a center description."""
    return _FORMAT_LINE.search(files.read_bytes(path, loader.DEFAULT_LIMITS.max_bytes)) is not None


def _problem(location: Location, message: str, /, *, pointer: str | None = None, **params: Any) -> Problem:
    return Problem(location, MESSAGES(message, **params), pointer=pointer)


def _error(location: Location, message: str, /, *, pointer: str | None = None, **params: Any) -> InputError:
    return InputError([_problem(location, message, pointer=pointer, **params)])
