"""A mapping proposed from a register's headers alone: matched regardless of case, spaces and
punctuation, with the common synonyms; money columns with their period ("Annual") and scale
("(£k)"); FTE columns as teams. A person checks it.
"""

from __future__ import annotations

import re

from vmo_core.io.register_cells import header_scale
from vmo_core.io.register_mapping import DEPENDS_ON, END, PROGRESS, SPENT, START, Mapping, PoolColumn, normalised
from vmo_core.io.schema import column_for

# (normalised header, field, unit): the common ways registers name a field
_SYNONYMS = {
    "id": ("id", "ref", "reference", "code", "projectid", "projectref", "projectcode", "key", "projectno", "no"),
    "name": ("name", "project", "projectname", "title", "initiative", "description"),
    "status": ("status", "stage", "state", "phase", "projectstatus", "ragstatus"),
    "priority": ("priority", "rank", "ranking", "order", "sequence", "prio"),
    "theme": ("theme", "portfolio", "programme", "program", "category", "strategictheme"),
    "sponsor": ("sponsor", "owner", "executivesponsor", "businessowner", "sro"),
    "benefit_type": ("benefittype", "typeofbenefit", "valuetype"),
    "decay_per_week": ("decay", "decayperweek", "weeklydecay"),
    "value_end": ("valueend", "windowcloses", "endofvalue", "benefitend"),
    "deadline": ("deadline", "duedate", "regulatorydeadline", "mustfinishby"),
    "late_penalty": ("latepenalty", "penalty", "penaltyiflate", "fine"),
    "fixed_cost": ("fixedcost", "oneoffcost", "capex", "budget", "cost"),
    "promised_finish": ("promisedfinish", "promiseddate", "baselinefinish", "committeddate", "businesscasefinish"),
    START: ("start", "startdate", "plannedstart", "begin", "earlieststart", "from"),
    END: ("end", "enddate", "finish", "finishdate", "plannedend", "plannedfinish", "to", "golive", "golivedate"),
    DEPENDS_ON: ("dependson", "dependencies", "predecessors", "predecessor", "dependency", "after", "blockedby"),
}
_MONEY_WORDS = {
    "value_per_week": ("benefit", "benefits", "value", "costofdelay", "cod", "expectedbenefit", "netbenefit"),
    "promised_value_per_week": ("promisedbenefit", "promisedvalue", "businesscasebenefit", "businesscasevalue"),
}
_PERIOD_WORDS = {
    **dict.fromkeys(("annual", "annually", "yearly", "year", "pa", "py"), "per_year"),
    **dict.fromkeys(("monthly", "month", "pm"), "per_month"),
    **dict.fromkeys(("weekly", "week", "pw"), "per_week"),
}


_BUDGET_WORDS = {  # a budget column's words (scale and currency set aside) -> (field, unit)
    **dict.fromkeys(
        ("budget", "totalbudget", "approvedbudget", "projectbudget", "wholelifecost", "totalcost"), ("fixed_cost", "total")
    ),
    **dict.fromkeys(
        ("remainingbudget", "budgetremaining", "costtocomplete", "estimatetocomplete", "etc", "remainingcost", "tospend"),
        ("fixed_cost", "remaining"),
    ),
    **dict.fromkeys(
        ("spent", "spendtodate", "actualspend", "actualcost", "actuals", "actualstodate", "costtodate"), (SPENT, None)
    ),
    **dict.fromkeys(("complete", "percentcomplete", "pctcomplete", "progress", "completion"), (PROGRESS, None)),
}
_NOT_A_NAME = ("per", "p", "a", "gbp", "usd", "eur", "k", "m", "mn", "bn", "s", "thousand", "thousands", "million", "millions")


def _budget_field(header: str) -> tuple[str, str | None] | None:
    """("fixed_cost", "total") for "Budget (£k)", ("spent", None) for "Spend to date", and the like."""
    words = re.findall(r"[a-z]+", header.casefold())
    return _BUDGET_WORDS.get("".join(w for w in words if w not in _NOT_A_NAME))


def _money_field(header: str) -> tuple[str, str] | None:
    """("value_per_week", "per_year") for "Annual benefit (£)" or "Benefit p.a.", and the like."""
    words = re.findall(r"[a-z]+", header.casefold())
    periods = [_PERIOD_WORDS[w] for w in words if w in _PERIOD_WORDS]
    if len(periods) > 1 and "p" not in words:
        return None
    if "p" in words and "a" in words:  # p.a.
        periods = ["per_year"]
    rest = "".join(w for w in words if w not in _PERIOD_WORDS and w not in _NOT_A_NAME)
    name = next((n for n, choices in _MONEY_WORDS.items() if rest in choices), None)
    return (name, periods[0] if periods else "per_week") if name else None


_DURATIONS = (("months", "months"), ("month", "months"), ("weeks", "weeks"), ("week", "weeks"), ("", "weeks"))


def _duration_unit(key: str) -> str | None:
    for word in ("duration", "length", "effort"):
        for suffix, unit in _DURATIONS:
            if key in (word + suffix, word + "in" + suffix) or (suffix and key == suffix):
                return unit
    return None


def _pool_header(header: str) -> str | None:
    """The team a header such as "Data Engineering FTE" or "FTE (Security)" names, if it is one."""
    words = re.findall(r"[0-9A-Za-z&]+", header)
    if not any(w.casefold() == "fte" for w in words):
        return None
    team = " ".join(w for w in words if w.casefold() not in ("fte", "ftes"))
    return None if not team or normalised(team) in ("total", "capacity", "sum") else team


def suggest_mapping(headers: list[str]) -> Mapping:
    """A mapping proposed from a register's headers: the first header that fits each field;
    FTE columns become teams named after them, their capacity left for a person to give."""
    columns: dict[str, str] = {}
    units: dict[str, str] = {}
    scales: dict[str, float] = {}
    pools: list[PoolColumn] = []

    def take(name: str, header: str, unit: str | None = None) -> None:
        if name not in columns:
            columns[name] = header
            if unit and unit != Mapping.unit_default(name):
                units[name] = unit

    for header in headers:
        if not isinstance(header, str) or not header.strip():
            continue
        key = normalised(header)
        team = _pool_header(header)
        if team is not None:
            if team not in {p.id for p in pools}:
                pools.append(PoolColumn(header, team, team))
            continue
        money, duration = _money_field(header), _duration_unit(key)
        register_field = next((f for f in (START, END, DEPENDS_ON) if key in _SYNONYMS[f]), None)
        budget = _budget_field(header)
        if budget:
            take(budget[0], header, budget[1])
            if columns.get(budget[0]) == header and header_scale(header) != 1:
                scales[budget[0]] = header_scale(header)
        elif money:
            take(money[0], header, money[1])
            if columns.get(money[0]) == header and header_scale(header) != 1:
                scales[money[0]] = header_scale(header)
        elif duration:
            take("duration_weeks", header, duration)
        elif register_field:
            take(register_field, header)
        else:  # the portfolio file's own names and synonyms first, then a register's
            known = column_for("projects", header)
            if known is None or known in columns:  # "Project" beside "Ref": the name, not a second id
                known = next((f for f, words in _SYNONYMS.items() if key in words and f not in columns), known)
            if known:
                take(known, header)
    return Mapping(columns=columns, units=units, scales=scales, pools=tuple(pools))
