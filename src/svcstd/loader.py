"""Read YAML inputs into a :class:`~svcstd.document.Document`: plain data and where each value is.

Every way a file can be unreadable or malformed becomes an :class:`~svcstd.errors.InputError`
positioned at file:line:column, with a message saying what is wrong and what to do.
"""

from __future__ import annotations

import codecs
import gc
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode
from yaml.reader import Reader, ReaderError

from svcstd import files
from svcstd.document import Document, pointer
from svcstd.errors import InputError, Location, Problem
from svcstd.messages import MESSAGES
from svcstd.places import NodeIndex, NodeTable

_LOADER = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _FLOAT = _TAG + "str", _TAG + "map", _TAG + "seq", _TAG + "float"
# Plain `=` and `<<` resolve to these; SafeLoader cannot construct them, we keep the text.
_TEXT_TAGS = frozenset({_TAG + "value", _TAG + "merge"})
_KEY_TAGS = frozenset({_STR, _TAG + "int", _FLOAT, _TAG + "bool", _TAG + "null", _TAG + "timestamp", _TAG + "value"})
_OPEN_EVENTS = (MappingStartEvent, SequenceStartEvent)
_CLOSE_EVENTS = (MappingEndEvent, SequenceEndEvent)
_CONVERSION_ERRORS = (ValueError, KeyError, AttributeError, IndexError, TypeError, OverflowError)
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_CONSTRUCTOR = SafeConstructor()


class Limits(NamedTuple):
    """Bounds that keep a hostile or mistaken input from exhausting memory or the stack."""

    max_bytes: int = 5 * 1024 * 1024  # per file
    max_center_bytes: int = 20 * 1024 * 1024  # a center folder's files together
    max_nodes: int = 100_000  # nodes walked again through aliases (alias-bomb bound)
    max_depth: int = 64


DEFAULT_LIMITS = Limits()


