"""Every uncertain parameter of the shipped data is ranged and drawn; PRCC falls back; bad ranges are InputErrors."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from raddsim.core.errors import InputError
from raddsim.experiment.compare import replication_figures, run_scenarios
from raddsim.experiment.uncertain import UncertainParameter, build_spec, prcc, ranking, summarise, uncertain_parameters
from raddsim.views.uncertain_text import format_uncertain

#: The parameters issue 15 listed as still without a range, now ranged in stations/norrtalje.toml.
NEW = {
    "availability.full-time.turnout_scale": (0.67, 1.0, 1.67),
    "availability.part-time.turnout_scale": (0.8, 1.0, 1.3),
    "availability.mutual-aid.turnout_scale": (0.8, 1.0, 1.5),
    "availability.part-time.turnout_sigma": (0.10, 0.22, 0.35),
    "availability.part-time.turnout_period.weekend_night": (1.0, 1.1, 1.3),
    "demand.on_scene_scale": (0.6, 1.0, 1.6),
    "network.ferries.headway_minutes": (10.0, 15.0, 40.0),
    "network.ferries.priority_wait_minutes": (1.0, 2.0, 5.0),
    "network.vehicles.heavy.factors.trunk": (0.95, 1.0, 1.1),
    "network.vehicles.heavy.factors.service": (0.8, 1.0, 1.1),
    "demand.access.urban_circuity": (1.15, 1.3, 1.5),
    "demand.holiday_homes.persons_per_home": (2.0, 2.5, 3.5),
    "availability.part-time.absence_period.weekday_night": (0.5, 0.8, 1.0),
    "availability.part-time.absence_period.weekend_night": (0.5, 0.8, 1.0),
    "crews.blido.staffing.minimum.by_period.weekday_night": (1.0, 1.15, 1.4),
    "crews.blido.staffing.minimum.by_period.weekend_night": (1.0, 1.15, 1.4),
    "availability.part-time.follow_minutes": (2.0, 5.0, 10.0),
}
#: Written as whole numbers: drawn as whole numbers.
NEW_WHOLE = {"demand.access.urban_density_per_km2": (800, 1500, 3000), "demand.access.rural_speed_kmh": (30, 40, 60)}


def _fields(setup) -> dict[str, str]:
    """A scenario's resolved fields as text (Setup's own == compares some parts by identity)."""
    return {f.name: repr(getattr(setup, f.name)) for f in dataclasses.fields(setup)
            if f.name not in ("name", "description", "description_sv", "chain", "derived")}


def test_the_parameters_left_without_a_range_now_have_one_with_a_source(default_region) -> None:
    keys = {p.key: p for p in uncertain_parameters(default_region)}
    for key, (lo, v, hi) in NEW.items():
        p = keys[key]
        assert (p.low, p.value, p.high) == (lo, v, hi), key
        assert p.source and not p.integer, key
    for key, (lo, v, hi) in NEW_WHOLE.items():
        p = keys[key]
        assert (p.low, p.value, p.high) == (lo, v, hi) and p.integer and p.source, key


def test_the_stated_values_are_what_a_plain_run_uses(default_region) -> None:
    """The ranged form keeps today's values: turnout 1.5/10/5 min, σ 0.22, ferry headway 15, on-scene medians."""
    setup = default_region.scenarios["minimum"]
    crews = {c.id: c for c in setup.crews}
    assert crews["norrtalje_heltid"].turnout_s == 90.0 and crews["norrtalje_deltid"].turnout_s == 600.0
    assert crews["rimbo"].turnout_s == 300.0 and crews["rimbo"].availability.turnout_sigma == 0.22
    assert setup.network.ferries.headway_minutes == 15.0
    medians = {t.id: t.on_scene_median_min for t in setup.demand.catalog.types}
    assert medians["building_fire"] == 120 and medians["automatic_alarm"] == 20


