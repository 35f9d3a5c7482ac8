"""A content-addressed cache in the user cache directory: checked ruleset and standard
files, and the audit results of unchanged centers.

Every entry is keyed by a sha256 of everything its value depends on, so an entry is
either right or never looked up; nothing is ever invalidated. The directory is
``$SVCSTD_CACHE_DIR`` if set, else the platform's user cache directory (platformdirs).
The cache only saves time: an entry that cannot be read or written is ignored.
Entries are ``marshal`` data (plain values only, no code), never pickles.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from svcstd import __version__, files, loader
from svcstd.document import Document
from svcstd.places import StoredPointers, StoredTable

ENV = "SVCSTD_CACHE_DIR"
STORED_FORM = "document/2"  # of a checked document in the cache: pointers once, positions as ints
_DIGEST_SIZE = 32  # an entry's file: the sha256 of its marshal data, then the data


def directory() -> Path:
    configured = os.environ.get(ENV)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("svcstd", appauthor=False))


def key(*parts: bytes | str) -> str:
    """A sha256 over the tool version and ``parts``, each length-prefixed so none can run into the next."""
    digest = hashlib.sha256()
    for part in (__version__, *parts):
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def files_key(root: Path, contents: Mapping[Path, bytes]) -> str:
    """A key of files' names (relative to ``root``) and contents, in their order."""
    return key(*(key(path.relative_to(root).as_posix(), content) for path, content in contents.items()))


@cache
def code_fingerprint() -> str:
    """The installed svcstd's own files (names, sizes, modification times): a change to
    the code, schemas or bundled data between releases is a change of key too."""
    root = Path(__file__).resolve().parent
    parts = [
        f"{file.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}"
        for file in sorted(root.rglob("*"))
        if file.suffix in (".py", ".json", ".yaml", ".j2", ".html", ".md") and (stat := file.stat())
    ]
    return key(*parts)


def exists(kind: str, entry: str) -> bool:
    return (directory() / kind / entry).is_file()


def read(kind: str, entry: str) -> Any | None:
    """The value written under ``entry``, or None: there is none, or the file is not as
    :func:`write` left it (truncated, changed on disk), which its digest tells. A changed
    file may still unmarshal, to values of the wrong type that no reader expects."""
    try:
        content = (directory() / kind / entry).read_bytes()
    except OSError:
        return None
    digest, payload = content[:_DIGEST_SIZE], content[_DIGEST_SIZE:]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def write(kind: str, entry: str, value: Any) -> None:
    """Store ``value`` under ``entry``, after the sha256 of its marshal data."""
    folder = directory() / kind
    try:
        payload = marshal.dumps(value)
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(handle, "wb") as file:
            file.write(hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, folder / entry)
    except (OSError, ValueError):
        return


def checked_document(path: Path, check: Callable[[Document], None], check_id: str) -> tuple[Document, bytes]:
    """``path`` loaded and passed through ``check`` (which raises on a problem), with the
    bytes it was read from; once per content: a file whose bytes, check and tool version
    were seen before is not parsed or checked again. ``check_id`` names the check and what
    it depends on (a schema's hash). The file is read once, as the loader reads a file:
    only a regular one, and never more than its size bound."""
    limits = loader.DEFAULT_LIMITS
    content = files.read_bytes(path, limits.max_bytes)
    entry = key(STORED_FORM, check_id, content)
    stored = _document(read("checked", entry), str(path))
    if stored is not None:
        return stored, content
    doc = loader.load_yaml_bytes(content, str(path), limits)
    check(doc)
    write("checked", entry, _stored(doc))
    return doc, content


def _stored(doc: Document) -> tuple[Any, ...]:
    pointers = list(dict.fromkeys([*doc.positions, *doc.keys]))  # a key's pointer is its value's
    places, keys = StoredTable.flattened(doc.positions, pointers), StoredTable.flattened(doc.keys, pointers)
    return STORED_FORM, doc.data, pointers, places, dict(doc.raw), keys


def _document(stored: Any, source: str) -> Document | None:
    """The document stored, or None for an entry not of this form (a damaged file)."""
    if not (isinstance(stored, tuple) and len(stored) == 6 and stored[0] == STORED_FORM):
        return None
    _form, data, pointers, places, raw, keys = stored
    tables = (pointers, places, raw, keys)
    if [type(table) for table in tables] != [list, bytes, dict, bytes] or not len(places) == len(keys) == 8 * len(
        pointers
    ):
        return None
    shared = StoredPointers(pointers)
    return Document(data, source, StoredTable(source, shared, places), raw, StoredTable(source, shared, keys))