def load_yaml(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Load any single YAML file (center, ruleset, waivers, tailoring)."""
    return load_yaml_bytes(files.read_bytes(path, limits.max_bytes), str(path), limits)


def load_yaml_bytes(content: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Load YAML from a file's bytes as :func:`files.read_bytes` read them (for a caller
    that needs the bytes too: a hash of them); the size bound applies."""
    return parse(text_of(content, source, limits), source, limits)


def load_yaml_text(text: str, *, source: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Load YAML from a string; ``source`` is the name shown in locations."""
    if len(text.encode("utf-8")) > limits.max_bytes:
        raise _error(Location(source, 1, 1), "too_large", limit=limits.max_bytes)
    return parse(text.removeprefix("\ufeff"), source, limits)


# Reading and decoding ---------------------------------------------------------------------


def text_of(content: bytes, source: str, limits: Limits) -> str:
    """The text of a file's bytes as :func:`files.read_bytes` read them: within the size
    bound, and decoded (BOMs, UTF-16/32 refused)."""
    if len(content) > limits.max_bytes:
        raise _error(Location(source, 1, 1), "too_large", limit=limits.max_bytes)
    return _decode(content, source)


def _decode(content: bytes, source: str) -> str:
    for bom, encoding in _WIDE_BOMS:
        if content.startswith(bom):
            raise _error(Location(source, 1, 1), "wide_encoding", encoding=encoding)
    content = content.removeprefix(codecs.BOM_UTF8)
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = content.rfind(b"\n", 0, error.start) + 1
        column = len(content[line_start : error.start].decode("utf-8")) + 1
        line = content.count(b"\n", 0, error.start) + 1
        byte = f"{content[error.start]:02X}"
        raise _error(Location(source, line, column), "bad_utf8", byte=byte) from None


# Parsing ----------------------------------------------------------------------------------


def parse(text: str, source: str, limits: Limits) -> Document:
    """The one YAML document in ``text``; an empty text is an error."""
    document = parse_optional(text, source, limits)
    if document is None:
        raise _error(Location(source, 1, 1), "empty")
    return document


def parse_optional(text: str, source: str, limits: Limits) -> Document | None:
    """The document in ``text``, or None when it holds no YAML document at all."""
    with gc_paused():
        root = _compose(text, source, limits)
        if root is None:
            return None
        builder = _Builder(source, limits)
        data = builder.build(root)
    index = NodeIndex(root, source, _CONVERTED)
    tables = (NodeTable(index, "position"), NodeTable(index, "raw"), NodeTable(index, "key"))
    return Document(data, source, *tables, ambiguous=builder.ambiguous)


def _libyaml_bounds_nesting() -> bool:
    """libyaml 0.2.6 and later refuse nesting deeper than 1,000 levels themselves
    (yaml/libyaml#287), so their composer cannot overflow the C stack."""
    if not yaml.__with_libyaml__:
        return False
    version = getattr(yaml, "_yaml").get_version()  # noqa: B009  # (major, minor, patch)
    return tuple(version) >= (0, 2, 6)


_BOUNDED = _libyaml_bounds_nesting()


def _compose(text: str, source: str, limits: Limits) -> Node | None:
    try:
        if _BOUNDED:
            # One pass: the builder bounds the nesting; the event pass runs only to
            # explain a failure (too deep, or a second document) with its own message.
            try:
                return yaml.compose(text, Loader=_LOADER)
            except yaml.MarkedYAMLError:
                _check_structure(text, source, limits)
                raise
        if not _check_structure(text, source, limits):
            return None
        return yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, source) from None
    except ReaderError:
        raise _bad_character(text, source) from None


@contextmanager
def gc_paused() -> Iterator[None]:
    """Loading creates many objects that all stay alive, so the cyclic garbage collector
    would only re-scan them again and again: pausing it makes loading about twice as fast."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_structure(text: str, source: str, limits: Limits) -> bool:
    """Bound the nesting before composing (libyaml's composer recurses on the C stack and
    crashes on deep input); reject a second document. True when there is a document."""
    depth = 0
    documents = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, _OPEN_EVENTS):
            depth += 1
            if depth > limits.max_depth:
                raise _error(_location(source, event.start_mark), "too_deep", limit=limits.max_depth)
        elif isinstance(event, _CLOSE_EVENTS):
            depth -= 1
        elif isinstance(event, DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _error(_location(source, event.start_mark), "multiple_documents")
    return documents > 0


def _syntax_error(error: yaml.MarkedYAMLError, source: str) -> InputError:
    detail = error.problem or error.context or ""
    if error.context and error.problem and error.context_mark is not None:
        detail += f" ({error.context}, line {error.context_mark.line + 1})"
    mark = error.problem_mark or error.context_mark
    location = _location(source, mark) if mark is not None else Location(source, 1, 1)
    return _error(location, "syntax", detail=detail)


def _bad_character(text: str, source: str) -> InputError:
    match = Reader.NON_PRINTABLE.search(text)
    if match is None:
        return _error(Location(source, 1, 1), "bad_character", char="?")
    index = match.start()
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    return _error(Location(source, line, column), "bad_character", char=f"U+{ord(text[index]):04X}")


def _excerpt(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short_tag(tag: str) -> str:
    return tag.replace(_TAG, "!!", 1)


class _NotFinite(Exception):
    pass


def _finite_float(node: ScalarNode) -> float:
    number = _CONSTRUCTOR.construct_yaml_float(node)
    if not math.isfinite(number):
        raise _NotFinite
    return number


def _iso_timestamp(node: ScalarNode) -> str:
    return _CONSTRUCTOR.construct_yaml_timestamp(node).isoformat()


# SafeLoader's meaning of each allowed scalar tag (YAML 1.1: 0o/010 octal, 1:20, yes/no/on/off).
_CONVERTERS: dict[str, Callable[[ScalarNode], Any]] = {
    _TAG + "null": _CONSTRUCTOR.construct_yaml_null,
    _TAG + "bool": _CONSTRUCTOR.construct_yaml_bool,
    _TAG + "int": _CONSTRUCTOR.construct_yaml_int,
    _FLOAT: _finite_float,
    _TAG + "timestamp": _iso_timestamp,
}
_CONVERTED = frozenset(_CONVERTERS)  # the tags whose source text a document keeps as ``raw``

# Plain scalars YAML 1.1 (this reader) and YAML 1.2 (editors) read alike: most of what a
# description holds. Any other converted spelling (yes, 010, 1:20, 0x1F, 1e3) may be read
# otherwise by one of them and is kept in ``Document.ambiguous``.
YAML_ALIKE = re.compile(r"true|True|TRUE|false|False|FALSE|[-+]?(?:0|[1-9][0-9]*)|[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _Builder:
    """Turns a composed node graph into plain data.

    Positions are not tabled here: the document keeps the graph and looks them up when
    asked (:mod:`svcstd.places`). ``path`` holds the keys and indexes down to the
    collection being walked, for the pointer of an error. Aliases share nodes, so the walk
    expands them: ``expanded`` counts the nodes walked again through an alias (a file
    without aliases never reaches the bound, however large); ``open`` holds the
    collections being walked, to catch an alias inside its own anchor.
    """

    def __init__(self, source: str, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.path: list[str | int] = []
        self.ambiguous: dict[str, str] = {}
        self.expanded = 0
        self.seen: set[int] = set()
        self.open: set[int] = set()

    def build(self, root: Node) -> Any:
        if type(root) is not ScalarNode:
            return self.collection(root)
        if root.tag == _STR:
            return root.value
        return self.convert(root, None)

    def pointer(self, last: str | int | None = None) -> str:
        return pointer(self.path if last is None else [*self.path, last])

    def collection(self, node: Node) -> Any:
        identity = id(node)
        if identity in self.open:
            raise self.error(node, "recursive_alias")
        if len(self.open) >= self.limits.max_depth:
            raise self.error(node, "too_deep", limit=self.limits.max_depth)
        if identity in self.seen:  # walked before: an alias is being expanded again
            self.expanded += len(node.value) * (2 if type(node) is MappingNode else 1)
            if self.expanded > self.limits.max_nodes:
                raise self.error(node, "too_many_nodes", limit=self.limits.max_nodes)
        else:
            self.seen.add(identity)
        self.open.add(identity)
        value = self.mapping(node) if type(node) is MappingNode else self.sequence(node)
        self.open.discard(identity)
        return value

    # mapping() and sequence() run once per value: they inline the common cases (text keys,
    # text values) rather than call small methods.

    def mapping(self, node: MappingNode) -> dict[str, Any]:
        if node.tag != _MAP:
            raise self.error(node, "tag_not_allowed", tag=_short_tag(node.tag))
        path = self.path
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key_node.tag != _STR or type(key_node) is not ScalarNode:
                key = self.key(key_node)
            if key in result:
                raise self.duplicate_key(node, key_node)
            if type(value_node) is not ScalarNode:
                path.append(key)
                result[key] = self.collection(value_node)
                path.pop()
            elif value_node.tag == _STR:
                result[key] = value_node.value
            else:
                result[key] = self.convert(value_node, key)
        return result

    def sequence(self, node: Node) -> list[Any]:
        if node.tag != _SEQ:
            raise self.error(node, "tag_not_allowed", tag=_short_tag(node.tag))
        path = self.path
        result: list[Any] = []
        for index, item in enumerate(node.value):
            if type(item) is not ScalarNode:
                path.append(index)
                result.append(self.collection(item))
                path.pop()
            elif item.tag == _STR:
                result.append(item.value)
            else:
                result.append(self.convert(item, index))
        return result

    def key(self, node: Node) -> str:
        """Keys are always text: the source text of a scalar, so `no:` stays "no"."""
        if type(node) is not ScalarNode:
            raise self.error(node, "complex_key")
        if node.tag not in _KEY_TAGS:
            if node.tag == _TAG + "merge":
                raise self.error(node, "merge_key")
            raise self.error(node, "tag_not_allowed", tag=_short_tag(node.tag))
        return node.value

    def convert(self, node: ScalarNode, last: str | int | None) -> Any:
        """A scalar YAML resolved to something other than text (or tagged explicitly);
        ``last`` is its key or index (None: the root)."""
        if node.tag in _TEXT_TAGS and not node.style:
            return node.value
        converter = _CONVERTERS.get(node.tag)
        if converter is None:
            raise self.error(node, "tag_not_allowed", tag=_short_tag(node.tag), last=last)
        try:
            value = converter(node)
        except _NotFinite:
            raise self.error(node, "not_finite", value=_excerpt(node.value), last=last) from None
        except _CONVERSION_ERRORS:
            kind = _short_tag(node.tag).removeprefix("!!")
            raise self.error(node, "bad_value", value=_excerpt(node.value), kind=kind, last=last) from None
        # plain and written (`no` read as false, not `key:`), and spelt so that YAML 1.2 may
        # read it otherwise: kept for the validator to explain
        if not node.style and node.value and not YAML_ALIKE.fullmatch(node.value):
            self.ambiguous[self.pointer(last)] = node.value
        return value

    def duplicate_key(self, node: MappingNode, key_node: ScalarNode) -> InputError:
        first = next(key for key, _ in node.value if type(key) is ScalarNode and key.value == key_node.value)
        line = first.start_mark.line + 1
        name = key_node.value
        return self.error(key_node, "duplicate_key", name=name, line=line, last=name)

    def error(self, node: Node, message: str, /, *, last: str | int | None = None, **params: Any) -> InputError:
        location = _location(self.source, node.start_mark)
        return InputError([_problem(location, message, pointer=self.pointer(last), **params)])


# Errors -----------------------------------------------------------------------------------


def _location(source: str, mark: Any) -> Location:
    return Location(source, mark.line + 1, mark.column + 1)


def _problem(location: Location, message: str, /, *, pointer: str | None = None, **params: Any) -> Problem:
    return Problem(location, MESSAGES(message, **params), pointer=pointer)


def _error(location: Location, message: str, /, *, pointer: str | None = None, **params: Any) -> InputError:
    return InputError([_problem(location, message, pointer=pointer, **params)])
