"""What the board pack's tests share: the sample and its scenario, the core's answers computed
apart from the pack, and the checks that every money figure the pack shows is one of them.

The expected figures come from the core's own calls (schedule, compare, constraints, stop
ranking, interventions, intake, benefits), written with `money` and `money_short`; nothing
is read from the pack to decide what it may say. Each sentence may carry only the figures
of what it speaks of: the stop sentence the top stop's, an intake sentence its proposal's,
the n-th intervention note the n-th intervention's, the timeline none at all.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import vmo_core
from tests.reference_scenario import reference_plan
from tests.tools import require_tool
from vmo_core.decisions.benefits import benefits
from vmo_core.decisions.cliffs import crossed
from vmo_core.decisions.constraints import constraints
from vmo_core.decisions.intake import intake
from vmo_core.decisions.interventions import interventions
from vmo_core.decisions.stopping import stop_ranking
from vmo_core.engine.evaluation import cost_of_delay_per_week, value_curve
from vmo_core.engine.scenario import Scenario, read_scenario
from vmo_core.forecast.montecarlo import forecast
from vmo_core.present.format import day, money, money_short

ROOT = Path(__file__).resolve().parents[2]
ART = ROOT / "artifacts" / "report"
SAMPLE = vmo_core.load(ROOT / "data" / "sample")
SCENARIO = read_scenario(ROOT / "data" / "scenarios" / "accept-atlas.json")
GENERATED = dt.date(2026, 11, 30)
CURRENCY = "GBP"
MONEY = re.compile(r"[+-]?£\d{1,3}(?:,\d{3})*(?:\.\d)?[Mk]?")  # £950, £1,234,567, +£9.9M, -£559k


def forms(*values: float) -> set[str]:
    """Every way the pack writes an amount: short (£1.2M) and in full (£1,234,567), plain and signed."""
    written = set()
    for v in values:
        written |= {money_short(v, CURRENCY), money_short(v, CURRENCY, signed=True)}
        written |= {money(v, CURRENCY), money(v, CURRENCY, signed=True)}
    return written


def magnitudes(*values: float) -> set[str]:
    """An amount or its negation: a delay is said as the value it loses (£393k), a gain as +£1.6M."""
    return forms(*values) | forms(*(-v for v in values))


def short(value: float, *, signed: bool = False) -> str:
    return money_short(value, CURRENCY, signed=signed)


def intervention_said(item) -> list[str]:
    """An intervention's figures as its sentence says them, in order: its net, then its cost if it has one."""
    return [short(item.net_value_change, signed=True)] + ([short(item.cost)] if item.cost > 0 else [])


def recommended(scenario):
    """The scenario with each proposal it adds where its intake against today's plan recommends, and those intakes."""
    changes, weighed = [], {}
    for c in scenario.changes:
        if c["op"] == "add" and isinstance(c["project"], str):
            weighed[c["project"]] = result = intake(SAMPLE, c["project"], position=c.get("position"))
            if result.recommendation == "accept_elsewhere":
                c = {**c, "position": result.best.position}
        changes.append(c)
    return Scenario(scenario.name, tuple(changes)), weighed


PLACED, _ = recommended(SCENARIO)  # Atlas 10th, where its intake puts it, not 9th where CD3 does


def core_answers() -> dict:
    """The core's answers for the sample and its scenario (its proposals where the evidence puts them), each from its own call."""
    proposals = [p.id for p in SAMPLE.projects if p.status == "proposed"]
    scenario, weighed = recommended(SCENARIO)
    comparison = vmo_core.compare(SAMPLE, scenario)
    plan = comparison.scenario
    for proposal in proposals:  # one the scenario accepts is weighed against today's plan, the rest against this one
        if proposal not in weighed and proposal not in {p.id for p in plan.projects}:
            weighed[proposal] = intake(SAMPLE, proposal, scenario=scenario)
    found = interventions(SAMPLE, scenario=scenario).interventions
    return {
        "baseline": vmo_core.schedule(SAMPLE),
        "comparison": comparison,
        "plan": plan,
        "constraints": constraints(SAMPLE, scenario=scenario),
        "benefits": benefits(SAMPLE, scenario=scenario),
        "stops": stop_ranking(SAMPLE, scenario=scenario),
        "interventions": found,
        "intakes": weighed,
        "cod": cost_of_delay_per_week(plan),
        "forecast": forecast(SAMPLE, runs=200, seed=0, scenario=scenario).total_value,  # the summary's likely figure
        "together": asks_together(scenario, comparison, found, weighed),
        # the scenario's people against today's, week by week over the horizon (ECONOMICS.md), as the reference reads it
        "capacity_cost": reference_capacity_cost(),
    }


