"""The board pack as an Excel workbook a finance team can audit (openpyxl).

A summary of the headline figures and sentences; the assumptions on their own sheet; then
one sheet per table (schedule, value curve, changes, shadow prices, interventions, intake,
stop ranking, benefits) with native Excel charts. Numbers are the core's exact floats
(written to 17 significant digits), shown through number formats: £1,234,567, 3 Mar 2027.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from vmo_core.io.export import exact_floats
from vmo_core.io.schema import xlsx_escape
from vmo_core.report.files import replace_atomically
from vmo_core.report.model import COUNT, DATE, FTE, MONEY, PERCENT, RAG, SIGNED, WEEKS, Pack, Table, cell_text
from vmo_core.report.style import (
    INK,
    LINE_COLOURS,
    MUTED,
    NEGATIVE,
    RAG_FILL,
    SERIES_COLOURS,
    WHITE,
    chart_money_format,
    money_format,
)

HEADER_ROW = 4  # row 1: the sheet's title, row 2: its note, row 4: the column headers
DATE_FORMAT = "d mmm yyyy"
CHARTS = {  # sheet: (kind, category column, value columns, title)
    "Value curve": ("line", "Week ending", ("Today's plan", "This scenario"), "Value earned to date, as a running total"),
    "Changes": ("bar", "Project", ("Value change",), "Value change, project by project"),
    "Shadow prices": ("bar", "Pool", ("One more FTE is worth", "One FTE costs"), "One more FTE: worth and cost"),
    "Interventions": ("bar", "Intervention", ("Net value change",), "Net value change of each move"),
    "Stop ranking": ("bar", "Project", ("Net if stopped",), "Net value of stopping each project today"),
    "Benefits": ("bar", "Project", ("Promised value", "Forecast value"), "Business cases: promised against forecast"),
    "Since the last review": ("bar", "Project", ("Value delayed",), "Value delayed since the last review"),
}


def write_xlsx(pack: Pack, path: Path) -> list[str]:
    book = build_workbook(pack)

    def save(staging: str) -> None:
        with exact_floats():
            book.save(staging)

    replace_atomically(path, save)
    return []


def build_workbook(pack: Pack) -> Workbook:
    book = Workbook()
    _summary(book.active, pack)
    _assumptions(book.create_sheet("Assumptions"), pack)
    for table in pack.tables:
        sheet = book.create_sheet(table.key)
        _table(sheet, pack, table)
        if table.key in CHARTS and table.rows:
            _chart(sheet, pack, table, *CHARTS[table.key])
    for sheet in book.worksheets:  # printed: landscape, one page wide
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return book


def number_format(kind: str, currency: str) -> str | None:
    return {
        MONEY: money_format(currency),
        SIGNED: money_format(currency, signed=True),
        DATE: DATE_FORMAT,
        WEEKS: "+0;-0;0",
        COUNT: "0",
        FTE: "0.###",
        PERCENT: "0.0%",
    }.get(kind)


def _text(value):
    return xlsx_escape(value) if isinstance(value, str) else value


def _put(sheet, row: int, column: int, value, *, kind: str = "text", currency: str = "", font: Font | None = None):
    cell = sheet.cell(row=row, column=column, value=_text(value))
    if isinstance(value, str):
        cell.data_type = "s"  # user text (a project's name) is never a formula
    fmt = number_format(kind, currency)
    if fmt and value is not None and not isinstance(value, str):
        cell.number_format = fmt
    if font is not None:
        cell.font = font
    return cell


def _heading(sheet, title: str, note: str = "") -> None:
    _put(sheet, 1, 1, title, font=Font(bold=True, size=14, color=INK))
    if note:
        _put(sheet, 2, 1, note, font=Font(italic=True, color=MUTED))


def _summary(sheet, pack: Pack) -> None:
    sheet.title = "Summary"
    _heading(sheet, f"{pack.title}: board pack as of {cell_text(pack.as_of, DATE, pack.currency)}", pack.subtitle)
    row = HEADER_ROW
    for column, name in enumerate(("Figure", "Value", "As the deck says it"), start=1):
        _put(sheet, row, column, name, font=Font(bold=True))
    for tile in pack.tiles:
        row += 1
        _put(sheet, row, 1, tile.label)
        _put(sheet, row, 2, tile.value, kind=SIGNED if tile.signed else MONEY, currency=pack.currency)
        _put(sheet, row, 3, tile.short).alignment = Alignment(horizontal="right")
    for heading, points in pack.summary.lists:
        row += 2
        _put(sheet, row, 1, heading, font=Font(bold=True))
        for point in points:
            row += 1
            _put(sheet, row, 2, point).alignment = Alignment(wrap_text=True, vertical="top")
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
            sheet.row_dimensions[row].height = 15 * (len(point) // 100 + 1)
    row += 2
    _put(sheet, row, 1, "What the VMO says", font=Font(bold=True))
    for section in pack.sections:
        row += 1
        top = Alignment(wrap_text=True, vertical="top")
        _put(sheet, row, 1, section.title, font=Font(bold=True, color=MUTED)).alignment = top
        _put(sheet, row, 2, section.lead).alignment = top
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
        sheet.row_dimensions[row].height = 15 * max(len(section.lead) // 100 + 1, len(section.title) // 40 + 1)
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 20
    sheet.column_dimensions["C"].width = 20
    for letter in "DEF":
        sheet.column_dimensions[letter].width = 22


def _assumptions(sheet, pack: Pack) -> None:
    _heading(sheet, "Assumptions", "Every figure in this pack follows from these, and from the portfolio itself.")
    _put(sheet, HEADER_ROW, 1, "Assumption", font=Font(bold=True))
    _put(sheet, HEADER_ROW, 2, "Value", font=Font(bold=True))
    row = HEADER_ROW
    for label, value, kind in pack.assumptions:
        row += 1
        _put(sheet, row, 1, label)
        _put(sheet, row, 2, value, kind=kind, currency=pack.currency).alignment = Alignment(horizontal="left")
    row += 2
    _put(sheet, row, 1, "Scenario changes, in order", font=Font(bold=True))
    if not pack.changes:
        _put(sheet, row + 1, 1, "None: the plan as it stands.")

    for number, change in enumerate(pack.changes, start=1):
        _put(sheet, row + number, 1, f"Change {number}")
        _put(sheet, row + number, 2, change)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 60


def _table(sheet, pack: Pack, table: Table) -> None:
    _heading(sheet, table.title, table.note)
    bold = Font(bold=True, color=WHITE)
    fill = PatternFill("solid", fgColor=INK)
    for column, spec in enumerate(table.columns, start=1):
        cell = _put(sheet, HEADER_ROW, column, spec.name, font=bold)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        longest = max((len(str(row[column - 1])) for row in table.rows if spec.kind == "text"), default=0)
        width = max(spec.width * 12, len(spec.name) * 0.9 + 2, longest + 2, 9)
        sheet.column_dimensions[get_column_letter(column)].width = min(width, 48)
    for r, row in enumerate(table.rows, start=HEADER_ROW + 1):
        for column, (value, spec) in enumerate(zip(row, table.columns), start=1):
            cell = _put(sheet, r, column, value, kind=spec.kind, currency=pack.currency)
            if spec.kind == RAG:
                cell.value = str(value).upper()
                cell.fill = PatternFill("solid", fgColor=RAG_FILL[value])
                cell.font = Font(bold=True, color=WHITE)
    sheet.row_dimensions[HEADER_ROW].height = 30
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    last = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(len(table.rows), 1)}"


def _chart(sheet, pack: Pack, table: Table, kind: str, category: str, values: tuple[str, ...], title: str) -> None:
    names = [c.name for c in table.columns]
    present = [v for v in values if v in names]
    if category not in names or not present:
        return
    first, last = HEADER_ROW + 1, HEADER_ROW + len(table.rows)
    chart = LineChart() if kind == "line" else BarChart()
    if kind == "bar":
        chart.type = "bar"
        chart.gapWidth = 60
        chart.x_axis.scaling.orientation = "maxMin"  # first row at the top, as in the table
    chart.title = title
    chart.style = 2
    peak = max((abs(row[names.index(v)]) for row in table.rows for v in present), default=0.0)
    for position, name in enumerate(present):
        column = names.index(name) + 1
        chart.add_data(Reference(sheet, min_col=column, min_row=HEADER_ROW, max_row=last), titles_from_data=True)
        series = chart.series[-1]
        colour = SERIES_COLOURS[position % len(SERIES_COLOURS)]
        if kind == "line":
            series.smooth = False
            series.graphicalProperties.line.solidFill = LINE_COLOURS[0] if name == "Today's plan" else LINE_COLOURS[1]
            series.graphicalProperties.line.width = 28000
            if name == "Today's plan":
                series.graphicalProperties.line.dashStyle = "dash"
        else:
            series.graphicalProperties.solidFill = colour
            series.invertIfNegative = False
            for index, row in enumerate(table.rows):
                if len(present) == 1 and row[column - 1] < 0:  # a loss reads in another colour, as in the deck
                    point = DataPoint(idx=index)
                    point.graphicalProperties.solidFill = NEGATIVE
                    series.dPt.append(point)
    cats = names.index(category) + 1
    chart.set_categories(Reference(sheet, min_col=cats, min_row=first, max_row=last))
    chart.y_axis.number_format = chart_money_format(pack.currency, peak)
    for axis in (chart.x_axis, chart.y_axis):
        axis.delete = False  # openpyxl hides the axes otherwise
    if kind == "line":
        chart.x_axis.axPos, chart.y_axis.axPos = "b", "l"
        chart.x_axis.number_format = "mmm yyyy"
        chart.x_axis.tickLblSkip = 26
        chart.x_axis.tickMarkSkip = 26
    else:
        chart.x_axis.axPos, chart.y_axis.axPos = "l", "b"
        chart.x_axis.tickLblPos = "low"  # names clear of bars that go below zero
    if len(present) > 1:
        chart.legend.position = "b"
    else:
        chart.legend = None
    chart.height = 9 if kind == "line" else max(8, 0.55 * len(table.rows) + 3)
    chart.width = 22
    anchor = get_column_letter(len(table.columns) + 2)
    sheet.add_chart(chart, f"{anchor}{HEADER_ROW}")
