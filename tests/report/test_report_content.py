"""The board pack's content is the core's: its tiles, tables and sentences, against the core's
own answers computed apart from the pack (tests/report/support.py), and checks that fail on a
pack sentence carrying a figure the core did not give.
"""

from __future__ import annotations

import dataclasses

import pytest

from tests.report.support import (
    MONEY,
    PLACED,
    SAMPLE,
    allowed_in,
    sentence_figures,
    short,
    stray_figures,
    wrong_exact_sentences,
    wrong_sentence_figures,
    wrong_timeline,
)
from vmo_core.decisions.best import best_order
from vmo_core.decisions.intake import intake
from vmo_core.present.format import ordinal
from vmo_core.present.sentences import (
    describe_benefits,
    describe_comparison,
    describe_constraint,
    describe_intervention,
    describe_stop,
)


def test_headline_figures_are_the_cores(pack, core):
    tiles = {t.key: t.value for t in pack.tiles}
    plan, comparison, report = core["plan"], core["comparison"], core["constraints"]
    assert tiles["economics.total_value"] == plan.total_value
    assert tiles["economics.cost_of_delay"] == sum(core["cod"].values())
    assert tiles["economics.value_at_risk"] == core["benefits"].value_at_risk
    assert tiles["economics.net_value_change"] == comparison.net_value_change
    pool = report.pool(report.constraint)
    assert (tiles["constraint.shadow_price"], tiles["constraint.fte_cost"]) == (pool.shadow_price, pool.fte_cost)
    assert tiles["constraint.unlimited"] == pool.unlimited_value_gain
    assert comparison.capacity_cost == pytest.approx(core["capacity_cost"], rel=1e-12)  # as the reference costs the people


def test_tables_are_the_cores_figures(pack, core):
    schedule = pack.table("Schedule")
    assert [(r[1], r[7], r[8]) for r in schedule.rows] == [(p.id, p.value, p.cost) for p in core["plan"].projects]
    assert [r[3] for r in schedule.rows] == [SAMPLE.project_index[p.id].sponsor for p in core["plan"].projects]
    pools = pack.table("Shadow prices")
    assert [(r[0], r[4], r[5], r[7]) for r in pools.rows] == [
        (p.id, p.shadow_price, p.fte_cost, p.unlimited_value_gain) for p in core["constraints"].pools
    ]
    stops = pack.table("Stop ranking")
    assert [(r[1], r[3], r[4], r[5], r[6]) for r in stops.rows] == [
        (o.id, o.net_value_change, o.value_lost, o.spend_saved, o.others_gain) for o in core["stops"].projects
    ]
    promised = {b.id: (b.promised_value, b.forecast_value, b.value_shortfall, b.rag) for b in core["benefits"].projects}
    assert {r[1]: (r[7], r[8], r[9], r[0]) for r in pack.table("Benefits").rows} == promised
    curve = pack.table("Value curve")
    assert curve.rows[-1][2] == pytest.approx(core["baseline"].total_value, rel=1e-12)
    assert curve.rows[-1][3] == pytest.approx(core["plan"].total_value, rel=1e-12)


def test_the_changes_add_up_to_the_net_value_change(pack, core):
    """Project by project, what is added, stopped and spent: the finance team's audit trail."""
    changes = pack.table("Changes")
    assert sum(row[-1] for row in changes.rows) == pytest.approx(core["comparison"].net_value_change, abs=1e-6)
    moved = {d.id: d.value_delta for d in core["comparison"].projects if abs(d.value_delta) > 0.5}
    assert {r[0]: r[-1] for r in changes.rows if r[2] == "moves" and abs(r[-1]) > 0.5} == moved
    assert {r[0] for r in changes.rows if r[2] == "added"} == {"ATLAS"}
    assert {r[0] for r in changes.rows if r[2] == "stopped"} == {"BOREALIS"}


