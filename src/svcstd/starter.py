"""`svcstd init`: a starter center description for a given level."""

from __future__ import annotations

from datetime import date
from enum import Enum

from svcstd.rules.model import LEVELS

LevelChoice = Enum("LevelChoice", {level: level for level in LEVELS}, type=str)  # type: ignore[misc]
DEFAULT_LEVEL = LevelChoice("county")

_NAMES = {
    "province": ("省", "某省政务服务中心", "Provincial Government Service Center", "140000"),
    "city": ("市", "某市政务服务中心", "City Government Service Center", "140700"),
    "county": ("县", "某县政务服务中心", "County Government Service Center", "140703"),
    "township": ("乡镇", "某乡镇便民服务中心", "Township Convenience Service Center", "140703"),
    "village": ("村", "某村便民服务站", "Village Service Station", "140703"),
}


def render(level: str, *, today: date | None = None) -> str:
    """The starter description for ``level`` (dates set to ``today``)."""
    import jinja2  # only for `svcstd init`

    level_zh, name_zh, name_en, region = _NAMES[level]
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("svcstd", "templates"),
        autoescape=False,  # YAML, not HTML; the values are our own constants
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template("center.yaml.j2").render(
        id=f"example-{level}",
        level=level,
        level_zh=level_zh,
        name_zh=name_zh,
        name_en=name_en,
        region_code=region,
        today=(today or date.today()).isoformat(),
    )
