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
