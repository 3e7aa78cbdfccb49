"""MS Project's XML (MSPDI) as a portfolio source (README, "MS Project").

The files are written here to Microsoft's published MSPDI schema (mspdi_pj12.xsd: Project,
Tasks/Task with UID, Name, WBS, OutlineLevel, Summary, Milestone, Duration, PercentComplete,
PredecessorLink; Resources/Resource with Type and MaxUnits; Assignments/Assignment with
TaskUID, ResourceUID, Units and Work; ExtendedAttributes for custom fields) and read back
to the projects, pools, FTE and dependencies worked out by hand beside each one.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vmo_core
from tests.io.mspdi_support import ASSIGNMENTS, RESOURCES, TASKS, assignment, project_xml, resource, task
from vmo_core.cli import main
from vmo_core.errors import ValidationError
from vmo_core.io.loading import load, load_with_report
from vmo_core.io.mspdi import LeftOut
from vmo_core.io.mspdi_xml import hours
from vmo_core.io.register_mapping import Mapping

VALUE = Mapping(columns={"value_per_week": "Annual benefit"}, units={"value_per_week": "per_year"})


@pytest.fixture
def plan(tmp_path) -> Path:
    path = tmp_path / "portfolio.xml"
    path.write_text(project_xml(TASKS, RESOURCES, ASSIGNMENTS), encoding="utf-8")
    return path


def test_durations_are_working_hours_at_forty_a_week():
    assert hours("PT480H0M0S") == 480
    assert hours("PT7H30M0S") == 7.5
    assert hours("P1DT4H0M0S") == 12  # a day of 8 working hours
    assert hours("") is None and hours("soon") is None


def test_summary_tasks_become_projects_resources_pools_and_units_fte(plan):
    pf, _ = load_with_report(plan, mapping=VALUE)
    assert [(p.id, p.name, p.status, p.duration_weeks, p.value_per_week, p.priority) for p in pf.projects] == [
        ("DP", "Data Platform", "approved", 12, 10000, 1),
        ("CA", "Customer App", "approved", 5, 2000, 2),
        ("SR", "Security Review", "active", 2, 0, 3),
    ]
    security = pf.project("SR")
    assert (security.earliest_start, security.deadline) == (dt.date(2027, 2, 1), dt.date(2027, 6, 30))
    assert [(p.id, p.capacity_fte, p.cost_per_fte_week) for p in pf.pools] == [
        ("Data Engineering", 3, 65 * 40),
        ("Development", 5, 55 * 40),
        ("Security", 1, 80 * 40),
    ]
    assert {(d.project_id, d.pool_id): d.fte for d in pf.demands} == {
        ("DP", "Data Engineering"): 1.5,
        ("DP", "Development"): 0.5,
        ("CA", "Development"): 1.0,
        ("SR", "Security"): 0.5,
    }
    assert [(d.predecessor_id, d.successor_id) for d in pf.dependencies] == [("DP", "CA")]
    assert (pf.as_of, pf.currency) == (dt.date(2027, 1, 4), "GBP")


def test_the_report_says_what_was_read_and_what_was_left_out(plan):
    _, report = load_with_report(plan, mapping=VALUE)
    assert report.to_dict()["read"] == {"projects": 3, "pools": 3, "assignments": 5, "links": 1}
    assert set(report.left_out) == {
        LeftOut("task", "Go live (in Data Platform)", "a milestone: no work (its links still count)"),
        LeftOut("task", "Stand-alone task", "a task outside any summary task"),
        LeftOut("task", "Board sign-off", "a milestone outside any summary task"),
        LeftOut("resource", "Test rig", "a material resource"),
        LeftOut("resource", "Licences", "a cost resource"),
        LeftOut("link", "Build pipelines -> Design", "a start-to-start link; the model's are finish-to-start"),
        LeftOut("calendar", "1 calendar(s)", "working time is taken as 40 hours a week"),
    }
    assert report.warnings == ("Security Review: no 'Annual benefit' custom field, so its value per week is 0",)


def test_without_a_value_field_every_value_is_zero_with_a_warning(plan):
    pf, report = load_with_report(plan)
    assert [p.value_per_week for p in pf.projects] == [0, 0, 0]
    assert len(report.warnings) == 3 and "no custom field is mapped to value per week" in report.warnings[0]


def test_the_file_schedules_from_the_command_line(plan, tmp_path, capsys):
    mapping = tmp_path / "map.json"
    mapping.write_text(VALUE.to_json(), encoding="utf-8")
    assert main(["schedule", str(plan), "--mapping", str(mapping), "--json"]) == 0
    printed = {p["id"]: p for p in json.loads(capsys.readouterr().out)["projects"]}
    assert printed["CA"]["start_week"] >= printed["DP"]["finish_week"]  # the link between summaries holds
    assert printed == {p["id"]: p for p in vmo_core.schedule(load(plan, mapping=VALUE)).to_dict()["projects"]}


def test_as_of_is_the_status_date_or_given_never_the_clock(tmp_path):
    path = tmp_path / "undated.xml"
    path.write_text(project_xml(TASKS, RESOURCES, ASSIGNMENTS, status_date=None), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load(path)
    assert [(p.file, p.column) for p in caught.value.problems] == [("undated.xml", None)]
    said = str(caught.value)
    assert "no status date (the StatusDate element" in said and "pass --as-of YYYY-MM-DD" in said
    assert "column" not in said
    assert load(path, as_of=dt.date(2027, 1, 11)).as_of == dt.date(2027, 1, 11)


def test_a_bad_summary_is_named_by_its_task(tmp_path):
    tasks = [*TASKS[:5], task(5, "Customer App", 1, summary=1, wbs="CA", duration="PT200H0M0S", benefit="lots"), *TASKS[6:]]
    path = tmp_path / "bad.xml"
    path.write_text(project_xml(tasks, RESOURCES, ASSIGNMENTS), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load(path, mapping=VALUE)
    assert [p.column for p in caught.value.problems] == ["task 'Customer App' (UID 5), Annual benefit"]
    assert "'lots' is not a number" in caught.value.problems[0].message


# ---------------------------------------------------------------- hostile XML


LAUGHS = (
    '<!DOCTYPE Project [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


@pytest.mark.parametrize(
    "text",
    [
        project_xml([task(1, "&lol3;", 1, summary=1, duration="PT40H0M0S")], [], [], head=LAUGHS),
        project_xml([], [], [], head='<!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>').replace(
            "<Name>Water", "<Name>&x;Water"
        ),
        project_xml([], [], [], head='<!DOCTYPE Project SYSTEM "http://example.invalid/project.dtd">'),
    ],
    ids=["billion-laughs", "external-entity", "external-dtd"],
)
def test_hostile_xml_is_refused_cleanly(tmp_path, text, capsys):
    path = tmp_path / "hostile.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError, match="declares a document type or entities"):
        load(path)
    assert main(["schedule", str(path)]) == 2
    assert "declares a document type" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "said"),
    [("<Project><Tasks>", "is not readable XML"), ("<Workbook/>", "root is <Workbook>"), ("", "is not readable XML")],
)
def test_xml_that_is_not_a_project_is_named_as_such(tmp_path, text, said):
    path = tmp_path / "other.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError, match=said):
        load(path)


# ---------------------------------------------------------------- any text in the elements


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    duration=st.one_of(st.sampled_from(["PT1" + "0" * 400 + "H", "-PT40H", "PT0H0M0S", "P", ""]), st.text(max_size=12)),
    units=st.one_of(st.sampled_from(["nan", "inf", "-1", "1e308", "0"]), st.text(max_size=8)),
    level=st.sampled_from(["1", "2", "0", "-3", "99999999999999999999", "x", ""]),
)
def test_any_text_in_the_elements_loads_or_is_named_never_a_crash(tmp_path, duration, units, level):
    tasks = [
        task(1, "Data Platform", 1, summary=1, wbs="DP", duration=duration),
        task(2, "Build", level, duration=duration, wbs="DP.1"),
    ]
    path = tmp_path / "fuzz.xml"
    path.write_text(
        project_xml(tasks, [resource(1, "Dev", 1, units=units)], [assignment(1, 2, 1, units, duration)]),
        encoding="utf-8",
    )
    try:
        load(path)
    except ValidationError as exc:
        assert all(p.file == "fuzz.xml" for p in exc.problems)


def test_an_inactive_summary_is_left_out_with_its_tasks(tmp_path):
    tasks = [
        *TASKS,
        task(11, "Shelved idea", 1, summary=1, wbs="SH", duration="PT80H0M0S", Active=0),
        task(12, "Shelved work", 2, duration="PT80H0M0S", wbs="SH.1"),
    ]
    path = tmp_path / "shelved.xml"
    path.write_text(project_xml(tasks, RESOURCES, [*ASSIGNMENTS, assignment(7, 12, 2, 3)]), encoding="utf-8")
    pf, report = load_with_report(path, mapping=VALUE)
    assert [p.id for p in pf.projects] == ["DP", "CA", "SR"]
    assert pf.demands_of("SR") == {"Security": 0.5}  # the shelved work is no one else's
    assert LeftOut("task", "Shelved idea", "an inactive task, with the tasks under it") in report.left_out
    assert not any(x.name == "Shelved work" for x in report.left_out)
