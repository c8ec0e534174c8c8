"""Every way of getting a network gives a graph the engine runs on (issue 3, "done when")."""

from __future__ import annotations

import bz2

import numpy as np
import pytest
from conftest import helsinki_pbf, shared_path

from raddsim.demand import Incidents
from raddsim.engine import Fleet, TravelTables, simulate
from raddsim.network import load_network, snap_points
from raddsim.network.csvgraph import write_csv_network
from raddsim.network.store import save_archive, save_graphml


def _run_on(net, seed: int = 0):
    """Three crews at random well-connected nodes; 30 alarms at random points of the network's extent."""
    rng = np.random.default_rng(seed)
    main = np.flatnonzero(net.main_component)
    stations = rng.choice(main, 3, replace=False)
    lon = rng.uniform(np.quantile(net.lon, 0.2), np.quantile(net.lon, 0.8), 30)
    lat = rng.uniform(np.quantile(net.lat, 0.2), np.quantile(net.lat, 0.8), 30)
    snap = snap_points(net, lon, lat)
    ok = snap.reachable
    assert ok.mean() > 0.5, snap.report()
    n = int(ok.sum())
    inc = Incidents(time_s=np.arange(n) * 7200.0, point=np.zeros(n, np.int64), node=snap.node[ok],
                    access_s=snap.access_s[ok], on_scene_s=np.full(n, 1800.0))
    tables = TravelTables(to_node=net.times_from(stations), from_node=net.times_to(stations))
    fleet = Fleet(("A", "B", "C"), np.arange(3), np.full(3, 60.0), np.ones(3, bool))
    rec = simulate(fleet, tables, inc)
    # alarms are two hours apart: the fastest crew always answers, at turnout + drive + last mile
    best = tables.to_node[:, inc.node].min(axis=0)
    assert np.allclose(rec.t_arrival - rec.t_alarm, 60.0 + best + inc.access_s)
    return rec


def test_engine_runs_on_pbf_jemss_and_saved_forms(tmp_path) -> None:
    helsinki = load_network(helsinki_pbf())
    _run_on(helsinki)
    edmonton = load_network(shared_path("jemss", "edmonton", "roads.zip"))
    _run_on(edmonton)
    save_archive(helsinki.data, tmp_path / "h.npz")
    save_graphml(helsinki.data, tmp_path / "h.graphml")
    write_csv_network(helsinki.data, tmp_path / "csv")
    ref = _run_on(helsinki, seed=5)
    for p in ("h.npz", "h.graphml", "csv"):
        again = _run_on(load_network(tmp_path / p), seed=5)
        assert np.allclose(again.t_arrival, ref.t_arrival)


def test_default_region_gives_identical_results_from_every_saved_form(tmp_path, default_region) -> None:
    from raddsim.experiment.model import build_model
    from raddsim.experiment.runs import run_experiment
    from raddsim.network import default_network_path

    src = default_network_path()
    (tmp_path / "n.osm.bz2").write_bytes(bz2.compress(src.read_bytes()))
    base = load_network(src, options=default_region.network_options)
    save_archive(base.data, tmp_path / "n.npz")
    write_csv_network(base.data, tmp_path / "csv")
    setups = [default_region.scenarios[default_region.default_scenarios[0]]]

    def figures(net):
        res = run_experiment(build_model(default_region, net), setups, years=0.5, replications=2, seed=3)
        fa = res["scenarios"][setups[0].name]["first_arrival_minutes"]
        # A flat list: pytest.approx does not take nested mappings in every version.
        return [x for v in fa.values() for x in (v if isinstance(v, list) else [v])]

    ref = figures(base)
    for p in ("n.osm.bz2", "n.npz", "csv"):
        net = load_network(tmp_path / p, options=default_region.network_options)
        assert figures(net) == pytest.approx(ref, rel=1e-9), p
