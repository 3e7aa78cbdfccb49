"""The files PMOs already have: each variant of the sample gives exactly the clean sample's
schedule (issue 15), and what reads two ways is refused naming both readings."""

from __future__ import annotations

import pytest

from tests.io.hostile_support import BASE, SAMPLE, folder, problems_of
from tests.io.variant_support import (
    MONEY,
    day_first,
    european,
    grouped,
    is_date,
    is_number,
    month_first,
    renamed,
    rewritten,
    sample_tables,
    serial,
    with_setting,
    write,
)
from vmo_core.engine.evaluation import schedule
from vmo_core.io.loading import load

CLEAN = load(SAMPLE)
CLEAN_SCHEDULE = schedule(CLEAN).to_dict()


def assert_same_as_sample(source) -> None:
    pf = load(source)
    assert schedule(pf).to_dict() == CLEAN_SCHEDULE
    assert (pf.projects, pf.pools, pf.demands, pf.dependencies) == (
        CLEAN.projects,
        CLEAN.pools,
        CLEAN.demands,
        CLEAN.dependencies,
    )
    assert (pf.capacity_changes, pf.actuals) == (CLEAN.capacity_changes, CLEAN.actuals)
    assert (pf.as_of, pf.settings.discount_rate, pf.currency) == (CLEAN.as_of, CLEAN.settings.discount_rate, CLEAN.currency)


def money_written(symbol: str, *, after: bool = False):
    def cell(table, column, text):
        if column not in MONEY:
            return text
        return f"{grouped(text)} {symbol}" if after else f"{symbol}{grouped(text)}"

    return cell


HEADERS = {
    "settings": {"key": "Setting", "value": "Value"},
    "pools": {"id": "Team ID", "name": "Team name", "capacity_fte": "Capacity FTE", "cost_per_fte_week": "Cost per FTE week"},
    "projects": {
        "id": "Project ID",
        "value_per_week": "Value per week",
        "duration_weeks": "Duration (weeks)",
        "status": "STATUS",
    },
    "demands": {"project_id": "Project ID", "pool_id": "Team", "fte": "FTE"},
    "dependencies": {"predecessor_id": "Predecessor", "successor_id": "Successor ID"},
    "capacity_changes": {"pool_id": "Pool", "from": "From date", "capacity_fte": "FTE"},
    "actuals": {"project_id": "PROJECT_ID", "estimated_weeks": "Estimated Weeks", "actual_weeks": "actual-weeks"},
}

