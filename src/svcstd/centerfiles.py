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
from svcstd.places import MergedTable

_FORMAT_LINE = re.compile(rb"^(?:\xef\xbb\xbf)?svcstd:", re.MULTILINE)


def load_center(
    path: Path, *, limits: loader.Limits = loader.DEFAULT_LIMITS, contents: Mapping[Path, bytes] | None = None
) -> Document:
    """Load a center description: one YAML file, or a folder with center.yaml and processes/;
    from ``contents`` (what :func:`read_center` read) where given, so that what is parsed
    is what a caller has seen (the result cache keys its entries on it)."""
    contents = read_center(path, limits) if contents is None else contents
    if not path.is_dir():
        center = loader.load_yaml_bytes(contents[path], str(path), limits)
        _require_mapping(center)
        return center
    return _load_center_folder(path, contents, limits)


def read_center(path: Path, limits: loader.Limits = loader.DEFAULT_LIMITS) -> dict[Path, bytes]:
    """The bytes of each file a center is read from (:func:`center_files`), in order, each
    within the size bound; a folder's files together within theirs, which their sizes
    tell before a byte is read, so an oversized folder is refused before hours of parsing."""
    if not path.is_dir():
        return {path: files.read_bytes(path, limits.max_bytes)}
    if not (path / "center.yaml").is_file():
        raise _error(Location(str(path), 1, 1), "no_center_yaml", folder=str(path))
    paths = center_files(path)
    size = 0
    for file in paths:
        size += files.size(file)
        if size > limits.max_center_bytes:
            raise _error(Location(str(file), 1, 1), "center_too_large", limit=limits.max_center_bytes)
    return {file: files.read_bytes(file, limits.max_bytes) for file in paths}


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


def _load_center_folder(folder: Path, contents: Mapping[Path, bytes], limits: loader.Limits) -> Document:
    center_file = folder / "center.yaml"
    center = loader.load_yaml_bytes(contents[center_file], str(center_file), limits)
    _require_mapping(center)
    process_files = [path for path in contents if path != center_file]
    parts: list[tuple[int, Document]] = []
    added: dict[str, Location] = {}
    if process_files:
        if "processes" not in center.data:
            center.data["processes"] = []
            added["/processes"] = Location(str(process_files[0]), 1, 1)
        parts = _append_processes(center, added, process_files, contents, limits)

    def merged(kind: str) -> MergedTable:
        return MergedTable(
            getattr(center, kind),
            [(offset, len(part.data), getattr(part, kind)) for offset, part in parts],
            added if kind == "positions" else {},
        )

    tables = {kind: merged(kind) for kind in ("positions", "raw", "keys", "ambiguous")}
    return Document(center.data, str(folder), **tables)


def _append_processes(
    center: Document,
    added: Mapping[str, Location],
    paths: list[Path],
    contents: Mapping[Path, bytes],
    limits: loader.Limits,
) -> list[tuple[int, Document]]:
    """Append each file's list to the center's processes; each file parsed, with the
    offset of its first item in the merged list."""
    processes = center.data["processes"]
    if not isinstance(processes, list):
        where = added.get("/processes") or center.positions["/processes"]
        raise _error(where, "processes_not_list", pointer="/processes")
    parts = []
    for path in paths:
        part = loader.parse_optional(loader.text_of(contents[path], str(path), limits), str(path), limits)
        if part is None:
            continue
        if not isinstance(part.data, list):
            raise _error(part.positions[""], "process_file_not_list")
        parts.append((len(processes), part))
        processes.extend(part.data)
    return parts


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
