"""Registers as PMOs keep them (pmo_registers.py), through the command line to the schedule a
person would expect, each message asserted."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import vmo_core
from tests.io import pmo_registers as R
from vmo_core.cli import main
from vmo_core.errors import ValidationError
from vmo_core.io import register_uploads
from vmo_core.io.loading import load, load_with_report
from vmo_core.io.register_cells import header_scale, period, scaled_money, usual_status
from vmo_core.io.register_layout import currency_of, date_order_of, register_layout
from vmo_core.io.register_mapping import mapping_from_dict
from vmo_core.io.register_sheet import register_headers
from vmo_core.io.register_suggest import suggest_mapping


def run(capsys, *argv) -> tuple[int, dict | None, list[str]]:
    code = main([*map(str, argv), "--json"])
    out, err = capsys.readouterr()
    return code, json.loads(out) if code == 0 else None, err.splitlines()


def schedule_of(printed: dict) -> list[tuple]:
    return [(p["id"], p["start_date"], p["finish_date"], round(p["value"], 2)) for p in printed["projects"]]


@pytest.fixture
def change(tmp_path):
    mapping = tmp_path / "change-mapping.json"
    mapping.write_text(json.dumps(R.CHANGE_MAPPING), encoding="utf-8")
    return R.change_portfolio(tmp_path / "change-portfolio.xlsx"), mapping


def test_units_and_periods_as_pmos_write_them():
    assert header_scale("Annual Benefit (£k)") == 1000 and header_scale("Benefit £m") == 1e6
    assert header_scale("Annual benefit (£)") == 1
    assert (scaled_money("£850k"), scaled_money("£1.2m"), scaled_money("2,500")) == (850_000, 1_200_000, None)
    assert period("Mar-27") == (dt.date(2027, 3, 1), dt.date(2027, 3, 31))
    assert period("Q2 2027") == (dt.date(2027, 4, 1), dt.date(2027, 6, 30))


def test_the_suggestion_reads_the_register_as_it_is_kept(change):
    path, _ = change
    headers = register_headers(path)  # the Register sheet, not the Archive before it; row 3, not the title
    assert headers[:5] == ["Ref", "Project", "Stage", "Sponsor", "Annual Benefit (£k)"]
    assert "Old score" not in headers  # a hidden column
    suggested = suggest_mapping(headers)
    value = suggested.to_dict()["columns"]["value_per_week"]
    assert value == {"column": "Annual Benefit (£k)", "unit": "per_year", "scale": 1000}
    assert suggested.columns["name"] == "Project" and suggested.columns["id"] == "Ref"


def test_a_change_register_schedules_as_a_person_expects(change, capsys):
    path, mapping = change
    code, printed, notes = run(capsys, "schedule", path, "--mapping", mapping)
    assert code == 0
    # C1 in flight from as_of (30 Nov 2026) to Fri 26 Feb 2027: 89 days, 13 weeks; £520k a year for the
    # 143 weeks left of the horizon (156 - 13): 520,000 / 52 x 143 = £1,430,000. C2 (TBC) and O1 (blank)
    # are worth 0 until given, in row order; C2 starts on 1 Mar 2027 (week 13), O1 on 5 Apr 2027; O2 is pipeline.
    assert schedule_of(printed) == [
        ("C1", "2026-11-30", "2027-03-01", 1_430_000.0),
        ("C2", "2027-03-01", "2027-05-31", 0.0),
        ("O1", "2027-04-05", "2027-08-02", 0.0),
    ]
    sheet = "change-portfolio.xlsx sheet Register"
    assert notes == [
        f"note: {sheet}: hidden column H ('Old score'); left out",
        f"note: {sheet}, row 1: above the header: 'Change Portfolio Register - FY2027'; left out",
        f"note: {sheet}, row 2: blank; left out",
        f"note: {sheet}, row 4: a section heading ('Customer'); left out",
        f"note: {sheet}, row 7: a section heading ('Operations'); left out",
        f"note: {sheet}, row 10: blank; left out",
        f"note: {sheet}, row 11: a total row ('TOTAL'); left out",
        f"note: {sheet}, row 6 ('Billing revamp'): Annual Benefit (£k) is 'TBC', so its value is taken as 0 until it is "
        "given: it is scheduled for its place in the list, and its delay costs nothing",
        f"note: {sheet}, row 8 ('Smart meters'): Annual Benefit (£k) is blank, so its value is taken as 0 until it is "
        "given: it is scheduled for its place in the list, and its delay costs nothing",
    ]
    pf = load(path, mapping=mapping)
    assert [(p.id, p.sponsor, p.priority) for p in pf.projects] == [
        ("C1", "Jane Smith", 1),
        ("C2", "Jane Smith", 2),  # the merged sponsor cell, filled down
        ("O1", "Raj Patel", 3),
        ("O2", "Raj Patel", 4),
    ]


def test_uk_text_dates_need_the_registers_date_order_in_the_mapping(change, tmp_path, capsys):
    path, _ = change
    document = json.loads(json.dumps(R.CHANGE_MAPPING))
    del document["settings"]["date_order"]
    undated = tmp_path / "no-order.json"
    undated.write_text(json.dumps(document), encoding="utf-8")
    code, _, said = run(capsys, "schedule", path, "--mapping", undated)
    assert code == 2
    text = "\n".join(said)
    assert (
        "row 5, column Start: '02/11/2026' could be 2 November 2026 or 11 February 2026; write it as 2026-11-02 or "
        '2026-02-11, or add "date_order": "DMY" (day first) or "MDY" to the mapping\'s settings'
    ) in text
    assert mapping_from_dict(R.CHANGE_MAPPING).settings["date_order"] == "DMY"  # and the mapping takes it


def test_a_pipeline_with_a_duplicate_name_is_refused_saying_so(tmp_path, capsys):
    path = R.pipeline(tmp_path / "pipeline.xlsx")
    mapping = tmp_path / "pipeline-mapping.json"
    mapping.write_text(json.dumps(R.PIPELINE_MAPPING), encoding="utf-8")
    code, _, said = run(capsys, "schedule", path, "--mapping", mapping)
    assert code == 2
    assert said == [
        f"{path}: 1 problem found; nothing was loaded.",
        "  - pipeline.xlsx sheet Pipeline, row 4, column Project: the project 'CRM upgrade' is named twice (also row 2); "
        "expected each project once, as the register has no id column: tell them apart by name, or map an id column",
    ]


def test_a_pipeline_of_pounds_months_and_quarters_schedules_as_a_person_expects(tmp_path, capsys):
    rows = [list(r) for r in R.PIPELINE_ROWS]
    rows[2][0] = "CRM upgrade phase 2"
    path = R.pipeline(tmp_path / "pipeline.xlsx", rows)
    mapping = tmp_path / "pipeline-mapping.json"
    mapping.write_text(json.dumps(R.PIPELINE_MAPPING), encoding="utf-8")
    code, printed, notes = run(capsys, "schedule", path, "--mapping", mapping)
    assert code == 0
    # CRM upgrade, in delivery since Jan-27: from as_of (4 Jan 2027) to the end of Q2 2027 (30 June): 178 days,
    # 26 weeks; £1.2m a year over the 130 weeks left: 1,200,000 / 52 x 130 = £3,000,000. Data lake: Mar-27
    # (1 March, week 8) to Jun-27 (30 June): 122 days, 18 weeks; £850k a year over 130 weeks = £2,125,000.
    # Security holds 1.5 FTE: 0.5 + 1 fit side by side. Phase 2 is a business case: proposed, not scheduled.
    assert schedule_of(printed) == [
        ("CRM upgrade", "2027-01-04", "2027-07-05", 3_000_000.0),
        ("Data lake", "2027-03-01", "2027-07-05", 2_125_000.0),
    ]
    assert notes == [
        "note: pipeline.xlsx sheet Pipeline, row 3 ('Data lake'): Platform FTE is 'TBD', so no demand on PLATFORM "
        "is counted until it is given"
    ]
    pf, _ = load_with_report(path, mapping=mapping)
    assert pf.project("CRM upgrade phase 2").status == "proposed"
    assert pf.demands_of("Data lake") == {"SECURITY": 1}


def test_a_csv_register_with_a_title_and_a_rank(tmp_path, capsys):
    path = tmp_path / "register.csv"
    path.write_text(R.REGISTER_CSV, encoding="utf-8")
    mapping = tmp_path / "csv-mapping.json"
    mapping.write_text(json.dumps(R.CSV_MAPPING), encoding="utf-8")
    code, printed, notes = run(capsys, "schedule", path, "--mapping", mapping)
    assert code == 0
    # Rank 1 first: Treasury model, 3 months = 13 weeks, "250k" a year in a £m column is £250,000 (the cell says
    # so): 250,000 / 52 x 143 = £687,500. Close automation, £1.5m a year, 6 months = 26 weeks, waits for the
    # analysts: weeks 13 to 39, 1,500,000 / 52 x 117 = £3,375,000. Spend cube is on hold: proposed.
    assert schedule_of(printed) == [
        ("F2", "2027-01-04", "2027-04-05", 687_500.0),
        ("F1", "2027-04-05", "2027-10-04", 3_375_000.0),
    ]
    assert notes == [
        "note: register.csv, row 1: above the header: 'Programme register (Finance)'; left out",
        "note: register.csv, row 2: blank; left out",
    ]


def test_a_status_word_the_register_uses_is_named_when_unknown(tmp_path):
    rows = [list(r) for r in R.PIPELINE_ROWS]
    rows[2][0], rows[2][1] = "CRM upgrade phase 2", "On hold"
    path = R.pipeline(tmp_path / "pipeline.xlsx", rows)
    with pytest.raises(ValidationError) as caught:
        load(path, mapping=mapping_from_dict(R.PIPELINE_MAPPING))
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (4, "Status")
    assert problem.message.startswith("'On hold' is not a status the mapping knows")


def test_the_data_page_is_told_what_the_command_line_says(change):
    path, _ = change
    notes: list[str] = []
    pf, problems = register_uploads.check_register(path.name, path.read_bytes(), mapping_from_dict(R.CHANGE_MAPPING), notes=notes)
    assert problems == [] and [p.id for p in pf.projects] == ["C1", "C2", "O1", "O2"]
    assert notes[0] == "change-portfolio.xlsx sheet Register: hidden column H ('Old score'); left out" and len(notes) == 9


def test_the_layout_found_is_what_the_app_offers_as_defaults(change, tmp_path):
    path, _ = change
    found = register_layout(path)
    assert (found.sheets, found.sheet, found.header_row) == (("Archive", "Register"), "Register", 3)
    assert found.currency == "GBP"  # "Annual Benefit (£k)": not the US dollar the settings default to
    assert found.date_order == "DMY"  # 26/02/2027 reads day first only
    assert found.words["Stage"] == ("In flight", "Approved", "Pipeline")  # not the section rows' words
    assert found.left_out[:3] == (
        (None, "hidden column H ('Old score')"),
        (1, "above the header: 'Change Portfolio Register - FY2027'"),
        (2, "blank"),
    )
    archive = register_layout(path, sheet="Archive")
    assert (archive.sheet, archive.header_row, archive.headers[0]) == ("Archive", 1, "Ref")
    assert register_layout(path, header_row=5).headers[:2] == ("C1", "Customer portal")  # as chosen, even if wrong
    csv = tmp_path / "register.csv"
    csv.write_text(R.REGISTER_CSV, encoding="utf-8")
    found = register_layout(csv)
    assert (found.sheets, found.sheet, found.header_row, found.currency) == ((), None, 3, "GBP")
    assert found.words["Phase"] == ("Go", "Hold")


def test_currency_and_date_order_from_what_a_register_writes():
    assert currency_of(["Benefit (€m)", "€1.2m", "$5"]) == "EUR"
    assert currency_of(["Benefit", "1200"]) is None
    assert date_order_of(["02/11/2026", "26/02/2027"]) == "DMY"
    assert date_order_of(["11/02/2026", "02/26/2027"]) == "MDY"
    assert date_order_of(["02/11/2026"]) is None  # either way: the person must say
    assert date_order_of(["26/02/2027", "02/26/2027"]) is None  # the register disagrees with itself
    assert (usual_status("In flight"), usual_status("Business case"), usual_status("Go")) == ("active", "proposed", None)


def test_a_total_budget_counts_only_what_remains_to_spend(tmp_path):
    path = R.budgets(tmp_path / "budgets.xlsx")
    suggested = suggest_mapping(register_headers(path))
    assert suggested.to_dict()["columns"]["fixed_cost"] == {"column": "Budget (£k)", "unit": "total", "scale": 1000}
    assert (suggested.columns["spent"], suggested.columns["progress"]) == ("Spent (£k)", "% Complete")
    pf, report = load_with_report(path, mapping=mapping_from_dict(R.BUDGET_MAPPING))
    remaining = {p.id: p.fixed_cost for p in pf.projects}
    # P1: in flight from 2 Feb to 11 Dec 2026, no spend or progress given: 313 days = 45 weeks, 12 days = 2 weeks
    # left at 30 Nov: 1,900,000 x 2 / 45 = 84,444.44. P2: 1,500,000 - 1,200,000 spent. P3: 800,000 x (1 - 75%).
    # P4 has not started: all 500,000 remains.
    assert remaining == pytest.approx({"P1": 1_900_000 * 2 / 45, "P2": 300_000, "P3": 200_000, "P4": 500_000})
    assert report.notes == (
        "row 2 ('Payments hub'): Budget (£k) is a total budget and the register gives no spend to date or progress, "
        "so what remains is taken pro rata to time: 2 of its 45 weeks are left, 84,444 of 1,900,000",
    )
    # so stopping Payments hub two weeks from go-live saves what it has left to spend, not £1.9M
    stop = vmo_core.compare(pf, {"changes": [{"op": "stop", "project": "P1"}]})
    assert stop.baseline.total_cost - stop.scenario.total_cost == pytest.approx(1_900_000 * 2 / 45)


def test_a_budget_said_to_be_what_remains_is_counted_as_it_is(tmp_path):
    path = R.budgets(tmp_path / "budgets.xlsx")
    document = json.loads(json.dumps(R.BUDGET_MAPPING))
    document["columns"]["fixed_cost"] = "Budget (£k)"  # "remaining", the model's own
    pf = load(path, mapping=mapping_from_dict(document))
    assert [p.fixed_cost for p in pf.projects] == [1_900_000, 1_500_000, 800_000, 500_000]
