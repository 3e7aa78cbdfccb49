"""The colours every chart and the board pack use: the Okabe-Ito palette, safe for colour-blind viewers."""

from __future__ import annotations

BLUE, ORANGE, GREEN, VERMILION, SKY, PURPLE, YELLOW, GREY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#56B4E9",
    "#CC79A7",
    "#F0E442",
    "#8C8C8C",
)


RAG_COLOURS = {"green": GREEN, "amber": ORANGE, "red": VERMILION}


STATUS_COLOURS = {"active": BLUE, "approved": SKY, "added": ORANGE}
