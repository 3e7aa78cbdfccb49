"""Names are data of bounded size (issue 25, findings 7, 11 and 15): every name is read as one form
(io/names.py) by every form a portfolio comes in, by a scenario and by the store's saved scenarios.

A line break (Alt+Enter in Excel), a tab or another control character becomes a space, runs of
spaces one, NUL and a terminal's escape sequences go, zero-width and bidirectional formatting
go, the text is NFC; a name longer than MAX_NAME_CHARS or empty once cleaned is refused with
the file, row and column (or the scenario's field) named.
"""

from __future__ import annotations

import csv
import dataclasses
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.io.hostile_support import SAMPLE, folder
from tests.io.mspdi_support import ASSIGNMENTS, RESOURCES, TASKS, project_xml, task
from tests.io.register_support import completed, register_rows
from tests.names_support import NAMES
from vmo_core.engine.scenario import apply_scenario, as_scenario
from vmo_core.errors import ScenarioError, StoreError, ValidationError
from vmo_core.io import export
from vmo_core.io.loading import load, load_with_report
from vmo_core.io.names import MAX_NAME_CHARS, clean_name
from vmo_core.io.register_mapping import Mapping
from vmo_core.io.register_suggest import suggest_mapping
from vmo_core.model.plan import baseline_plan
from vmo_core.store.stores import import_portfolio, open_store

XML_NAMES = [(typed, read) for typed, read in NAMES if "\x00" not in typed and "\x1b" not in typed]  # XML 1.0 holds neither


@pytest.mark.parametrize(("typed", "read"), NAMES)
def test_a_name_is_read_as_one_form(typed, read):
    assert clean_name(typed) == read


@given(st.text())
def test_cleaning_is_idempotent_and_leaves_no_control_or_formatting(text):
    name = clean_name(text)
    assert clean_name(name) == name and unicodedata.is_normalized("NFC", name) and "  " not in name
    assert name == name.strip()
    for index, c in enumerate(name):
        if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") or (unicodedata.category(c) == "Cf" and c not in "\u200c\u200d"):
            raise AssertionError(f"{c!r} at {index} of {name!r}")


def hostile(pf, names: list[str]):
    """The portfolio with its first projects, one pool and a theme named by `names`."""
    projects = tuple(
        dataclasses.replace(p, name=names[i], sponsor=names[i]) if i < len(names) else p for i, p in enumerate(pf.projects)
    )
    pools = (dataclasses.replace(pf.pools[0], name=names[0]), *pf.pools[1:])
    return dataclasses.replace(pf, projects=projects, pools=pools)


@pytest.fixture(scope="module")
def sample():
    return load(SAMPLE)


def written_forms(pf, tmp_path):
    """The portfolio as a CSV folder, an .xlsx and a DuckDB store, each written with its names as they are."""
    yield "csv", export.export(pf, tmp_path / "csv")
    yield "xlsx", export.export(pf, tmp_path / "pf.xlsx")
    import_portfolio(pf, tmp_path / "pf.duckdb")  # a store written before names were cleaned
    yield "duckdb", tmp_path / "pf.duckdb"


def test_every_portfolio_form_reads_names_as_one_form(sample, tmp_path):
    typed, read = zip(*NAMES)
    pf = hostile(sample, list(typed))
    for form, source in written_forms(pf, tmp_path):
        loaded = load(source)
        assert [p.name for p in loaded.projects[: len(read)]] == list(read), form
        assert [p.sponsor for p in loaded.projects[: len(read)]] == list(read), form
        assert loaded.pools[0].name == read[0], form


def test_a_register_reads_names_as_one_form(sample, tmp_path):
    heads = {d.predecessor_id for d in sample.dependencies}  # named by name in a register's predecessors
    chosen = [p.id for p in sample.projects if p.id not in heads][: len(NAMES)]
    renamed = {pid: typed for pid, (typed, _) in zip(chosen, NAMES)}
    pf = dataclasses.replace(
        sample, projects=tuple(dataclasses.replace(p, name=renamed.get(p.id, p.name)) for p in sample.projects)
    )
    headers, rows = register_rows(pf)
    path = tmp_path / "register.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([headers, *rows])
    loaded = load(path, mapping=completed(suggest_mapping(headers), sample))
    assert [loaded.project(pid).name for pid in chosen] == [read for _, read in NAMES[: len(chosen)]]


