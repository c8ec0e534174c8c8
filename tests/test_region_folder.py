"""A region folder without region.toml names the TOML files it does hold (probe of bad inputs: ``--region stations``
said only "region.toml: file not found")."""

from __future__ import annotations

import pytest
from test_bad_inputs3 import _exit_and_error

from raddsim.core.errors import InputError


def test_a_folder_of_other_toml_files_names_them(tmp_path, capsys) -> None:
    (tmp_path / "norrtalje.toml").write_text("[region]\n", encoding="utf-8")
    (tmp_path / "incidents.toml").write_text("", encoding="utf-8")
    code, err = _exit_and_error(["run", "--region", str(tmp_path)], capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert "no region.toml (it holds incidents.toml, norrtalje.toml)" in err and "Fix:" in err, err


def test_an_empty_folder_says_it_holds_none(tmp_path) -> None:
    from raddsim.region.region import load_region

    with pytest.raises(InputError) as err:
        load_region(tmp_path)
    assert "holds no .toml file" in str(err.value) and err.value.file == str(tmp_path), err.value


@pytest.mark.parametrize("second", ["NORRTÄLJE", " norrtälje ", "Norrtälje"])
def test_two_places_that_read_alike_are_refused(tmp_path, second) -> None:
    # Was: 'Norrtälje' and 'NORRTÄLJE ' loaded as two places, two rows of results that read alike.
    from raddsim.demand.location_files import load_places

    path = tmp_path / "places.csv"
    path.write_text(f"name,population,lat,lon\nNorrtälje,18000,59.76,18.70\n{second},500,59.75,18.69\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_places(path)
    assert "lines 2 and 3: two places named" in str(err.value) and err.value.field == "name", err.value


def test_places_that_differ_in_a_letter_with_a_ring_or_dots_are_two(tmp_path) -> None:
    from raddsim.demand.location_files import load_places

    path = tmp_path / "places.csv"
    path.write_text("name,population,lat,lon\nSkolsta,300,59.9,17.6\nSkölsta,250,59.8,17.5\nHaga,200,59.7,17.4\n"
                    "Håga,400,59.85,17.6\n", encoding="utf-8")
    assert [p.name for p in load_places(path)] == ["Skolsta", "Skölsta", "Haga", "Håga"]


def test_a_name_spelt_alike_in_another_unicode_form_is_said_so() -> None:
    # Was "unknown station 'älmsta'. Did you mean 'älmsta'?": the two print identically (NFC and NFD).
    import unicodedata

    from raddsim.region.config import did_you_mean

    hint = did_you_mean("älmsta", [unicodedata.normalize("NFD", "älmsta"), "rimbo"])
    assert "accents are encoded differently" in hint and "Did you mean" not in hint, hint
    assert did_you_mean("almst", ["almsta", "rimbo"]) == " Did you mean 'almsta'?"
