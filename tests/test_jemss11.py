"""JEMSS models as JEMSS.jl itself accepts them, beyond what Edmonton's files happen to use (task jemss11).

JEMSS.jl's other shipped regions (Manhattan: table titles with row counts, arcs without distances; its test regions:
four travel modes, several travel sets over time) and its optional columns (``responseTravelPriority``), each written
here as a small model in ``tmp_path`` (the lakeside model of tests/test_jemss_import.py, files changed).
"""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pytest
from test_jemss_import import GEN_CONFIG, write_lakeside

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.network.csvgraph import load_csv_network
from raddsim.region.jemss import import_jemss
from raddsim.sea.crossing import haversine_km

ROWS = COLS = 5
STEP = 0.01  # degrees between lakeside's nodes (7° E, 45° N)


def _arcs(modes_kmh: tuple[float, ...], *, distance: bool = True, title: str = "arcs,,,,,",
          misc_title: str = "miscData,,") -> str:
    """Lakeside's grid as a JEMSS arcs file (undirected, 0.8 km arcs) with one mode column per speed."""
    head = "index,fromNode,toNode," + ("distance," if distance else "") + ",".join(
        f"mode_{k}" for k in range(1, len(modes_kmh) + 1))
    lines = [misc_title, "arcForm,numModes", f"undirected,{len(modes_kmh)}", ",", title, head]
    node = lambda i, j: i * COLS + j + 1  # noqa: E731
    k = 0
    for i in range(ROWS):
        for j in range(COLS):
            for a, b in ((i, j + 1), (i + 1, j)):
                if a < ROWS and b < COLS:
                    k += 1
                    times = ",".join(str(0.8 / v / 24) for v in modes_kmh)
                    lines.append(f"{k},{node(i, j)},{node(a, b)}," + ("0.8," if distance else "") + times)
    return "\n".join(lines) + "\n"


def _travel(modes: dict[int, float], sets: str, timing: str = "") -> str:
    """A JEMSS travel file: off-road speeds (km/h) per mode, then the travelSets rows (and travelSetsTiming's)."""
    text = "travelModes,,\ntravelModeIndex,offRoadSpeed\n" + "".join(f"{m},{v * 24}\n" for m, v in modes.items())
    text += ",,\ntravelSets,,\ntravelSetIndex,priority,travelModeIndex\n" + sets
    if timing:
        text += ",,\ntravelSetsTiming,,\nstartTime,travelSetIndex\n" + timing
    return text


def _import(src: Path, out: Path, **options) -> tuple[dict, dict]:
    """Import ``src`` into ``out``: the region file's and the incident types' tables."""
    import_jemss(src, out, **options)
    region = tomllib.loads((out / "region.toml").read_text(encoding="utf-8"))
    return region, tomllib.loads((out / "incidents.toml").read_text(encoding="utf-8"))["types"]


# --- the road files: JEMSS.jl's Manhattan ------------------------------------------------------------------------


def test_table_titles_with_row_counts_are_read(tmp_path) -> None:
    """Manhattan's roads.zip writes ``nodes,16811,,`` and ``arcs,24437,,``: JEMSS reads the counts, raddsim read the
    file as a generic one ("missing column(s) id, lon, lat (found: nodes, 16811, , )")."""
    src = write_lakeside(tmp_path / "m")
    nodes = (src / "roads" / "nodes.csv").read_text(encoding="utf-8").replace("nodes,,,", f"nodes,{ROWS * COLS},,")
    (src / "roads" / "nodes.csv").write_text(nodes, encoding="utf-8")
    n_arcs = 2 * ROWS * (COLS - 1)
    (src / "roads" / "arcs.csv").write_text(_arcs((60, 40), title=f"arcs,{n_arcs},6,", misc_title="miscData,1,,"),
                                            encoding="utf-8")
    _import(src, tmp_path / "o")
    net = load_csv_network(tmp_path / "o" / "roads")
    assert len(net.node_ids) == ROWS * COLS and len(net.edge_u) == 2 * n_arcs


