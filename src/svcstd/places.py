"""Where each value of a loaded file stands, read off its YAML node graph when asked.

A description of 60 processes has some 5,000 values, and an audit asks where a few dozen
of them are (the findings): building a table of every position up front cost as much as
the rest of loading. The tables here keep the composed node graph and look a JSON pointer
up in it on demand; iterating one (a cache writing it, a test comparing it) walks the
graph once and gives the same table the loader used to build.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from svcstd.document import escape_token, list_index, unescape_token
from svcstd.errors import Location

Kind = Literal["position", "key", "raw"]

_STR = "tag:yaml.org,2002:str"


class NodeIndex:
    """Pointer lookups in one composed node graph (``converted``: the tags the loader
    turned into something other than text, whose source text is kept as ``raw``)."""

    def __init__(self, root: Node, source: str, converted: frozenset[str]) -> None:
        self.root, self.source, self.converted = root, source, converted
        self._keys: dict[int, dict[str, tuple[Node, Node]]] = {}  # per mapping node, built when first asked

    def find(self, ptr: str, kind: Kind) -> Any:
        """The entry of table ``kind`` for ``ptr``, or None."""
        if not ptr:
            return self._root_entry(kind)
        node: Node = self.root
        key_node: Node | None = None
        for token in ptr[1:].split("/"):
            if type(node) is MappingNode:
                pair = self._mapping(node).get(unescape_token(token))
                if pair is None:
                    return None
                key_node, node = pair
            elif type(node) is SequenceNode and (index := list_index(token)) is not None and index < len(node.value):
                key_node, node = None, node.value[index]
            else:
                return None
        return self._entry(key_node, node, kind)

    def _root_entry(self, kind: Kind) -> Any:
        if kind == "position":
            return Location(self.source, 1, 1)
        return self._entry(None, self.root, kind) if kind == "raw" else None

    def _mapping(self, node: MappingNode) -> dict[str, tuple[Node, Node]]:
        keys = self._keys.get(id(node))
        if keys is None:
            keys = self._keys[id(node)] = {key.value: (key, value) for key, value in node.value}
        return keys

    def _entry(self, key_node: Node | None, node: Node, kind: Kind) -> Any:
        is_scalar = type(node) is ScalarNode
        if kind == "raw":
            plain = is_scalar and not node.style and node.value and node.tag in self.converted  # type: ignore[attr-defined]
            return node.value if plain else None
        if kind == "key":
            return self._location(key_node) if is_scalar and key_node is not None else None
        # a scalar stands where its value is; a list or mapping where its key is
        return self._location(node if is_scalar or key_node is None else key_node)

    def _location(self, node: Node) -> Location:
        mark = node.start_mark
        return Location(self.source, mark.line + 1, mark.column + 1)

    def table(self, kind: Kind) -> dict[str, Any]:
        """Every entry of table ``kind``, in document order (the graph walked once)."""
        root = self._root_entry(kind)
        found: dict[str, Any] = {} if root is None else {"": root}
        stack: list[tuple[str, Node]] = [("", self.root)]
        while stack:
            ptr, node = stack.pop()
            if type(node) is MappingNode:
                children = [(ptr + "/" + escape_token(key.value), key, value) for key, value in node.value]
            elif type(node) is SequenceNode:
                children = [(f"{ptr}/{index}", None, item) for index, item in enumerate(node.value)]
            else:
                continue
            for child, key_node, value in children:
                entry = self._entry(key_node, value, kind)
                if entry is not None:
                    found[child] = entry
            stack.extend((child, value) for child, _key, value in reversed(children))
        return found


class NodeTable(Mapping[str, Any]):
    """One of a document's tables (positions, key positions, raw texts) as a mapping."""

    def __init__(self, index: NodeIndex, kind: Kind) -> None:
        self.index, self.kind = index, kind
        self._whole: dict[str, Any] | None = None

    def __getitem__(self, ptr: str) -> Any:
        entry = self.index.find(ptr, self.kind)
        if entry is None:
            raise KeyError(ptr)
        return entry

    def get(self, ptr: str, default: Any = None) -> Any:
        entry = self.index.find(ptr, self.kind)
        return default if entry is None else entry

    def __contains__(self, ptr: object) -> bool:
        return isinstance(ptr, str) and self.index.find(ptr, self.kind) is not None

    def _table(self) -> dict[str, Any]:
        if self._whole is None:
            self._whole = self.index.table(self.kind)
        return self._whole

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


