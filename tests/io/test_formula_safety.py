"""CSV exports a spreadsheet cannot run, and workbooks without formulas.

A text cell that begins with a formula character is written with a leading apostrophe (and
so is one that begins with an apostrophe); the loader takes exactly one off again, so the
mapping is a bijection and export-then-import is exact. No .xlsx the product writes holds a
formula cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.io.hostile_support import SETTINGS, folder
from vmo_core.io import export, schema, uploads
from vmo_core.io.loading import load
from vmo_core.io.names import clean_name
from vmo_core.io.schema import FORMULA_START, csv_escape, csv_unescape
from vmo_core.model.portfolio import Demand, Pool, Portfolio, Project, Settings

# ---------------------------------------------------------------- CSV exports a spreadsheet cannot run


@pytest.mark.parametrize(
    "text, written",
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'quoted", "''quoted"),
        ("''", "'''"),
        ("-5", "-5"),  # a plain number is not a formula
        ("+1.5e3", "+1.5e3"),
        ("Alpha = Beta", "Alpha = Beta"),
        ("", ""),
    ],
)
def test_csv_escape_prefixes_formula_text_and_apostrophes(text, written):
    assert csv_escape(text) == written
    assert csv_unescape(written) == text


@given(st.text(max_size=12) | st.sampled_from(FORMULA_START + ("'",)).flatmap(lambda c: st.text(max_size=8).map(lambda t: c + t)))
def test_csv_escaping_is_a_bijection_and_leaves_no_formula(text):
    written = csv_escape(text)
    assert csv_unescape(written) == text  # a left inverse: so escaping is one to one
    assert not written.startswith(FORMULA_START) or re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", written)


def test_the_csv_export_neutralises_formulas_in_text_and_leaves_numbers(tmp_path):
    pf = load(
        folder(
            tmp_path / "src",
            settings=SETTINGS + 'discount_rate,-0.05\nowner,=HYPERLINK("x")\n',
            projects='id,name,status,priority,duration_weeks,value_per_week,=notes\nA,"=HYPERLINK(""http://x"")",approved,-5,4,1000,@x\n'
            "B,'Quoted,proposed,,2,500,-1\n",
        )
    )
    assert pf.project("B").name == "Quoted"  # a typed leading apostrophe is the spreadsheet's text mark
    out = export.export(pf, tmp_path / "out")
    projects = list(csv.reader((out / "projects.csv").open(encoding="utf-8")))
    assert projects[0][-1] == "'=notes"
    assert projects[1][1] == '\'=HYPERLINK("http://x")' and projects[1][3] == "-5" and projects[1][-1] == "'@x"
    assert projects[2][-1] == "-1"  # text that is a plain number needs no mark
    settings_rows = dict(list(csv.reader((out / "settings.csv").open(encoding="utf-8")))[1:])
    assert settings_rows["discount_rate"] == "-0.05" and settings_rows["owner"] == '\'=HYPERLINK("x")'
    for path in out.glob("*.csv"):
        for row in csv.reader(path.open(encoding="utf-8")):
            assert not any(cell.startswith(("=", "@")) for cell in row), (path.name, row)
    assert load(out) == pf


TRICKY = st.one_of(
    st.sampled_from(["=1+1", "+1", "-1", "-x", "@me", "'", "''", "'=1", "=", "-", "+", "@", "a'b", '=HYPERLINK("x")']),
    st.tuples(st.sampled_from(FORMULA_START[:4] + ("'",)), st.text(max_size=6)).map("".join),
    st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), max_size=8),
).map(clean_name)  # text as a name is read (io/names.py): a name reads back as itself


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(TRICKY, min_size=2, max_size=5),
    extra=TRICKY,
    header=TRICKY.filter(lambda h: h and h.lower() not in {c.name for c in schema.SCHEMA["projects"]}),
)
def test_export_then_import_is_exact_for_formula_and_apostrophe_text(tmp_path_factory, names, extra, header):
    ids = [f"{name}#{i}" if name else f"P{i}" for i, name in enumerate(names)]
    projects = tuple(
        Project(pid, "approved", 2, 100.0, name=name, theme=extra, sponsor=name, extra={header: name})
        for pid, name in zip(ids, names)
    )
    setting = extra if extra and extra.lower() not in schema.SETTINGS_KEYS else "k"
    pf = Portfolio(
        settings=Settings(
            as_of=dt.date(2027, 1, 4),
            currency="GBP",
            extra={setting: names[0] or "v"},
        ),
        pools=(Pool("=POOL", 5.0, name=extra),),
        projects=projects,
        demands=tuple(Demand(pid, "=POOL", 1.0) for pid in ids),
    )
    scratch = tmp_path_factory.mktemp("round")
    assert load(export.export(pf, scratch / "csv")) == pf
    assert load(export.export(pf, scratch / "pf.xlsx")) == pf
    archive = zipfile.ZipFile(io.BytesIO(export.csv_zip_bytes(pf)))  # the app's download, uploaded again
    again, problems = uploads.validate_uploads({n: archive.read(n) for n in archive.namelist()})
    assert problems == [] and again == pf


def formula_cells(path: Path) -> list[str]:
    """Every cell of a workbook that is a formula: by openpyxl's reading, and in the XML itself."""
    found = []
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (
                    isinstance(cell.value, str) and cell.value.startswith("=") and cell.data_type != "s"
                ):
                    found.append(f"{sheet.title}!{cell.coordinate}")
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and re.search(rb"<(\w+:)?f[\s>/]", archive.read(name)):
                found.append(name)
    return found