def asks_together(scenario, comparison, found, weighed) -> tuple[float, float]:
    """(net, sum): the scenario, the top intervention and every proposal to accept at its best place, adopted
    at once against today's plan; and the sum of their own figures."""
    taken = [x for p, x in weighed.items() if x.recommendation != "decline" and p not in dict(PLACED_ADDS)]
    changes = list(scenario.changes) + list(found[0].changes)
    changes += [
        {"op": "add", "project": x.proposal, "position": x.best.position} for x in sorted(taken, key=lambda x: -x.best.position)
    ]
    total = comparison.net_value_change + found[0].net_value_change + sum(x.best.net_value_change for x in taken)
    return vmo_core.compare(SAMPLE, {"name": "together", "changes": changes}).net_value_change, total


PLACED_ADDS = [(c["project"], c.get("position")) for c in SCENARIO.changes if c["op"] == "add"]


def reference_capacity_cost() -> float:
    """sum over pools of cost_per_fte_week x sum_{w=0}^{H-1} (cap_scen(w) - cap_base(w)), from the reference's plans."""
    base, scen = reference_plan(SAMPLE), reference_plan(SAMPLE, PLACED.to_dict())
    weeks = range(SAMPLE.settings.horizon_weeks)
    return sum(
        pool.cost_per_fte_week * sum(scen.capacity[pool.id].at(w) - base.capacity[pool.id].at(w) for w in weeks)
        for pool in SAMPLE.pools
    )


def sentence_figures(core: dict) -> dict:
    """For each section (and each intervention and proposal), the figures its sentences may carry."""
    plan, base, comparison = core["plan"], core["baseline"], core["comparison"]
    cod = sum(core["cod"].values())
    at_risk = core["benefits"].value_at_risk
    people = comparison.capacity_cost  # the scenario's extra people (or those taken away), costed
    exactly = forms(plan.total_value, plan.total_cost, plan.total_value - plan.total_cost, cod) | magnitudes(people)
    report = core["constraints"]
    pool = report.pool(report.constraint)
    top = core["stops"].missed_least  # the in-flight project, as the pack says
    intakes = {}
    for proposal, result in core["intakes"].items():
        chosen, best = result.chosen, result.best
        said = forms(chosen.own_value, chosen.own_cost, chosen.net_value_change, best.net_value_change)
        said |= forms(best.own_value, best.own_cost)  # the pack says it at the recommended place
        said |= magnitudes(chosen.delay_cost, best.delay_cost, *(d.value_delta for d in chosen.comparison.projects))
        said |= magnitudes(*(d.value_delta for d in best.comparison.projects))
        said |= magnitudes(*(c.money for c in crossed(chosen.comparison)), *(c.money for c in crossed(best.comparison)))
        parts = (place.comparison.value_lost_to_delays for place in (chosen, best))
        sooner = (place.comparison.value_gained_sooner for place in (chosen, best))
        said |= magnitudes(*parts, *sooner, *(d.value_delta for d in chosen.comparison.projects))
        intakes[proposal] = said
    return {
        "summary": summary_figures(core),
        "benefits_table": forms(at_risk, core["benefits"].benefit_forgone),
        "economics": forms(plan.total_value, base.total_value, plan.total_cost, cod, at_risk) | exactly,
        "constraint": forms(pool.shadow_price, pool.fte_cost, pool.unlimited_value_gain),
        "changes": forms(comparison.net_value_change, comparison.value_lost_to_delays, comparison.value_gained_sooner)
        | magnitudes(comparison.delay_cost, people, *(d.value_delta for d in comparison.projects)),
        "benefits": forms(at_risk, core["benefits"].benefit_forgone),  # and what a stopped business case forgoes
        "timeline": set(),
        "stop": forms(top.net_value_change, top.value_lost, top.spend_saved, top.others_gain),
        "schedule": exactly,
        "intervention": [forms(i.net_value_change, i.cost) for i in core["interventions"]],
        "intake": intakes,
    }


