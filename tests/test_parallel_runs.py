"""The report's simulations on every core (raddsim.experiment.parallel) and the label layouts shared by maps:
the same numbers and the same pictures as computing everything one by one."""

from __future__ import annotations

import json

import numpy as np


def _serial_board(model, setups, *, years, replications, seed, what_if_replications):
    """The board figures exactly as before: every scenario and what-if simulated here, nothing reused."""
    from raddsim.experiment.board import assumption_ranges, lever_effects, scenario_differences
    from raddsim.experiment.runs import run_scenario

    runs = [run_scenario(model, s, years=years, replications=replications, seed=seed) for s in setups]
    kw = dict(years=years, seed=seed, replications=what_if_replications)
    return runs, {"differences": scenario_differences(model, runs), "assumptions": assumption_ranges(model, setups[0], **kw),
                  "levers": lever_effects(model, setups[0], **kw)}


def _dump(x) -> str:
    return json.dumps(x, sort_keys=True, default=lambda v: v.tolist() if isinstance(v, np.ndarray) else str(v))


def test_report_simulations_on_two_processes_equal_the_serial_ones(default_model, default_region):
    from raddsim.experiment.board import board_figures, what_if_setups
    from raddsim.experiment.parallel import simulate
    from raddsim.experiment.summary import scenario_summary

    setups = [default_region.scenarios["minimum"], default_region.scenarios["ambition"]]
    kw = dict(years=0.25, replications=4, seed=11)
    wanted = what_if_setups(default_model, setups[0])
    assert len(wanted) >= 4 and len({s.name for s in wanted}) == len(wanted)
    sims = simulate(default_model, setups, **kw, what_if=wanted, what_if_replications=3, processes=2)
    runs, board = _serial_board(default_model, setups, **kw, what_if_replications=3)
    for a, b in zip(runs, sims.runs):
        assert a.setup.name == b.setup.name and len(a.records) == len(b.records) == 4
        assert _dump(scenario_summary(default_model, a)) == _dump(sims.summaries[a.setup.name])
    # Bit for bit: the base's what-if values come from its first 3 of 4 replications, the rest from the processes.
    got = board_figures(default_model, sims.runs, years=0.25, seed=11, what_if_replications=3, known=sims.what_if)
    for key in ("differences", "assumptions", "levers"):
        assert _dump(got[key]) == _dump(board[key]), key
    # Nothing passed in: the board simulates the what-ifs itself, with the same result.
    alone = board_figures(default_model, runs, years=0.25, seed=11, what_if_replications=3)
    assert _dump(alone["levers"]) == _dump(board["levers"])


def test_a_layout_is_reused_only_for_the_same_frame_and_labels(default_model, default_region):
    from raddsim.coverage.grid import make_grid
    from raddsim.coverage.cell_access import cell_access
    from raddsim.coverage.static import static_coverage
    from raddsim.views import mapparts, maps

    setups = [default_region.scenarios["minimum"], default_region.scenarios["ambition"]]
    grid = make_grid(default_model.network, 3000.0, None)
    access = cell_access(default_model.network, grid)
    covs = [static_coverage(default_model, s, grid, access) for s in setups]
    ctx = maps.map_context(default_model, setups[0], None, False)
    mapparts.LAYOUTS.clear()
    first = maps.figure_bytes(maps.coverage_map(covs[0], ctx, "en"), "svg")
    assert len(mapparts.LAYOUTS) == 1
    again = maps.figure_bytes(maps.coverage_map(covs[0], ctx, "en"), "svg")  # replayed from the layout found above
    assert len(mapparts.LAYOUTS) == 1
    mapparts.LAYOUTS.clear()
    fresh = maps.figure_bytes(maps.coverage_map(covs[0], ctx, "en"), "svg")  # searched again
    assert first == again == fresh
    maps.coverage_map(covs[1], maps.map_context(default_model, setups[1], None, False), "en")  # same labels, same frame
    assert len(mapparts.LAYOUTS) == 1
    sv = maps.figure_bytes(maps.coverage_map(covs[0], ctx, "sv"), "svg")  # Swedish labels: searched anew
    assert len(mapparts.LAYOUTS) == 2
    mapparts.LAYOUTS.clear()
    assert maps.figure_bytes(maps.coverage_map(covs[0], ctx, "sv"), "svg") == sv
    import matplotlib

    with matplotlib.rc_context({"font.family": "serif"}):  # other faces, other text boxes: searched anew
        maps.coverage_map(covs[0], ctx, "sv")
    assert len(mapparts.LAYOUTS) == 2


def test_target_levers_on_every_core_equal_the_serial_ones(default_model, default_region, monkeypatch):
    from raddsim.experiment.target import target_report

    setups = [default_region.scenarios["minimum"]]
    kw = dict(years=0.25, seed=11, lever_replications=3, cell_m=3000)
    monkeypatch.setenv("RADDSIM_PROCESSES", "1")
    serial = target_report(default_model, setups, replications=4, **kw)
    monkeypatch.setenv("RADDSIM_PROCESSES", "2")
    parallel = target_report(default_model, setups, replications=4, **kw)
    assert _dump(serial) == _dump(parallel)
    # The levers' base is the first 3 of the 4 replications: the same as a run of exactly 3.
    exact = target_report(default_model, setups, replications=3, **kw)
    assert _dump(exact["scenarios"]["minimum"]["levers"]) == _dump(parallel["scenarios"]["minimum"]["levers"])
    assert len(parallel["scenarios"]["minimum"]["levers"]) >= 3