def test_ms_project_reads_names_as_one_form(tmp_path):
    tasks = list(TASKS)
    tasks[1] = task(1, XML_NAMES[0][0], 1, summary=1, wbs="DP", duration="PT480H0M0S", benefit=520000)
    tasks[5] = task(5, XML_NAMES[5][0], 1, summary=1, wbs="CA", duration="PT200H0M0S", benefit=104000)
    path = tmp_path / "plan.xml"
    path.write_text(project_xml(tasks, RESOURCES, ASSIGNMENTS), encoding="utf-8")
    pf, _ = load_with_report(
        path, mapping=Mapping(columns={"value_per_week": "Annual benefit"}, units={"value_per_week": "per_year"})
    )
    assert [pf.project("DP").name, pf.project("CA").name] == [XML_NAMES[0][1], XML_NAMES[5][1]]


PROJECTS = "id,name,status,duration_weeks,value_per_week\n"


@pytest.mark.parametrize(
    ("cell", "says"),
    [
        ("x" * 10_000, f"is 10,000 characters long; expected a name of at most {MAX_NAME_CHARS} characters"),
        ("\u200b\u200d\u202e", "is empty once control and invisible characters are removed"),
    ],
)
def test_a_name_too_long_or_empty_once_cleaned_is_refused_at_its_cell(tmp_path, cell, says):
    for column in ("id", "name"):
        row = {"id": "A", "name": "Alpha", column: cell}
        source = folder(tmp_path / column, projects=PROJECTS + f"{row['id']},{row['name']},approved,4,1000\nB,,proposed,2,500\n")
        with pytest.raises(ValidationError) as caught:
            load(source)
        [problem] = [p for p in caught.value.problems if p.column == column]
        assert (problem.file, problem.row) == ("projects.csv", 2) and says in problem.message


def test_look_alike_ids_are_one_id(tmp_path):
    source = folder(
        tmp_path, projects=PROJECTS + "Caf\u00e9,One,approved,4,1000\nCafe\u0301,Two,approved,2,500\nB,,proposed,1,1\n"
    )
    with pytest.raises(ValidationError, match="duplicate id 'Café'"):
        load(source)


def test_the_portfolio_name_is_a_name(tmp_path):
    settings = 'key,value\nas_of,2027-01-04\nname,"Board\nportfolio\x1b[2J"\n'
    assert load(folder(tmp_path / "ok", settings=settings)).settings.extra["name"] == "Board portfolio"
    with pytest.raises(ValidationError, match="expected a portfolio name of at most 200"):
        load(folder(tmp_path / "long", settings=f"key,value\nas_of,2027-01-04\nname,{'n' * 201}\n"))


def test_a_scenario_name_and_a_new_projects_names_are_names(sample):
    assert as_scenario({"name": "Accept\nAtlas\u202e", "changes": []}).name == "Accept Atlas"
    assert as_scenario({"name": "", "changes": []}).name == "Scenario"
    for bad, says in (("y" * 5_000_000, "is 5,000,000 characters long"), ("\u200b", "is empty once")):
        with pytest.raises(ScenarioError, match=f'"name" .*{says}'):
            as_scenario({"name": bad, "changes": []})
    spec = {"id": "NEW\t1", "name": "New\nproject\x00", "duration_weeks": 2, "value_per_week": 10, "demands": {"DATA": 1}}
    plan = apply_scenario(baseline_plan(sample), {"changes": [{"op": "add", "project": spec}]})
    assert plan.projects["NEW 1"].name == "New project"
    with pytest.raises(ScenarioError, match="project field name: .*is 300 characters long"):
        apply_scenario(baseline_plan(sample), {"changes": [{"op": "add", "project": {**spec, "name": "z" * 300}}]})


def test_saved_scenarios_with_look_alike_names_are_one_scenario(tmp_path, sample):
    import_portfolio(sample, tmp_path / "s.duckdb")
    with open_store(tmp_path / "s.duckdb") as store:
        store.save_scenario("Cafe\u0301 plan", [], by="ann\x00")
        store.save_scenario("Caf\u00e9\u200b plan", [{"op": "stop", "project": "CRM"}])
        store.save_scenario("Caf\u00e9\nplan\x00", [])
        assert [s["name"] for s in store.scenarios()] == ["Café plan"]
        assert store.scenario("Cafe\u0301 plan") is not None
        for bad in ("n" * (MAX_NAME_CHARS + 1), "\u202e\u200b"):
            with pytest.raises(StoreError, match="the scenario name .*nothing was saved"):
                store.save_scenario(bad, [])
        store.delete_scenario("Caf\u00e9\tplan")
        assert store.scenarios() == []
