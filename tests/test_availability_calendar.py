"""The availability process's calendar from the region file: ``[availability] summer_months, day_hours``.

Which months are summer (``absence_summer``, ``turnout_summer``, a pool's summer factor) and which hours are day
(``weekday_day`` …) were hard-wired (June–August, 07–18). Now the region file sets them; the defaults give the
same bits, a southern summer wraps over the year's end, two regions in one process never share a cached result,
and a bad value is one InputError naming the file, the field and the fix. Runs on Gridby (tests/sweep_helpers.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from conftest import write_grid_osm
from sweep_helpers import REGION

from raddsim.core.errors import InputError
from raddsim.engine import crews as cr
from raddsim.engine.availability import crew_present, period_index, thresholds, week_and_season
from raddsim.region.crew_availability import StaffingCalendar
from raddsim.region.region import Region, load_region

#: A part-time process whose parts of the week and summer differ a lot, so a calendar's effect shows.
PROCESS = """
[availability.part-time]
absence = 0.2
absence_days = 3
vacancy = 0.2
vacancy_cover = 0.5
absence_period = { weekday_day = 3.0, weekday_night = 0.3, weekend_day = 1.0, weekend_night = 0.3 }
absence_summer = 2.0
turnout_sigma = 0

[availability.full-time]
turnout_summer = 1.5
"""
YEAR_S = 365 * 86400.0


def _region(d: Path, calendar: str = "", extra: str = "") -> Region:
    """Gridby with the part-time process above and ``calendar`` written in its ``[availability]`` table."""
    d.mkdir(parents=True, exist_ok=True)
    if not (d / "grid.osm").exists():
        write_grid_osm(d / "grid.osm", rows=6, cols=6)
    path = d / "region.toml"
    path.write_text(REGION + extra + "\n[availability]\n" + calendar + "\n" + PROCESS, encoding="utf-8")
    return load_region(path)


def _crew(region: Region, crew_id: str = "east_pt", scenario: str = "high"):  # type: ignore[no-untyped-def]
    setup = region.scenarios[scenario]
    crew = next(c for c in setup.crews if c.id == crew_id)
    return setup, crew, setup.staffing[crew_id]


def _hours(days: np.ndarray, hour: float) -> np.ndarray:
    return days * 86400.0 + hour * 3600.0


# ------------------------------------------------------------------ defaults: the same bits
def test_the_defaults_written_out_give_the_bits_of_a_region_without_them(tmp_path) -> None:
    plain = _region(tmp_path / "a")
    written = _region(tmp_path / "b", "summer_months = [6, 7, 8]\nday_hours = [7, 18]")
    assert _crew(written)[1].availability.process.calendar == StaffingCalendar()
    t = np.sort(np.random.default_rng(4).uniform(0, YEAR_S, 3000))
    for a, b in ((plain.scenarios[s], written.scenarios[s]) for s in ("low", "high")):
        ra, rb = (cr.draw_responses(x, len(t), 7, 1, t, YEAR_S) for x in (a, b))
        for name in ("rolls", "commanders", "firefighters", "turnout_s"):
            assert np.array_equal(getattr(ra, name), getattr(rb, name)), name
        for ca, cb in zip(a.crews, b.crews):
            assert cr.staffing_states(ca, a.staffing[ca.id], YEAR_S, 7, 1, a.demand.profile) == \
                cr.staffing_states(cb, b.staffing[cb.id], YEAR_S, 7, 1, b.demand.profile)


def test_the_default_calendar_is_the_former_hard_wired_one() -> None:
    # The former code: summer = 6 ≤ month ≤ 8, night = hour < 7 or hour ≥ 18.
    hour, weekday, month = np.meshgrid(np.arange(24), np.arange(7), np.arange(1, 13), indexing="ij")
    hour, weekday, month = hour.ravel(), weekday.ravel(), month.ravel()
    period, summer = week_and_season((hour, weekday, month), StaffingCalendar())
    night = (hour < 7) | (hour >= 18)
    assert np.array_equal(period, np.where(weekday >= 5, 2, 0) + night)
    assert np.array_equal(summer, (month >= 6) & (month <= 8))


# ------------------------------------------------------------------ day_hours
def test_day_hours_6_to_19_make_the_hours_6_and_18_daytime() -> None:
    hour, weekday = np.arange(24), np.zeros(24, np.int64)  # a Monday
    assert list(np.flatnonzero(period_index(hour, weekday, (6, 19)) == 0)) == list(range(6, 19))
    assert list(np.flatnonzero(period_index(hour, weekday) == 0)) == list(range(7, 18))


def test_day_hours_move_a_part_time_crews_daytime_absence_to_those_hours(tmp_path) -> None:
    base, wide = _region(tmp_path / "a"), _region(tmp_path / "b", "day_hours = [6, 19]")
    (_, c0, st), (_, c1, _) = _crew(base), _crew(wide)
    assert c1.availability.process.calendar.day_hours == (6, 19)
    days = np.array([d for d in range(200) if (dt.date(2025, 1, 1) + dt.timedelta(d)).weekday() < 5])

    def here(crew, hour):  # type: ignore[no-untyped-def]
        # Through the engine's own path: crew_draw works out the parts of the week from the crew's calendar.
        t = _hours(days, hour)
        drawn = cr.crew_draw(crew, st, len(t), 5, 0, t, base.scenarios["high"].demand.profile, YEAR_S)
        return drawn.commanders + drawn.firefighters

    # Set to 06–19, 06:30 and 18:30 on a weekday are day: the crew is as at noon that day (the same latent
    # draws, the daytime threshold); by default they are night, with far fewer away.
    for hour in (6.5, 18.5):
        assert np.array_equal(here(c1, hour), here(c0, 12.0))
        assert not np.array_equal(here(c0, hour), here(c0, 12.0))
        assert here(c0, hour).mean() > here(c1, hour).mean()
    for hour in (5.5, 19.5):  # night in both
        assert np.array_equal(here(c1, hour), here(c0, hour))


# ------------------------------------------------------------------ summer_months
def test_a_southern_summer_wraps_over_the_years_end() -> None:
    month = np.arange(1, 13)
    _, summer = week_and_season((np.full(12, 12), np.zeros(12, np.int64), month), StaffingCalendar((1, 2, 12)))
    assert list(month[summer]) == [1, 2, 12]


def test_a_southern_summer_scales_the_turnout_in_december_to_february(tmp_path) -> None:
    region = _region(tmp_path, "summer_months = [12, 1, 2]")
    setup, crew, st = _crew(region, "west_ft")
    assert crew.availability.process.calendar.summer_months == (1, 2, 12)
    days = np.array([14, 45, 100, 195, 290, 349])  # 15 Jan, 15 Feb, 11 Apr, 15 Jul, 18 Oct, 16 Dec
    t = _hours(days, 12.0)
    turnout = cr.draw_responses(setup, len(t), 3, 0, t, YEAR_S).turnout_s[:, setup.crews.index(crew)]
    assert list(turnout / crew.turnout_s) == [1.5, 1.5, 1.0, 1.0, 1.0, 1.5]


def test_a_scenario_may_set_the_calendar(tmp_path) -> None:
    extra = '\n[scenarios.early]\ndescription = "day from 6"\nbase = "high"\navailability.day_hours = [6, 18]\n'
    region = _region(tmp_path, extra=extra)
    assert _crew(region, scenario="early")[1].availability.process.calendar.day_hours == (6, 18)
    assert _crew(region, scenario="high")[1].availability.process.calendar.day_hours == (7, 18)


# ------------------------------------------------------------------ caches
def test_two_regions_in_one_process_never_share_a_cached_result(tmp_path) -> None:
    regions = [_region(tmp_path / "a"), _region(tmp_path / "b", "day_hours = [9, 16]\nsummer_months = [7]")]
    crews = [_crew(r) for r in regions]
    profile = crews[0][0].demand.profile

    def states(k: int):  # type: ignore[no-untyped-def]
        _, c, st = crews[k]
        return cr.staffing_states(c, st, YEAR_S, 11, 0, profile)

    def clear() -> None:
        for f in (cr.hourly_grid, cr.grid_classes, thresholds):
            f.cache_clear()

    clear()
    warm = [states(0), states(1), states(0)]  # each after the other, from warm caches
    clear()
    fresh_b = states(1)
    clear()
    fresh_a = states(0)
    assert warm[0] == warm[2] == fresh_a and warm[1] == fresh_b
    assert fresh_a != fresh_b  # the calendar matters, so a shared cache entry would show
    t = np.arange(0.0, YEAR_S, 6 * 3600.0)
    here = [crew_present(c, st, t, week_and_season(profile.calendar(t), c.availability.process.calendar), seed=2,
                         replication=0, horizon_s=YEAR_S) for _, c, st in crews]
    assert not np.array_equal(here[0], here[1])


# ------------------------------------------------------------------ bad values
@pytest.mark.parametrize("line, field", [
    ("summer_months = []", "summer_months"),
    ("summer_months = [0, 1]", "summer_months"),
    ("summer_months = [12, 13]", "summer_months"),
    ("summer_months = [6, 7, 7]", "summer_months"),
    ("summer_months = [6.5]", "summer_months"),
    ('summer_months = ["june"]', "summer_months"),
    ("summer_months = 7", "summer_months"),
    ("summer_months = [true]", "summer_months"),
    ("summer_months = { value = [6, 7, 8], range = [6, 8] }", "summer_months"),
    ("day_hours = [7]", "day_hours"),
    ("day_hours = [7, 18, 20]", "day_hours"),
    ("day_hours = [-1, 18]", "day_hours"),
    ("day_hours = [7, 25]", "day_hours"),
    ("day_hours = [18, 7]", "day_hours"),
    ("day_hours = [7, 7]", "day_hours"),
    ("day_hours = [7.5, 18]", "day_hours"),
    ('day_hours = "7-18"', "day_hours"),
    ("day_hours = { value = 7, range = [6, 9] }", "day_hours"),
])
def test_a_bad_calendar_is_one_input_error_naming_file_field_and_fix(tmp_path, line, field) -> None:
    with pytest.raises(InputError) as err:
        _region(tmp_path, line)
    text = str(err.value)
    assert "\n" not in text and "Traceback" not in text and "Fix:" in text, text
    assert err.value.file is not None and Path(err.value.file).name == "region.toml", text
    assert err.value.field == f"availability.{field}", text
    # The value's own fix, not an unknown key's (the key did not exist before, and that error names the field too).
    assert "unknown key" not in text and f"{field} = [" in (err.value.fix or ""), text
