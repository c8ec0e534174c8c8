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
