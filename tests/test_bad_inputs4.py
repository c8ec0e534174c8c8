"""A fourth pass over bad input: the files Swedish planners write themselves.

A small Swedish municipality on a hand-written OpenStreetMap XML network, written from the README and
docs/formats.md alone, then damaged the way Excel, Notepad and copy-paste damage files: what should work
works, and everything else is one error line (file, field, fix) with exit status 2.
"""

from __future__ import annotations

import pathlib
from pathlib import Path

import pytest

from raddsim.cli import main
from raddsim.core.errors import InputError

ROWS, COLS = 6, 6


def write_osm(path: Path) -> Path:
    """A 6 × 6 grid of roads near Knivsta (59.70–59.75N, 17.75–17.85E) as OpenStreetMap XML, by hand."""
    nodes, ways = [], []
    for i in range(ROWS):
        for j in range(COLS):
            nodes.append(f'<node id="{i * COLS + j + 1}" lat="{59.70 + i * 0.01:.5f}" lon="{17.75 + j * 0.02:.5f}" '
                         'version="1"/>')
    for i in range(ROWS):
        refs = "".join(f'<nd ref="{i * COLS + j + 1}"/>' for j in range(COLS))
        ways.append(f'<way id="{i + 1}" version="1">{refs}<tag k="highway" v="residential"/>'
                    f'<tag k="name" v="Väg {i}"/></way>')
    for j in range(COLS):
        refs = "".join(f'<nd ref="{i * COLS + j + 1}"/>' for i in range(ROWS))
        ways.append(f'<way id="{100 + j}" version="1">{refs}<tag k="highway" v="tertiary"/>'
                    '<tag k="maxspeed" v="70"/></way>')
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="hand">\n'
                    + "\n".join(nodes + ways) + "\n</osm>\n", encoding="utf-8")
    return path


REGION = """[region]
name = "Knivsta"
network = "knivsta.osm"
target_minutes = 12
default_scenarios = ["bas"]

[stations.knivsta]
name = "Knivsta"
lat = 59.72
lon = 17.79

[stations.alsike]
name = "Alsike"
lat = 59.74
lon = 17.83

[crews.knivsta]
name = "Knivsta deltid"
station = "knivsta"
kind = "part-time"
turnout_minutes = 6
staffing.minimum = { crew_commander = 1, firefighters = 2 }

[crews.alsike]
name = "Alsike heltid"
station = "alsike"
kind = "full-time"
turnout_minutes = 1.5
staffing.minimum = { crew_commander = 1, firefighters = 4 }

[scenarios.bas]
description = "minimum"
staffing = "minimum"

[demand]
alarms_per_year = 200
population = 20000
places = "tatorter.csv"
"""

PLACES = "name,population,lat,lon\nKnivsta,12000,59.725,17.79\nAlsike,6000,59.745,17.83\n"


@pytest.fixture
def knivsta(tmp_path) -> Path:
    """The region folder: region.toml, tatorter.csv and knivsta.osm."""
    write_osm(tmp_path / "knivsta.osm")
    (tmp_path / "region.toml").write_text(REGION, encoding="utf-8")
    (tmp_path / "tatorter.csv").write_text(PLACES, encoding="utf-8")
    return tmp_path


def run_region(folder: Path, capsys) -> tuple[int, str]:
    """``raddsim run --region folder`` (one replication): its exit status and its error output."""
    capsys.readouterr()
    code = main(["run", "--region", str(folder), "--replications", "1"])
    return code, capsys.readouterr().err.strip()


def one_error(folder: Path, capsys, *words: str) -> str:
    """Run and check: exit 2, one line, no traceback, every word in it."""
    code, err = run_region(folder, capsys)
    assert code == 2, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    for w in words:
        assert w in err, (w, err)
    return err


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_the_swedish_region_runs(knivsta, capsys) -> None:
    assert run_region(knivsta, capsys) == (0, "")


# ------------------------------------------------------------------ 1. files that cannot be read


def test_an_unreadable_region_file_is_one_line(knivsta, capsys, monkeypatch) -> None:
    """chmod 000 (tests run as root, so the refusal is simulated): was a PermissionError traceback."""
    real = pathlib.Path.read_bytes

    def read_bytes(self):
        if self.name == "tatorter.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    one_error(knivsta, capsys, "tatorter.csv: cannot be read: permission denied", "chmod u+r")


def test_a_file_a_library_cannot_open_is_one_line(knivsta, capsys, monkeypatch) -> None:
    """A network or an outline is opened by osmnx, pyrosm or GDAL: their PermissionError was a traceback."""
    import raddsim.cli.run

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(knivsta / "knivsta.osm"))

    monkeypatch.setattr(raddsim.cli.run, "load_region", denied, raising=False)
    monkeypatch.setattr("raddsim.region.region.load_region", denied)
    one_error(knivsta, capsys, "knivsta.osm: permission denied", "chmod")


# ------------------------------------------------------------------ 2. ids that read alike


