"""A portfolio whose every name is an attack, and saved scenarios named like it, for the app's
tests (tests/app/test_app_hostile.py under AppTest, browser/test_hostile_in_chromium.py in Chromium).

Project and team names, a few project and team ids, themes and sponsors are markdown links
and images, raw HTML, bare URLs and addresses, spreadsheet formulas, template and math
syntax, Streamlit's colour and icon directives and a right-to-left override. None of it may
become markup on any page: each must show exactly as typed.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"

RTL = "Invoice \u202egnp.exe\u202c for Finance"  # shows as "Invoice exe.png ..." if the override works
HOSTILE = [
    "[click](http://evil.example/x)",
    "![img](http://evil.example/i.png)",
    "<img src=http://evil.example/i.png>",
    '<a href="http://evil.example">a</a>',
    "**BOLD**",
    "http://evil.example/path",
    "user@evil.example",
    '=HYPERLINK("http://evil.example")',
    "+cmd",
    "-1+1",
    "@SUM(1)",
    RTL,
    "</script><script>alert(1)</script>",
    "{{7*7}}",
    "$\\frac{1}{2}$",
    ":red[text]",
    ":material/home:",
    "www.evil.example/w",
    ":smile: and :+1:",
    "# Heading",
    "&lt;b&gt;entity&#60;/b&#62;",
    '<iframe src="http://evil.example/f"></iframe>',
    "<link rel=stylesheet href=http://evil.example/s.css>",
    "[ref]: http://evil.example/ref",
    "`code` ~~strike~~ | a | b |",
    "\u2066isolate\u2069 and \u202blre\u202c",
    "<http://evil.example/auto>",
    "mailto:boss@evil.example",
    "Line one\n\n- line two",
]

# Ids renamed everywhere they are referred to: projects (one proposed, ATLAS) and one team.
PROJECT_IDS = {
    "DQ": "**X**",
    "CRM": "[crm](http://evil.example/crm)",
    "ATLAS": "<img src=http://evil.example/atlas.png>",
    "GIS": "user@evil.example",
    "PAM": "$x$",
}
POOL_IDS = {"DATA": ":red[DATA]"}

# Saved scenarios: one per hostile name (stopping the hostile-id CRM), one that no longer fits.
SHARED = HOSTILE[0]  # the scenario a share link opens: changes with hostile ids in them
SHARED_CHANGES = [{"op": "stop", "project": PROJECT_IDS["DQ"]}, {"op": "add", "project": PROJECT_IDS["ATLAS"]}]
GONE = "![gone](http://evil.example/gone.png) <b>stale</b>"
GONE_CHANGES = [{"op": "stop", "project": "<script>alert('gone')</script>"}]
MISSING = "[nowhere](http://evil.example/missing) **none**"


def write_portfolio(folder: Path) -> Path:
    """The sample portfolio in `folder`, with hostile names, ids, themes and sponsors."""
    shutil.copytree(SAMPLE, folder)
    _rewrite(folder / "projects.csv", _project_row)
    _rewrite(folder / "pools.csv", _pool_row)
    for name in ("demands.csv", "dependencies.csv", "actuals.csv", "capacity_changes.csv"):
        _rewrite(folder / name, _reference_row)
    return folder


def name_of(project_id: str) -> str:
    """The hostile name `write_portfolio` gives a sample project."""
    with (SAMPLE / "projects.csv").open(newline="", encoding="utf-8") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    return HOSTILE[ids.index(project_id) % len(HOSTILE)]


def save_scenarios(store) -> None:
    """The saved scenarios the tests open: one per hostile name, the shared one, and one that no longer fits."""
    for name in HOSTILE[1:]:
        store.save_scenario(name, [{"op": "stop", "project": PROJECT_IDS["CRM"]}])
    store.save_scenario(GONE, GONE_CHANGES)
    store.save_scenario(SHARED, SHARED_CHANGES)


def _rewrite(path: Path, change) -> None:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        return
    for index, row in enumerate(rows):
        change(index, row)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _project_row(index: int, row: dict) -> None:
    row["id"] = PROJECT_IDS.get(row["id"], row["id"])
    row["name"] = HOSTILE[index % len(HOSTILE)]
    if "theme" in row:
        row["theme"] = HOSTILE[(index // 7) % len(HOSTILE)] if row["theme"] else ""
    if "sponsor" in row:
        row["sponsor"] = HOSTILE[(index + 3) % len(HOSTILE)]


def _pool_row(index: int, row: dict) -> None:
    row["id"] = POOL_IDS.get(row["id"], row["id"])
    row["name"] = HOSTILE[(index * 5) % len(HOSTILE)]


def _reference_row(index: int, row: dict) -> None:
    for column in ("project_id", "predecessor_id", "successor_id"):
        if column in row:
            row[column] = PROJECT_IDS.get(row[column], row[column])
    if "pool_id" in row:
        row["pool_id"] = POOL_IDS.get(row["pool_id"], row["pool_id"])