def test_each_ranged_parameter_moved_in_a_drawn_set_changes_the_scenario(default_region) -> None:
    """Through the path --uncertain uses (sweep axes → point overrides → derive), every ranged parameter of
    the shipped data reaches the scenario: set 0 at the stated values equals the plain scenario, a set with
    only that parameter moved to a bound differs from it."""
    params = uncertain_parameters(default_region)
    plain = _fields(default_region.scenarios["minimum"])
    stated = np.array([[p.value for p in params]])
    for j, p in enumerate(params):
        values = np.vstack([stated, stated])
        values[1, j] = p.high if p.high != p.value else p.low
        spec = build_spec(default_region, "minimum", "ambition", params, values, years=1.0, replications=1, seed=1)
        at_stated = _fields(default_region.derive("s0", "minimum", spec.point_overrides(0)))
        moved = _fields(default_region.derive("s1", "minimum", spec.point_overrides(1)))
        if j == 0:
            assert at_stated == plain
        assert moved != at_stated, p.key


def test_turnout_and_on_scene_scales_multiply_their_class(default_region) -> None:
    s = default_region.derive("x", "minimum", {"availability.part-time.turnout_scale": 1.2,
                                               "availability.full-time.turnout_scale": 0.8,
                                               "availability.mutual-aid.turnout_scale": 1.4,
                                               "demand.on_scene_scale": 1.5})
    crews = {c.id: c for c in s.crews}
    assert crews["rimbo"].turnout_s == pytest.approx(360.0)            # part-time 5 min × 1.2
    assert crews["norrtalje_heltid"].turnout_s == pytest.approx(72.0)  # full-time 1.5 min × 0.8
    assert crews["insatsledare"].turnout_s == pytest.approx(72.0)
    assert crews["osthammar"].turnout_s == pytest.approx(420.0)        # mutual aid 5 min × 1.4, not part-time's
    assert crews["akersberga"].turnout_s == pytest.approx(126.0)       # external full-time takes mutual aid's
    medians = {t.id: t.on_scene_median_min for t in s.demand.catalog.types}
    assert medians["building_fire"] == pytest.approx(180.0) and medians["automatic_alarm"] == pytest.approx(30.0)


def test_a_moved_turnout_scale_changes_the_simulated_answer(default_region, default_model) -> None:
    setups = [default_region.scenarios["minimum"],
              default_region.derive("slow", "minimum", {"availability.part-time.turnout_scale": 1.3}),
              default_region.derive("long", "minimum", {"demand.on_scene_scale": 1.6})]
    runs = run_scenarios(default_model, setups, years=1.0, seed=7, replications=2)
    base, slow, long = (replication_figures(default_model, r)["first_arrival"][:, 0] for r in runs)
    assert slow.mean() > base.mean() + 0.1   # part-time crews 30 % slower to leave: first arrival later
    assert not np.array_equal(long, base)    # crews busy longer: some alarms answered by another crew


def _table(n_sets: int, diffs: np.ndarray) -> pd.DataFrame:
    rows = []
    for j in range(n_sets):
        for r in range(3):
            noise = 0.01 * r
            rows.append({"point": j, "scenario": "A", "replication": r, "first_arrival_mean": 10.0 + noise,
                         "effective_force_mean": 12.0 + noise})
            rows.append({"point": j, "scenario": "B", "replication": r, "first_arrival_mean": 10.0 + diffs[j] + noise,
                         "effective_force_mean": 12.0 + diffs[j] + 2 * noise})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("n_sets, method", [(6, "spearman"), (7, "spearman"), (9, "spearman"), (10, "prcc"),
                                            (30, "prcc")])
