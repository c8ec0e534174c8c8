"""A scenario can add a road (the planned riksväg 77 Eknäs–Ledinge) or remove one; unknown roads are input errors."""

from __future__ import annotations

import numpy as np
import pytest

from raddsim.core.errors import InputError


def _tables(model, setup):
    p = model.prepare(setup)
    return p.stations, p.fleet


def test_added_road_gives_new_nodes_and_a_faster_way_somewhere(default_model, default_region) -> None:
    base, new = (default_region.scenarios[s] for s in ("minimum", "rv77-ledinge"))
    sb, _ = _tables(default_model, base)
    sn, _ = _tables(default_model, new)
    n = default_model.network.n_nodes
    islands = len(new.sea.islands)  # island columns (raddsim.sea) come after the road nodes
    assert sn.tables.to_node.shape[1] == n + 5 + islands  # the road's five inner points
    i = sb.row("knivsta", "heavy")  # coming from the west on riksväg 77
    old, now = sb.tables.to_node[i, :n], sn.tables.to_node[i, :n]
    assert np.all(now <= old + 1e-6)  # a new road never makes a trip longer
    assert (now < old - 180).sum() > 50  # and the E18 corridor south of Rösa gets over 3 minutes closer


def test_removed_road_makes_trips_longer_and_unknown_names_fail(default_model, default_region) -> None:
    cut = default_region.derive("no-rv77-east", "minimum", {"network.roads.remove": ["Riksväg 77 Finsta–trafikplats Rösa"]})
    sb, _ = _tables(default_model, default_region.scenarios["minimum"])
    sc, _ = _tables(default_model, cut)
    a, b = sb.row("norrtalje", "heavy"), sb.row("rimbo", "heavy")
    rimbo = sb.node[b]
    assert sc.tables.to_node[a, rimbo] > sb.tables.to_node[a, rimbo] + 60  # via Malstaby instead of Rösa
    bad = default_region.derive("typo", "minimum", {"network.roads.remove": ["Riksväg 99"]})
    with pytest.raises(InputError) as exc:
        default_model.prepare(bad)
    assert exc.value.field == "network.roads.remove" and "Riksväg 99" in str(exc.value)


def test_added_road_must_join_the_network(default_model, default_region) -> None:
    far = {"network.roads.add": {"Sea road": {"highway": "primary", "maxspeed_kmh": 80,
                                              "points": [[59.7358, 18.3100], [59.50, 19.50]]}}}
    with pytest.raises(InputError) as exc:
        default_model.prepare(default_region.derive("sea", "minimum", far))
    assert exc.value.field == "network.roads.add.Sea road.points" and "km from the network" in str(exc.value)
    with pytest.raises(InputError) as exc:
        default_region.derive("nopoints", "minimum", {"network.roads.add": {"X": {"maxspeed_kmh": 80, "points": [[59.7, 18.3]]}}})
    assert exc.value.field.rstrip(")").endswith(".points")


@pytest.mark.parametrize("points", [[[59.7358, 18.31], [59.7358, 18.31]],
                                    [[59.7358, 18.31], [59.70, 18.45], [59.70, 18.45], [59.6641, 18.5918]]])
def test_an_added_road_with_a_point_written_twice_is_refused(default_region, points) -> None:
    """A stretch of no length (both ends the same, or a point repeated) was accepted as a road."""
    road = {"network.roads.add": {"Stub": {"highway": "primary", "maxspeed_kmh": 80, "points": points}}}
    with pytest.raises(InputError) as exc:
        default_region.derive("stub", "minimum", road)
    assert exc.value.field.rstrip(")").endswith("network.roads.add.Stub.points") and "the same place" in exc.value.message
