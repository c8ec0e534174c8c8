"""Ferries: crossing + expected wait, timetables, priority and out-of-service knobs (issue 3)."""

from __future__ import annotations

import logging
import math

import numpy as np
import pytest
from conftest import write_island_osm

from raddsim.core.errors import InputError
from raddsim.network import NetworkOptions, load_network
from raddsim.network.ferries import name_matches, timetable_wait_s
from raddsim.network.options import FerryLine, FerryOptions, parse_clock


def test_timetable_wait_matches_brute_force() -> None:
    deps = [parse_clock(t) for t in ("05:30", "06:00", "06:10", "07:00", "12:00", "22:45")]
    arrivals = np.arange(0, 86400, 5.0)
    d = np.array(sorted(deps))
    nxt = np.searchsorted(d, arrivals)
    wait = np.where(nxt < len(d), d[np.minimum(nxt, len(d) - 1)] - arrivals, d[0] + 86400 - arrivals)
    assert math.isclose(timetable_wait_s(deps), wait.mean(), rel_tol=1e-3)
    # a regular 15-minute schedule waits half the headway on average
    assert math.isclose(timetable_wait_s([k * 900.0 for k in range(96)]), 450.0)


def test_name_matching_ignores_case_dashes_and_spacing() -> None:
    name = "Furusundsleden (Furusund–Köpmanholm)"
    assert name_matches("furusund-köpmanholm", name) and name_matches("Furusund — Köpmanholm", name.replace("–", " – "))
    assert not name_matches("Blidöleden", name) and not name_matches("", name)


@pytest.fixture(scope="module")
def island(tmp_path_factory):
    return write_island_osm(tmp_path_factory.mktemp("isl") / "island.osm")


def _ferry_time(net) -> float:
    return float(net.edge_time_s[net.edge_ferry][0])


def test_ferry_edge_costs_crossing_plus_wait(island) -> None:
    assert _ferry_time(load_network(island)) == 300 + 450  # duration 00:05, half of 15 min
    opts = lambda **kw: NetworkOptions(ferries=FerryOptions(**kw))  # noqa: E731
    assert _ferry_time(load_network(island, options=opts(headway_minutes=30))) == 300 + 900
    assert _ferry_time(load_network(island, options=opts(priority=True))) == 300 + 120
    assert _ferry_time(load_network(island, options=opts(extra_wait_minutes=10))) == 300 + 450 + 600
    assert _ferry_time(load_network(island, options=opts(priority=True, extra_wait_minutes=10))) == 300 + 120
    # a per-line timetable replaces the headway: departures every 20 min → 10 min wait
    line = FerryLine("ferry at", departures=tuple(float(k * 1200) for k in range(72)))
    assert math.isclose(_ferry_time(load_network(island, options=opts(lines=(line,)))), 300 + 600)


def test_ferry_out_of_service_cuts_the_island(island) -> None:
    net = load_network(island)
    label = net.meta.get("ferries_out_of_service")
    assert label is None
    mainland, islet = 0, net.n_nodes - 1
    assert np.isfinite(net.times_from([mainland])[0, islet])
    name = next(iter({str(n) for n in net.data.ferry_names()}))
    off = load_network(island, options=NetworkOptions(ferries=FerryOptions(out_of_service=(name,))))
    assert not np.isfinite(off.times_from([mainland])[0, islet])
    assert off.edge_ferry.sum() == 0 and net.edge_ferry.sum() == 2
    with pytest.raises(InputError) as exc:
        load_network(island, options=NetworkOptions(ferries=FerryOptions(out_of_service=("Vaxholm",))))
    assert exc.value.field == "network.ferries.out_of_service" and "ferry at" in exc.value.fix


# ----------------------------------------------------------------- the knobs on the default region (Blidö)


def _blido_run(model, setup):
    from raddsim.experiment.runs import run_scenario
    from raddsim.figures.metrics import first_arrival_minutes

    run = run_scenario(model, setup, years=2, replications=4, seed=11)
    minutes = np.concatenate([first_arrival_minutes(r) for r in run.records])
    area = np.concatenate([model.node_area(i.node) for i in run.incidents])
    station_of_crew = run.prepared.fleet.station
    first_station = np.concatenate([np.where(r.crew >= 0, station_of_crew[np.maximum(r.crew, 0)], -1) for r in run.records])
    return run, minutes, area, first_station