def summary_figures(core: dict) -> set[str]:
    """The asks' money (the scenario's net, each proposal's net at its best place, the top intervention's
    net and cost) and the red flags' (deadline penalties, the constraint's price, the plan against P50)."""
    report, likely, plan = core["constraints"], core["forecast"], core["plan"]
    pool = report.pool(report.constraint)
    top = core["interventions"][0]
    penalties = [p.late_penalty for p in SAMPLE.projects if p.deadline is not None]
    said = magnitudes(core["comparison"].net_value_change)  # a loss is said as what it loses
    said |= forms(top.net_value_change, top.cost, pool.shadow_price, pool.fte_cost)
    said |= magnitudes(*(x.best.net_value_change for x in core["intakes"].values())) | forms(*penalties)
    said |= forms(*core["together"])  # the asks adopted at once, and the sum of their figures
    return said | forms(plan.total_value, likely.p10, likely.p50, likely.p90, plan.total_value - likely.p50)


def shown_figures(core: dict) -> set[str]:
    """Every figure the pack may show anywhere (tiles, tables, chart labels, sentences), from the core."""
    plan, base, comparison = core["plan"], core["baseline"], core["comparison"]
    before = {p.id: p for p in base.projects}
    values = []
    for p in plan.projects:  # the schedule: value, cost, a week's delay, and the change against today
        values += [p.value, p.cost, core["cod"].get(p.id, 0.0), p.value - (before[p.id].value if p.id in before else 0.0)]
    values += [d.value_delta for d in comparison.projects]
    values += [p.value for p in plan.projects if p.id in comparison.added]
    values += [-before[p].value for p in comparison.stopped]
    values += [-(sum(p.cost for p in plan.projects) - sum(p.cost for p in base.projects)), -comparison.capacity_cost]
    values += list(value_curve(base)) + list(value_curve(plan, weeks=SAMPLE.settings.horizon_weeks))
    for pool in core["constraints"].pools:
        values += [pool.shadow_price, pool.fte_cost, pool.net_of_one_fte, pool.unlimited_value_gain]
    for i in core["interventions"]:
        values += [i.net_value_change, i.cost]
    for x in core["intakes"].values():
        values += [x.chosen.own_value, x.chosen.delay_cost, x.chosen.net_value_change, x.best.net_value_change]
        at = x.chosen if x.recommendation == "decline" else x.best  # the intake table's place
        values += [at.own_value, at.comparison.value_lost_to_delays, at.comparison.value_gained_sooner]
    for o in core["stops"].projects:
        values += [o.net_value_change, o.value_lost, o.spend_saved, o.others_gain]
    for b in core["benefits"].projects:
        values += [b.promised_value, b.forecast_value, b.value_shortfall]
    values += [comparison.net_value_change, core["benefits"].value_at_risk, sum(core["cod"].values())]
    figures = sentence_figures(core)
    shown = forms(*values).union(*figures["intervention"], *figures["intake"].values())
    return shown.union(*(said for key, said in figures.items() if key not in ("intervention", "intake")))


def allowed_in(section: str, sentence: str, figures: dict) -> set[str]:
    """The figures one sentence of a section may carry; a sentence no rule speaks for carries none."""
    if section == "interventions":
        if sentence.startswith("Stopping "):  # the notes end on the stop ranking's top
            return figures["stop"]
        numbered = re.match(r"(\d+)\. ", sentence)
        if numbered:
            return figures["intervention"][int(numbered.group(1)) - 1]
        return figures["intervention"][0] if sentence.startswith("First on the list: ") else set()
    if section == "intake":  # a sentence names its proposal: "Accepting Atlas Digital Twin where ..."
        named = [p for p in figures["intake"] if f"Accepting {SAMPLE.project_index[p].label} " in sentence]
        return figures["intake"][named[0]] if named else set()
    return figures[section]


def wrong_sentence_figures(pack, core: dict) -> list[str]:
    """Each money figure in a pack sentence that the core did not give for what the sentence speaks of."""
    figures = sentence_figures(core)
    wrong = []
    for section in pack.sections:
        for sentence in dict.fromkeys([section.lead, *section.sentences, *section.notes]):
            allowed = allowed_in(section.key, sentence, figures)
            wrong += [f"{section.key}: {m} in {sentence!r}" for m in MONEY.findall(sentence) if m not in allowed]
    return wrong


