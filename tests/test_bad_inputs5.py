"""Bad input, fifth round (audit7): encodings, islands on the road network, force.crews, implausible populations,
a dense city at the rural-town disc density, and what probing broken copies of the default files found.

Each case: one clear line naming the file, the field and the fix (exit code 2 through the CLI), or a warning
said once where a legitimate study could want the input. Runs on Gridby (tests/sweep_helpers.py) or a copy of
the default region, offline.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sweep_helpers import REGION, write_region

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.region.region import default_region_path, load_region

INCIDENTS = """
[capabilities.first_actions]
equipment = []
min_roles = { firefighters = 1 }

[types.fire]
share = 0.5
force = { crews = 1, capabilities = ["first_actions"] }
on_scene = { median_minutes = 30, sigma = 0.5 }

[types.other]
share = 0.5
force = { crews = 1, capabilities = ["first_actions"] }
on_scene = { median_minutes = 30, sigma = 0.5 }
"""


def _gridby(tmp_path: Path, region: str = REGION, incidents: str | None = None) -> Path:
    path = write_region(tmp_path)
    if incidents is not None:
        (tmp_path / "incidents.toml").write_text(incidents, encoding="utf-8")
        region = region.replace("[demand]\n", '[demand]\ntypes = "incidents.toml"\n')
    path.write_text(region, encoding="utf-8")
    return path


def _warnings(caplog, text: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and text in r.getMessage()]


# ------------------------------------------------------------------ 1. Latin-1 / Windows-1252 from Swedish Excel
@pytest.mark.parametrize("which", ["places", "region", "incidents"])
def test_a_latin1_file_is_refused_naming_line_column_the_character_and_how_to_save_utf8(tmp_path, capsys,
                                                                                       which) -> None:
    region = REGION.replace("[demand]\n", '[demand]\nplaces = "places.csv"\n')
    path = _gridby(tmp_path, region, incidents=INCIDENTS)
    (tmp_path / "places.csv").write_text("name,population,lat,lon\nVästby,1000,59.72,18.64\n", encoding="utf-8")
    bad = {"places": tmp_path / "places.csv", "region": path, "incidents": tmp_path / "incidents.toml"}[which]
    text = bad.read_text(encoding="utf-8")
    if which != "places":
        text = text.replace('name = "Gridby"', 'name = "Gridby"\nnote = "Älmsta"') if which == "region" else \
            "# Älmsta\n" + text
    bad.write_bytes(text.encode("cp1252"))
    assert main(["run", "--stations", str(path), "--replications", "2"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(bad) in err and "Traceback" not in err, err
    # a TOML file is saved from a text editor, not Excel (probe_bad2 #11)
    save = "CSV UTF-8" if which == "places" else "in the text editor: Save As › Encoding UTF-8"
    assert "line " in err and "column " in err and "Windows-1252" in err and save in err, err
    assert ("'ä'" if which == "places" else "'Ä'") in err, err


# ------------------------------------------------------------------ 2. an island row on the mainland's roads
def test_an_island_on_the_road_network_is_warned_once_with_its_row_name_and_fix(region_file, tmp_path,
                                                                                 caplog) -> None:
    from raddsim.experiment.model import build_model

    src = default_region_path().parent / "norrtalje_islands.csv"
    islands = tmp_path / "islands.csv"
    # Norrtälje town centre, on the E18: needs no boat.
    islands.write_text(src.read_text(encoding="utf-8") + "Mainland Isle,59.7560,18.7138,59.7560,18.7138,0,0.5,10,5,,"
                       "ASSUMPTION,yes\n", encoding="utf-8")
    path = region_file(lambda s: s.replace(f'islands = "{src.as_posix()}"', f'islands = "{islands.as_posix()}"'))
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        build_model(load_region(path))
    said = _warnings(caplog, "needs no boat")
    assert len(said) == 1, said  # once, though several scenarios share the layer
    assert str(islands) in said[0] and "line " in said[0] and "'Mainland Isle'" in said[0] and "Fix:" in said[0]


# ------------------------------------------------------------------ 3. force.crews beyond the region's crews
def test_force_crews_beyond_the_regions_crews_is_warned_once(tmp_path, caplog) -> None:
    inc = INCIDENTS.replace("force = { crews = 1,", "force = { crews = 99,", 1)
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        region = load_region(_gridby(tmp_path, incidents=inc))
    said = _warnings(caplog, "force.crews")
    assert len(said) == 1, said
    assert "incidents.toml" in said[0] and "types.fire.force.crews = 99" in said[0] and "only 3 crews" in said[0]
    assert "Fix:" in said[0] and set(region.scenarios) == {"low", "high"}


# ------------------------------------------------------------------ 4. implausible populations
def test_a_population_above_the_worlds_is_refused(tmp_path, capsys) -> None:
    path = _gridby(tmp_path, REGION.replace("population = 5000", "population = 1e12"))
    assert main(["run", "--stations", str(path), "--replications", "2"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "demand.population" in err and "world" in err and "Fix:" in err, err


def test_a_population_denser_than_any_city_over_the_network_is_warned(tmp_path, caplog) -> None:
    from raddsim.experiment.model import build_model

    path = _gridby(tmp_path, REGION.replace("population = 5000", "population = 900000000"))
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        build_model(load_region(path))
    said = _warnings(caplog, "denser than any real place")
    assert len(said) == 1 and "demand.population = 900,000,000" in said[0] and str(path) in said[0], said


def test_islands_holding_more_residents_than_the_region_are_refused(region_file, tmp_path) -> None:
    # The shipped places hold 42,273 and the islands their 'permanent' residents: 42,300 cannot hold both.
    path = region_file(lambda s: s.replace("population = 64000", "population = 42300"))
    with pytest.raises(InputError) as err:
        load_region(path)
    assert err.value.field == "demand.population" and "islands" in str(err.value) and "Fix:" in str(err.value)


# ------------------------------------------------------------------ 5. a dense city at the rural-town disc density
def test_a_city_whose_discs_cannot_fit_on_the_network_is_warned(tmp_path, caplog) -> None:
    from raddsim.experiment.model import build_model

    region = REGION.replace("population = 5000", 'population = 210000\nplaces = "places.csv"')
    path = _gridby(tmp_path, region)
    (tmp_path / "places.csv").write_text("name,population,lat,lon\nCentrum,200000,59.725,18.625\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        build_model(load_region(path))
    said = _warnings(caplog, "urban_density_per_km2")
    assert len(said) == 1 and "'Centrum'" in said[0] and "Fix:" in said[0], said
    # At the city's own density the discs fit: no warning.
    caplog.clear()
    path.write_text(region.replace("[demand]\n", "[demand]\naccess = { urban_density_per_km2 = 8000 }\n"),
                    encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        build_model(load_region(path))
    assert not _warnings(caplog, "urban_density_per_km2")


# ------------------------------------------------------------------ 6. found by probing broken copies of the defaults
PLACES_HEAD = "name,population,lat,lon\n"


@pytest.mark.parametrize("text, expect", [
    (PLACES_HEAD + "Västby,1000,59.72,18.64\nÖstby;900;59,73;18,66\n", "line 3 is separated by ';'"),
    ("name,population,lat,lon,lat\nVästby,1000,59.72,18.64,59.72\n", "column 'lat' twice"),
    ("name,population,lat,lon,\nVästby,1000,59.72,18.64\n", "header ends with 1 empty column name"),
])
def test_csv_rows_from_excel_are_told_by_their_cause(tmp_path, text, expect) -> None:
    from raddsim.demand.location_files import load_places

    p = tmp_path / "places.csv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_places(p)
    assert expect in str(err.value) and str(p) in str(err.value) and "Fix:" in str(err.value), str(err.value)


def test_a_csv_whose_header_and_rows_all_end_in_a_comma_still_reads(tmp_path) -> None:
    from raddsim.demand.location_files import load_places

    p = tmp_path / "places.csv"
    p.write_text("name,population,lat,lon,\nVästby,1000,59.72,18.64,\n", encoding="utf-8")
    assert [x.name for x in load_places(p)] == ["Västby"]


def test_a_place_without_people_is_warned(tmp_path, caplog) -> None:
    region = REGION.replace("[demand]\n", '[demand]\nplaces = "places.csv"\n')
    path = _gridby(tmp_path, region)
    (tmp_path / "places.csv").write_text(PLACES_HEAD + "Västby,0,59.72,18.64\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        load_region(path)
    said = _warnings(caplog, "population 0")
    assert len(said) == 1 and "'Västby'" in said[0] and "line 2" in said[0], said


def test_a_target_in_seconds_is_warned(tmp_path, caplog) -> None:
    path = _gridby(tmp_path, REGION.replace("target_minutes = 6", "target_minutes = 600"))
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        region = load_region(path)
    said = _warnings(caplog, "region.target_minutes: 600 min is 10.0 hours")
    assert len(said) == 1 and "seconds" in said[0] and region.target_minutes == 600, said


def test_two_stations_at_one_position_are_warned_once(tmp_path, caplog) -> None:
    path = _gridby(tmp_path, REGION.replace("lat = 59.74\nlon = 18.70", "lat = 59.71\nlon = 18.62"))
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        load_region(path)
    said = _warnings(caplog, "same position")
    assert len(said) == 1 and "stations.west" in said[0] and "stations.east" in said[0], said


def test_the_shipped_region_warns_nothing(capsys) -> None:
    # Every check above stays silent on the default region (its run output is golden).
    assert main(["run", "--replications", "2", "--years", "0.1"]) == 0
    assert capsys.readouterr().err == ""


def test_replayed_rows_repeated_or_with_hours_long_observed_times_are_warned(tmp_path, caplog) -> None:
    from raddsim.demand.replay import load_incident_csv

    row = "2023-07-14T13:05:00,18.71,59.75,fire,8\n"
    p = tmp_path / "alarms.csv"
    p.write_text("time,lon,lat,type,observed_minutes\n" + row + row + row.replace(",8", ",80000"), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        assert len(load_incident_csv(p, ["fire"])) == 3  # legal: read as given
    said = _warnings(caplog, str(p))
    assert len(said) == 2 and "line 3 repeats line 2" in said[0] and "line 4: 80000" in said[1], said


def test_a_multiplier_beyond_what_can_be_simulated_is_refused_naming_the_file(tmp_path, capsys) -> None:
    path = _gridby(tmp_path, REGION.replace("population = 5000", "population = 5000\nmultiplier = 1e9"))
    assert main(["run", "--stations", str(path), "--replications", "2"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{path}: demand.multiplier:" in err and "Fix:" in err, err


def test_holiday_homes_many_times_the_residents_are_warned(tmp_path, caplog) -> None:
    from raddsim.experiment.model import build_model

    (tmp_path / "areas.csv").write_text("name,lat,lon,radius_km,share\nCoast,59.73,18.66,5,1\n", encoding="utf-8")
    holiday = ('[demand.holiday_homes]\nhomes = 5000000\npersons_per_home = 2\nareas = "areas.csv"\n'
               "occupancy = [0, 0, 0, 0, 0.2, 0.5, 0.8, 0.5, 0.1, 0, 0, 0]\n")
    path = _gridby(tmp_path, REGION + holiday)
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        build_model(load_region(path))
    said = _warnings(caplog, "holiday_homes.homes = 5,000,000")
    assert len(said) == 1 and "1000 per resident" in said[0] and str(path) in said[0], said


def test_an_urban_circuity_beyond_any_road_network_is_refused(tmp_path) -> None:
    path = _gridby(tmp_path, REGION.replace("[demand]\n", "[demand]\naccess = { urban_circuity = 130 }\n"))
    with pytest.raises(InputError) as err:
        load_region(path)
    assert err.value.field == "demand.access.urban_circuity" and "at most 3" in str(err.value), str(err.value)


def test_an_on_scene_key_of_the_other_distribution_is_refused(tmp_path) -> None:
    inc = INCIDENTS.replace("on_scene = { median_minutes = 30, sigma = 0.5 }",
                            "on_scene = { median_minutes = 30, sigma = 0.5, mean_minutes = 12 }", 1)
    with pytest.raises(InputError) as err:
        load_region(_gridby(tmp_path, incidents=inc))
    assert err.value.field == "types.fire.on_scene.mean_minutes" and "lognormal" in str(err.value), str(err.value)


def test_a_holiday_area_without_a_name_is_refused(tmp_path) -> None:
    from raddsim.demand.location_files import load_holiday_areas

    p = tmp_path / "areas.csv"
    p.write_text("name,lat,lon,radius_km,share\nCoast,59.73,18.66,5,0.5\n,59.75,18.70,5,0.5\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_holiday_areas(p)
    assert err.value.field == "name" and "line 3" in str(err.value), str(err.value)


def test_a_latin1_file_inside_a_network_zip_gets_the_same_message_as_one_on_disk(tmp_path) -> None:
    """A nodes/arcs network in a .zip is decoded from the archive, not read from disk: the same message applies."""
    import zipfile

    from raddsim.network.csvgraph import load_csv_network

    z = tmp_path / "net.zip"
    with zipfile.ZipFile(z, "w") as f:
        f.writestr("nodes.csv", "id,lon,lat\n1,18.0,59.0\n2,18.01,59.0\n")
        f.writestr("arcs.csv", "from,to,length_m,name\n1,2,570,Storgatan\n".encode("utf-8")
                   + "2,1,570,Åkervägen\n".encode("cp1252"))
    with pytest.raises(InputError) as err:
        load_csv_network(z)
    text = str(err.value)
    assert "arcs.csv" in text and "0xc5" in text and "line 3" in text and "UTF-8" in err.value.fix
