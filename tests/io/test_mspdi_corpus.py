"""MS Project XML files that MS Project itself saved (MPXJ's test data, tests/data/mspdi/README.md).

Each loads into a portfolio with at least one project, which schedules, or is refused with a
message saying why and what to do; none raises anything but the product's own errors. A few
are checked project by project against the file, the arithmetic shown.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

import vmo_core
from vmo_core.cli import main
from vmo_core.errors import ValidationError, VmoError
from vmo_core.io.loading import load, load_with_report

CORPUS = Path(__file__).parents[1] / "data" / "mspdi"
FILES = sorted(CORPUS.glob("*.xml"))
NO_PROJECT = "holds no project to schedule: no task but the project's own summary task;"


def plan_start(path: Path) -> dt.date:
    """The Start of the file's first task (its own summary task): the test loads each plan as at its start."""
    data = path.read_bytes()
    found = re.search(rb"<Start>(\d{4}-\d\d-\d\d)", data[data.index(b"<Tasks>") :])
    return dt.date.fromisoformat(found.group(1).decode())


def outcome(path: Path) -> str:
    try:
        pf, report = load_with_report(path, as_of=plan_start(path))
    except VmoError as exc:  # the product's own error: anything else fails the test
        assert isinstance(exc, ValidationError), str(exc)
        assert [p.file for p in exc.problems] == [path.name]
        assert NO_PROJECT in exc.problems[0].message and "File > Save As > XML" in exc.problems[0].message
        return "refused: no project"
    assert pf.projects, f"{path.name}: an empty portfolio"
    plan = vmo_core.schedule(pf)
    assert [p.id for p in plan.projects] == [p.id for p in pf.projects]
    unplaced = {p.id for p in plan.projects if p.start_week is None}
    assert unplaced == {u.id for u in plan.unschedulable} and all(u.reason for u in plan.unschedulable)
    return f"loaded: {report.shape}"


def test_the_corpus_is_a_few_dozen_files_saved_by_ms_project():
    assert len(FILES) == 48
    for path in FILES:
        head = path.read_bytes()[:400]
        assert b'<Project xmlns="http://schemas.microsoft.com/project"' in head, path.name


def test_each_file_loads_and_schedules_or_is_refused_saying_why():
    outcomes = Counter(outcome(path) for path in FILES)
    # 32 single plans (a flat task list), 3 master projects, 13 files with no task at all
    # (calendars, resource sheets, headers): refused, naming what they hold
    assert outcomes == {"loaded: flat": 32, "loaded: summaries": 3, "refused: no project": 13}


def test_without_a_status_date_the_message_asks_for_as_of(capsys):
    path = CORPUS / "mspdiassignmentcustom.xml"  # no StatusDate element, as none of the corpus has
    assert main(["schedule", str(path)]) == 2
    said = capsys.readouterr().err
    assert "has no status date (the StatusDate element: MS Project leaves it out when none is set)" in said
    assert "pass --as-of YYYY-MM-DD" in said and "column" not in said
    assert main(["schedule", str(path), "--as-of", "2011-06-06", "--json"]) == 0


def test_a_file_with_no_task_says_what_it_holds_and_what_to_do():
    with pytest.raises(ValidationError) as caught:
        load(CORPUS / "resource-flags-project2019-mspdi.xml", as_of=dt.date(2018, 10, 18))
    (problem,) = caught.value.problems
    assert problem.message.startswith(
        "holds no project to schedule: no task but the project's own summary task; 20 resources. "
        "Expected summary tasks at outline level 1 (one project each) or tasks with durations"
    )


def test_a_master_project_by_hand():
    # sample.xml: summaries at outline level 1, ids their WBS codes. First Task: 400 h = 10 weeks;
    # its Second Task's work: First Resource 200 h, Second Resource 300 h over 400 h = 0.5 and 0.75 FTE.
    # Recurring Task: 168 h = 4.2 -> 5 weeks; Task Relationships: 24 h -> 1 week; no work assigned.
    pf = load(CORPUS / "sample.xml", as_of=dt.date(2003, 1, 6))
    assert [(p.id, p.name, p.duration_weeks, p.planned_start) for p in pf.projects] == [
        ("1", "First Task", 10, dt.date(2003, 1, 7)),
        ("1.3", "Recurring Task", 5, dt.date(2003, 2, 3)),
        ("3", "Task Relationships", 1, dt.date(2003, 1, 7)),
    ]
    assert {(d.project_id, d.pool_id): d.fte for d in pf.demands} == {
        ("1", "First Resource"): 0.5,
        ("1", "Second Resource"): 0.75,
    }
    assert [(p.id, p.cost_per_fte_week) for p in pf.pools] == [("First Resource", 400), ("Second Resource", 200)]
    assert pf.currency == "GBP"  # its CurrencySymbol is £ and it has no CurrencyCode


