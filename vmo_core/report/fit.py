"""Text that fits its box: widths measured with the font the deck names (Arial, whose metrics
Liberation Sans shares), lines wrapped as a slide wraps them, sizes chosen to fit.

Without the font files (fonts-liberation) widths fall back to a generous estimate of
0.6 em a character, so text still fits, only smaller than it need be.
"""

from __future__ import annotations

import functools
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/liberation")
FONT_FILES = {False: "LiberationSans-Regular.ttf", True: "LiberationSans-Bold.ttf"}
LINE = 1.2  # line height, in font sizes (PowerPoint's single spacing is about 1.15 for Arial)
SLACK = 0.96  # wrap a little early: renderers differ by a hair in where they break


def font_path(bold: bool = False) -> Path | None:
    path = FONT_DIR / FONT_FILES[bold]
    return path if path.exists() else None


@functools.lru_cache(maxsize=4)
def _font(bold: bool):
    path = font_path(bold)
    if path is None:
        return None
    from PIL import ImageFont

    return ImageFont.truetype(str(path), size=1000)


def width(text: str, size: float, *, bold: bool = False) -> float:
    """Width of one line of text, in points, at a font size in points."""
    font = _font(bold)
    if font is None:
        return len(text) * 0.6 * size
    return font.getlength(text) * size / 1000


def wrap(text: str, size: float, room: float, *, bold: bool = False) -> list[str]:
    """Lines of `text` (paragraphs split on newlines) wrapped at word breaks to `room` points."""
    lines = []
    room *= SLACK
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            trial = f"{line} {word}" if line else word
            if line and width(trial, size, bold=bold) > room:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def wrap_whole(text: str, size: float, room: float, *, bold: bool = False) -> list[str]:
    """`wrap`, with a word too long for a line broken across lines: every character kept, none cut."""
    lines = []
    for line in wrap(text, size, room, bold=bold):
        while width(line, size, bold=bold) > room * SLACK and len(line) > 1:
            k = len(line) - 1
            while k > 1 and width(line[:k], size, bold=bold) > room * SLACK:
                k -= 1
            lines.append(line[:k])
            line = line[k:]
        lines.append(line)
    return lines


def height_of(text: str, size: float, room: float, *, bold: bool = False, gap: float = 0.0) -> float:
    """Points of height the text takes, wrapped to `room`, with `gap` points between paragraphs."""
    lines = wrap(text, size, room, bold=bold)
    return len(lines) * size * LINE + gap * text.count("\n")


def fits(text: str, size: float, room: float, height: float, *, bold: bool = False, gap: float = 0.0) -> bool:
    """Does `text` fit a box `room` points wide and `height` points high, no word cut?"""
    words = [w for w in text.replace("\n", " ").split(" ")]
    longest = max((width(w, size, bold=bold) for w in words), default=0.0)
    return height_of(text, size, room, bold=bold, gap=gap) <= height and longest <= room * SLACK


def best_size(text: str, room: float, height: float, *, sizes: tuple[float, ...], bold: bool = False, gap: float = 0.0) -> float:
    """The largest of `sizes` at which `text` fits its box; the smallest if none does."""
    for size in sorted(sizes, reverse=True):
        if fits(text, size, room, height, bold=bold, gap=gap):
            return size
    return min(sizes)
