"""Money, dates and counts for people: the only place figures are rounded.

The core keeps every figure exact; these functions turn them into what an executive reads.
"""

from __future__ import annotations

import datetime as dt
import math

from vmo_core.model.portfolio import Settings, date_of

SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥", "AUD": "A$", "CAD": "C$", "INR": "₹"}


def money(amount: float, currency: str, *, signed: bool = False) -> str:
    """Full figure with thousands separators: £1,234,567 (or -£1,234,567)."""
    sign = "-" if amount < 0 else ("+" if signed and amount > 0 else "")
    return f"{sign}{symbol(currency)}{abs(amount):,.0f}"


def money_short(amount: float, currency: str, *, signed: bool = False) -> str:
    """Headline figure: £1.2M, £420k, £950, £1.0bn (short enough for a metric card at any size)."""
    size = abs(amount)
    sign = "-" if amount < 0 and round(size) else ("+" if signed and amount > 0 and round(size) else "")
    if size >= 999_950_000:
        text = f"{size / 1e9:,.1f}bn"
    elif size >= 999_500:
        text = f"{size / 1e6:,.1f}M"
    elif size >= 1_000:
        text = f"{size / 1e3:,.0f}k"
    else:
        text = f"{size:,.0f}"
    return f"{sign}{symbol(currency)}{text}"


def scale_of(*amounts: float) -> float:
    """The unit `money_short` would use for the largest of `amounts`: 1e9 (bn), 1e6 (M), 1e3 (k) or 1."""
    largest = max((abs(a) for a in amounts), default=0.0)
    return 1e9 if largest >= 999_950_000 else 1e6 if largest >= 999_500 else 1e3 if largest >= 1_000 else 1.0


def shown_value(amount: float, scale: float | None = None) -> float:
    """The amount as shown in `scale` (default: `money_short`'s own), as a number: 5,349,000 is
    5,300,000 (£5.3M). Parts shown as differences of totals shown in one scale add up, on the
    screen, to those totals."""
    scale = scale or scale_of(amount)
    places = 1 if scale >= 1e6 else 0
    shown = float(f"{abs(amount) / scale:.{places}f}") * scale
    return -shown if amount < 0 else shown


def money_in(amount: float, currency: str, *, scale: float, signed: bool = False) -> str:
    """`amount` in one scale whatever its size (£0.4M beside £5.2M), so that figures read together add up."""
    places, unit = (1, "bn") if scale == 1e9 else (1, "M") if scale == 1e6 else (0, "k") if scale == 1e3 else (0, "")
    size = shown_value(amount, scale)
    sign = "-" if size < 0 else ("+" if signed and size > 0 else "")
    return f"{sign}{symbol(currency)}{abs(size) / scale:,.{places}f}{unit}"


AXIS_STEPS = (1, 2, 2.5, 5, 10)  # a money axis's ticks fall on these times a power of ten


def money_ticks(low: float, high: float, currency: str, *, most: int = 6) -> tuple[list[float], list[str]]:
    """Round money ticks spanning `low`..`high` and their labels, in one unit (£0, £500k, £1.0M, £1.5M;
    £1.0bn), never an SI prefix such as "G": at most `most` of them, 0 among them when the span holds it."""
    low, high = min(low, high), max(low, high)
    if high - low <= 0:
        high, low = (high + abs(high) * 0.1 + 1, low - abs(low) * 0.1 - 1) if high or low else (1.0, 0.0)
    rough = (high - low) / max(most - 1, 1)
    power = 10 ** math.floor(math.log10(rough))
    step = next(s * power for s in AXIS_STEPS if s * power >= rough)
    first = math.ceil(low / step - 1e-9)
    ticks = [round(k * step, 6) for k in range(first, math.floor(high / step + 1e-9) + 1)]
    scale = scale_of(low, high)
    places = 0 if (step / scale).is_integer() else len(f"{step / scale:g}".partition(".")[2])
    if scale >= 1e6:
        places = max(places, 1)
    unit = {1e9: "bn", 1e6: "M", 1e3: "k"}.get(scale, "")
    labels = []
    for tick in ticks:
        sign = "-" if tick < 0 else ""
        shown = f"{abs(tick) / scale:,.{places}f}{unit}" if tick else "0"
        labels.append(f"{sign}{symbol(currency)}{shown}")
    return ticks, labels


def symbol(currency: str) -> str:
    """The sign written before an amount: £ for GBP; an unknown code and a space (CHF 12)."""
    return SYMBOLS.get(currency, f"{currency} ")


def day(date: dt.date) -> str:
    """3 Mar 2027."""
    return f"{date.day} {date:%b %Y}"


def week_date(week: int | None, settings: Settings) -> str:
    return "never" if week is None else day(date_of(week, settings.as_of))


NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def period_words(settings: Settings) -> str:
    """The value's planning period (the horizon) as an executive says it: 'the next three years' for
    156 weeks, 'the next 80 weeks' otherwise."""
    count = settings.horizon_weeks
    if count % 52 == 0 and count // 52 < len(NUMBERS):
        years = count // 52
        return f"the next {NUMBERS[years]} year{'s' if years != 1 else ''}" if years != 1 else "the next year"
    return f"the next {count:,} weeks"


def weeks(count: int) -> str:
    return f"{count} week{'s' if abs(count) != 1 else ''}"


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def times(factor: float) -> str:
    """1.3x."""
    return f"{factor:.2f}".rstrip("0").rstrip(".") + "x"


def percent(share: float) -> str:
    """0.862 -> 86%."""
    return f"{share * 100:.0f}%"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 project', '3 projects', '0 steps'; `many` where the plural is not the noun and an s ('1 body', '2 bodies')."""
    return f"{count:,} {noun if count == 1 else many or noun + 's'}"
