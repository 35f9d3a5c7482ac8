"""Where the bundled standards and rulesets are: inside the installed package, or, when
running from a source checkout, at the top of the repository."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def bundled_dir(name: str) -> Path:
    """The bundled ``standards`` or ``rulesets`` folder."""
    packaged = Path(str(resources.files("svcstd"))) / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name
