"""Names as people and attackers type them (issue 25, findings 7, 11, 14 and 15), for the tests of
io/names.py and of every renderer of a name: the command line, the board pack.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"

# (as typed, as read)
NAMES = [
    ("Alpha\nBeta", "Alpha Beta"),  # Alt+Enter in Excel
    ("Alpha\r\nBeta", "Alpha Beta"),
    ("Tab\tbed  twice", "Tab bed twice"),
    ("Nul\x00led", "Nulled"),
    ("\x1b[31mRed\x1b[0m alert\x07", "Red alert"),  # a terminal's colours and its bell
    ("\x1b]8;;http://evil.example\x07Link\x1b]8;;\x07", "Link"),  # a terminal's hyperlink
    ("Invoice \u202egnp.exe\u202c", "Invoice gnp.exe"),  # a right-to-left override
    ("\u2066Isolated\u2069 name", "Isolated name"),
    ("Cafe\u0301", "Caf\u00e9"),  # NFD: the same name as NFC
    ("Zero\u200bwidth\ufeff", "Zerowidth"),
    ("Line\u2028separator", "Line separator"),
    ("Family \U0001f468\u200d\U0001f469\u200d\U0001f467", "Family \U0001f468\u200d\U0001f469\u200d\U0001f467"),
]
LONG = "L" * 200
SCENARIO_NAME = "Accept\x1b[2J\nAtlas\u202e\x9b31m"


def hostile_folder(folder: Path) -> Path:
    """The sample with hostile project, pool, theme and sponsor names and portfolio name, in `folder`,
    and beside it s.json, the sample's scenario named like them."""
    shutil.copytree(SAMPLE, folder)
    for table, columns in (("projects", ("name", "theme", "sponsor")), ("pools", ("name",))):
        path = folder / f"{table}.csv"
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for index, row in enumerate(rows):
            for column in columns:
                row[column] = ([typed for typed, _ in NAMES] + [LONG])[index % (len(NAMES) + 1)]
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    with (folder / "settings.csv").open("a", encoding="utf-8") as f:
        f.write('name,"Board\x1b]0;owned\x07\nportfolio"\n')
    scenario = json.loads((SAMPLE.parent / "scenarios" / "accept-atlas.json").read_text(encoding="utf-8"))
    (folder.parent / "s.json").write_text(json.dumps({**scenario, "name": SCENARIO_NAME}), encoding="utf-8")
    return folder
