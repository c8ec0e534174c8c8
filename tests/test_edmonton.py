"""Edmonton, a second real region, from JEMSS's files through raddsim's generic region format (issue 9)."""

from __future__ import annotations

import json
import math
import tomllib

import pytest
from conftest import shared_path

from raddsim.cli import main
from raddsim.region.jemss_read import parse_gen_config
from raddsim.region.region import load_region


@pytest.fixture(scope="module")
def edmonton(tmp_path_factory):
    src = shared_path("jemss", "edmonton")
    out = tmp_path_factory.mktemp("edm") / "edmonton"
    assert main(["region", "import-jemss", str(src), str(out)]) == 0
    return src, out


def test_import_writes_the_generic_region_files(edmonton) -> None:
    src, out = edmonton
    assert {p.name for p in out.iterdir()} >= {"region.toml", "incidents.toml", "roads"}
    data = tomllib.loads((out / "region.toml").read_text(encoding="utf-8"))
    assert len(data["stations"]) == 17 and len(data["crews"]) == 16  # ambulances_1.csv deploys 16
    assert len(data["hospitals"]) == 5
    cfg = parse_gen_config(src / "gen_config.xml")
    assert cfg["calls_per_year"] == pytest.approx(8 * 24 * 365.25)
    assert cfg["dispatch_delay_s"] == pytest.approx(40.0) and cfg["on_scene_mean_s"] == pytest.approx(720.0)
    region = load_region(out)
    setup = region.scenarios["deployment"]
    assert {c.unit for c in setup.crews} == {"crew"} and all("ambulance" in c.capabilities for c in setup.crews)
    types = {t.id: t for t in setup.demand.catalog.types}
    assert types["high"].share == 0.75 and types["low"].share == 0.25
    assert types["low"].travel_factor > 1.3 and types["high"].travel_factor == 1.0  # regular vs lights and sirens


def test_edmonton_runs_end_to_end_with_plausible_figures(edmonton, tmp_path) -> None:
    _, out = edmonton
    res_path = tmp_path / "edm.json"
    assert main(["run", "--region", str(out), "--replications", "3", "--years", "0.1", "--json", str(res_path)]) == 0
    res = json.loads(res_path.read_text(encoding="utf-8"))
    s = res["scenarios"]["deployment"]
    expected = 8 * 24 * 365.25 * 0.1 * 3
    assert abs(s["alarms"] - expected) < 4 * math.sqrt(expected)
    fa = s["first_arrival_minutes"]
    assert 5 < fa["mean"] < 20 and fa["median"] < fa["p90"]
    assert s["unreachable_alarms"] == 0
    # Ambulances are busy for most of their time with transports: every one is used.
    busy = [c["available_share"] for c in s["readiness"]["crews"].values()]
    assert len(busy) == 16 and max(busy) < 0.95
    assert s["per_type"]["med"]["alarms"] == 0


def test_bad_jemss_folder_is_a_clear_error(tmp_path, capsys) -> None:
    assert main(["region", "import-jemss", str(tmp_path / "nowhere"), str(tmp_path / "out")]) == 2
    assert "gen_config.xml" in capsys.readouterr().err