def test_a_title_count_the_table_does_not_have_is_refused(tmp_path) -> None:
    """JEMSS asserts a title's row count; a file cut short (fewer rows than it says) is refused, naming the table."""
    src = write_lakeside(tmp_path / "m")
    (src / "roads" / "arcs.csv").write_text(_arcs((60, 40), title="arcs,99,,"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_jemss(src, tmp_path / "o")
    assert "table 'arcs' says it has 99 rows but has 40" in str(err.value)
    assert "arcs.csv" in str(err.value) and not (tmp_path / "o").exists()


def test_arcs_without_distances_are_measured(tmp_path) -> None:
    """``distance`` is optional in JEMSS (Manhattan has none: it measures the straight line); raddsim refused it."""
    src = write_lakeside(tmp_path / "m")
    (src / "roads" / "arcs.csv").write_text(_arcs((60, 40), distance=False), encoding="utf-8")
    _import(src, tmp_path / "o")
    lines = (tmp_path / "o" / "roads" / "arcs.csv").read_text(encoding="utf-8").splitlines()
    header = lines[1].split(",")
    lengths = {round(float(r.split(",")[header.index("length_m")])) for r in lines[2:]}
    east = 1000 * float(haversine_km(45.0, 7.0, 45.0, 7.0 + STEP))
    north = 1000 * float(haversine_km(45.0, 7.0, 45.0 + STEP, 7.0))
    assert min(lengths) == pytest.approx(east, abs=2) and max(lengths) == pytest.approx(north, abs=2)


def test_cli_names_the_count_mismatch(tmp_path, capsys) -> None:
    src = write_lakeside(tmp_path / "m")
    (src / "roads" / "arcs.csv").write_text(_arcs((60, 40), misc_title="miscData,2,,"), encoding="utf-8")
    assert main(["region", "import-jemss", str(src), str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "table 'miscData' says it has 2 rows but has 1" in err and "Traceback" not in err


# --- travel modes: which JEMSS mode each drive uses ----------------------------------------------------------------


def test_a_third_travel_mode_is_the_low_priority_ones(tmp_path) -> None:
    """JEMSS.jl's test region has four modes; low priority in mode 3 was driven at mode 1's times (factor 1.0)."""
    src = write_lakeside(tmp_path / "m")
    (src / "roads" / "arcs.csv").write_text(_arcs((60, 40, 30)), encoding="utf-8")
    (src / "travel.csv").write_text(_travel({1: 50, 2: 40, 3: 30}, "1,highPriority,1\n1,medPriority,2\n"
                                                                   "1,lowPriority,3\n"), encoding="utf-8")
    region, types = _import(src, tmp_path / "o")
    assert types["high"]["travel_factor"] == 1.0
    assert types["med"]["travel_factor"] == pytest.approx(60 / 40)
    assert types["low"]["travel_factor"] == pytest.approx(60 / 30)
    assert types["low"]["transport"]["travel_factor"] == pytest.approx(60 / 30)  # to hospital: low priority's mode
    assert region["demand"]["access"]["rural_speed_kmh"] == pytest.approx(50)
    arc = _first_arc(tmp_path / "o")
    assert arc["emergency_time_s"] == pytest.approx(0.8 / 60 * 3600)
    assert arc["travel_time_s"] == pytest.approx(0.8 / 30 * 3600)  # back to the station: low priority's mode


def test_modes_numbered_the_other_way_round(tmp_path) -> None:
    """Mode 2 the lights-and-sirens one: responses at mode 2's times, returns at mode 1's (raddsim took 1 and 2)."""
    src = write_lakeside(tmp_path / "m")
    (src / "roads" / "arcs.csv").write_text(_arcs((40, 60)), encoding="utf-8")
    (src / "travel.csv").write_text(_travel({1: 30, 2: 45}, "1,highPriority,2\n1,medPriority,2\n1,lowPriority,1\n"),
                                    encoding="utf-8")
    region, types = _import(src, tmp_path / "o")
    assert [types[p]["travel_factor"] for p in ("high", "med")] == [1.0, 1.0]
    assert types["low"]["travel_factor"] == pytest.approx(60 / 40)
    assert region["demand"]["access"]["rural_speed_kmh"] == pytest.approx(45)
    arc = _first_arc(tmp_path / "o")
    assert arc["emergency_time_s"] == pytest.approx(0.8 / 60 * 3600)
    assert arc["travel_time_s"] == pytest.approx(0.8 / 40 * 3600)


def test_response_travel_priority_column_is_followed(tmp_path) -> None:
    """priorities.csv's optional ``responseTravelPriority``: low-priority calls answered at high priority's mode."""
    src = write_lakeside(tmp_path / "m")
    (src / "priorities.csv").write_text(
        "priorities,3,,\npriority,name,targetResponseDuration,responseTravelPriority\n"
        f"1,highPriority,{8 / 1440},highPriority\n2,medPriority,{8 / 1440},medPriority\n"
        f"3,lowPriority,{12 / 1440},highPriority\n", encoding="utf-8")
    _, types = _import(src, tmp_path / "o")
    assert types["low"]["travel_factor"] == 1.0  # responds in mode 1 …
    assert types["low"]["transport"]["travel_factor"] == pytest.approx(60 / 40)  # … and drives to hospital in mode 2


def test_the_travel_set_in_force_at_the_start_is_used_and_the_switch_said(tmp_path, caplog) -> None:
    """JEMSS.jl's test region switches travel sets over the day; raddsim read set 1 whatever the timing said."""
    src = write_lakeside(tmp_path / "m")
    sets = "1,highPriority,1\n1,medPriority,1\n1,lowPriority,1\n2,highPriority,1\n2,medPriority,2\n2,lowPriority,2\n"
    (src / "travel.csv").write_text(_travel({1: 40, 2: 30}, sets, timing="0,2\n0.5,1\n"), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        region, types = _import(src, tmp_path / "o")
    assert types["low"]["travel_factor"] == pytest.approx(60 / 40)  # set 2: low priority in mode 2
    assert "raddsim uses set 2" in region["region"]["note"] and "sets 2, 1" in region["region"]["note"]
    assert "travelSetsTiming" in caplog.text


@pytest.mark.parametrize("sets, words", [
    ("1,highPriority,1\n1,lowPriority,2\n", "travel set 1 gives no travel mode for medPriority"),
    ("1,highPriority,1\n1,mediumPriority,1\n1,lowPriority,2\n", "'mediumPriority' is not a JEMSS call priority"),
    ("1,highPriority,1\n1,medPriority,3\n1,lowPriority,2\n", "travel mode 3 is not in the travelModes table"),
])
def test_travel_sets_jemss_refuses_are_refused(tmp_path, sets, words) -> None:
    """A priority left out (or misspelt) was driven in mode 1 unsaid; JEMSS.jl asserts every priority has a mode."""
    src = write_lakeside(tmp_path / "m")
    (src / "travel.csv").write_text(_travel({1: 40, 2: 30}, sets), encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_jemss(src, tmp_path / "o")
    assert words in str(err.value) and "travel.csv" in str(err.value)


def _first_arc(out: Path) -> dict[str, float]:
    lines = [r for r in (out / "roads" / "arcs.csv").read_text(encoding="utf-8").splitlines() if not r.startswith("#")]
    header = lines[0].split(",")
    row = dict(zip(header, lines[1].split(",")))
    return {k: float(v) for k, v in row.items() if k.endswith("_s")}



# --- redispatch: JEMSS.jl's models keep several, its sim_config.xml names one --------------------------------------

REDISPATCH = ("miscData,,\nallowRedispatch,,\n{allow},,\n,,\nredispatchConditions,,\n"
              "fromCallPriority,toCallPriority,allowRedispatch\n{rows}\n")


def _with_redispatch_choices(tmp_path: Path) -> Path:
    """Lakeside in JEMSS.jl's layout of alternatives: misc/redispatch/ with Edmonton's two example choices."""
    src = write_lakeside(tmp_path / "m")
    folder = src / "misc" / "redispatch"
    folder.mkdir(parents=True)
    (folder / "redispatch_low_to_higher.csv").write_text(
        REDISPATCH.format(allow=1, rows="lowPriority,highPriority,1\nlowPriority,medPriority,1"), encoding="utf-8")
    (folder / "redispatch_off.csv").write_text(REDISPATCH.format(allow=0, rows="lowPriority,highPriority,0"),
                                               encoding="utf-8")
    return src


def test_several_redispatch_files_are_a_choice_not_the_default(tmp_path) -> None:
    """--divert on a model with misc/redispatch/ alternatives wrote JEMSS's default (medium and low to high), which
    none of JEMSS.jl's example configs uses (Edmonton's: low to medium and high; Manhattan's: off)."""
    src = _with_redispatch_choices(tmp_path)
    with pytest.raises(InputError) as err:
        import_jemss(src, tmp_path / "o", divert=True)
    text = str(err.value)
    assert "redispatch_low_to_higher.csv" in text and "redispatch_off.csv" in text and "--redispatch" in text
    assert not (tmp_path / "o").exists()


def test_the_chosen_redispatch_file_is_followed(tmp_path, capsys) -> None:
    src = _with_redispatch_choices(tmp_path)
    chosen = src / "misc" / "redispatch" / "redispatch_low_to_higher.csv"
    assert main(["region", "import-jemss", str(src), str(tmp_path / "o"), "--redispatch", str(chosen)]) == 0
    dispatch = tomllib.loads((tmp_path / "o" / "region.toml").read_text(encoding="utf-8"))["dispatch"]
    assert (dispatch["divert_for"], dispatch["divert_from"]) == ([1, 2], [3])  # --redispatch implies --divert
    assert "redispatch_low_to_higher.csv" in dispatch["note"]
    off = src / "misc" / "redispatch" / "redispatch_off.csv"
    region, _ = _import(src, tmp_path / "o2", redispatch=off)
    assert "divert_for" not in region["dispatch"] and "redispatch is off (redispatch_off.csv)" in region["dispatch"][
        "note"]



# --- file names: JEMSS reads each by the name sim_config.xml gives ------------------------------------------------


def test_file_names_in_another_case_are_found(tmp_path) -> None:
    """``Stations_1.csv``, ``AMBULANCES.CSV``, ``Gen_Config.xml`` (a Windows user's names): JEMSS reads them by the
    names its sim_config.xml gives; raddsim matched case-sensitively and refused the model ("no stations file")."""
    src = write_lakeside(tmp_path / "m")
    for old, new in (("stations.csv", "Stations_1.csv"), ("ambulances.csv", "AMBULANCES.CSV"),
                     ("hospitals.csv", "Hospitals.csv"), ("travel.csv", "Travel_1.csv"),
                     ("gen_config.xml", "Gen_Config.xml")):
        (src / old).rename(src / new)
    (src / "Priorities_1.csv").write_text(f"priorities,,\npriority,name,targetResponseDuration\n1,highPriority,"
                                          f"{8 / 1440}\n2,medPriority,{8 / 1440}\n3,lowPriority,{12 / 1440}\n",
                                          encoding="utf-8")
    region, types = _import(src, tmp_path / "o")
    assert [c["station"] for c in region["crews"].values()] == ["s1", "s2", "s2"]
    assert region["hospitals"]["h1"]["name"] == "Lakeside General"
    assert types["low"]["target_minutes"] == pytest.approx(12)  # Priorities_1.csv read too


# --- coordinates: JEMSS measures with its map's scales, raddsim reads degrees -------------------------------------


def _map(x_scale: float, y_scale: float) -> str:
    return (f"map,1,,,,note\nxMin,xMax,yMin,yMax,xScale,yScale\n6.99,7.05,44.99,45.05,{x_scale},{y_scale}\n")


def test_a_map_in_another_unit_is_refused_one_in_degrees_imports(tmp_path) -> None:
    """A model on a km grid (xScale = yScale = 1) with x, y within ±90 was read as degrees, unsaid; JEMSS.jl's own maps
    give degrees' scales (Edmonton 66.13 at 53.6° N), as lakeside's does (78.7 at 45° N)."""
    src = write_lakeside(tmp_path / "m")
    (src / "maps").mkdir()
    (src / "maps" / "map_1.csv").write_text(_map(1, 1), encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_jemss(src, tmp_path / "o")
    text = str(err.value)
    assert "map_1.csv" in text and "xScale = 1 and yScale = 1 km per unit are not degrees'" in text
    assert "WGS84" in text and not (tmp_path / "o").exists()
    (src / "maps" / "map_1.csv").write_text(_map(78.7, 111.32), encoding="utf-8")
    region, _ = _import(src, tmp_path / "o")
    assert len(region["stations"]) == 2


# --- JEMSS's optional mobilisation delay ------------------------------------------------------------------------


def test_a_mobilisation_delay_is_the_crews_turnout(tmp_path) -> None:
    """JEMSS.jl's mobilisation_delay.csv (its test region 1): an ambulance at its station leaves that long after
    being dispatched. raddsim ignored the file: every crew left at once. With ``use`` false, none."""
    src = write_lakeside(tmp_path / "m")
    for use, turnout in (("true", 1.0), ("false", 0.0)):
        (src / "mobilisation_delay.csv").write_text(
            'mobilisationDelay,\nuse,distribution,seed,expectedDuration\n'
            f'{use},"Normal(1/60/24, 0)",0,0.000694445\n', encoding="utf-8")
        region, _ = _import(src, tmp_path / use)
        crew = region["crews"]["a1"]
        assert crew["turnout_minutes"] == pytest.approx(turnout)
        assert ("mobilisationDelay" in crew["note"]) == (use == "true")


def test_a_mobilisation_delay_jemss_cannot_use_is_refused(tmp_path) -> None:
    src = write_lakeside(tmp_path / "m")
    (src / "mobilisation_delay.csv").write_text('mobilisationDelay,\nuse,distribution\nyes,"Exponential(1/1440)"\n',
                                                encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_jemss(src, tmp_path / "o")
    assert "use = 'yes' is not true or false" in str(err.value) and "mobilisation_delay.csv" in str(err.value)


def test_a_model_table_cut_short_of_its_title_count_is_refused(tmp_path) -> None:
    """``ambulances,4,,`` over three rows: JEMSS.jl refuses the file (cut short); raddsim imported three ambulances.
    Counts that match, and a note where the counts would be (Auckland's ``ambulances,,,Ambulance deployment …``),
    import."""
    src = write_lakeside(tmp_path / "m")
    rows = "index,base,class\n1,1,1\n2,2,1\n3,2,1\n"
    (src / "ambulances.csv").write_text("ambulances,4,,\n" + rows, encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_jemss(src, tmp_path / "o")
    assert "table 'ambulances' says it has 4 rows but has 3" in str(err.value) and "ambulances.csv" in str(err.value)
    for title in ("ambulances,3,3,", "ambulances,,,a note"):
        (src / "ambulances.csv").write_text(title + "\n" + rows, encoding="utf-8")
        region, _ = _import(src, tmp_path / title.replace(",", "_").replace(" ", "_"))
        assert len(region["crews"]) == 3


# --- the call-density raster: JEMSS places calls by it ------------------------------------------------------------


def _gen_config_with_raster(name: str) -> str:
    return GEN_CONFIG.replace("  </sim>", f"    <callDensityRaster><filename>{name}</filename></callDensityRaster>\n"
                                          "  </sim>")


def _geotiff(z: list[list[float]], west: float, north: float, step: float) -> bytes:
    """A minimal uncompressed float64 GeoTIFF (one strip), as GDAL writes JEMSS.jl's cities' rasters."""
    import struct

    height, width = len(z), len(z[0])
    pixels = struct.pack("<" + "d" * width * height, *(v for row in z for v in row))
    entries = [(256, 3, 1, width), (257, 3, 1, height), (258, 3, 1, 64), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, None), (277, 3, 1, 1), (278, 3, 1, height), (279, 4, 1, len(pixels)), (339, 3, 1, 3),
               (33550, 12, 3, None), (33922, 12, 6, None)]
    ifd_size = 2 + 12 * len(entries) + 4
    scale_at = 8 + ifd_size
    tie_at = scale_at + 24
    data_at = tie_at + 48
    out = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        value = {273: data_at, 33550: scale_at, 33922: tie_at}.get(tag, value)
        packed = struct.pack("<H", value) + b"\x00\x00" if kind == 3 else struct.pack("<I", value)
        out += struct.pack("<HHI", tag, kind, count) + packed
    out += struct.pack("<I", 0)
    out += struct.pack("<3d", step, step, 0.0) + struct.pack("<6d", 0, 0, 0, west, north, 0)
    return out + pixels


def _call_points(out: Path) -> list[tuple[float, float]]:
    lines = (out / "call_points.csv").read_text(encoding="utf-8").splitlines()[1:]
    return [(float(r.split(",")[3]), float(r.split(",")[2])) for r in lines]


def test_calls_are_placed_by_the_models_xyz_raster(tmp_path) -> None:
    """JEMSS places calls by its callDensityRaster (its test regions' as XYZ text, named from the gen_config's
    ``<inputPath>``); raddsim spread them along every road by length. Only one cell (7.03° E, 45.01° N) has people:
    every call point lies in it."""
    src = write_lakeside(tmp_path / "m")
    gen = _gen_config_with_raster("raster.xyz").replace("<genConfig>", "<genConfig>\n  <inputPath>demand</inputPath>")
    (src / "gen_config.xml").write_text(gen, encoding="utf-8")
    cells = [f"{7.0 + 0.01 * i:.2f} {45.0 + 0.01 * j:.2f} {5 if (i, j) == (3, 1) else 0}"
             for j in range(5) for i in range(5)]
    (src / "demand").mkdir()
    (src / "demand" / "raster.xyz").write_text("\n".join(cells) + "\n", encoding="utf-8")
    region, types = _import(src, tmp_path / "o")
    assert region["demand"]["alarm_objects"] == "call_points.csv" and "raster.xyz" in region["demand"]["note"]
    assert {t["location"] for t in types.values()} == {"alarm_objects"}
    assert region["demand"]["access"]["urban_circuity"] == 1.0
    points = _call_points(tmp_path / "o")
    assert len(points) == 20_000
    assert all(7.025 <= x <= 7.035 and 45.005 <= y <= 45.015 for x, y in points)


def test_a_zipped_geotiff_under_jemss_dir_is_read_north_up(tmp_path) -> None:
    """JEMSS.jl's cities name ``$jemssDir/data/…/x.tif``, shipped as ``x.zip``: found beside the model's JEMSS.jl
    folder, read north-up (row 0 is the north edge). A raster not there leaves the calls along the roads, said."""
    import zipfile

    jemss = tmp_path / "JEMSS.jl"
    src = write_lakeside(jemss / "data" / "cities" / "lakeside" / "models" / "1")
    (src / "gen_config.xml").write_text(_gen_config_with_raster("$jemssDir/data/rasters/people.tif"),
                                        encoding="utf-8")
    (jemss / "data" / "rasters").mkdir(parents=True)
    z = [[0.0, 0.0], [0.0, 2.5]]  # people only in the south-east cell
    with zipfile.ZipFile(jemss / "data" / "rasters" / "people.zip", "w") as zf:
        zf.writestr("people.tif", _geotiff(z, west=7.0, north=45.04, step=0.02))
    _import(src, tmp_path / "o")
    points = _call_points(tmp_path / "o")
    assert all(7.02 <= x <= 7.04 and 45.0 <= y <= 45.02 for x, y in points)
    (jemss / "data" / "rasters" / "people.zip").unlink()
    region, types = _import(src, tmp_path / "o2")
    assert {t["location"] for t in types.values()} == {"population"} and "was not found" in region["demand"]["note"]


def _tiff_with(tmp_path: Path, name: str, z, geo: bool = True, **kw) -> Path:
    """A GeoTIFF written by tifffile (compression, bands as asked); ``geo=False``: no pixel scale or tie point."""
    import numpy as np
    import tifffile

    tags = [(33550, 12, 3, (0.02, 0.02, 0.0), False), (33922, 12, 6, (0, 0, 0, 7.0, 45.04, 0), False)] if geo else []
    path = tmp_path / name
    tifffile.imwrite(path, np.asarray(z, dtype="f8"), extratags=tags, **kw)
    return path


def test_a_compressed_geotiff_is_read_as_its_pixels(tmp_path) -> None:
    """A deflate-compressed GeoTIFF (gdal_translate's usual output) was refused by a reader of plain strips only."""
    from raddsim.region.jemss_raster import read_raster

    z = [[0.0, 1.0, 0.0], [0.0, 2.5, 4.0]]
    raster = read_raster(_tiff_with(tmp_path, "deflate.tif", z, compression="zlib"))
    assert raster.z.tolist() == z and (raster.west, raster.north, raster.dx, raster.dy) == (7.0, 45.04, 0.02, 0.02)


@pytest.mark.parametrize("case", ["no geotags", "two bands", "cut short", "not a tiff"])
def test_a_raster_raddsim_cannot_place_calls_by_is_one_input_error_naming_it(tmp_path, case) -> None:
    from raddsim.core.errors import InputError
    from raddsim.region.jemss_raster import read_raster

    if case == "no geotags":
        path = _tiff_with(tmp_path, "plain.tif", [[1.0, 2.0]], geo=False)
    elif case == "two bands":
        path = _tiff_with(tmp_path, "bands.tif", [[[1.0, 2.0], [3.0, 4.0]]] * 2, planarconfig="separate")
    else:
        path = _tiff_with(tmp_path, "cut.tif", [[1.0, 2.0]] * 50)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3] if case == "cut short" else b"GIF89a" + data[6:])
    with pytest.raises(InputError) as err:
        read_raster(path)
    assert err.value.file == str(path) and "\n" not in str(err.value), str(err.value)
