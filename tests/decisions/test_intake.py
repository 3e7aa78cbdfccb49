"""Intake: where a proposal goes, what it delays and what it is worth, by hand and against compare."""

import gc
import types

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vmo_core
from tests.builders import make_portfolio
from tests.strategies import portfolios
from vmo_core.decisions.intake import intake
from vmo_core.engine import candidates


@pytest.fixture
def three_and_a_proposal():
    return make_portfolio(
        [
            {"id": "A", "duration_weeks": 1, "value_per_week": 100.0, "demands": {"TEAM": 1}},
            {"id": "B", "duration_weeks": 2, "value_per_week": 100.0, "demands": {"TEAM": 1}},
            {"id": "C", "duration_weeks": 4, "value_per_week": 100.0, "demands": {"TEAM": 1}},
            {
                "id": "IDEA",
                "status": "proposed",
                "priority": None,
                "duration_weeks": 2,
                "value_per_week": 150.0,
                "demands": {"TEAM": 1},
            },
        ],
        horizon=20,
    )


def test_intake_at_the_cd3_place_worked_by_hand(three_and_a_proposal):
    # Baseline (one FTE, H = 20): A lands 1 (1900), B 3 (1700), C 7 (1300).
    # IDEA's CD3 75 puts it 2nd: A 1, IDEA 3 (150 x 17 = 2550), B 5 (1500), C 9 (1100).
    # Delay cost 200 + 200 = 400; net 2550 - 400 = 2150 (no costs).
    # Other places: 1st 2700 - 600 = 2100; 3rd 2250 - 200 = 2050; 4th 150 x 11 = 1650. Best: 2nd.
    result = intake(three_and_a_proposal, "IDEA")
    assert result.chosen.position == 2
    assert result.chosen.own_value == pytest.approx(2550.0)
    assert result.chosen.delay_cost == pytest.approx(400.0)
    assert result.chosen.net_value_change == pytest.approx(2150.0)
    assert [(d.id, d.finish_delta_weeks, d.value_delta) for d in result.chosen.delayed] == [
        ("B", 2, pytest.approx(-200.0)),
        ("C", 2, pytest.approx(-200.0)),
    ]
    assert [p.net_value_change for p in result.places] == pytest.approx([2100.0, 2150.0, 2050.0, 1650.0])
    assert result.recommendation == "accept"


def test_intake_at_a_given_position_recommends_the_better_place(three_and_a_proposal):
    result = intake(three_and_a_proposal, "IDEA", position=4)
    assert result.chosen.net_value_change == pytest.approx(1650.0)
    assert result.recommendation == "accept_elsewhere" and result.best.position == 2
    assert result.to_dict()["recommendation"]["position"] == 2


def test_intake_keeps_the_asked_place_when_another_is_better_by_a_trifle():
    # One FTE, H = 100. IDEA 1st: lands 1 (10.05 x 99 = 994.95), A a week late (-10): net 984.95.
    # IDEA 2nd, as asked: lands 2 (10.05 x 98 = 984.90), A on time: net 984.90.
    # 1st is better by 0.05, far under 1% of IDEA's own value (9.85): not worth moving it.
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 1, "value_per_week": 10.0, "demands": {"TEAM": 1}},
            {"id": "IDEA", "status": "proposed", "duration_weeks": 1, "value_per_week": 10.05, "demands": {"TEAM": 1}},
        ],
        horizon=100,
    )
    result = intake(pf, "IDEA", position=2)
    assert [p.net_value_change for p in result.places] == pytest.approx([984.95, 984.90])
    assert result.best is result.chosen and result.recommendation == "accept"


def test_intake_places_a_proposal_ahead_of_lower_cd3_work_listed_before_an_in_flight_project():
    # The list: LOW (approved, CD3 500) then ACT (in flight, on another pool). NEW's CD3 10,000 puts it
    # before LOW, 1st. H = 20, one FTE on P: NEW lands 1 (10,000 x 19 = 190,000), LOW 3 not 2 (-1,000).
    pf = make_portfolio(
        [
            {"id": "LOW", "priority": 1, "duration_weeks": 2, "value_per_week": 1000.0, "demands": {"P": 1}},
            {"id": "ACT", "status": "active", "priority": 2, "duration_weeks": 1, "value_per_week": 1000.0, "demands": {"Q": 1}},
            {"id": "NEW", "status": "proposed", "duration_weeks": 1, "value_per_week": 10000.0, "demands": {"P": 1}},
        ],
        pools={"P": 1.0, "Q": 1.0},
        horizon=20,
    )
    result = intake(pf, "NEW")
    assert (result.chosen.position, result.chosen.own_value, result.chosen.delay_cost) == (1, 190000.0, 1000.0)
    added = vmo_core.compare(pf, {"changes": [{"op": "add", "project": "NEW"}]})
    assert result.chosen.net_value_change == added.net_value_change == 189000.0
    # 2nd (between LOW and ACT) and 3rd (after ACT) are one place: ACT is placed first whatever the list says.
    assert [p.position for p in result.places] == [1, 3]
    assert intake(pf, "NEW", position=2).chosen.net_value_change == intake(pf, "NEW", position=3).chosen.net_value_change


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios(), st.integers(min_value=1, max_value=12))
def test_intake_at_any_place_is_the_comparison_of_adding_it_there(pf, position):
    for proposal in [p.id for p in pf.projects if p.status == "proposed"]:
        for asked in (None, position):
            result = intake(pf, proposal, position=asked)
            change = {"op": "add", "project": proposal} | ({} if asked is None else {"position": asked})
            diff = vmo_core.compare(pf, {"changes": [change]})
            assert result.chosen.net_value_change == pytest.approx(diff.net_value_change, rel=1e-12, abs=1e-9)
            assert result.chosen.delay_cost == pytest.approx(diff.delay_cost, rel=1e-12, abs=1e-9)
            assert result.best.net_value_change >= result.chosen.net_value_change - 1e-9