VARIANTS = {
    "money grouped": lambda t: rewritten(t, lambda table, column, text: grouped(text) if column in MONEY else text),
    "money in pounds": lambda t: rewritten(t, money_written("£")),
    "money in dollars after": lambda t: rewritten(t, money_written("GBP", after=True)),
    "money with spaces": lambda t: rewritten(
        t, lambda table, c, text: f"{grouped(text)}".replace(",", " ") if c in MONEY else text
    ),
    "money with cents": lambda t: rewritten(t, lambda table, c, text: f"${float(text):,.2f}" if c in MONEY else text),
    "percentages": lambda t: rewritten(t, lambda table, c, text: f"{float(text) * 100:g}%" if c == "discount_rate" else text),
    "headers people write": lambda t: renamed(t, HEADERS),
    "day first where it can only be": lambda t: rewritten(
        t, lambda table, c, text: day_first(text) if is_date(table, c) and int(text[-2:]) > 12 else text
    ),
    "day first by date_order": lambda t: with_setting(
        rewritten(t, lambda table, c, text: day_first(text) if is_date(table, c) else text), "date_order", "DMY"
    ),
    "month first by date_order": lambda t: with_setting(
        rewritten(t, lambda table, c, text: month_first(text) if is_date(table, c) else text), "date_order", "mdy"
    ),
    "Excel serial dates": lambda t: rewritten(t, lambda table, c, text: serial(text) if is_date(table, c) else text),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_variant_gives_the_clean_schedule(tmp_path, variant):
    assert_same_as_sample(write(tmp_path / "pf", VARIANTS[variant](sample_tables())))


@pytest.mark.parametrize(
    "delimiter, encoding",
    [(";", "utf-8"), ("\t", "utf-8"), (",", "utf-8-sig"), (",", "utf-16"), (",", "cp1252"), (";", "latin-1")],
)
def test_delimiter_and_encoding_are_found(tmp_path, delimiter, encoding):
    tables = sample_tables()
    if delimiter == ";":  # European Excel: decimal commas and dots between thousands
        tables = rewritten(tables, lambda table, c, text: european(text) if is_number(table, c) else text)
    # a pound sign: one byte in cp1252, two in UTF-8
    tables = rewritten(tables, lambda table, c, text: f"£{text}" if c in MONEY else text)
    assert_same_as_sample(write(tmp_path / "pf", tables, delimiter=delimiter, encoding=encoding))


def test_file_names_of_any_case(tmp_path):
    assert_same_as_sample(write(tmp_path / "pf", sample_tables(), name=lambda table: f"{table.title()}.CSV"))


def test_two_files_of_one_table_in_different_case_are_refused(tmp_path):
    source = write(tmp_path / "pf", sample_tables())
    (source / "PROJECTS.csv").write_bytes((source / "projects.csv").read_bytes())
    assert problems_of(source) == [
        "PROJECTS.csv and projects.csv: are the same file written twice; expected one projects.csv",
    ]


@pytest.mark.parametrize(
    "settings, problem",
    [
        pytest.param(
            "as_of,03/04/2027\n",
            "settings.csv, row 2, column value: as_of: '03/04/2027' could be 3 April 2027 or 4 March 2027; "
            "write it as 2027-04-03 or 2027-03-04, or add the setting date_order with DMY (day first) or MDY (month first)",
            id="an ambiguous date, with both readings",
        ),
        pytest.param(
            "as_of,2027-01-04\ndate_order,YMD\n",
            "settings.csv, row 3, column value: date_order: 'YMD' is not a date order; "
            "expected DMY (25/12/2027) or MDY (12/25/2027)",
            id="an unknown date order",
        ),
        pytest.param(
            "as_of,12/25/2027\ndate_order,DMY\n",
            "settings.csv, row 2, column value: as_of: '12/25/2027' is not a date read DMY (settings' date_order); "
            "expected an ISO date YYYY-MM-DD, e.g. 2027-03-01",
            id="a date the date order cannot read",
        ),
    ],
)
def test_dates_that_cannot_be_read_one_way_are_refused(tmp_path, settings, problem):
    assert problems_of(folder(tmp_path, settings="key,value\n" + settings)) == [problem]


def test_date_order_decides_an_ambiguous_date(tmp_path):
    for order, day in (("DMY", "2027-04-03"), ("MDY", "2027-03-04")):
        source = folder(tmp_path / order, settings=f"key,value\nas_of,03/04/2027\ndate_order,{order}\n")
        assert load(source).as_of.isoformat() == day


@pytest.mark.parametrize(
    "cell, problem",
    [
        ("2%", "'2%' is a percentage, which this column does not take; expected a plain number such as 1500 or 2.5"),
        ("1,2,3", "'1,2,3' holds , more than once but not in groups of three digits; expected a plain number"),
        ("£", "'£' is not a number; expected a plain number such as 1500 or 2.5"),
    ],
)
def test_numbers_that_are_not_refused_plainly(tmp_path, cell, problem):
    source = folder(tmp_path, projects=f'id,status,duration_weeks,value_per_week\nA,approved,4,"{cell}"\nB,proposed,2,500\n')
    (found,) = problems_of(source)
    assert found.startswith(f"projects.csv, row 2, column value_per_week: {problem}")


def test_a_percentage_where_a_fraction_belongs_is_exact(tmp_path):
    source = folder(tmp_path, settings="key,value\nas_of,2027-01-04\ndiscount_rate,0.1%\n")
    assert load(source).settings.discount_rate == 0.001


def test_an_unknown_id_suggests_the_nearest(tmp_path):
    source = folder(tmp_path, demands="project_id,pool_id,fte\nA,DEV,2\nB,dve,1\n")
    assert problems_of(source) == [
        "demands.csv, row 3, column pool_id: unknown pool id 'dve'; expected an id from pools.csv (did you mean 'DEV'?)",
    ]


def test_a_workbook_as_people_fill_it(tmp_path):
    """Sheets named in capitals, headers people write, money as text with a symbol, and dates
    typed into cells formatted General (Excel keeps their serial numbers)."""
    import openpyxl

    def cell(table, column, text):
        if not text or column in MONEY:
            return f"£{grouped(text)}" if text else None
        if is_date(table, column):
            return int(serial(text))
        return float(text) if is_number(table, column) else text

    book = openpyxl.Workbook()
    book.remove(book.active)
    for table, (header, *rows) in renamed(sample_tables(), HEADERS).items():
        sheet = book.create_sheet(table.upper())
        sheet.append(header)
        names = sample_tables()[table][0]
        for row in rows:  # a setting's value is read by its key
            columns = [row[0] if (table, c) == ("settings", "value") else c for c in names]
            sheet.append([cell(table, column, text) for column, text in zip(columns, row)])
    book.save(tmp_path / "Portfolio.xlsx")
    assert_same_as_sample(tmp_path / "Portfolio.xlsx")


def test_a_workbook_missing_a_sheet_names_the_sheet(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "settings"
    book.active.append(["key", "value"])
    book.active.append(["as_of", "2027-01-04"])
    book.save(tmp_path / "book.xlsx")
    assert problems_of(tmp_path / "book.xlsx")[0] == (
        "book.xlsx sheet pools: missing sheet; expected a pools table with columns id, capacity_fte"
    )


def test_a_workbook_names_its_sheets_in_messages_and_suggests_the_nearest_id(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, text in {**BASE, "demands": "project_id,pool_id,fte\nA,DEV,2\nB,Dev1,1\n"}.items():
        sheet = book.create_sheet(name.title())
        for line in text.splitlines():
            sheet.append(line.split(","))
    book.save(tmp_path / "Register.xlsx")
    assert problems_of(tmp_path / "Register.xlsx") == [
        "Register.xlsx sheet Demands, row 3, column pool_id: unknown pool id 'Dev1'; "
        "expected an id from Register.xlsx sheet Pools (did you mean 'DEV'?)",
    ]


def test_a_broken_utf16_file_names_the_line_not_a_byte(tmp_path):
    data = "key,value\nas_of,2027-01-04\n".encode("utf-16") + b"\x00"  # a last byte of half a character
    assert problems_of(folder(tmp_path, settings=data)) == [
        "settings.csv: line 3 is not UTF-16 text, as the file's start says; save it again as CSV UTF-8",
    ]


@pytest.mark.parametrize(
    "files, problem",
    [
        (
            {"pools": "ID,Capacity FTE\nDEV,six\n"},
            "pools.csv, row 2, column Capacity FTE: 'six' is not a number",
        ),
        (
            {"demands": "Project ID,Pool,FTE\nA,DEV,2\nB,dve,1\n"},
            "demands.csv, row 3, column Pool: unknown pool id 'dve'",
        ),
        (
            {"projects": "id,Status,duration_weeks,value_per_week\nA,approved,4,1000\nB,maybe,2,500\n"},
            "projects.csv, row 3, column Status: 'maybe'",
        ),
    ],
)
def test_a_message_names_the_column_as_the_file_writes_it(tmp_path, files, problem):
    """People look for their own header ("Capacity FTE"), not the name the product reads it as."""
    (found,) = problems_of(folder(tmp_path, **files))
    assert found.startswith(problem), found