def test_ferry_knobs_change_blido_in_the_expected_direction(default_region, default_model, caplog) -> None:
    region, model = default_region, default_model
    base = region.scenarios[region.default_scenarios[0]]
    prio = region.derive("ferry-priority", base.name, {"network.ferries.priority": True})
    with caplog.at_level(logging.WARNING):
        oos = region.derive("furusund-closed", base.name, {"network.ferries.out_of_service": ["Furusund–Köpmanholm"]})
        model.prepare(oos)
    assert prio.network != base.network and oos.network.ferries.out_of_service == ("Furusund–Köpmanholm",)
    assert any("Blidö" in r.getMessage() and "cut off" in r.getMessage() for r in caplog.records)

    # Travel tables: Norrtälje → Blidö station is 2 × (7.5 − 2) = 11 min faster with priority; impossible without Furusundsleden.
    tb, tp, to = (model.prepare(s).stations for s in (base, prio, oos))
    n, b = tb.ids.index("norrtalje"), tb.ids.index("blido")
    t_base, t_prio = tb.tables.to_node[n, tb.node[b]], tp.tables.to_node[n, tp.node[b]]
    assert math.isclose(t_base - t_prio, 2 * (450 - 120), abs_tol=1e-6)
    assert not np.isfinite(to.tables.to_node[n, to.node[b]])
    # The cut is only at Blidö: the rest of the stations still reach each other.
    sea_only = [bool(to.boat and to.boat[k] and not oos.sea.boats[to.boat[k]].road) for k in range(len(to.ids))]
    others = [k for k, s in enumerate(to.ids) if s != "blido" and not sea_only[k]]  # sea rescue never drives
    assert np.isfinite(to.tables.to_node[np.ix_(others, to.node[others])]).all()

    blido = model.area_names.index("Blidö")
    _, m_base, area, st_base = _blido_run(model, base)
    _, m_prio, area_p, _ = _blido_run(model, prio)
    run_oos, m_oos, area_o, st_oos = _blido_run(model, oos)
    assert (area == area_p).all() and (area == area_o).all()  # common random numbers: the same alarms
    in_b = area == blido
    assert in_b.sum() > 50
    # Priority: Blidö's area gets faster (mainland crews cross twice), the mainland hardly changes.
    gain = np.nanmean(m_base[in_b]) - np.nanmean(m_prio[in_b])
    assert gain > 1.0
    assert abs(np.nanmean(m_base[~in_b]) - np.nanmean(m_prio[~in_b])) < gain / 5
    # Out of service: in the base case mainland crews sometimes answer Blidö's alarms; now only Blidö's own
    # crew can, and the alarms it cannot take are not reached at all.
    blido_rows = [k for k, s in enumerate(run_oos.prepared.stations.ids) if s == "blido"]  # one per vehicle class
    assert (~np.isin(st_base[in_b & ~np.isnan(m_base)], blido_rows)).any()
    reached = in_b & ~np.isnan(m_oos)
    assert np.isin(st_oos[reached], blido_rows).all()
    assert np.isnan(m_oos[in_b]).sum() > np.isnan(m_base[in_b]).sum()


def test_unknown_ferry_in_a_scenario_is_an_input_error(default_region, default_model) -> None:
    bad = default_region.derive("typo", default_region.default_scenarios[0], {"network.ferries.out_of_service": ["Furusnd"]})
    with pytest.raises(InputError) as exc:
        default_model.prepare(bad)
    assert exc.value.file and exc.value.field == "network.ferries.out_of_service" and "Furusundsleden" in str(exc.value)


# ----------------------------------------------------------------- a line's settings are used or refused, never dropped
def test_a_lines_crossing_minutes_overrides_the_ways_duration_tag(island) -> None:
    # Was: the island's way carries duration=00:05, and crossing_minutes = 12 was ignored unsaid (so was a
    # planner's slower replacement ferry on the default's Blidöleden, tagged 00:04).
    opts = NetworkOptions(ferries=FerryOptions(lines=(FerryLine("ferry at", crossing_minutes=12.0),)))
    assert _ferry_time(load_network(island, options=opts)) == 12 * 60 + 450
    assert _ferry_time(load_network(island)) == 300 + 450  # without it, the tag


def test_the_default_regions_blidoleden_takes_its_lines_crossing(default_region) -> None:
    import dataclasses

    from raddsim.network.load import load_network as load

    net_opts = default_region.network_options
    line = FerryLine("Blidöleden", crossing_minutes=10.0)
    slower = dataclasses.replace(net_opts, ferries=dataclasses.replace(net_opts.ferries, lines=(line,)))
    base, slow = load(default_region.network_path, options=net_opts), load(default_region.network_path, options=slower)
    blido = np.flatnonzero(base.edge_ferry & (np.char.find(np.asarray(base.edge_name, str), "Blidö") >= 0))
    assert len(blido) and np.allclose(slow.edge_time_s[blido] - base.edge_time_s[blido], 6 * 60)


@pytest.mark.parametrize("body, field, words", [
    ('departures = ["06:00", "06:30"]\nheadway_minutes = 20', "headway_minutes", "both departures"),
    ("crossing_minutes = 600", "crossing_minutes", "240"),
])
def test_a_line_that_cannot_mean_what_it_says_is_refused(region_file, body, field, words) -> None:
    from raddsim.region.region import load_region

    path = region_file(lambda s: s + f'\n[network.ferries.lines."Blidöleden"]\n{body}\n')
    with pytest.raises(InputError) as err:
        load_region(path)
    assert err.value.field.endswith(field) and "Blidöleden" in err.value.field and words in str(err.value), err.value