def test_intake_declines_a_proposal_that_costs_more_than_it_is_worth():
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 1, "value_per_week": 100.0, "demands": {"TEAM": 1}},
            {"id": "PET", "status": "proposed", "duration_weeks": 5, "value_per_week": 1.0, "demands": {"TEAM": 1}},
        ],
        costs={"TEAM": 1000.0},
        horizon=20,
    )
    assert intake(pf, "PET").recommendation == "decline"


def test_intake_only_takes_proposals(three_and_a_proposal):
    with pytest.raises(vmo_core.VmoError, match="not a proposal"):
        intake(three_and_a_proposal, "A")


def test_a_passing_comparison_is_the_place_s_comparison_and_is_not_kept(three_and_a_proposal):
    result = intake(three_and_a_proposal, "IDEA")
    later = result.places[-1]
    passing = later.passing_comparison()
    assert "comparison" not in later.__dict__  # built for that one reading: the answer holds no schedule for it
    assert passing.to_dict() == later.comparison.to_dict()  # the same figures as the kept one
    assert later.passing_comparison() is later.comparison  # once read and kept, that one is read


def reachable(root) -> list:
    """Every object `root` holds, through a function only what it closes over (not its module)."""
    seen, found, stack = set(), [], [root]
    while stack:
        held = stack.pop()
        if id(held) in seen or isinstance(held, (type, types.ModuleType)):
            continue
        seen.add(id(held))
        found.append(held)
        if isinstance(held, types.FunctionType):
            stack += [cell.cell_contents for cell in held.__closure__ or ()] + list(held.__defaults__ or ())
        else:
            stack += gc.get_referents(held)
    return found


def test_an_intake_answer_holds_its_places_comparisons_not_the_candidates_arrays(three_and_a_proposal):
    assert candidates.available()  # the fast path, whose trace is what an answer must not keep
    result = intake(three_and_a_proposal, "IDEA")
    assert result.chosen.delayed  # the page's reading, kept
    assert not [held for held in reachable(result) if isinstance(held, candidates.Candidates)]
    last = result.places[-1]  # a place read afresh is still the comparison of adding it there
    diff = vmo_core.compare(three_and_a_proposal, {"changes": [{"op": "add", "project": "IDEA", "position": last.position}]})
    assert last.passing_comparison().to_dict()["delta"] == diff.to_dict()["delta"]


@pytest.fixture(scope="module")
def generated():
    import tempfile

    from benchmarks.generate_portfolio import write_portfolio

    with tempfile.TemporaryDirectory() as folder:
        return vmo_core.load(write_portfolio(folder, n_projects=150, n_pools=6, horizon_weeks=156, seed=5))


@pytest.mark.parametrize("which", ["sample", "generated"])
def test_every_places_cliffs_from_its_finishes_are_its_comparisons(which, generated):
    """The intake chart names each place's cliffs from every place's finishes (`cliffs_by_place`): the
    same deadlines and windows, in the same order, as `crossed` finds in that place's full comparison."""
    from vmo_core.decisions.cliffs import crossed
    from vmo_core.decisions.intake import cliffs_by_place

    pf = vmo_core.load("data/sample") if which == "sample" else generated
    proposals = [p.id for p in pf.projects if p.status == "proposed"][:3]
    found_any = False
    for proposal in proposals:
        result = intake(pf, proposal)
        fast = cliffs_by_place(pf, result)
        assert sorted(fast) == [p.position for p in result.places]
        for place in result.places:
            truth = crossed(place.comparison)
            got = fast[place.position]
            assert [(c.id, c.kind, c.date, c.missed) for c in got] == [(c.id, c.kind, c.date, c.missed) for c in truth]
            assert [c.money for c in got] == pytest.approx([c.money for c in truth], rel=1e-12, abs=1e-6)
            found_any |= bool(truth)
    assert found_any  # the case is tried where there is something to find


def test_the_finishes_of_every_place_are_its_comparisons():
    pf = vmo_core.load("data/sample")
    plan, base, fast = candidates.evaluated(pf)
    result = intake(pf, "ATLAS")
    positions = [p.position for p in result.places]
    finishes = candidates.Candidates(plan, base, fast).add_finishes("ATLAS", positions)
    for row, place in zip(finishes, result.places):
        by_id = place.comparison.scenario.by_id
        expected = [by_id[o.id].finish_week if by_id[o.id].finish_week is not None else -1 for o in base.projects]
        assert row[: len(base.projects)].tolist() == expected, place.position
        atlas = by_id["ATLAS"].finish_week
        assert row[-1] == (-1 if atlas is None else atlas)
