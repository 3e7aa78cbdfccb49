"""Hostile names in a real browser: the app served on a portfolio whose names are attacks
(tests/app/hostile.py), every page opened through every kind of share link, in Chromium.

On each: no link to another origin, nothing loaded from one (elements, and the requests the
page makes), no dialog, no exception, no boundary message, the page's title; names show as
typed (not bold, not a heading, not an icon, not a formula). One server, each address once.
"""

from __future__ import annotations

import urllib.parse

import pytest

import vmo_core
from tests.app import hostile
from tests.app.browser.serving import SHOTS, served, settle
from vmo_app.boundary import FAILED
from vmo_app.widgets import plain
from vmo_core.store.duckdb_store import Store, import_portfolio

TITLES = {
    "": "Portfolio",
    "whatif": "What-if",
    "sequencing": "Sequencing",
    "constraint": "Constraint",
    "intake": "Intake",
    "stop": "Stop or continue",
    "benefits": "Benefits",
    "forecast": "Forecast",
    "interventions": "Interventions",
    "boardpack": "Board pack",
    "scenarios": "Scenarios",
    "data": "Data",
}


def link(path: str, name: str | None) -> str:
    return f"/{path}" + ("" if name is None else "?scenario=" + urllib.parse.quote(name, safe=""))


VISITS = [(path, link(path, hostile.SHARED)) for path in TITLES]  # every page, a saved hostile scenario shared
VISITS += [
    ("", link("", hostile.MISSING)),  # a name no scenario has
    ("data", link("data", hostile.MISSING)),
    ("whatif", link("whatif", hostile.GONE)),  # saved, but no longer fits the portfolio
    ("stop", link("stop", hostile.GONE)),
    ("scenarios", link("scenarios", None)),  # the saved scenarios listed and compared
]

# What the page's DOM holds that came from another origin, or became markup.
INSPECT = """() => {
  const here = location.origin, foreign = [], markup = [];
  const off = (url) => {
    if (url === null || url === undefined || url === '' || url.startsWith('#')) return false;
    const u = new URL(url, location.href);
    return u.origin !== here && !['data:', 'blob:', 'about:'].includes(u.protocol);
  };
  for (const a of document.querySelectorAll('a')) {
    const href = a.getAttribute('href') ?? a.getAttribute('xlink:href') ?? a.href?.baseVal;
    if (off(href)) foreign.push('a ' + href + ' ' + a.textContent.slice(0, 40));
  }
  const loads = [['img', 'src'], ['iframe', 'src'], ['script', 'src'], ['link', 'href'], ['source', 'src'],
                 ['video', 'src'], ['audio', 'src'], ['embed', 'src'], ['object', 'data'], ['image', 'href']];
  for (const [tag, attr] of loads)
    for (const e of document.getElementsByTagName(tag)) {
      const url = e.getAttribute(attr) ?? e.getAttribute('xlink:' + attr);
      if (off(url)) foreign.push(tag + ' ' + url);
    }
  for (const e of document.querySelectorAll('[style*="url("]')) {
    const m = e.getAttribute('style').match(/url\\(["']?([^"')]+)/);
    if (m && off(m[1])) foreign.push('style ' + m[1]);
  }
  const made = ['BOLD', 'X', 'Heading', 'line two', 'code', 'strike'];  // what the names would become as markdown
  for (const e of document.querySelectorAll('strong, b, em, h1, h2, h3, h4, h5, h6, li, code, del, table'))
    if (made.includes(e.textContent.trim())) markup.push(e.tagName + ' ' + e.textContent);
  for (const e of document.querySelectorAll('.katex, [data-testid="stIconMaterial"], .stMarkdownColoredText'))
    if (e.closest('[data-testid="stMain"]') && !e.closest('[data-testid="stExpanderToggleIcon"]')
        && ['home', 'text', '½', '12'].some((t) => e.textContent.includes(t))) markup.push(e.className + ' ' + e.textContent);
  const text = document.body.innerText.replaceAll('\\u2060', '');
  return {foreign, markup, text};
}"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    folder = hostile.write_portfolio(tmp_path_factory.mktemp("hostile") / "portfolio")
    db = tmp_path_factory.mktemp("db") / "vmo.duckdb"
    import_portfolio(vmo_core.load(folder), db, source=str(folder))
    with Store(db) as store:  # closed before the app opens it: one process at a time holds the file
        hostile.save_scenarios(store)
    with served({"VMO_DB": str(db), "VMO_SAMPLE": str(folder)}, SHOTS / "streamlit-hostile.log") as url:
        yield url


@pytest.fixture(scope="module")
def tab(browser):
    """One tab for every visit (each address a new session; the app's scripts load from its cache),
    with the requests it makes and the dialogs it opens."""
    context = browser.new_context(viewport={"width": 1600, "height": 2400})
    page = context.new_page()
    page.requests, page.dialogs = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


@pytest.fixture(scope="module")
def seen() -> list[str]:
    """The text of every page visited, for the last test."""
    return []


@pytest.mark.parametrize(("path", "address"), VISITS, ids=[address for _, address in VISITS])
def test_a_page_opened_by_a_hostile_link_holds_only_text(hostile_server, tab, seen, path, address):
    tab.requests.clear()
    tab.goto(hostile_server + address, wait_until="domcontentloaded")
    settle(tab)
    tab.get_by_test_id("stHeading").filter(has_text=TITLES[path]).first.wait_for(timeout=60_000)
    found = tab.evaluate(INSPECT)
    tab.screenshot(path=str(SHOTS / f"hostile-{len(seen):02d}-{path or 'portfolio'}.png"))

    assert found["foreign"] == [], "links to or loads from another origin"
    assert found["markup"] == [], "a name became markup"
    origin = urllib.parse.urlsplit(hostile_server).netloc
    assert [u for u in tab.requests if urllib.parse.urlsplit(u).netloc not in (origin, "")] == []
    assert tab.dialogs == []
    assert tab.get_by_test_id("stException").count() == 0
    assert FAILED not in found["text"] and "Traceback" not in found["text"]
    seen.append(found["text"])
    if address.endswith(urllib.parse.quote(hostile.MISSING, safe="")):
        assert f"No saved scenario is called {hostile.MISSING!r}." in found["text"]
    if address.endswith(urllib.parse.quote(hostile.GONE, safe="")):
        assert "This scenario no longer fits the portfolio" in found["text"]


def test_every_name_in_the_plan_showed_as_typed_somewhere(hostile_server, seen, tmp_path):
    assert len(seen) == len(VISITS), "run with the page visits above"
    pf = vmo_core.load(hostile.write_portfolio(tmp_path / "portfolio"))
    planned = [p.name for p in pf.projects if p.status in ("active", "approved", "proposed")] + [p.name for p in pf.pools]
    shown = "\n".join(seen)
    start = [plain(name)[:24] for name in planned if "\n" not in name]  # charts cut long labels short
    assert [name for name in start if name not in shown] == []
