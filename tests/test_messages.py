"""Message catalogs and the code that uses them agree, both ways.

Every ``catalog("key", ...)`` and ``catalog.text("key", ...)`` in src/svcstd names an
entry the catalog (or its base) defines — a typo would otherwise be an exit 3 on that
path only — and every entry a catalog defines is named somewhere in the package (some
keys are computed, such as a severity's label, so "named" means its text appears as a
string in the code or the bundled data). Every entry exists in both languages
(:class:`Catalog` checks that when the module is imported).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from conftest import ROOT

SRC = ROOT / "src" / "svcstd"


@dataclass
class _Catalog:
    module: str
    name: str
    keys: set[str]
    base: str | None  # the name of the catalog it extends, as written in its module


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        yield str(path.relative_to(SRC)), ast.parse(path.read_text(encoding="utf-8"))


def _catalogs(module: str, tree: ast.Module) -> Iterator[_Catalog]:
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
            continue
        call = node.value
        if not (isinstance(call.func, ast.Name) and call.func.id == "Catalog" and call.args):
            continue
        entries = call.args[0]
        assert isinstance(entries, ast.Dict), f"{module}: a catalog is a dict literal"
        keys = {key.value for key in entries.keys if isinstance(key, ast.Constant) and isinstance(key.value, str)}
        base = next((k.value.id for k in call.keywords if k.arg == "base" and isinstance(k.value, ast.Name)), None)
        for target in node.targets:
            if isinstance(target, ast.Name):
                yield _Catalog(module, target.id, keys, base)


def _imported_names(tree: ast.Module) -> dict[str, tuple[str, str]]:
    """Local name → (module file, imported name), for ``from svcstd.x import NAME as local``."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("svcstd"):
            parts = node.module.split(".")[1:]
            module = "/".join(parts) + ".py" if (SRC.joinpath(*parts).with_suffix(".py")).is_file() else ""
            for alias in node.names:
                names[alias.asname or alias.name] = (module or "/".join([*parts, "__init__.py"]), alias.name)
    return names


def _uses(tree: ast.Module, names: set[str]) -> Iterator[tuple[str, str, int]]:
    """(catalog name, key, line) of every call with a literal key."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func, key = node.func, node.args[0]
        if isinstance(func, ast.Attribute) and func.attr == "text" and isinstance(func.value, ast.Name):
            owner = func.value.id
        elif isinstance(func, ast.Name):
            owner = func.id
        else:
            continue
        if owner in names and isinstance(key, ast.Constant) and isinstance(key.value, str):
            yield owner, key.value, node.lineno


def _computed_keys() -> list[tuple[str, str]]:
    """(prefix, suffix) of the keys the code computes: ``catalog.text(f"t_{key}", ...)``."""
    shapes = []
    for _module, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.JoinedStr):
                parts = node.args[0].values
                first, last = parts[0], parts[-1]
                prefix = first.value if isinstance(first, ast.Constant) else ""
                suffix = last.value if isinstance(last, ast.Constant) and len(parts) > 1 else ""
                if prefix or suffix:
                    shapes.append((str(prefix), str(suffix)))
    return shapes


def _all_catalogs() -> dict[tuple[str, str], _Catalog]:
    found = {}
    for module, tree in _modules():
        for catalog in _catalogs(module, tree):
            found[(module, catalog.name)] = catalog
    return found


Imports = dict[str, dict[str, tuple[str, str]]]  # module → its _imported_names


def _resolve(catalogs: dict[tuple[str, str], _Catalog], module: str, name: str, imports: Imports) -> set[str]:
    """Every key a catalog name in ``module`` offers: its own and its base's, or, for an
    imported name, those of the catalog in the module it is imported from."""
    catalog = catalogs.get((module, name))
    if catalog is None:
        source = imports[module].get(name)
        return _resolve(catalogs, *source, imports) if source in catalogs else set()
    keys = set(catalog.keys)
    if catalog.base:
        keys |= _resolve(catalogs, module, catalog.base, imports)
    return keys


def test_every_key_the_code_uses_is_defined() -> None:
    catalogs = _all_catalogs()
    trees = dict(_modules())
    imports = {module: _imported_names(tree) for module, tree in trees.items()}
    missing = []
    for module, tree in trees.items():
        local = {name for (m, name) in catalogs if m == module}
        imported = {name for name, source in imports[module].items() if source in catalogs}
        for owner, key, line in _uses(tree, local | imported):
            if key not in _resolve(catalogs, module, owner, imports):
                missing.append(f"{module}:{line}: {owner}({key!r})")
    assert missing == []


def test_every_key_a_catalog_defines_is_used() -> None:
    code = "\n".join(path.read_text(encoding="utf-8") for path in SRC.rglob("*.py"))
    data = "\n".join(
        path.read_text(encoding="utf-8")
        for folder in (SRC / "report" / "templates", SRC / "templates", ROOT / "rulesets", ROOT / "standards")
        for path in folder.rglob("*")
        if path.is_file()
    )
    computed = _computed_keys()
    unused = []
    for (module, name), catalog in _all_catalogs().items():
        for key in sorted(catalog.keys):
            quoted = (f'"{key}"', f"'{key}'")
            # used: its quoted name appears besides its own definition, in the bundled data,
            # or it has the shape of a key the code computes
            named = sum(code.count(q) for q in quoted) >= 2 or key in data
            shaped = any(key.startswith(p) and key.endswith(x) and len(key) > len(p + x) for p, x in computed)
            if not (named or shaped):
                unused.append(f"{module}: {name}[{key!r}]")
    assert unused == []


def test_the_scan_sees_the_catalogs() -> None:
    catalogs = _all_catalogs()
    assert len(catalogs) >= 20
    assert any(key == "internal" for c in catalogs.values() for key in c.keys)


def test_a_package_with_a_messages_module_keeps_its_texts_there() -> None:
    """One place and one name: where a package has ``messages.py``, its one catalog
    ``MESSAGES`` is there and no other module of the package defines one."""
    catalogs = _all_catalogs()
    packages = {module.rpartition("/")[0] for module, _name in catalogs if module.endswith("/messages.py")}
    assert "report" in packages
    for package in packages:
        found = sorted((module, name) for module, name in catalogs if module.rpartition("/")[0] == package)
        assert found == [(f"{package}/messages.py", "MESSAGES")]
