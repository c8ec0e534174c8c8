"""Scenario inheritance, overrides, extra scenario files and their errors (issue 6)."""

from __future__ import annotations

import pytest

from raddsim.core.errors import InputError
from raddsim.region.region import load_region
from raddsim.region.scenarios import deep_merge


def test_deep_merge_replaces_values_and_merges_tables() -> None:
    base = {"a": {"x": 1, "y": {"z": 2}}, "b": [1, 2]}
    out = deep_merge(base, {"a": {"y": {"z": 3, "w": 4}}, "b": [9]})
    assert out == {"a": {"x": 1, "y": {"z": 3, "w": 4}}, "b": [9]}
    assert base == {"a": {"x": 1, "y": {"z": 2}}, "b": [1, 2]}  # the base is not changed


def test_shipped_scenarios_inherit_and_override(default_region) -> None:
    sc = default_region.scenarios
    assert {"minimum", "ambition", "current", "summer", "recruitment-crisis", "extra-smoke-diving-crew",
            "deltid-spillersboda"} <= set(sc)
    assert sc["summer"].chain == ("minimum", "current", "summer")
    assert sc["summer"].demand.season == "summer" and sc["current"].demand.season == "all"
    crisis = {c.id: c for c in sc["recruitment-crisis"].crews}
    # The region's [availability.part-time] defaults, overridden by the scenario, reach every part-time crew.
    assert crisis["rimbo"].availability.process.vacancy == 0.25 and crisis["almsta"].availability.process.vacancy_cover == 0.4
    base_rimbo = {c.id: c for c in sc["minimum"].crews}["rimbo"].availability
    assert base_rimbo.process.vacancy == 0.10 and base_rimbo.response_probability == 0.97
    assert {c.id: c for c in sc["minimum"].crews}["norrtalje_heltid"].availability.process.absence == 0.0
    # Mutual-aid crews take no region defaults (the neighbour's availability is available_probability).
    assert {c.id: c for c in sc["minimum"].crews}["osthammar"].availability.process.absence == 0.0
    assert sc["recruitment-crisis"].staffing["blido"].pool["firefighters"] == 5
    extra = sc["extra-smoke-diving-crew"]
    assert extra.staffing["norrtalje_deltid"].label() == "1+4" and extra.staffing["almsta"].label() == "1+2"
    moved = sc["deltid-spillersboda"]
    assert "spillersboda" in moved.stations and {c.id: c for c in moved.crews}["norrtalje_deltid"].station == "spillersboda"
    assert "spillersboda" not in sc["minimum"].stations
    assert default_region.default_scenarios == ("minimum", "ambition")


SCENARIO_ERRORS = [
    ('[scenarios.x]\nbase = "minimun"\n', r"scenarios.x.base: unknown scenario 'minimun'.*Did you mean 'minimum'"),
    ('[scenarios.x]\nbase = "minimum"\ncrews.rimbo.turnout_minuts = 3\n',
     r"scenarios.x.crews.rimbo.turnout_minuts: unknown key.*Did you mean 'turnout_minutes'"),
    ('[scenarios.x]\nbase = "minimum"\ncrews.rimbo.availability = { response_probability = 1.5 }\n',
     r"scenarios.x.crews.rimbo.availability.response_probability: must be at most 1"),
    ('[scenarios.x]\nbase = "minimum"\ndemand = { season = "sumer" }\n', r"scenarios.x.demand.season.*Did you mean 'summer'"),
    ('[scenarios.x]\nbase = "minimum"\nstafing = "ambition"\n', r"scenarios.x.stafing: unknown key.*Did you mean 'staffing'"),
    ('[scenarios.x]\nbase = "y"\n[scenarios.y]\nbase = "x"\n', r"inheritance loops"),
    ('[scenarios.x]\nbase = "minimum"\ncrews.rimbo.station = "nowhere"\n', r"unknown station 'nowhere'"),
    ('[scenarios.minimum]\nstaffing = "ambition"\n', r"already defined"),
]


@pytest.mark.parametrize("text,pattern", SCENARIO_ERRORS)
def test_bad_scenario_file_gives_one_clear_error(tmp_path, text, pattern) -> None:
    extra = tmp_path / "extra.toml"
    extra.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=pattern) as exc:
        load_region(None, extra_scenarios=[extra])
    assert str(extra) in str(exc.value) and "Fix:" in str(exc.value)


def test_extra_scenario_file_adds_scenarios(tmp_path) -> None:
    extra = tmp_path / "extra.toml"
    extra.write_text('[scenarios.fast-rimbo]\nbase = "ambition"\ncrews.rimbo.turnout_minutes = 3\n', encoding="utf-8")
    r = load_region(None, extra_scenarios=[extra])
    s = r.scenarios["fast-rimbo"]
    assert {c.id: c for c in s.crews}["rimbo"].turnout_s == 180 and s.staffing["almsta"].label() == "1+4"


def test_crew_out_of_service_and_all_out_is_an_error(region_file) -> None:
    ok = region_file(lambda s: s + '\n[scenarios.no-blido]\nbase = "minimum"\ncrews.blido.in_service = false\n')
    r = load_region(ok)
    assert not {c.id: c for c in r.scenarios["no-blido"].crews}["blido"].in_service
    ids = [c.id for c in r.scenarios["minimum"].crews]
    body = "".join(f"crews.{c}.in_service = false\n" for c in ids)
    bad = region_file(lambda s: s + f'\n[scenarios.none]\nbase = "minimum"\n{body}')
    with pytest.raises(InputError, match="no crew in service"):
        load_region(bad)


def test_heltid_dispatch_is_stated_in_data_and_a_scenario_splits_it(default_region) -> None:
    """Default: Norrtälje heltid goes as one 1 + 5 unit; heltid-split: a 1 + 3 engine plus a 0 + 2 unit in service."""
    sc = default_region.scenarios
    one = {c.id: c for c in sc["minimum"].crews}
    assert sc["minimum"].staffing["norrtalje_heltid"].label() == "1+5" and not one["norrtalje_heltid_fip"].in_service
    split = sc["heltid-split"]
    crews = {c.id: c for c in split.crews}
    assert split.staffing["norrtalje_heltid"].label() == "1+3" and split.staffing["norrtalje_heltid_fip"].label() == "2"
    assert crews["norrtalje_heltid_fip"].in_service and crews["norrtalje_heltid_fip"].station == "norrtalje"
