"""Where the bundled standards and rulesets are: inside the installed package, or, when
running from a source checkout, at the top of the repository."""

from __future__ import annotations

from pathlib import Path

# The package's own folder: svcstd is installed as files (the bundled data is read with
# paths everywhere), so importlib.resources, and the zipfile it imports, are not needed.
PACKAGE = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """The bundled ``standards`` or ``rulesets`` folder."""
    packaged = PACKAGE / name
    if packaged.is_dir():
        return packaged
    return PACKAGE.parents[1] / name