def hostile_portfolio(tmp_path: Path):
    projects_csv = (
        "id,name,status,duration_weeks,value_per_week,theme,sponsor,=cmd|' /C calc'!A0\n"
        '=A1,"=HYPERLINK(""http://evil"",""x"")",approved,4,1000,+1+1,@SUM(1),-2+3\n'
        "B,=1+1,active,2,500,=2,=3,=4\n"
        "C,-cmd,proposed,3,800,,,\n"
    )
    return load(folder(tmp_path / "hostile", projects=projects_csv, demands="project_id,pool_id,fte\n=A1,DEV,2\nB,DEV,1\n"))


def test_no_xlsx_the_product_writes_holds_a_formula(tmp_path):
    from vmo_core.report import build_pack, write_report

    pf = hostile_portfolio(tmp_path)
    exported = export.export(pf, tmp_path / "export.xlsx")
    downloaded = tmp_path / "download.xlsx"
    downloaded.write_bytes(export.xlsx_bytes(pf))
    pack = build_pack(pf, {"name": "=EVIL()", "changes": [{"op": "capacity", "pool": "DEV", "capacity_fte": 6}]})
    report = tmp_path / "pack.xlsx"
    write_report(pack, report)

    for path in (exported, downloaded, report):
        assert formula_cells(path) == [], path.name
    names = {c.value for row in openpyxl.load_workbook(exported)["projects"].iter_rows() for c in row}
    assert {"=1+1", '=HYPERLINK("http://evil","x")', "=cmd|' /C calc'!A0"} <= names  # kept exactly, as text
    assert load(exported) == pf


def test_a_lone_carriage_return_in_text_survives_the_csv_export(tmp_path):
    # csv.writer quotes a cell with a line break only when the break is in its line terminator ("\n"):
    # a lone "\r" went out unquoted and ended the row early on reading
    # (in an extra column's text: a name's line break is a space, io/names.py)
    pf = Portfolio(
        settings=Settings(as_of=dt.date(2027, 1, 4)),
        pools=(Pool("DEV", 5.0),),
        projects=(Project("X", "approved", 2, 100.0, name="one", extra={"=\r0": "one\rtwo"}),),
    )
    assert load(export.export(pf, tmp_path / "csv")) == pf