@pytest.mark.parametrize("table, key, other", [
    ("stations", "Knivsta", "knivsta"),          # case
    ("stations", '"knivstå"', "knivsta"),        # å for a
    ("crews", '"Älsike"', "alsike"),             # both
])
def test_ids_that_differ_only_in_case_or_accents_are_refused(knivsta, capsys, table, key, other) -> None:
    """Was accepted: a second station with no crew and a station area of its own, taking the first's alarms."""
    extra = {"stations": 'name = "Knivsta 2"\nlat = 59.73\nlon = 17.80\n',
             "crews": 'name = "Alsike 2"\nstation = "alsike"\nkind = "full-time"\nturnout_minutes = 2\n'
                      "staffing.minimum = { crew_commander = 1, firefighters = 2 }\n"}[table]
    with (knivsta / "region.toml").open("a", encoding="utf-8") as f:
        f.write(f"\n[{table}.{key}]\n{extra}")
    one_error(knivsta, capsys, f"{table}.{key.strip(chr(34))}", f"differs from '{other}' only in upper/lower case",
              "region.toml")


def test_ids_that_differ_in_letters_still_load(knivsta, capsys) -> None:
    with (knivsta / "region.toml").open("a", encoding="utf-8") as f:
        f.write('\n[stations.knivsta_2]\nname = "Knivsta 2"\nlat = 59.73\nlon = 17.80\n')
    assert run_region(knivsta, capsys) == (0, "")


# ------------------------------------------------------------------ 3. coordinates from Swedish sources


def _write_places(folder: Path, row: str, encoding: str = "utf-8") -> None:
    (folder / "tatorter.csv").write_text(f"name,population,lat,lon\n{row}\nAlsike,6000,59.745,17.83\n",
                                         encoding=encoding)


@pytest.mark.parametrize("row, words", [
    # Was "6621000.0 is outside [-90, 90]. Fix: correct the row." — not saying why.
    ("Knivsta,12000,6621000,660000", ["tatorter.csv", "column 'lat'", "SWEREF 99 TM", "WGS84 decimal degrees"]),
    # Was "expected a number, got '59,725'": Excel quotes a cell holding a decimal comma.
    ('Knivsta,12000,"59,725","17,79"', ["column 'lat'", "a decimal comma? write 59.725"]),
    # Was "… is 6368.8 km from the nearest road of the network": the columns in the other order.
    ("Knivsta,12000,17.79,59.725", ["place 'Knivsta'", "lat and lon swapped? 59.72500N 17.79000E lies 0.",
                                    "km from the network's roads"]),
])
def test_place_coordinates_say_what_they_probably_are(knivsta, capsys, row, words) -> None:
    _write_places(knivsta, row)
    one_error(knivsta, capsys, *words)


@pytest.mark.parametrize("lat, lon, words", [
    ("6621000", "660000", ["stations.knivsta.lat", "SWEREF 99 TM"]),
    ('"59,72"', "17.79", ["stations.knivsta.lat", "a decimal comma? write 59.72"]),
    ("17.79", "59.72", ["stations.knivsta.lat/lon", "lat and lon swapped? 59.72000N 17.79000E"]),
])
def test_station_coordinates_say_what_they_probably_are(knivsta, capsys, lat, lon, words) -> None:
    edit(knivsta / "region.toml", "lat = 59.72\nlon = 17.79", f"lat = {lat}\nlon = {lon}")
    one_error(knivsta, capsys, *words)


def test_an_incident_log_in_sweref_metres_says_so(knivsta) -> None:
    from raddsim.demand.replay import load_incident_csv

    log = knivsta / "larm.csv"
    log.write_text("time,lon,lat,type\n2023-07-01T10:00,660000,6621000,alarm\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a longitude .*SWEREF 99 TM"):
        load_incident_csv(log, ["alarm"])


@pytest.mark.parametrize("data", [
    "\ufeffname,population,lat,lon\r\nKnivsta,12000,59.725,17.79\r\nÅlsike,6000,59.745,17.83\r\n".encode("utf-8"),
    "name,population,lat,lon\rKnivsta,12000,59.725,17.79\rÅlsike,6000,59.745,17.83\r".encode("utf-8"),  # old Mac
])
def test_a_bom_and_windows_or_mac_line_ends_work(knivsta, capsys, data) -> None:
    from raddsim.demand.location_files import load_places

    (knivsta / "tatorter.csv").write_bytes(data)
    assert [p.name for p in load_places(knivsta / "tatorter.csv")] == ["Knivsta", "Ålsike"]
    text = (knivsta / "region.toml").read_text(encoding="utf-8")
    (knivsta / "region.toml").write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    assert run_region(knivsta, capsys) == (0, "")


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b"# only a comment\n"])
def test_an_empty_places_file_says_it_is_empty(knivsta, capsys, data) -> None:
    """Was "missing column(s) name, population, lat, lon (found: none)"."""
    (knivsta / "tatorter.csv").write_bytes(data)
    one_error(knivsta, capsys, "tatorter.csv", "the file is empty", "write the header name,population,lat,lon")
