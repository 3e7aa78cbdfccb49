"""The Data page's step for an MS Project file (XML): its value field, if any, and as of; its
preview lists what was read and what was left out. (A register's step: vmo_app/register.py.)"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from vmo_app import widgets as ui
from vmo_app import writes
from vmo_core.io import register_uploads
from vmo_core.io.register_mapping import MONEY_UNITS, Mapping
from vmo_core.present.format import plural

PER = {"per_week": "money a week", "per_month": "money a month", "per_year": "money a year"}
SHAPES = {"summaries": "summary tasks", "flat": "one", "files": "one a file", "none": "none"}


def step(name: str, data: bytes, *, digest: str, show_problems):
    writes.allowed("upload")  # before a byte is read
    fields, status_date = register_uploads.project_file_fields(name, data)
    value, unit, as_of = st.columns(3)
    field = ui.select(value, "Custom field holding the value", ["", *fields], key=f"register.value.{digest}")
    per = ui.select(unit, "Its unit", MONEY_UNITS, index=2, key=f"register.value_unit.{digest}", format_func=PER.get)
    day = as_of.date_input(
        "As of",
        value=status_date or dt.date.today(),
        key=f"register.xml_as_of.{digest}",
        help=ui.escaped("The file's status date, or today's date when it has none."),
    )
    mapping = Mapping(columns={"value_per_week": field}, units={"value_per_week": per}) if field else None
    new, report, problems = register_uploads.check_project_file(name, data, mapping=mapping, as_of=day)
    if problems:
        show_problems(problems, outcome="nothing was loaded")
        return None, ""
    read = report.to_dict()["read"]
    what = (
        "the plan as one project" if report.shape == "flat" else f"{plural(read['projects'], 'project')} ({SHAPES[report.shape]})"
    )
    ui.info(
        f"Read {what}, {plural(read['pools'], 'team')} (work resources), "
        f"{plural(read['assignments'], 'assignment')} and {plural(read['links'], 'link')} between projects."
    )
    for warning in report.warnings:
        ui.warning(warning)
    if report.left_out:
        ui.note("Left out:")
        ui.table(pd.DataFrame(report.to_dict()["left_out"]).rename(columns=str.capitalize), hide_index=True, width="stretch")
    return new, new.source