def test_a_flat_plan_by_hand():
    # mspdiassignmentcustom.xml: one task, Start Wed 8 Jun 2011, Finish Fri 5 Aug 2011: 59 days,
    # ceil(59 / 7) = 9 weeks = 360 working hours. Resource One works 344 h: 344 / 360 FTE;
    # Resource Two 216 h 43 min: 216.7167 / 360. Not begun, it is planned to start on 8 June.
    pf = load(CORPUS / "mspdiassignmentcustom.xml", as_of=dt.date(2011, 6, 6))
    (project,) = pf.projects
    assert (project.id, project.name, project.status, project.duration_weeks) == (
        "mspdiassignmentcustom",
        "mpp9assignment2",
        "approved",
        9,
    )
    assert project.planned_start == dt.date(2011, 6, 8)
    assert pf.demands_of(project.id) == pytest.approx({"Resource One": 344 / 360, "Resource Two": (216 + 43 / 60) / 360})
    (placed,) = vmo_core.schedule(pf).projects
    assert (placed.start_week, placed.finish_week) == (0, 9)  # 8 June is in as_of's week


def test_a_plan_in_progress_by_hand():
    # mspdiresource.xml: 13% done, tasks from Fri 25 Aug to Fri 8 Sep 2006: 15 days, 3 weeks = 120 h.
    # Wade Golden works 24 + 40 + 16 = 80 h: 80 / 120 FTE; Jon Iles and Brian Leach 24 h: 0.2 FTE.
    # The concrete (a material resource) is left out.
    pf, report = load_with_report(CORPUS / "mspdiresource.xml", as_of=dt.date(2006, 8, 25))
    (project,) = pf.projects
    assert (project.status, project.duration_weeks, project.planned_start) == ("active", 3, None)
    assert pf.demands_of(project.id) == pytest.approx({"Wade Golden": 80 / 120, "Jon Iles": 0.2, "Brian Leach": 0.2})
    assert ("resource", "Concrete", "a material resource") in {(x.kind, x.name, x.reason) for x in report.left_out}
    assert pf.currency == "GBP"  # CurrencyCode GBP wins over the file's $ symbol


def test_task_links_within_one_plan_are_its_length():
    # task-links-project2019-mspdi.xml: 16 one-day tasks linked in pairs, 18 Oct to 2 Nov 2018: 16 days, 3 weeks.
    pf = load(CORPUS / "task-links-project2019-mspdi.xml", as_of=dt.date(2018, 10, 15))
    assert [(p.duration_weeks, p.planned_start) for p in pf.projects] == [(3, dt.date(2018, 10, 18))]
    assert pf.pools == () and pf.dependencies == ()


def test_a_folder_of_plans_is_a_portfolio_of_one_project_each(tmp_path, capsys):
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("mspdiassignmentcustom.xml", "mspdiassignmentfields.xml", "sample.xml"):
        shutil.copyfile(CORPUS / name, folder / name)
    pf, report = load_with_report(folder, as_of=dt.date(2011, 6, 6))
    assert report.shape == "files"
    assert [p.id for p in pf.projects] == [
        "mspdiassignmentcustom",
        "mspdiassignmentfields",
        "sample/1",
        "sample/1.3",
        "sample/3",
    ]
    assert [p.priority for p in pf.projects] == [1, 2, 3, 4, 5]  # the files in name order, then each file's order
    assert "Resource One" in {p.id for p in pf.pools}  # in two files: one pool
    assert main(["schedule", str(folder), "--as-of", "2011-06-06", "--json"]) == 0


def test_an_mpp_file_is_answered_with_how_to_save_it_as_xml(tmp_path, capsys):
    path = tmp_path / "plan.mpp"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # an OLE compound file, as .mpp is
    assert main(["schedule", str(path)]) == 2
    said = capsys.readouterr().err
    assert "plan.mpp: is an .mpp file, MS Project's own format" in said
    assert "save it as XML (File > Save As, type XML Format (*.xml))" in said


def test_as_of_is_refused_for_a_portfolio_that_has_its_own(capsys):
    assert main(["schedule", "data/sample", "--as-of", "2027-01-04"]) == 2
    assert "--as-of is for an MS Project file or a register" in capsys.readouterr().err
