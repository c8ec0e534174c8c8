"""Leftovers of the previous bad-input rounds (session 2026-12-01, evening): Python arguments that were accepted
silently or refused wrongly.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import numpy as np
import pytest
from sweep_helpers import write_region
from test_jemss_import import write_lakeside

from raddsim.core.errors import InputError


@pytest.fixture(scope="module")
def gridby(tmp_path_factory):
    from raddsim import build_model, load_region

    return build_model(load_region(write_region(tmp_path_factory.mktemp("gridby"))))


@pytest.mark.parametrize("names", [np.array(["high", "low"]), ("high", "low"), (n for n in ["high", "low"])])
def test_select_scenarios_takes_any_ordered_collection_of_names(gridby, names) -> None:
    # A numpy array of names was refused as "names must be a scenario name or a list of them".
    from raddsim import select_scenarios

    chosen = select_scenarios(gridby.region.scenarios, names, str(gridby.region.file))
    assert [s.name for s in chosen] == ["high", "low"]
    assert all(type(s.name) is str for s in chosen)


def test_select_scenarios_refuses_a_set_as_it_has_no_order(gridby) -> None:
    from raddsim import select_scenarios

    with pytest.raises(InputError) as err:
        select_scenarios(gridby.region.scenarios, frozenset({"low", "high"}), str(gridby.region.file))
    assert err.value.field == "names" and "the differences are from the first" in str(err.value)


@pytest.mark.parametrize("target", [0, -5, float("nan"), True, "10"])
def test_import_jemss_refuses_a_target_that_is_no_target(tmp_path, target) -> None:
    # 0 fell back to the model's own target without a word; -5 and NaN were written into region.toml.
    from raddsim.region.jemss import import_jemss

    src = write_lakeside(tmp_path / "lakeside")
    with pytest.raises(InputError) as err:
        import_jemss(src, tmp_path / "out", target_minutes=target)
    assert err.value.field == "target_minutes"
    assert not (tmp_path / "out").exists()


def test_import_jemss_writes_the_target_it_is_given(tmp_path) -> None:
    from raddsim.region.jemss import import_jemss

    path = import_jemss(write_lakeside(tmp_path / "lakeside"), tmp_path / "out", target_minutes=8.5)
    assert tomllib.loads(path.read_text())["region"]["target_minutes"] == 8.5


# ------------------------------------------------------------------ a crew's kind in a Swedish planner's words
def test_heltid_deltid_and_rib_name_crew_kinds_in_a_region_file(tmp_path) -> None:
    # Were refused ("'deltid' is not allowed"): the words a Swedish planner writes for full-time and part-time.
    from raddsim import build_model, load_region, run_scenario

    path = write_region(tmp_path / "a")
    swedish = write_region(tmp_path / "b")
    text = swedish.read_text(encoding="utf-8")
    swedish.write_text(text.replace('kind = "full-time"', 'kind = "Heltid"').replace('kind = "part-time"',
                                                                                     'kind = "RIB"'), encoding="utf-8")
    assert swedish.read_text(encoding="utf-8") != text
    a, b = load_region(path), load_region(swedish)
    kinds = [[c.kind for c in r.scenarios["low"].crews] for r in (a, b)]
    assert kinds[0] == kinds[1] and set(kinds[0]) == {"full-time", "part-time"}
    runs = [run_scenario(build_model(r), "low", years=0.05, replications=2, seed=3) for r in (a, b)]
    assert np.array_equal(runs[0].records[0].t_arrival, runs[1].records[0].t_arrival, equal_nan=True)


def test_a_word_that_is_no_crew_kind_names_the_swedish_words_too(tmp_path) -> None:
    from raddsim import load_region

    path = write_region(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace('kind = "part-time"', 'kind = "frivillig"'),
                    encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_region(path)
    assert err.value.field.endswith("kind") and "heltid, deltid or RIB" in str(err.value)


def test_the_starter_table_reads_deltid_as_part_time(tmp_path, capsys) -> None:
    from test_region_new import CREWS, _new, _table

    from raddsim.cli import main

    table = _table(tmp_path, CREWS.replace(",part-time,", ",deltid,").replace(",full-time,", ",heltid,"))
    assert main(_new(tmp_path, table=table)) == 0, capsys.readouterr().err
    crews = tomllib.loads((tmp_path / "region" / "region.toml").read_text(encoding="utf-8"))["crews"]
    assert crews["rimbo"]["kind"] == "part-time" and crews["norrtalje"]["kind"] == "full-time"


def test_a_region_made_from_a_relative_network_path_names_the_file_from_anywhere(tmp_path, monkeypatch,
                                                                                  capsys) -> None:
    # The converted copy kept "networks/norrtalje_approx.osm" as typed: from another folder it named no file.
    import shutil

    from test_region_new import CREWS, NETWORK, _table

    from raddsim.cli import main

    (tmp_path / "networks").mkdir()
    shutil.copy(NETWORK, tmp_path / "networks" / NETWORK.name)
    monkeypatch.chdir(tmp_path)
    assert main(["region", "new", "reg", "--network", f"networks/{NETWORK.name}", "--stations",
                 str(_table(tmp_path, CREWS)), "--alarms-per-year", "300", "--population", "9000"]) == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    capsys.readouterr()
    assert main(["network", "info", "--region", "../reg", "--json", "info.json"]) == 0
    info = json.loads((elsewhere / "info.json").read_text(encoding="utf-8"))
    assert Path(info["source"]).is_absolute() and Path(info["source"]).is_file(), info["source"]


def test_a_starter_region_with_staffing_levels_does_not_ask_for_scenarios_it_has(tmp_path, capsys) -> None:
    # Its head said "add scenarios (minimum, ambition, ...)" above a file that held both.
    from test_region_new import _new, _table

    from raddsim.cli import main

    table = _table(tmp_path, "name,lat,lon,kind,firefighters@minimum,firefighters@ambition\n"
                             "Rimbo,59.7420,18.3660,part-time,2,4\n")
    assert main(_new(tmp_path, table=table)) == 0, capsys.readouterr().err
    head = (tmp_path / "region" / "region.toml").read_text(encoding="utf-8").split("\n\n")[0]
    assert "its scenarios are the table's staffing levels (minimum, ambition); add others" in head
    assert "add scenarios (minimum" not in head


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_not_comparable_footnotes_allow_for_shares_that_round_alike(lang) -> None:
    # Beside "0.3% → 0.3%" the footnote said the share "changes" (sv "ändras"), which read as a slip.
    from raddsim.views.i18n import t

    for key in ("not_comparable", "not_comparable_eff"):
        text = t(key, lang)
        assert "changes" not in text and "ändras" not in text
        assert ("rounded shares look alike" if lang == "en" else "avrundade andelarna ser lika ut") in text


# ------------------------------------------------------------------ a file the region names, missing
_REFERENCED = [("demand.types", 'types = "incidents.toml"'), ("demand.places", 'places = "norrtalje_tatorter.csv"'),
               ("demand.holiday_homes.areas", 'areas = "norrtalje_holiday_areas.csv"'),
               ("archipelago.islands", 'islands = "norrtalje_islands.csv"'),
               ("archipelago.launches", 'launches = "norrtalje_boat_launches.csv"'),
               ("demand.alarm_objects", 'alarm_objects = "norrtalje_alarm_objects.csv"')]


@pytest.mark.parametrize("field, line", _REFERENCED, ids=[f for f, _ in _REFERENCED])
def test_a_missing_file_the_region_names_is_named_with_the_region_file_and_its_key(tmp_path, field, line) -> None:
    # Were "stations/x.csv: places file not found. Fix: check the path in the region file." (which file? which key?),
    # and for types "file not found. Fix: check the path." — the region file and its key were not named.
    import shutil

    from raddsim import load_region

    root = Path(__file__).resolve().parents[1]
    for folder in ("stations", "geodata", "networks"):
        shutil.copytree(root / folder, tmp_path / folder)
    region = tmp_path / "stations" / "norrtalje.toml"
    text = region.read_text(encoding="utf-8")
    assert line in text
    region.write_text(text.replace(line, line.replace('= "', '= "missing_')), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_region(region)
    assert err.value.file == str(region) and err.value.field == field
    assert "names 'missing_" in str(err.value) and "relative to norrtalje.toml" in str(err.value)


def test_an_empty_table_in_a_scenario_is_refused_as_it_changes_nothing(tmp_path) -> None:
    # `turnout_minutes = {}` over a ranged value was merged into it and changed nothing, without a word.
    from raddsim import load_region

    path = write_region(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "[scenarios.low]" in text
    path.write_text(text.replace("[scenarios.low]", "[scenarios.low]\ncrews.east_pt.turnout_minutes = {}"),
                    encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_region(path)
    assert err.value.field == "scenarios.low.crews.east_pt.turnout_minutes"
    assert "empty table, which changes nothing" in str(err.value)
