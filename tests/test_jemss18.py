"""Fidelity of the JEMSS import against JEMSS.jl itself (jemss18): what JEMSS simulates, raddsim now does too.

JEMSS.jl (commit fb92cef): a free ambulance driving back to its station is dispatchable (src/types/ambulance.jl
``isFree``); the dispatch delay passes before every dispatch (src/simulation.jl, ``callArrives`` →
``considerDispatch``); a patient is driven in the low-priority travel mode (``ambGoesToHospital``); calls are
reached from nodes with off-road access only.
"""

from __future__ import annotations

import json
import tomllib

import numpy as np
import pytest
from conftest import shared_path
from test_jemss_import import write_lakeside

from raddsim.cli import main
from raddsim.demand import demand_points
from raddsim.experiment.model import build_model
from raddsim.region.region import load_region


@pytest.fixture(scope="module")
def lakeside(tmp_path_factory):
    """The synthetic JEMSS model of tests/test_jemss_import.py, imported."""
    d = tmp_path_factory.mktemp("j18")
    src = write_lakeside(d / "lakeside")
    out = d / "out"
    assert main(["region", "import-jemss", str(src), str(out)]) == 0
    return out


def test_free_ambulances_on_their_way_back_can_be_dispatched(lakeside, tmp_path) -> None:
    out = tmp_path / "en_route"
    assert main(["region", "import-jemss", str(write_lakeside(tmp_path / "lakeside")), str(out), "--en-route"]) == 0
    assert load_region(out).scenarios["deployment"].policy.en_route
    # By default not (runs on a large network are many times slower), and the region says so.
    assert not load_region(lakeside).scenarios["deployment"].policy.en_route
    assert "--en-route" in tomllib.loads((lakeside / "region.toml").read_text(encoding="utf-8"))["dispatch"]["note"]


def test_dispatch_delay_is_borne_by_every_dispatch_also_from_the_road(lakeside) -> None:
    # A turnout time is skipped by a crew sent from the road; JEMSS's dispatch delay is not.
    setup = load_region(lakeside).scenarios["deployment"]
    # lakeside: truncated(Normal(60 s, 20 s), 0, Inf) has mean 60 + 20·φ(3)/Φ(3) s.
    mean_s = 60 + 20 * 0.0044318484 / 0.9986501020
    assert [c.turnout_s for c in setup.crews] == [0.0] * 3
    assert [c.availability.request_delay_s for c in setup.crews] == pytest.approx([mean_s] * 3, rel=1e-5)


def test_patients_are_driven_in_the_low_priority_travel_mode(lakeside) -> None:
    types = load_region(lakeside).scenarios["deployment"].demand.catalog.types
    # lakeside: mode 1 at 60 km/h, mode 2 at 40 km/h, low priority in mode 2: 1.5 × the emergency drive.
    assert {t.id: t.transport_travel_factor for t in types} == pytest.approx({"high": 1.5, "med": 1.5, "low": 1.5})


def _busy_share(region_dir, tmp_path, tag: str) -> float:
    out = tmp_path / f"{tag}.json"
    assert main(["run", "--region", str(region_dir), "--replications", "2", "--years", "0.05", "--json",
                 str(out)]) == 0
    crews = json.loads(out.read_text(encoding="utf-8"))["scenarios"]["deployment"]["readiness"]["crews"]
    return 1 - float(np.mean([c["available_share"] for c in crews.values()]))


def test_the_drive_to_the_hospital_is_scaled_by_transport_travel_factor(lakeside, tmp_path) -> None:
    import shutil

    import tomli_w

    slow = tmp_path / "slow"
    shutil.copytree(lakeside, slow)
    data = tomllib.loads((slow / "incidents.toml").read_text(encoding="utf-8"))
    for t in data["types"].values():
        t["transport"]["travel_factor"] = 20.0
    (slow / "incidents.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
    assert all(t.transport_travel_factor == 20.0
               for t in load_region(slow).scenarios["deployment"].demand.catalog.types)
    assert _busy_share(slow, tmp_path, "slow") > _busy_share(lakeside, tmp_path, "base") + 0.02


def test_no_demand_at_nodes_without_off_road_access(tmp_path) -> None:
    src = write_lakeside(tmp_path / "lakeside")
    nodes = src / "roads" / "nodes.csv"
    lines = nodes.read_text(encoding="utf-8").splitlines()
    # The middle row of the 5 × 5 grid is a freeway: no off-road access (JEMSS does not snap calls to it).
    freeway = {str(k) for k in range(11, 16)}
    lines = [ln[: -len(",1")] + ",0" if ln.split(",")[0] in freeway else ln for ln in lines]
    nodes.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["region", "import-jemss", str(src), str(out)]) == 0
    region = load_region(out)
    model = build_model(region)
    points = demand_points(region.scenarios["deployment"].demand, model.network)
    access = model.network.data.node_access
    assert (~access).sum() == 5
    assert points.weight.sum() > 0
    assert points.weight[~access[points.node]].sum() == 0


def test_edmonton_import_matches_jemss(tmp_path) -> None:
    src = shared_path("jemss", "edmonton")
    out = tmp_path / "edm"
    assert main(["region", "import-jemss", str(src), str(out)]) == 0
    region = tomllib.loads((out / "region.toml").read_text(encoding="utf-8"))
    types = tomllib.loads((out / "incidents.toml").read_text(encoding="utf-8"))["types"]
    assert region["dispatch"]["en_route"] is False  # JEMSS's behaviour with --en-route (10 × slower here)
    assert {c["turnout_minutes"] for c in region["crews"].values()} == {0.0}
    delays = [c["availability"]["request_delay_minutes"] for c in region["crews"].values()]
    assert delays == pytest.approx([40 / 60] * 16)
    # Edmonton's arcs: mode 2 (31 km/h) ≈ 1.45 × mode 1 (45 km/h); low priority and transports in mode 2.
    assert types["low"]["travel_factor"] == pytest.approx(1.448, abs=0.001)
    assert types["high"]["travel_factor"] == 1.0
    assert {t["transport"]["travel_factor"] for t in types.values()} == {types["low"]["travel_factor"]}


def test_an_ambulance_sent_from_the_road_also_waits_the_dispatch_delay(tmp_path) -> None:
    import pandas as pd

    out = tmp_path / "en_route"
    assert main(["region", "import-jemss", str(write_lakeside(tmp_path / "lakeside")), str(out), "--en-route"]) == 0
    alarms = tmp_path / "alarms.csv"
    assert main(["run", "--region", str(out), "--replications", "2", "--years", "0.1", "--alarms", str(alarms)]) == 0
    a = pd.read_csv(alarms)
    delay = load_region(out).scenarios["deployment"].crews[0].availability.request_delay_s
    leave = (a["t_turnout_end_s"] - a["t_dispatch_s"]).dropna()
    assert len(leave) > 500
    # Every alerted ambulance leaves the dispatch delay after its alert, at its station or on the road.
    assert leave.to_numpy() == pytest.approx(delay, abs=1e-6)
