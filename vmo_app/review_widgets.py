"""The landing page's line on the last review: the value delayed since then, and where most of it is."""

from __future__ import annotations

import streamlit as st

from vmo_app import cache
from vmo_app import widgets as ui
from vmo_core.present.review_sentences import since_review

REVIEW = "vmo_app/views/review.py"  # as app.py names the page


def since_last_review() -> None:
    """'Since the review of 9 Nov 2026: £949k of value delayed, mostly ...', and the way to the page;
    nothing while the store holds a single snapshot."""
    found = cache.snapshots()
    if len(found) < 2:
        return
    with st.container(border=True, key="portfolio.since_review"):
        said, link = st.columns([3, 1], vertical_alignment="center")
        with said:
            ui.strong(since_review(cache.review(before=found[-2].id, after=found[-1].id)))
            if decided := decision_between(before=found[-2].id, after=found[-1].id):
                ui.note(decided)
        link.page_link(REVIEW, label="See what moved", icon=":material/history:")


def decision_between(*, before: int, after: int) -> str:
    """When the newer plan is a decision taken on the older one, its net as the register shows it,
    and why the review's figure differs: the review values delivery dates only; the net adds spend,
    people hired and the value of what was stopped. One figure per concept, each named."""
    for decision, verdict in cache.register()[0]:
        if decision.snapshot == after and decision.based_on == before:
            net = ui.cash(verdict.predicted_net_value_change, signed=True)
            return (
                f"The newer plan is the decision {decision.name}, promised at {net} net value change (on the "
                "Decisions page): the figure above counts delivery dates only; the net also counts its spend, "
                "any people it adds and the value of what it stops."
            )
    return ""


ROW, ROWS = 35, 20  # a table's row height in pixels, and how many rows show before it scrolls


def listing(rows: list[dict], *, empty: str = "") -> None:
    """A table tall enough for its rows (up to `ROWS`), or `empty` said when there are none."""
    if rows:
        ui.table(rows, hide_index=True, width="stretch", height=ROW * (min(len(rows), ROWS) + 1) + 3)
    elif empty:
        ui.note(empty)


def delay_metric(where, amount: float, *, delayed: str, forward: str, then: str) -> None:
    """Value delayed as a metric; value brought forward when it is negative (never a negative delay)."""
    label = delayed if amount >= 0 else forward
    ui.money_metric(where, label, abs(amount), then=then)
