"""Text inputs: encodings, byte-order marks, time zones and non-finite numbers in incident CSVs."""

from __future__ import annotations

import numpy as np
import pytest

from raddsim.core.errors import InputError
from raddsim.demand import load_incident_csv
from raddsim.demand.location_files import load_places
from raddsim.region.config import read_toml

TYPES = ["automatic_alarm", "building_fire"]
HEAD = "time,lon,lat,type,observed_minutes\n"


def _csv(tmp_path, body: str, data: bytes | None = None):
    p = tmp_path / "alarms.csv"
    p.write_bytes(data if data is not None else (HEAD + body).encode("utf-8"))
    return p


@pytest.mark.parametrize("stamp, local", [
    ("2023-07-14T11:05:00Z", "2023-07-14T13:05:00"),        # summer: UTC+2
    ("2023-01-14T11:05:00+00:00", "2023-01-14T12:05:00"),   # winter: UTC+1
    ("2023-07-14T13:05:00+02:00", "2023-07-14T13:05:00"),
    ("2023-07-14T07:05:00-04:00", "2023-07-14T13:05:00"),
    ("2023-07-14T13:05:00", "2023-07-14T13:05:00"),         # no offset: already local
])
def test_time_zones_are_converted_to_local_time_never_dropped(tmp_path, stamp, local) -> None:
    a = load_incident_csv(_csv(tmp_path, f"{stamp},18.71,59.75,building_fire,\n"), TYPES)
    assert a.time[0] == np.datetime64(local, "s")


def test_time_zone_of_the_region_is_used(tmp_path) -> None:
    a = load_incident_csv(_csv(tmp_path, "2023-07-14T11:05:00Z,18.71,59.75,building_fire,\n"), TYPES, "America/Edmonton")
    assert a.time[0] == np.datetime64("2023-07-14T05:05:00", "s")


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "Infinity", "1e999"])
def test_non_finite_observed_minutes_name_row_and_column(tmp_path, value) -> None:
    p = _csv(tmp_path, f"2023-07-14T13:05:00,18.71,59.75,building_fire,8\n2023-07-14T14:05:00,18.71,59.75,building_fire,{value}\n")
    with pytest.raises(InputError) as err:
        load_incident_csv(p, TYPES)
    assert "line 3" in str(err.value) and "observed_minutes" in str(err.value) and str(p) in str(err.value)


def test_bom_is_accepted_latin1_and_binary_are_named(tmp_path) -> None:
    row = "2023-07-14T13:05:00,18.71,59.75,building_fire,8\n"
    p = _csv(tmp_path, "", b"\xef\xbb\xbf" + (HEAD + row).encode("utf-8"))
    assert len(load_incident_csv(p, TYPES)) == 1
    p = _csv(tmp_path, "", (HEAD + "# Norrtälje\n" + row).encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8") as err:
        load_incident_csv(p, TYPES)
    assert str(p) in str(err.value)
    p = _csv(tmp_path, "", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(InputError, match="binary") as err:
        load_incident_csv(p, TYPES)
    assert str(p) in str(err.value)


def test_toml_with_bom_reads_and_latin1_is_named(tmp_path) -> None:
    p = tmp_path / "a.toml"
    p.write_bytes(b"\xef\xbb\xbf" + 'name = "Norrt\xc3\xa4lje"\n'.encode("latin-1"))
    assert read_toml(p) == {"name": "Norrtälje"}
    p.write_bytes('name = "Norrtälje"\n'.encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8") as err:
        read_toml(p)
    assert str(p) in str(err.value)


def test_places_with_bom_read_and_duplicate_names_are_refused(tmp_path) -> None:
    p = tmp_path / "places.csv"
    p.write_bytes(b"\xef\xbb\xbfname,population,lat,lon\nRimbo,5000,59.74,18.36\n")
    assert load_places(p)[0].name == "Rimbo"
    p.write_text("name,population,lat,lon\nRimbo,5000,59.74,18.36\nRimbo,10,59.75,18.37\n", encoding="utf-8")
    with pytest.raises(InputError, match="lines 2 and 3") as err:
        load_places(p)
    assert "Rimbo" in str(err.value)