def wrong_exact_sentences(pack, core: dict) -> list[str]:
    """The sentences whose figures are known in order: the stop, each intervention, and the timeline's facts."""
    wrong = []

    def expect(text: str, figures: list[str], what: str) -> None:
        if MONEY.findall(text) != figures:
            wrong.append(f"{what}: {MONEY.findall(text)} in {text!r}, expected {figures}")

    top = core["stops"].missed_least
    stop = [short(top.net_value_change, signed=True), short(top.value_lost), short(top.spend_saved), short(top.others_gain)]
    expect(pack.section("stop").lead, stop, "stop")
    section = pack.section("interventions")
    items = core["interventions"]
    notes = [n for n in section.notes if re.match(r"\d+\. ", n)]
    if len(notes) != min(3, len(items)):
        wrong.append(f"interventions: {len(notes)} numbered notes for {len(items)} interventions")
    for n, (note, item) in enumerate(zip(notes, items), start=1):
        expect(note, intervention_said(item), f"note {n}")
        moves = re.search(r"moves (\d+) projects?\.$", note)
        if (int(moves.group(1)) if moves else 0) != len(item.moves):
            wrong.append(f"note {n} says {note!r}; the intervention moves {len(item.moves)}")
        if not note.startswith(f"{n}. {item.label}: "):
            wrong.append(f"note {n} is not {item.label!r}: {note!r}")
    if items:
        expect(section.lead, intervention_said(items[0]), "interventions lead")
    wrong += wrong_timeline(pack.section("timeline").lead, core)
    return wrong


TIMELINE = re.compile(
    r"^(?:All (?P<all>\d+)|(?P<within>\d+) of the (?P<count>\d+)) scheduled projects are delivered within the horizon; "
    r"the last, (?P<last>[^,]+), on (?P<day>\d{1,2} \w{3} \d{4})\.(?P<rest>.*)$"
)


def wrong_timeline(sentence: str, core: dict) -> list[str]:
    """How many projects land within the horizon, which lands last and when, and who cannot be scheduled."""
    plan = core["plan"]
    delivered = [p for p in plan.projects if p.finish_week is not None]
    horizon = SAMPLE.settings.horizon_weeks
    within = sum(1 for p in delivered if p.finish_week <= horizon)
    final = max(p.finish_week for p in delivered)
    said = TIMELINE.match(sentence)
    if not said:
        return [f"timeline: not the sentence expected: {sentence!r}"]
    wrong = []
    counted = (int(said["all"]),) * 2 if said["all"] else (int(said["within"]), int(said["count"]))
    if counted != (within, len(delivered)):
        wrong.append(f"timeline: says {counted} within/scheduled, the core {(within, len(delivered))}")
    if said["last"] not in {p.name or p.id for p in delivered if p.finish_week == final}:  # by name
        wrong.append(f"timeline: {said['last']} does not land last (week {final})")
    if said["day"] != day(SAMPLE.settings.as_of + dt.timedelta(weeks=final)):
        wrong.append(f"timeline: {said['day']} is not week {final}'s date")
    for p in plan.unschedulable:
        if p.id not in said["rest"]:
            wrong.append(f"timeline: {p.id} cannot be scheduled and is not named")
    if MONEY.findall(sentence):
        wrong.append(f"timeline: money in {sentence!r}")
    return wrong


def stray_figures(texts, core: dict) -> set[str]:
    """Money in `texts` (a file's text) that the core never gave."""
    shown = shown_figures(core)
    return {m for text in texts for m in MONEY.findall(text)} - shown


def deck_texts(prs) -> list[str]:
    """Every text on the deck's slides: text boxes, table cells and chart data labels (not the notes)."""
    texts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                for series in shape.chart.plots[0].series:
                    texts += [series.points[i].data_label.text_frame.text for i in range(len(list(series.values)))]
    return texts


def pdf_text(path: Path) -> str:
    """A PDF's text as pdftotext lays it out."""
    pdftotext = require_tool("pdftotext (poppler-utils)", "pdftotext")
    return subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
