"""EMS features: patient transport to the nearest hospital, exponential on-scene times, travel factor."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from conftest import write_grid_osm

from raddsim.demand import DemandSpec, Incidents, Place
from raddsim.demand.generate import draw_on_scene
from raddsim.demand.transport import apply_transport, hospital_tables
from raddsim.demand.types import Force, IncidentCatalog, IncidentType
from raddsim.engine import Fleet, TravelTables, simulate
from raddsim.engine.force import Requirement
from raddsim.network import load_network


def _catalog(p_transport=1.0):
    t = IncidentType("call", "Call", "Larm", 1.0, "population", Force(1, ()), False, 0.0, 0.0,
                     on_scene_distribution="exponential", on_scene_mean_min=12.0,
                     transport_probability=p_transport, handover_shape=2.5, handover_scale_min=34.3)
    from types import MappingProxyType

    return IncidentCatalog((t,), MappingProxyType({}), MappingProxyType({}))


def test_exponential_on_scene_has_its_mean() -> None:
    spec = DemandSpec(1000, 1000, (Place("A", 1000, 59.7, 18.6),), catalog=_catalog())
    x = draw_on_scene(spec, np.zeros(40_000, np.int64), np.random.default_rng(3)) / 60
    assert abs(x.mean() - 12.0) < 4 * 12.0 / math.sqrt(len(x))
    assert abs(np.median(x) - 12.0 * math.log(2)) < 0.3


def test_transport_adds_the_hospital_leg_and_returns_from_there(tmp_path) -> None:
    net = load_network(write_grid_osm(tmp_path / "g.osm", rows=6, cols=6))
    hosp = hospital_tables(net, ["H"], np.array([net.lon[35]]), np.array([net.lat[35]]))
    assert hosp.node[0] == 35 and hosp.drive_s[35] == 0
    spec = DemandSpec(1000, 1000, (Place("A", 1000, 59.7, 18.6),), catalog=_catalog(1.0))
    n = 2000
    inc = Incidents(np.arange(n) * 1e5, np.zeros(n, np.int64), np.zeros(n, np.int64), np.full(n, 30.0), np.full(n, 600.0))
    out = apply_transport(inc, spec, hosp, seed=1, replication=0)
    handover = out.on_scene_s - 600.0 - 30.0 - hosp.drive_s[0]
    # Weibull(2.5, 34.3 min) mean = 34.3 · Γ(1.4).
    assert abs(handover.mean() / 60 - 34.3 * math.gamma(1 + 1 / 2.5)) < 1.0
    assert (out.end_node == 35).all() and (out.end_access_s == 0).all()
    none = apply_transport(inc, replace(spec, catalog=_catalog(0.0)), hosp, seed=1, replication=0)
    assert np.array_equal(none.on_scene_s, inc.on_scene_s) and np.array_equal(none.end_node, inc.node)
    # The engine drives the crew back from the hospital node.
    to_node = np.zeros((1, net.n_nodes))
    from_node = np.zeros((1, net.n_nodes))
    from_node[0, 35] = 999.0
    rec = simulate(Fleet(("amb",), np.zeros(1, np.int64), np.zeros(1), np.ones(1, bool)),
                   TravelTables(to_node, from_node), replace(out, time_s=out.time_s[:1], point=out.point[:1], node=out.node[:1],
                                                             access_s=out.access_s[:1], on_scene_s=out.on_scene_s[:1],
                                                             type=out.type[:1], observed_s=out.observed_s[:1],
                                                             end_node=out.end_node[:1], end_access_s=out.end_access_s[:1]))
    assert rec.t_free[0] == pytest.approx(rec.t_clear[0] + 999.0)


def test_travel_factor_scales_the_drive_to_the_scene() -> None:
    fleet = Fleet(("a",), np.zeros(1, np.int64), np.zeros(1), np.ones(1, bool))
    tables = TravelTables(np.array([[600.0]]), np.array([[600.0]]))
    inc = Incidents(np.array([0.0, 1e5]), np.zeros(2, np.int64), np.zeros(2, np.int64), np.zeros(2), np.full(2, 60.0),
                    np.array([0, 1]))
    rec = simulate(fleet, tables, inc, [Requirement(), Requirement(travel_factor=1.45)])
    assert rec.t_arrival[0] == 600.0 and rec.t_arrival[1] - 1e5 == pytest.approx(870.0)
