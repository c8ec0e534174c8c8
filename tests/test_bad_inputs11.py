"""Bad input, eleventh round: what the bad-input probe (notes/probe_bad.md sections 2, 3, 8, 10, 11) found.

Each test failed before its fix. The findings: a region's ``default_scenarios`` naming one scenario twice loaded and
then failed in ``run`` with the Python API's words; a replay took ``observed_minutes = 0`` as a response time;
station, crew and incident-type ids that differ only in spaces (or case, for types) loaded as two, and an empty
id loaded; ``region new`` merged level columns that differ only in case or spaces, dropping one; and a vehicle's
top speed or the blue-light cap of a lost 0 (9 for 90 km/h) was driven as given. All offline, on a copy of the
shipped region (``shipped_copy``) or small CSV files.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from test_bad_inputs3 import _damage, _exit_and_error
from test_bad_inputs3 import shipped_copy  # noqa: F401  (the fixture)
from test_bad_inputs6 import _one_line

from raddsim.core.errors import InputError
from raddsim.region.region import load_region

ROOT = Path(__file__).resolve().parents[1]


def _refused(region: Path, file: Path, field: str, *words: str) -> str:
    """The one-line error loading ``region`` gives, checked to name ``file`` and ``field`` and hold ``words``."""
    with pytest.raises(InputError) as err:
        load_region(region)
    text = _one_line(err.value)
    assert err.value.file == str(file) and err.value.field == field, text
    assert all(w in text for w in words), text
    return text


# ------------------------------------------------------------------ 11. default_scenarios naming one twice
def test_default_scenarios_listing_one_twice_is_refused_at_load(shipped_copy, capsys) -> None:  # noqa: F811
    # Was: loaded; run/report then said "setups: setups names scenario 'minimum' more than once" (no file, no key).
    _damage(shipped_copy, r"^default_scenarios = .*$", 'default_scenarios = ["minimum", "minimum"]')
    _refused(shipped_copy, shipped_copy, "region.default_scenarios", "'minimum' is listed twice",
             "Fix: list each scenario once.")
    code, err = _exit_and_error(["run", "--stations", str(shipped_copy), "--replications", "1", "--years", "0.01"],
                                capsys)
    assert code == 2 and str(shipped_copy) in err and "region.default_scenarios" in err, err
    assert "setups" not in err, err


# ------------------------------------------------------------------ 3. a replay's observed_minutes of 0
TYPES = ["automatic_alarm", "building_fire", "traffic_accident"]
HEAD = "time,lon,lat,type,observed_minutes\n"


@pytest.mark.parametrize("zero", ["0", "0.0", "-0", "00"])
def test_an_observed_time_of_zero_minutes_is_refused(tmp_path, zero) -> None:
    # Was: taken as a crew on scene the minute of the alarm (an export's "no arrival recorded"): observed median 0.
    from raddsim.demand import load_incident_csv

    csv = tmp_path / "obs.csv"
    csv.write_text(HEAD + "2024-08-03T15:00,18.60,60.05,automatic_alarm,12.5\n"
                          f"2024-07-14T11:05,18.70,59.75,building_fire,{zero}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_incident_csv(csv, TYPES)
    text = _one_line(err.value)
    assert err.value.file == str(csv) and err.value.field == "observed_minutes", text
    assert "line 3, column 'observed_minutes': 0 min from alarm to arrival is impossible" in text, text
    assert "Fix: leave the cell empty for an alarm without a recorded arrival." in text, text


def test_an_empty_or_small_observed_time_still_loads(tmp_path) -> None:
    from raddsim.demand import load_incident_csv

    csv = tmp_path / "obs.csv"
    csv.write_text(HEAD + "2024-07-14T11:05,18.70,59.75,building_fire,\n"
                          "2024-08-03T15:00,18.60,60.05,automatic_alarm,0.4\n", encoding="utf-8")
    observed = load_incident_csv(csv, TYPES).observed_min  # sorted by time
    assert observed[0] != observed[0] and observed[1] == 0.4  # NaN: no arrival recorded (July first)


# ------------------------------------------------------------------ 10. ids alike but for spaces; empty ids
RIMBO_2 = '\n[stations.{key}]\nname = "Rimbo 2"\nlat = 59.75\nlon = 18.37\n'
CREW = ('\n[crews.{key}]\nname = "Rimbo 2"\nstation = "{station}"\nkind = "part-time"\nturnout_minutes = 5\n'
        'capabilities = ["smoke_diving"]\nstaffing.minimum = {{ crew_commander = 1, firefighters = 4 }}\n'
        'staffing.ambition = {{ crew_commander = 1, firefighters = 4 }}\n')


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


@pytest.mark.parametrize("key, said", [('"rimbo "', "only in spaces before or after it"),
                                       ('" rimbo"', "only in spaces before or after it"),
                                       ('"Rimbo "', "upper/lower case, accents (å, ä, ö) or surrounding spaces")])
def test_a_station_id_alike_but_for_spaces_is_refused(shipped_copy, key, said) -> None:  # noqa: F811
    # Was: [stations."rimbo "] beside [stations.rimbo] loaded as a second station splitting Rimbo's area.
    _append(shipped_copy, RIMBO_2.format(key=key) + CREW.format(key="rimbo2", station=key.strip('"')))
    text = _refused(shipped_copy, shipped_copy, f"stations.{key.strip(chr(34))}", said,
                    f"the id '{key.strip(chr(34))}' differs from 'rimbo'")
    assert f'[stations.{key}]' in text, text  # the fix quotes the id as TOML writes it


def test_a_crew_id_alike_but_for_spaces_is_refused(shipped_copy) -> None:  # noqa: F811
    _append(shipped_copy, CREW.format(key='"rimbo "', station="rimbo"))
    _refused(shipped_copy, shipped_copy, "crews.rimbo ", "only in spaces before or after it")


@pytest.mark.parametrize("key", ['""', '"  "'])
def test_an_empty_station_id_is_refused(shipped_copy, key) -> None:  # noqa: F811
    _append(shipped_copy, RIMBO_2.format(key=key))
    _refused(shipped_copy, shipped_copy, "stations", "an id is empty", "Fix: give it an id of letters")


def test_an_id_alike_but_for_its_unicode_form_says_so(shipped_copy) -> None:  # noqa: F811
    # The NFC 'örby' and the NFD 'o' + U+0308 print alike: the message says what tells them apart.
    _append(shipped_copy, RIMBO_2.format(key='"\u00f6rby"') + RIMBO_2.format(key='"o\u0308rby"')
            .replace("59.75", "59.76"))
    _refused(shipped_copy, shipped_copy, "stations.o\u0308rby", "(Unicode NFC or NFD)")


def test_incident_type_ids_alike_but_for_case_are_refused(shipped_copy) -> None:  # noqa: F811
    # Was: [types.Building_fire] beside [types.building_fire] ran, two per-type rows that read alike.
    types = shipped_copy.parent / "incidents.toml"
    _damage(types, r"^\[types\.water_rescue\]$", "[types.Building_fire]")
    _refused(shipped_copy, types, "types.Building_fire", "differs from 'building_fire' only in upper/lower case")


def test_the_same_name_warning_quotes_an_id_with_spaces(shipped_copy, caplog) -> None:  # noqa: F811
    # Was: "stations.rimbo and stations.rimbo  are both named" — the two ids could not be told apart.
    _append(shipped_copy, RIMBO_2.format(key='"rimbo 2"').replace('"Rimbo 2"', '"Rimbo"')
            + CREW.format(key="rimbo2", station="rimbo 2"))
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        load_region(shipped_copy)
    said = [r.getMessage() for r in caplog.records if "both named 'Rimbo'" in r.getMessage()]
    assert said and 'stations.rimbo and stations."rimbo 2" are both named' in said[0], said


# ------------------------------------------------------------------ 2. region new: level columns alike
NETWORK = ROOT / "networks" / "norrtalje_approx.osm"


@pytest.mark.parametrize("first, second", [("firefighters@Minimum", "firefighters@minimum"),
                                           ("firefighters@minimum", "firefighters@ minimum")])
def test_level_columns_alike_but_for_case_or_spaces_are_refused(tmp_path, capsys, first, second) -> None:
    # Was: merged into one level 'minimum'; the second column's numbers vanished unsaid.
    from raddsim.region.starter_table import read_crew_table

    table = tmp_path / "levels.csv"
    table.write_text(f"name,lat,lon,kind,{first},{second}\nRimbo,59.7420,18.3660,part-time,4,2\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_crew_table(table)
    text = _one_line(err.value)
    assert err.value.file == str(table) and err.value.field == second, text
    assert f"columns '{first}' and '{second}' both give level 'minimum'" in text, text
    assert "Fix: delete or rename one of them." in text, text
    code, err_text = _exit_and_error(["region", "new", str(tmp_path / "out"), "--network", str(NETWORK),
                                      "--stations", str(table), "--alarms-per-year", "500", "--population", "22000"],
                                     capsys)
    assert code == 2 and "both give level 'minimum'" in err_text and not (tmp_path / "out").exists(), err_text


# ------------------------------------------------------------------ 8. speeds of a lost 0
SLOW = {
    "heavy top speed 9": (r"^top_speed_kmh = .*$", 'top_speed_kmh = { value = 9.0, range = [8.0, 10.0], source = "x" }',
                          "network.vehicles.heavy.top_speed_kmh", "9 km/h"),
    "heavy top speed range from 20": (r"^top_speed_kmh = .*$",
                                      'top_speed_kmh = { value = 90.0, range = [20.0, 100.0], source = "x" }',
                                      "network.vehicles.heavy.top_speed_kmh.range", "20 km/h"),
    "blue-light cap 5": (r"^enabled = true$", "enabled = true\nmax_speed_kmh = 5", "network.blue_light.max_speed_kmh",
                         "5 km/h"),
}


@pytest.mark.parametrize("case", SLOW)
def test_a_vehicle_speed_of_a_lost_zero_is_refused(shipped_copy, case) -> None:  # noqa: F811
    # Was: a heavy top speed of 9 km/h raised the mean response time from 11 to 56 min, no word said.
    pattern, line, field, value = SLOW[case]
    _damage(shipped_copy, pattern, line)
    _refused(shipped_copy, shipped_copy, field, f"{value} is slower than any rescue vehicle drives (a missing 0?)",
             "at least 30")


def test_a_vehicle_speed_at_the_floor_still_loads(shipped_copy) -> None:  # noqa: F811
    _damage(shipped_copy, r"^top_speed_kmh = .*$", 'top_speed_kmh = { value = 40.0, range = [30.0, 50.0] }')
    _damage(shipped_copy, r"^enabled = true$", "enabled = true\nmax_speed_kmh = 30")
    region = load_region(shipped_copy)
    assert region.network_options.blue_light.max_speed_kmh == 30.0
    assert dict(region.network_options.vehicles)["heavy"].top_speed_kmh == 40.0