def test_intake_covers_every_proposal(pack):
    rows = {r[0]: r for r in pack.table("Intake").rows}
    assert set(rows) == {p.id for p in SAMPLE.projects if p.status == "proposed"}
    on_its_own = intake(SAMPLE, "ATLAS")  # the scenario accepts ATLAS: weighed against today's plan, at its best place
    best = on_its_own.best
    assert best.position != on_its_own.chosen.position  # not where CD3 puts it: the pack puts it where it pays most
    assert rows["ATLAS"][2:] == (
        "CIO",  # its sponsor
        "today's plan",
        f"Accept {ordinal(best.position)}",
        best.own_value,
        best.comparison.value_lost_to_delays,
        best.comparison.value_gained_sooner,
        best.net_value_change,
    )
    notes = pack.section("intake").notes  # said aloud at the one place the pack names
    for proposal in ("NOVA", "HYDRO", "CYBRX"):
        result = intake(SAMPLE, proposal, scenario=PLACED)
        assert rows[proposal][4] == f"Accept {ordinal(result.best.position)}"
        assert rows[proposal][-1] == result.best.net_value_change
        assert rows[proposal][6] >= 0 and rows[proposal][7] >= 0  # the two parts, never a negative cost
        said = f"Accepting {result.name} at the place the evidence recommends ({ordinal(result.best.position)})"
        assert any(n.startswith(said) for n in notes), said


def test_interventions_are_the_cores(pack, core):
    # both searches (the pack's and this one) are ended by their evaluation budget: every row is exact
    rows = pack.table("Interventions").rows
    assert [(r[1], r[2], r[3], r[4]) for r in rows] == [
        (i.label, i.net_value_change, i.cost, len(i.moves)) for i in core["interventions"]
    ]
    assert "resequence" in {i.action for i in core["interventions"]}, "the sample's order can be bettered"


def test_the_packs_re_sequence_is_the_best_order_with_no_clock_bound_search(pack):
    best = best_order(SAMPLE, scenario=PLACED)
    (move,) = [i for i in pack.results.interventions.interventions if i.action == "resequence"]
    assert move.changes == ({"op": "sequence", "order": list(best.order)},)
    assert move.net_value_change == pytest.approx(best.value_unlocked, rel=1e-12)
    (row,) = [r for r in pack.table("Interventions").rows if r[1] == move.label]
    assert row[2] == move.net_value_change


def test_the_sentences_are_the_apps(pack, core):
    assert pack.section("changes").lead == describe_comparison(core["comparison"], SAMPLE, list(PLACED.changes))
    assert pack.section("constraint").lead == describe_constraint(core["constraints"], "GBP")
    assert pack.section("benefits").lead == describe_benefits(core["benefits"], "GBP")
    assert pack.section("stop").lead == describe_stop(core["stops"].missed_least, "GBP")
    items = core["interventions"]
    said = [f"{n}. {describe_intervention(i, 'GBP')}" for n, i in enumerate(items[:3], start=1)]
    assert [n for n in pack.section("interventions").notes if n[:1].isdigit()] == said
    economics = pack.section("economics").lead
    assert short(core["plan"].total_value) in economics
    assert short(sum(core["cod"].values())) in economics


# ---------------------------------------------------------------- every sentence's figures are the core's


def test_every_figure_in_every_sentence_is_the_cores_for_what_it_speaks_of(pack, core):
    assert not wrong_sentence_figures(pack, core)
    assert not wrong_exact_sentences(pack, core)
    figures = sentence_figures(core)
    for section in pack.sections:  # each rule is exercised: the sentences do carry figures where expected
        said = [m for text in (section.lead, *section.sentences, *section.notes) for m in MONEY.findall(text)]
        assert bool(said) == (section.key != "timeline"), section.key
    assert allowed_in("timeline", pack.section("timeline").lead, figures) == set()


