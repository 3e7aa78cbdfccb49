"""`python -m vmo_core template OUT.xlsx`: a workbook to fill that imports back, written whole or not at all."""

from __future__ import annotations

from tests.cli_support import call, run
from vmo_core.engine.evaluation import schedule
from vmo_core.io.loading import load
from vmo_core.io.template import example_portfolio


def test_template_writes_a_workbook_that_imports_and_schedules(tmp_path, capsys):
    code, out, err = call(capsys, "template", str(tmp_path / "fill me.xlsx"))
    assert (code, err) == (0, "")
    assert out.startswith(f"Wrote the portfolio template to {tmp_path / 'fill me.xlsx'}")
    pf = load(tmp_path / "fill me.xlsx")
    assert schedule(pf).to_dict() == schedule(example_portfolio()).to_dict()


def test_template_json_names_the_file(tmp_path, capsys):
    code, out, _ = call(capsys, "template", str(tmp_path / "t.xlsx"), "--json")
    assert (code, out) == (0, f'{{"out": "{tmp_path / "t.xlsx"}"}}\n')


def test_an_unwritable_path_exits_2_and_writes_nothing(tmp_path):
    done = run("template", str(tmp_path / "missing" / "t.xlsx"))
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {tmp_path / 'missing' / 't.xlsx'}: the folder {tmp_path / 'missing'} does not exist")
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_source_is_not_taken(tmp_path, capsys):
    code, _, err = call(capsys, "template", "data/sample", str(tmp_path / "t.xlsx"))
    assert code == 2
    assert "unrecognized arguments" in err
