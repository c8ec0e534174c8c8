"""Messages of the second bad-input probe (/work/notes/probe_bad2.md, items 4, 6 and 11)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from raddsim.core.errors import InputError

STATIONS = Path(__file__).resolve().parent.parent / "stations"


def _one_line(err: object) -> str:
    return " ".join(str(err).split())


# --- item 4: CSV errors name the physical line, as an editor numbers it -------------------------------------


def test_a_csv_error_names_the_physical_line_counting_comment_lines(tmp_path) -> None:
    from raddsim.demand.location_files import load_places

    p = tmp_path / "places.csv"
    p.write_text("# my places\n# 2024\nname,population,lat,lon\nNorrtälje,18000,59.76,18.70\n"
                 "Rimbo,-5223,59.7459,18.3511\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_places(p)
    assert "line 5, column 'population'" in err.value.message, str(err.value)  # was "row 3"


def test_a_duplicate_names_both_physical_lines(tmp_path) -> None:
    from raddsim.demand.location_files import load_places

    p = tmp_path / "places.csv"
    p.write_text("# a comment\nname,population,lat,lon\nA,10,59.76,18.70\n\n# another\nA,20,59.70,18.60\n",
                 encoding="utf-8")
    with pytest.raises(InputError, match="lines 3 and 6: two places") as err:  # was "rows 2 and 3"
        load_places(p)
    assert err.value.field == "name"


def test_a_quoted_cell_over_two_lines_keeps_later_lines_counted(tmp_path) -> None:
    from raddsim.core.text import read_csv_table

    p = tmp_path / "t.csv"
    p.write_text('# c\nname,note\na,"two\nlines"\nb,x\n', encoding="utf-8")
    _, rows = read_csv_table(p, ["name"])
    assert [n for n, _ in rows] == [3, 5]


def test_an_incident_export_names_the_physical_line(tmp_path) -> None:
    from raddsim.demand.replay import load_incident_csv

    p = tmp_path / "inc.csv"
    p.write_text("# exported\n# 2024\ntime,lon,lat,type\n2024-07-14T11:05,18.70,59.75,building_fire\n"
                 "2024-08-02T09:40,18.36,59.74,traffic_acident\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 5, column 'type'"):  # was "row 3"
        load_incident_csv(p, ["building_fire", "traffic_accident"])


# --- item 6: the Python API ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def region():
    from raddsim.region.region import load_region

    return load_region()


@pytest.mark.parametrize("key, value", [
    ("crews.blido.availability.seats", np.int64(3)),
    ("crews.rimbo.turnout_minutes", np.float32(4.0)),
    ("crews.rimbo.in_service", np.bool_(False)),
])
def test_derive_accepts_numpy_scalars(region, key, value) -> None:
    setup = region.derive("x", "minimum", {key: value})  # was "expected a number, got np.int64(3)"
    assert setup.derived[1][key] == value.item() and type(setup.derived[1][key]) is type(value.item())


@pytest.mark.parametrize("overrides", [None, [("crews.rimbo.turnout_minutes", 4)]])
def test_derive_refuses_overrides_that_are_not_a_mapping(region, overrides) -> None:
    with pytest.raises(InputError) as err:  # was AttributeError: ... has no attribute 'items'
        region.derive("x", "minimum", overrides)
    assert err.value.field == "overrides" and err.value.file is None


def test_a_bad_override_value_is_blamed_on_the_argument_not_the_region_file(region) -> None:
    with pytest.raises(InputError) as err:
        region.derive("x", "minimum", {"crews.blido.availability.seats": float("nan")})
    assert err.value.file is None, str(err.value)
    assert err.value.field == "overrides['crews.blido.availability.seats']", str(err.value)
    assert "in scenario" not in err.value.message


def test_load_region_target_nan_names_the_argument() -> None:
    from raddsim.region.region import load_region

    with pytest.raises(InputError) as err:
        load_region(None, target_minutes=float("nan"))
    assert err.value.file is None and err.value.field == "target_minutes", str(err.value)
    assert load_region(None, target_minutes=np.float32(9.5)).target_minutes == 9.5


def test_minutes_figures_takes_a_list() -> None:
    from raddsim import minutes_figures

    out = minutes_figures([8.0, 12.0, 9.5], 10)  # was TypeError: only integer scalar arrays …
    assert out["share_within_target"] == pytest.approx(2 / 3) and minutes_figures((8.0, 12.0), 10)["mean"] == 10.0


# --- item 11: one-line messages --------------------------------------------------------------------------------


@pytest.mark.parametrize("text, said", [
    ("[types.building_fire]\nshare = 0.1\nshare = 0.2\n", "types.building_fire.share is given twice (lines 2 and 3)."),
    ("[types.building_fire]\na = 1\n[x]\nb = 2\n[types.building_fire]\nc = 3\n",
     "the table [types.building_fire] is given twice (lines 1 and 5)."),
])
def test_a_key_or_table_given_twice_is_named_with_both_lines(tmp_path, text, said) -> None:
    from raddsim.region.config import read_toml

    p = tmp_path / "t.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:  # was tomllib's "Cannot overwrite a value (at line 3, column 9)"
        read_toml(p)
    assert err.value.message == said and err.value.file == str(p) and "delete one" in err.value.fix


def test_a_ferry_departure_as_a_toml_local_time_is_read() -> None:
    import datetime

    from raddsim.network.options import parse_clock

    assert parse_clock(datetime.time(5, 40)) == 5 * 3600 + 40 * 60  # was "not a clock time: datetime.time(5, 40)"
    assert parse_clock("05:40") == parse_clock(datetime.time(5, 40))


def test_day_hours_written_as_a_table_is_told_the_list_form() -> None:
    from raddsim.region.config import Table
    from raddsim.region.crew_availability import parse_calendar

    with pytest.raises(InputError) as err:
        parse_calendar(Table({"day_hours": {"start": 7, "end": 18}}, Path("r.toml"), "availability"))
    assert "range" not in err.value.message and "day_hours = [7, 18]" in err.value.fix, str(err.value)


def test_a_latin1_toml_file_gets_a_text_editors_advice(tmp_path) -> None:
    from raddsim.region.config import read_toml

    p = tmp_path / "r.toml"
    p.write_bytes('name = "Norrtälje"\n'.encode("latin-1"))
    with pytest.raises(InputError) as err:
        read_toml(p)
    assert "Excel" not in str(err.value) and "text editor" in err.value.fix, str(err.value)
    c = tmp_path / "r.csv"
    c.write_bytes("name\nNorrtälje\n".encode("latin-1"))
    with pytest.raises(InputError, match="CSV UTF-8"):
        from raddsim.core.text import read_text

        read_text(c)


def test_demand_types_naming_a_region_file_says_so(region_file) -> None:
    from raddsim.region.region import load_region

    here = STATIONS.as_posix()
    path = region_file(lambda s: s.replace(f'types = "{here}/incidents.toml"', f'types = "{here}/norrtalje.toml"'))
    with pytest.raises(InputError) as err:
        load_region(path)
    assert err.value.field == "demand.types" and err.value.file == str(path), str(err.value)
    assert "names norrtalje.toml, a region file" in err.value.message and "not incident types" in err.value.message


def test_a_csv_as_scenarios_file_is_told_what_the_slot_holds(tmp_path) -> None:
    from raddsim.region.scenarios import read_scenario_files

    p = tmp_path / "crews.csv"
    p.write_text("name,lat,lon,kind\nRimbo,59.74,18.36,deltid\n", encoding="utf-8")
    with pytest.raises(InputError) as err:  # was "give raddsim's TOML file here (the region file, …)"
        read_scenario_files([p], {})
    assert err.value.fix.startswith("--scenarios-file takes a scenarios file"), str(err.value)


def test_an_ordinary_sweep_is_not_called_another_calibration(tmp_path) -> None:
    import json

    from raddsim.cli.calibrate import _calibration_sweep

    (tmp_path / "sweep.json").write_text(json.dumps({"spec": {"scenarios": ["minimum"], "overrides": {},
                                                              "axes": [{"key": "demand.multiplier",
                                                                        "values": [0.9, 1.0]}]}}))
    assert not _calibration_sweep(tmp_path)
    (tmp_path / "sweep.json").write_text(json.dumps({"spec": {"scenarios": ["minimum"], "joint": True,
                                                              "overrides": {"posterior": False}}}))
    assert _calibration_sweep(tmp_path)


def test_seats_on_a_crew_without_a_pool_is_warned_once(region, caplog) -> None:
    with caplog.at_level("WARNING", logger="raddsim"):
        region.derive("x", "minimum", {"crews.rimbo.availability.seats": 3})
        region.derive("y", "minimum", {"crews.rimbo.availability.seats": 3})
        region.derive("z", "minimum", {"crews.blido.availability.seats": 3})  # a pool: seats limits it
        region.derive("w", "minimum", {"crews.rimbo.availability.seats": 8})  # at or above every level: harmless
    said = [r.getMessage() for r in caplog.records if "seats" in r.getMessage()]
    assert len(said) == 1 and "crews.rimbo.availability.seats = 3, but crew 'rimbo' rides its scheduled staffing in " \
        "full (minimum " in said[0], said
    assert "limits only a fri-inryckning pool" in said[0] and "Fix:" in said[0]


def test_an_extra_crew_at_an_external_station_is_told_it_is_external(tmp_path) -> None:
    import shutil

    from raddsim.optimise.options import load_options

    for name in ("options_norrtalje.toml", "options_norrtalje_sites.csv"):
        shutil.copy(STATIONS / name, tmp_path / name)
    opts = tmp_path / "options_norrtalje.toml"
    text = opts.read_text(encoding="utf-8")
    old = 'stations = ["norrtalje", "rimbo", "hallstavik", "almsta", "blido"]'
    assert old in text
    opts.write_text(text.replace(old, 'stations = ["norrtalje", "vallentuna"]').replace(
        'region = "norrtalje.toml"', f'region = "{(STATIONS / "norrtalje.toml").as_posix()}"'), encoding="utf-8")
    with pytest.raises(InputError) as err:  # was "unknown station 'vallentuna'"
        load_options(opts)
    assert "station 'vallentuna' is external" in err.value.message, str(err.value)


def _abc_result(reported: float) -> dict:
    return {"scenario": "minimum", "reported_minutes": {"2022": reported}, "target_minutes": 10.0,
            "tolerance_minutes": 0.1, "parameter_sets": 12, "replications_per_set": 2,
            "accepted_pseudo_observations": 0, "pseudo_observations": 24, "accepted_sets": 0,
            "simulated_single_year_5_95": (10.55, 12.90)}


def test_calibrate_with_few_sets_and_the_report_inside_the_spread_says_too_few_sets() -> None:
    from raddsim.experiment.abc import format_abc

    text = format_abc(_abc_result(10.86))  # was "the model, with these ranges, does not fit the data"
    assert "too few sets to tell" in text and "raise --sets" in text and "does not fit the data" not in text
    assert "does not fit the data" in format_abc(_abc_result(15.0))
