"""Three registers built the way PMOs keep them, and the mappings a person writes for them.

- change-portfolio.xlsx: an "Archive" sheet first; on "Register", a title row (merged across)
  and a blank row above the header, section rows ("Customer", "Operations"), a sponsor merged
  down two rows, "Annual Benefit (£k)" with one "TBC" and one blank, UK text dates (02/11/2026
  is 2 November), a hidden column, a TOTAL row of uncalculated =SUM cells; no rank column.
- pipeline.xlsx: no id column (names are ids), "£1.2m" and "£850k" benefits, "Jan-27", "Mar-27",
  "Q2 2027" dates, a "TBD" FTE, status words ("In delivery", "Business case"), a duplicate name.
- register.csv: a title and a blank line above the header, "Annual Benefit (£m)" with "250k" in
  one cell, a rank column, a duration in months, the register's own status words.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

CHANGE_HEADER = [
    "Ref",
    "Project",
    "Stage",
    "Sponsor",
    "Annual Benefit (£k)",
    "Start",
    "Finish",
    "Old score",
    "Data Engineering FTE",
    "Development FTE",
]
CHANGE_ROWS = [
    ["Customer"],
    ["C1", "Customer portal", "In flight", "Jane Smith", 520, "02/11/2026", "26/02/2027", 7, 2, 3],
    ["C2", "Billing revamp", "Approved", None, "TBC", "01/03/2027", "28/05/2027", 3, 1, 2],
    ["Operations"],
    ["O1", "Smart meters", "Approved", "Raj Patel", None, "05/04/2027", "30/07/2027", 5, 2, None],
    ["O2", "Leak analytics", "Pipeline", "Raj Patel", 260, "12/04/2027", "25/06/2027", 1, 1, 1],
]


def change_portfolio(path: Path) -> Path:
    book = openpyxl.Workbook()
    archive = book.active
    archive.title = "Archive"
    archive.append(CHANGE_HEADER)
    archive.append(["X9", "Old CRM", "Closed", "Ann Lee", 100, "01/01/2024", "30/06/2024", 2, 1, 1])
    sheet = book.create_sheet("Register")
    sheet.append(["Change Portfolio Register - FY2027"])
    sheet.merge_cells("A1:J1")
    sheet.append([])
    sheet.append(CHANGE_HEADER)
    for row in CHANGE_ROWS:
        sheet.append(row)
    sheet.merge_cells("A4:J4")  # the section rows, merged across as PMOs do
    sheet.merge_cells("A7:J7")
    sheet.merge_cells("D5:D6")  # Jane Smith sponsors both customer projects
    sheet.append([])
    sheet.append(["TOTAL", None, None, None, "=SUM(E5:E9)", None, None, None, "=SUM(I5:I9)", "=SUM(J5:J9)"])
    sheet.column_dimensions["H"].hidden = True
    book.save(path)
    return path


CHANGE_MAPPING = {
    "settings": {"as_of": "2026-11-30", "currency": "GBP", "date_order": "DMY"},
    "columns": {
        "id": "Ref",
        "name": "Project",
        "status": "Stage",
        "sponsor": "Sponsor",
        "value_per_week": {"column": "Annual Benefit (£k)", "unit": "per_year"},
        "start": "Start",
        "end": "Finish",
    },
    "pools": [
        {"column": "Data Engineering FTE", "id": "DATA", "name": "Data Engineering", "capacity_fte": 3},
        {"column": "Development FTE", "id": "DEV", "name": "Development", "capacity_fte": 4},
    ],
}

PIPELINE_HEADER = ["Project", "Status", "Benefit (annual)", "Start", "End", "Platform FTE", "Security FTE"]
PIPELINE_ROWS = [
    ["CRM upgrade", "In delivery", "£1.2m", "Jan-27", "Q2 2027", 2, 0.5],
    ["Data lake", "Approved", "£850k", "Mar-27", "Jun-27", "TBD", 1],
    ["CRM upgrade", "Business case", "£300k", "Q3 2027", "Q4 2027", 1, None],
]


def pipeline(path: Path, rows: list[list] = PIPELINE_ROWS) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Pipeline"
    sheet.append(PIPELINE_HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


PIPELINE_MAPPING = {
    "settings": {"as_of": "2027-01-04", "currency": "GBP"},
    "columns": {
        "name": "Project",
        "status": "Status",
        "value_per_week": {"column": "Benefit (annual)", "unit": "per_year"},
        "start": "Start",
        "end": "End",
    },
    "pools": [
        {"column": "Platform FTE", "id": "PLATFORM", "capacity_fte": 2},
        {"column": "Security FTE", "id": "SECURITY", "capacity_fte": 1.5},
    ],
}

REGISTER_CSV = """Programme register (Finance),,,,,,
,,,,,,
Ref,Name,Rank,Annual Benefit (£m),Duration (months),Phase,Analysts FTE
F1,Close automation,2,1.5,6,Go,1
F2,Treasury model,1,250k,3,Go,2
F3,Spend cube,3,0.5,3,Hold,1
"""

CSV_MAPPING = {
    "settings": {"as_of": "2027-01-04", "currency": "GBP"},
    "columns": {
        "id": "Ref",
        "name": "Name",
        "priority": "Rank",
        "value_per_week": {"column": "Annual Benefit (£m)", "unit": "per_year"},
        "duration_weeks": {"column": "Duration (months)", "unit": "months"},
        "status": "Phase",
    },
    "statuses": {"Go": "approved", "Hold": "proposed"},
    "pools": [{"column": "Analysts FTE", "id": "ANALYSTS", "capacity_fte": 2}],
}


# budgets.xlsx: a "Budget (£k)" column holding each project's total budget, a spend to date for one, a
# "% Complete" for another; Payments hub is in flight, two weeks from go-live, with neither.
BUDGET_HEADER = ["Ref", "Project", "Status", "Budget (£k)", "Spent (£k)", "% Complete", "Start", "Go-live", "Dev FTE"]
BUDGET_ROWS = [
    ["P1", "Payments hub", "In flight", 1900, None, None, "2026-02-02", "2026-12-11", 1],
    ["P2", "Data platform", "In flight", 1500, 1200, None, "2026-06-01", "2027-03-26", 1],
    ["P3", "Mobile app", "In flight", 800, None, "75%", "2026-09-07", "2027-01-29", 1],
    ["P4", "Intranet", "Approved", 500, None, None, "2027-01-04", "2027-03-26", 1],
]


def budgets(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Budgets"
    sheet.append(BUDGET_HEADER)
    for row in BUDGET_ROWS:
        sheet.append(row)
    book.save(path)
    return path


BUDGET_MAPPING = {
    "settings": {"as_of": "2026-11-30", "currency": "GBP"},
    "columns": {
        "id": "Ref",
        "name": "Project",
        "status": "Status",
        "fixed_cost": {"column": "Budget (£k)", "unit": "total"},
        "spent": "Spent (£k)",
        "progress": "% Complete",
        "start": "Start",
        "end": "Go-live",
    },
    "pools": [{"column": "Dev FTE", "id": "DEV", "name": "Development", "capacity_fte": 4}],
}