def test_compare_on_every_core_equals_the_scenarios_summarised_one_by_one(default_model, default_region, monkeypatch):
    from raddsim.experiment.compare import (
        alarm_counts,
        compare,
        level_intervals,
        paired_differences,
        replication_figures,
        run_scenarios,
    )
    from raddsim.experiment.summary import scenario_summary

    setups = [default_region.scenarios["minimum"], default_region.scenarios["ambition"]]
    monkeypatch.setenv("RADDSIM_PROCESSES", "2")
    got = compare(default_model, setups, years=0.25, replications=3, seed=11)
    runs = run_scenarios(default_model, setups, years=0.25, seed=11, replications=3)
    assert list(got["scenarios"]) == ["minimum", "ambition"]
    for s, r in zip(setups, runs):
        assert _dump(got["scenarios"][s.name]) == _dump(scenario_summary(default_model, r))
    figs = [replication_figures(default_model, r) for r in runs]
    sizes = [alarm_counts(default_model, r) for r in runs]
    assert _dump(got["differences"]["ambition"]) == _dump(level_intervals(paired_differences(figs[0], figs[1]),
                                                                          (figs[0], figs[1]), (sizes[0], sizes[1])))


def test_one_scenario_runs_its_replications_on_every_core(default_model, default_region, monkeypatch, tmp_path):
    """``run`` of a region with fewer scenarios than cores (any region of one scenario, Edmonton's) hands out its
    replications in interleaved slices, one per core (was: one process per scenario, so one core): the same JSON and
    the same alarm table, byte for byte, as on one process — with 2 and 3 processes (slices of unequal length) and with
    a warm-up; with as many scenarios as cores each scenario stays whole."""
    from raddsim.experiment.runs import replication_slices, run_experiment

    minimum, ambition = default_region.scenarios["minimum"], default_region.scenarios["ambition"]
    monkeypatch.setenv("RADDSIM_PROCESSES", "2")
    assert [(s.name, list(r)) for s, r in replication_slices([minimum], 5)] == [("minimum", [0, 2, 4]),
                                                                                ("minimum", [1, 3])]
    assert [(s.name, list(r)) for s, r in replication_slices([minimum, ambition], 5)] == [
        ("minimum", [0, 1, 2, 3, 4]), ("ambition", [0, 1, 2, 3, 4])]
    assert len(replication_slices([minimum], 1)) == 1
    out = {}
    for processes in ("1", "2", "3"):
        monkeypatch.setenv("RADDSIM_PROCESSES", processes)
        for warm in (0.0, 3.0):
            table = tmp_path / f"alarms-{processes}-{warm}.csv"
            res = run_experiment(default_model, ["minimum"], years=0.1, replications=5, seed=3, warmup_days=warm,
                                 alarm_file=table)
            out[processes, warm] = (_dump(res), table.read_bytes())
    for warm in (0.0, 3.0):
        assert out["1", warm] == out["2", warm] == out["3", warm]
    assert out["1", 0.0] != out["1", 3.0]


def test_slices_items_are_put_back_in_replication_order(default_region):
    """`in_replication_order` undoes `replication_slices`: items given slice by slice come back in replication
    order, for slices of unequal length; a slice that kept nothing (no alarm table) adds nothing."""
    from raddsim.experiment.runs import in_replication_order, replication_slices

    minimum = default_region.scenarios["minimum"]
    slices = [r for _, r in replication_slices([minimum], 7, processes=3)]
    assert [list(r) for r in slices] == [[0, 3, 6], [1, 4], [2, 5]]
    assert in_replication_order((r, [f"rep{n}" for n in r]) for r in slices) == [f"rep{n}" for n in range(7)]
    assert in_replication_order((r, []) for r in slices) == []
    assert in_replication_order([(range(5), "abcde")]) == list("abcde")


def test_one_scenarios_simulations_in_slices_equal_the_serial_ones(default_model, default_region, monkeypatch,
                                                                   tmp_path) -> None:
    """`map --simulate` of one scenario (no what-ifs) hands its replications out in slices too (was: one process
    for the scenario): the same alarms, records and summary as on one process, with 2 and 3 processes."""
    import raddsim.experiment.parallel as parallel

    minimum = default_region.scenarios["minimum"]
    kw = dict(years=0.1, replications=5, seed=3)
    serial = parallel.simulate(default_model, [minimum], **kw, processes=1)
    calls = tmp_path / "calls.txt"
    run_scenario = parallel.run_scenario

    def counted(*args, **kwargs):  # in the forked processes: each slice's replications, written down
        with calls.open("a", encoding="utf-8") as f:
            f.write(f"{list(kwargs.get('numbers') or [])}\n")
        return run_scenario(*args, **kwargs)

    monkeypatch.setattr(parallel, "run_scenario", counted)
    for processes, slices in ((2, ["[0, 2, 4]", "[1, 3]"]), (3, ["[0, 3]", "[1, 4]", "[2]"])):
        calls.write_text("", encoding="utf-8")
        sims = parallel.simulate(default_model, [minimum], **kw, processes=processes)
        assert sorted(calls.read_text(encoding="utf-8").split("\n")[:-1]) == slices
        assert len(sims.runs) == 1 and len(sims.runs[0].records) == 5
        for a, b in zip(serial.runs[0].records, sims.runs[0].records):
            assert np.array_equal(a.t_arrival, b.t_arrival, equal_nan=True) and np.array_equal(a.crew, b.crew)
        for a, b in zip(serial.runs[0].incidents, sims.runs[0].incidents):
            assert np.array_equal(a.time_s, b.time_s)
        assert _dump(sims.summaries) == _dump(serial.summaries)