class StoredPointers:
    """The pointers of a cached document, in order, and (built on the first lookup) the
    index of each: shared by its tables, so the cache keeps every pointer once."""

    def __init__(self, pointers: Sequence[str]) -> None:
        self.pointers = pointers
        self._index: dict[str, int] | None = None

    def index(self) -> dict[str, int]:
        if self._index is None:
            self._index = {ptr: number for number, ptr in enumerate(self.pointers)}
        return self._index


class StoredTable(Mapping[str, Location]):
    """A table of positions as the cache stores them: the (line, column) of the n-th
    pointer of ``pointers`` as the 2n-th and (2n+1)-th ints of ``places`` (line 0: the
    pointer has no entry in this table). Reading it back makes a few hundred kilobytes
    of plain bytes, not a tuple per value; a :class:`Location` is made only for a
    pointer asked for."""

    def __init__(self, source: str, pointers: StoredPointers, places: bytes) -> None:
        self.source, self.pointers = source, pointers
        self.places = array("i", places)

    @classmethod
    def flattened(cls, table: Mapping[str, Location], pointers: Sequence[str]) -> bytes:
        """``table`` in the stored form over ``pointers`` (which hold all of its keys)."""
        places = array("i", bytes(8 * len(pointers)))
        for number, ptr in enumerate(pointers):
            where = table.get(ptr)
            if where is not None:
                places[2 * number], places[2 * number + 1] = where.line, where.column
        return places.tobytes()

    def _number(self, ptr: object) -> int | None:
        number = self.pointers.index().get(ptr) if isinstance(ptr, str) else None
        return number if number is not None and self.places[2 * number] else None

    def __getitem__(self, ptr: str) -> Location:
        number = self._number(ptr)
        if number is None:
            raise KeyError(ptr)
        return Location(self.source, self.places[2 * number], self.places[2 * number + 1])

    def __contains__(self, ptr: object) -> bool:
        return self._number(ptr) is not None

    def __iter__(self) -> Iterator[str]:
        places = self.places
        return (ptr for number, ptr in enumerate(self.pointers.pointers) if places[2 * number])

    def __len__(self) -> int:
        return sum(1 for _ptr in self)


class MergedTable(Mapping[str, Any]):
    """A folder center's table (of positions, raw texts, key positions or ambiguous
    spellings): its center.yaml's own, then each processes file's, whose list is appended
    to ``/processes``, so the file's ``/2/name`` is the center's ``/processes/9/name``.
    Entries are looked up in the file's own table, never copied: copying walked every
    file's node graph, twice the time it took to load it.

    ``parts`` are (offset, count, table): the file's items are ``/processes/offset`` to
    ``/processes/offset+count-1``. ``added`` holds entries of none of the files (the
    position of a ``processes`` list that only the folder has)."""

    def __init__(
        self, own: Mapping[str, Any], parts: Sequence[tuple[int, int, Mapping[str, Any]]], added: Mapping[str, Any]
    ) -> None:
        self.own, self.parts, self.added = own, parts, added

    def _where(self, ptr: str) -> tuple[Mapping[str, Any], str]:
        """The table that holds ``ptr``, and the pointer there."""
        if ptr.startswith("/processes/"):
            token, slash, rest = ptr[len("/processes/") :].partition("/")
            number = list_index(token)
            if number is not None:
                for offset, count, table in self.parts:
                    if offset <= number < offset + count:
                        return table, f"/{number - offset}{slash}{rest}"
        return (self.added, ptr) if ptr in self.added else (self.own, ptr)

    def __getitem__(self, ptr: str) -> Any:
        table, there = self._where(ptr)
        return table[there]

    def get(self, ptr: str, default: Any = None) -> Any:
        table, there = self._where(ptr)
        return table.get(there, default)

    def __contains__(self, ptr: object) -> bool:
        if not isinstance(ptr, str):
            return False
        table, there = self._where(ptr)
        return there in table

    def __iter__(self) -> Iterator[str]:
        yield from self.own
        yield from self.added
        for offset, _count, table in self.parts:
            for ptr in table:
                if ptr:  # the file's list itself is the center's /processes
                    index, slash, rest = ptr[1:].partition("/")
                    yield f"/processes/{int(index) + offset}{slash}{rest}"

    def __len__(self) -> int:
        return len(self.own) + len(self.added) + sum(len(table) - ("" in table) for _o, _c, table in self.parts)
