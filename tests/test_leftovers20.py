"""Leftovers of earlier rounds, closed (session 20): an OSM ``maxspeed`` raddsim cannot read is said, not kept
silently (corpus19 found ``maxspeed="abc"`` driven at the class speed without a word)."""

from __future__ import annotations

import logging

import pytest
from conftest import write_grid_osm

from raddsim.cli import main
from raddsim.network.speeds import unread_maxspeed, unread_message


@pytest.mark.parametrize(("value", "unread"), [
    ("abc", "abc"), (" fast ", "fast"), (["abc", "x"], "abc;x"),
    ("50", ""), ("30 mph", ""), ("50;70", ""), ("fast;50", ""), (["abc", "60"], ""),  # a read part counts
    ("SE:rural", ""), ("DE:rural", ""), ("none", ""), ("signals", ""), ("Variable", ""), ("", ""), (None, ""),
    (float("nan"), ""),
])
def test_which_maxspeed_values_are_unread(value, unread) -> None:
    assert unread_maxspeed(value) == unread


def test_the_message_lists_the_most_common_values_first_and_counts_the_rest() -> None:
    text = unread_message({"a": 1, "b": 3, "c": 2, "d": 1, "e": 1, "f": 1}, "roads.osm", shown=3)
    assert text.startswith("roads.osm: maxspeed values raddsim cannot read: 'b' on 3 edges, 'c' on 2 edges, "
                           "'a' on 1 edge and 3 more.")
    assert "Fix:" in text


@pytest.mark.parametrize(("maxspeed", "warned"), [("abc", True), ("signals", False), ("60", False)])
def test_network_info_says_once_when_an_osm_maxspeed_cannot_be_read(tmp_path, caplog, monkeypatch, maxspeed,
                                                                     warned) -> None:
    monkeypatch.setenv("RADDSIM_CACHE_DIR", "off")
    osm = write_grid_osm(tmp_path / "roads.osm", maxspeed=maxspeed)
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        assert main(["network", "info", str(osm)]) == 0
    said = [r.getMessage() for r in caplog.records if "cannot read" in r.getMessage()]
    assert said == ([f"{osm}: maxspeed values raddsim cannot read: 'abc' on 80 edges. Their roads drive at the "
                     "road-class speeds of [network.speeds]. Fix: correct their maxspeed tags (km/h, e.g. 70, or an "
                     "OSM value such as '30 mph' or 'SE:rural'; in OpenStreetMap, then fetch again), or set the "
                     "class speeds in the region file's [network.speeds]."] if warned else [])


def test_a_wildcard_turnout_over_full_time_crews_points_to_the_group_factor(tmp_path) -> None:
    # newcomer20: a researcher's city of full-time crews swept "crews.*.turnout_minutes"; the refusal told her to
    # name every crew, not that one key moves them all. The key it names must itself be a valid axis.
    from sweep_helpers import REGION, write_region, write_spec

    from raddsim.core.errors import InputError
    from raddsim.region.region import load_region
    from raddsim.sweep import load_spec, validate_spec

    region_file = write_region(tmp_path / "ft")
    region_file.write_text(REGION.replace('kind = "part-time"', 'kind = "full-time"'), encoding="utf-8")
    spec = write_spec(tmp_path, 'base = "low"\n[axes]\n"crews.*.turnout_minutes" = [1.0, 2.0]\n', region=region_file)
    with pytest.raises(InputError) as err:
        validate_spec(load_spec(spec), load_region(region_file))
    assert 'sweep "availability.full-time.turnout_scale"' in err.value.fix, err.value.fix
    good = write_spec(tmp_path, 'base = "low"\n[axes]\n"availability.full-time.turnout_scale" = [1.0, 1.5]\n',
                      region=region_file, name="good.toml")
    assert validate_spec(load_spec(good), load_region(region_file)).n_points == 2


def test_summarize_takes_the_specs_axes_as_they_are_and_names_a_column_it_lacks() -> None:
    # newcomer20: summarize(rows, list(spec.axes)) was a pandas KeyError (Axis objects are not column names).
    import pandas as pd

    from raddsim.core.errors import InputError
    from raddsim.sweep.axes import Axis
    from raddsim.sweep.summary import summarize

    rows = pd.DataFrame({"task": range(4), "point": [0, 0, 1, 1], "scenario": "low", "replication": [0, 1, 0, 1],
                         "demand.multiplier": [1.0, 1.0, 2.0, 2.0], "first_arrival_mean": [10.0, 12.0, 14.0, 15.0]})
    axis = Axis("demand.multiplier", (1.0, 2.0), "values")
    by_object = summarize(rows, [axis])
    assert by_object.equals(summarize(rows, ["demand.multiplier"]))
    assert by_object["first_arrival_mean"].tolist() == [11.0, 14.5]
    assert summarize(rows, "demand.multiplier").equals(by_object)  # one name alone, not its letters
    with pytest.raises(InputError) as err:
        summarize(rows, ["demand.multiplyer"])
    assert "'demand.multiplyer'" in str(err.value) and "demand.multiplier" in err.value.fix


@pytest.mark.parametrize("listed", ["'en', 'sv'", "en, sv"])
def test_an_invalid_choice_names_the_choices_however_argparse_quotes_them(listed) -> None:
    # argparse quotes the choices up to Python 3.13 and writes them bare in newer versions: the fix must list them
    # (and find the one meant) either way.
    from raddsim.cli.args import usage_error

    err = usage_error("raddsim run", f"argument --lang: invalid choice: 'sw' (choose from {listed})")
    assert err.fix == "did you mean --lang sv? Give --lang one of: en, sv.", err.fix
