"""The app's theme (.streamlit/config.toml) and the charts' look are one: the same colours, the same
sans font, and sizes a projector's room can read."""

import tomllib
from pathlib import Path

from vmo_core.present import palette
from vmo_core.present.charts import base

CONFIG = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
THEME = CONFIG["theme"]
COLOURS = [
    palette.BLUE,
    palette.ORANGE,
    palette.GREEN,
    palette.VERMILION,
    palette.SKY,
    palette.PURPLE,
    palette.YELLOW,
    palette.GREY,
]


def test_the_theme_uses_the_charts_palette():
    assert THEME["base"] == "light"
    assert THEME["primaryColor"] == palette.BLUE
    assert THEME["chartCategoricalColors"] == COLOURS
    named = {key: THEME[key] for key in ("blueColor", "greenColor", "orangeColor", "redColor", "violetColor", "grayColor")}
    assert set(named.values()) <= set(COLOURS)


def test_the_theme_and_the_charts_share_a_legible_sans_font_at_projector_sizes():
    assert THEME["font"] == base.FONT["family"]
    assert THEME["font"].endswith("sans-serif")
    assert THEME["baseFontSize"] >= 18  # Streamlit's default is 16 px
    assert base.FONT["size"] >= 15 and base.SMALLEST >= 12


def test_the_client_settings_stay():
    assert CONFIG["client"] == {"showErrorDetails": "none", "disableDataExport": True}