def test_too_few_sets_for_prcc_rank_by_spearman_with_a_note(n_sets: int, method: str) -> None:
    """k = 5 varied parameters: PRCC needs N ≥ 2k = 10 (it is defined from k + 3 = 8 but mostly noise);
    below that the ranking is Spearman's, said plainly; never an error, even at N ≤ k + 1."""
    rng = np.random.default_rng(3)
    params = [UncertainParameter(f"p{i}", 0.0, 1.0, 0.5) for i in range(5)] + [UncertainParameter("fixed", 1, 1, 1)]
    values = np.column_stack([rng.random((n_sets, 5)), np.ones(n_sets)])
    diffs = -2.0 * values[:, 2] + 0.05 * rng.standard_normal(n_sets)
    res = summarise(_table(n_sets, diffs), "A", "B", params, values, n_sets, 3)
    fig = res["figures"]["first_arrival_mean"]
    rank = fig["ranking"]
    assert (rank["method"], rank["varied_parameters"], rank["sets"], rank["sets_needed_for_prcc"]) == (
        method, 5, n_sets, 10)
    dof = n_sets - 4 if method == "prcc" else n_sets
    assert rank["noise_floor"] == pytest.approx(min(1.0, 1.96 / np.sqrt(dof - 1)))
    assert fig["importance"][0]["key"] == "p2"
    assert any(r["prcc"] is not None for r in fig["importance"]) == (n_sets >= 8)  # defined from k + 3
    text = format_uncertain(res)
    assert ("Ranked by Spearman correlation alone" in text) == (method == "spearman")
    header = next(line for line in text.splitlines() if line.startswith("parameter"))
    assert ("PRCC" in header) == (method == "prcc") and "Spearman" in header
    assert ("partial rank correlation" in text) == (method == "prcc")
    if method == "spearman":
        assert "raise --uncertain to 10" in text and "rangordnat enbart" in format_uncertain(res, "sv").lower()


def test_prcc_near_n_equals_k_is_noise_so_the_ranking_is_spearmans() -> None:
    """Why N ≥ 2k: with N = 50 sets and k = 45 parameters of which none matters, PRCC gives the largest
    parameters |r| near 0.9 by chance (as a dead ferry-priority parameter did on the default); the
    ranking is then Spearman's, whose chance level is far lower."""
    rng = np.random.default_rng(5)
    params = [UncertainParameter(f"p{i}", 0.0, 1.0, 0.5) for i in range(45)]
    values, diffs = rng.random((50, 45)), rng.standard_normal(50)
    res = summarise(_table(50, diffs), "A", "B", params, values, 50, 3)
    fig = res["figures"]["first_arrival_mean"]
    assert max(abs(r["prcc"]) for r in fig["importance"]) > 0.8
    assert fig["ranking"]["method"] == "spearman" and fig["ranking"]["sets_needed_for_prcc"] == 90
    assert max(abs(r["spearman"]) for r in fig["importance"]) < 0.6
    assert fig["importance"][0]["spearman"] == max((r["spearman"] for r in fig["importance"]), key=abs)


def test_prcc_with_as_many_sets_as_parameters_is_undefined_not_an_error() -> None:
    rng = np.random.default_rng(1)
    x, y = rng.random((4, 6)), rng.random(4)
    assert np.all(np.isnan(prcc(x, y)))
    assert ranking(x, 4)["method"] == "spearman"


@pytest.mark.parametrize("edit, field", [
    # low > high
    (lambda s: s.replace("turnout_scale = { value = 1.0, range = [0.8, 1.3]", "turnout_scale = { value = 1.0, "
                         "range = [1.3, 0.8]"), "availability.part-time.turnout_scale.range"),
    # value outside its range
    (lambda s: s.replace("on_scene_scale = { value = 1.0, range = [0.6, 1.6]",
                         "on_scene_scale = { value = 2.0, range = [0.6, 1.6]"), "demand.on_scene_scale.value"),
    # not a number
    (lambda s: s.replace("headway_minutes = { value = 15.0, range = [10.0, 40.0]",
                         'headway_minutes = { value = 15.0, range = [10.0, "forty"]'),
     "network.ferries.headway_minutes.range"),
    (lambda s: s.replace("turnout_sigma = { value = 0.22,", 'turnout_sigma = { value = "0.22",'),
     "availability.part-time.turnout_sigma"),
])
def test_a_malformed_range_is_an_input_error_naming_file_field_and_fix(region_file, edit, field) -> None:
    from raddsim.region.region import load_region

    path = region_file(edit)
    with pytest.raises(InputError) as exc:
        uncertain_parameters(load_region(path))
    err = exc.value
    assert err.file == str(path) and err.field and err.field.startswith(field) and err.fix, str(err)