def with_sentence(pack, key: str, old: str, new: str):
    """The pack with `old` replaced by `new` in one section's lead, sentences and notes."""
    assert any(old in text for s in pack.sections if s.key == key for text in (s.lead, *s.sentences, *s.notes)), old

    def edit(section):
        if section.key != key:
            return section
        return dataclasses.replace(
            section,
            lead=section.lead.replace(old, new),
            sentences=tuple(t.replace(old, new) for t in section.sentences),
            notes=tuple(t.replace(old, new) for t in section.notes),
        )

    return dataclasses.replace(pack, sections=tuple(edit(s) for s in pack.sections))


def a_wrong_figure(right: str, allowed: set[str]) -> str:
    """`right` with its first digit changed (£832k to £932k), and none of `allowed`: a writer's slip."""
    at = next(i for i, c in enumerate(right) if c.isdigit())
    for step in range(1, 10):
        digit = (int(right[at]) + step) % 10
        wrong = f"{right[:at]}{digit}{right[at + 1 :]}"
        if digit and wrong not in allowed:
            return wrong
    raise AssertionError(f"no wrong figure found near {right}")


@pytest.mark.parametrize("key", ["summary", "stop", "interventions", "intake", "changes", "economics", "constraint", "benefits"])
def test_a_sentence_with_a_wrong_figure_fails_the_check(pack, core, key):
    section = pack.section(key)
    text = next(t for t in (*section.sentences, section.lead, *section.notes) if MONEY.search(t))
    right = MONEY.findall(text)[-1]
    wrong = a_wrong_figure(right, allowed_in(key, text, sentence_figures(core)))
    altered = with_sentence(pack, key, text, text.replace(right, wrong))
    assert any(wrong in w for w in wrong_sentence_figures(altered, core)), wrong


def test_a_figure_moved_from_one_sentence_to_another_fails_the_check(pack, core):
    """HYDRO's delay cost in NOVA's sentence, the second intervention's net in the first's note."""
    figures = sentence_figures(core)
    nova = next(t for t in pack.section("intake").notes if t.startswith("Accepting Nova Customer Chatbot "))
    hydro = short(abs(core["intakes"]["HYDRO"].chosen.delay_cost))
    assert hydro not in figures["intake"]["NOVA"]
    altered = with_sentence(pack, "intake", nova, nova.replace(MONEY.findall(nova)[0], hydro))
    assert any(hydro in w for w in wrong_sentence_figures(altered, core))

    first, second = core["interventions"][:2]
    right, wrong = short(first.net_value_change, signed=True), short(second.net_value_change, signed=True)
    assert wrong not in figures["intervention"][0]
    altered = with_sentence(pack, "interventions", f"1. {first.label}: net {right}", f"1. {first.label}: net {wrong}")
    assert any(wrong in w for w in wrong_sentence_figures(altered, core))
    assert wrong_exact_sentences(altered, core)


def test_a_wrong_stop_or_timeline_sentence_fails_the_check(pack, core):
    top = core["stops"].missed_least
    saved = short(top.spend_saved)
    swapped = with_sentence(pack, "stop", f"{saved} of spend saved", f"{short(top.value_lost)} of spend saved")
    assert wrong_exact_sentences(swapped, core)  # each figure is the stop's own, but in the wrong place

    lead = pack.section("timeline").lead
    assert not wrong_timeline(lead, core)
    others = [p.id for p in core["plan"].projects if p.finish_week is not None]
    last = lead.split("the last, ")[1].split(",")[0]
    early = min(core["plan"].projects, key=lambda p: p.finish_week if p.finish_week is not None else 10**9).id
    assert early in others and early != last
    assert wrong_timeline(lead.replace(f"the last, {last},", f"the last, {early},"), core)
    date = lead.split(", on ")[1].split(".")[0]
    assert wrong_timeline(lead.replace(date, "1 Jan 2031"), core)
    assert wrong_timeline(lead.replace(".", " for £1.2M.", 1), core)


def test_a_stray_figure_in_a_files_text_fails_the_check(core):
    assert not stray_figures([f"Value over the horizon {short(core['plan'].total_value)}"], core)
    assert stray_figures(["Value over the horizon £123,456,789"], core) == {"£123,456,789"}
