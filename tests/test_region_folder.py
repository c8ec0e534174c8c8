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