@pytest.mark.parametrize("node, field, word", [
    ({"value": 1.0, "range": [2.0, 0.5]}, "x.range", "low > high"),
    ({"value": 3.0, "range": [0.5, 2.0]}, "x.value", "outside"),
    ({"value": True, "range": [0.5, 2.0]}, "x.value", "number"),
    ({"value": 1.0, "range": [0.5]}, "x.range", "two numbers"),
])
def test_the_draw_checks_ranges_the_loader_does_not_read(default_region, node, field, word) -> None:
    """A ranged table in a place no parser reads as a number is checked before --uncertain draws from it."""
    raw = {**default_region.raw, "archipelago": {"unused": {"x": node}}}
    region = dataclasses.replace(default_region, raw=raw) if dataclasses.is_dataclass(default_region) else None
    if region is None:
        pytest.skip("Region is not a dataclass")
    with pytest.raises(InputError) as exc:
        uncertain_parameters(region)
    assert exc.value.field == f"archipelago.unused.{field}" and word in exc.value.message and exc.value.fix


def test_a_sweep_varies_the_group_factors(default_region, default_model, tmp_path) -> None:
    """The group factors are ordinary scenario keys, so a sweep axis moves them: slower part-time turnout and
    longer ferry waits make the first crew later."""
    import pyarrow.parquet as pq

    from raddsim.sweep.axes import Axis
    from raddsim.sweep.execute import run_sweep
    from raddsim.sweep.spec import SweepSpec

    spec = SweepSpec(file=default_region.file, scenarios=("minimum",), years=0.5, replications=2, seed=3,
                     region_file=default_region.file, joint=True, name="group factors",
                     axes=(Axis("availability.part-time.turnout_scale", (1.0, 1.3)),
                           Axis("network.ferries.headway_minutes", (15.0, 40.0))))
    run = run_sweep(spec, tmp_path / "sweep", processes=0, progress=False, loaded=(default_region, default_model, spec))
    rows = pq.read_table(run.results_file).to_pandas()
    first = rows.groupby("point")["first_arrival_mean"].mean()
    assert first[1] > first[0] + 0.1


def test_a_range_written_in_a_compared_scenario_is_reported_not_drawn(default_region) -> None:
    """A scenario that writes follow_minutes 5 (2–10) in its own table: the sweep would give both scenarios the
    set's value, so --uncertain lists it with its scenario instead of silently leaving it out."""
    from raddsim.experiment.uncertain import scenario_ranges

    # The shipped data keeps its ranges in the region's defaults, so nothing is left undrawn there.
    assert all(scenario_ranges(default_region, (s,)) == [] for s in default_region.scenarios)
    own = {"availability": {"part-time": {"roll_short": "follow",
                                          "follow_minutes": {"value": 5.0, "range": [2.0, 10.0], "source": "test"}}}}
    derived = default_region.derive("follow-ranged", "minimum", own)
    assert derived.chain[-1] == "follow-ranged"
    raw = {**default_region.raw, "scenarios": {**default_region.raw["scenarios"], "follow-ranged": own}}
    region = dataclasses.replace(default_region, raw=raw, scenarios={**default_region.scenarios,
                                                                     "follow-ranged": derived})
    found = scenario_ranges(region, ("minimum", "follow-ranged"))
    assert found == [{"key": "availability.part-time.follow_minutes", "scenario": "follow-ranged", "low": 2.0,
                      "high": 10.0, "value": 5.0}]
    res = {"a": "minimum", "b": "roll-short-follow", "parameter_sets": 2, "replications_per_set": 2, "parameters": [],
           "figures": {}, "not_drawn": found}
    assert "Not drawn: availability.part-time.follow_minutes = 5 (range 2–10)" in format_uncertain(res)


def test_a_range_in_the_incidents_file_is_refused_with_the_group_factor_as_fix(region_file, tmp_path) -> None:
    """The incidents file is not walked by --uncertain: a range there would silently stay at its value."""
    from raddsim.region.region import default_region_path, load_region

    src = default_region_path().parent / "incidents.toml"
    bad = tmp_path / "incidents.toml"
    bad.write_text(src.read_text(encoding="utf-8").replace(
        "on_scene = { median_minutes = 120,", "on_scene = { median_minutes = { value = 120, range = [60, 180] },"),
        encoding="utf-8")
    path = region_file(lambda s: s.replace(f'types = "{src.as_posix()}"', f'types = "{bad.as_posix()}"'))
    with pytest.raises(InputError) as exc:
        load_region(path)
    err = exc.value
    assert err.file == str(bad) and err.field == "types.building_fire.on_scene.median_minutes"
    assert "on_scene_scale" in err.fix
