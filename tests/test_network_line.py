"""``raddsim run`` names the network's file relative to where the user is (or to the region file), not as a full path.

It printed "Network: … (/full/path/to/networks/norrtalje_approx.osm)" wherever the file was; the results JSON keeps
the absolute path (the network's provenance).
"""

from __future__ import annotations

import json
import shutil

import pytest
from sweep_helpers import write_region

from raddsim.cli import main


def _network_line(capsys, region, lang: str = "en", json_out=None) -> str:
    argv = ["run", "low", "--stations", str(region), "--years", "0.02", "--replications", "2", "--lang", lang]
    assert main(argv + (["--json", str(json_out)] if json_out else [])) == 0
    out = capsys.readouterr().out
    word = {"en": "Network: ", "sv": "Vägnät: "}[lang]
    lines = [line for line in out.splitlines() if line.startswith(word)]
    assert len(lines) == 1, out
    return lines[0]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_network_under_the_current_directory_is_named_from_there(tmp_path, monkeypatch, capsys, lang) -> None:
    region = write_region(tmp_path / "gridby")
    monkeypatch.chdir(tmp_path)
    line = _network_line(capsys, region, lang, json_out=tmp_path / "res.json")
    assert line.endswith(" (gridby/grid.osm)"), line
    res = json.loads((tmp_path / "res.json").read_text(encoding="utf-8"))
    assert res["network"]["source"] == str(tmp_path / "gridby" / "grid.osm")  # the results keep it whole


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_network_elsewhere_is_named_from_the_region_files_folder(tmp_path, monkeypatch, capsys, lang) -> None:
    region = write_region(tmp_path / "gridby")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    assert _network_line(capsys, region, lang).endswith(" (grid.osm)")


def test_a_network_under_neither_stays_absolute(tmp_path, monkeypatch, capsys) -> None:
    region = write_region(tmp_path / "gridby")
    (tmp_path / "nets").mkdir()
    shutil.move(tmp_path / "gridby" / "grid.osm", tmp_path / "nets" / "grid.osm")
    region.write_text(region.read_text(encoding="utf-8").replace('network = "grid.osm"', 'network = "../nets/grid.osm"'),
                      encoding="utf-8")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    assert _network_line(capsys, region).endswith(f" ({tmp_path / 'nets' / 'grid.osm'})")


def test_shown_path_keeps_what_is_not_a_path_under_either(tmp_path, monkeypatch) -> None:
    from raddsim.views.plain_text import shown_path

    monkeypatch.chdir(tmp_path)
    assert shown_path(str(tmp_path / "a" / "b.osm")) == "a/b.osm"
    assert shown_path("/elsewhere/b.osm", tmp_path) == "/elsewhere/b.osm"
    assert shown_path("OpenStreetMap (Overpass)") == "OpenStreetMap (Overpass)"  # not a path: as given
    assert shown_path(str(tmp_path)) == str(tmp_path)  # the directory itself: nothing shorter is true


def test_the_embedded_network_of_an_installed_raddsim_is_named_as_in_the_readme(tmp_path, monkeypatch) -> None:
    """An installed wheel keeps the default network under site-packages/raddsim/_data: the README's first command
    printed "(.venv/lib/python3.11/site-packages/raddsim/_data/networks/norrtalje_approx.osm)"; it is named as the
    README and the checkout name it."""
    from raddsim.views.plain_text import EMBEDDED_DATA, shown_path

    monkeypatch.chdir(tmp_path)
    assert shown_path(str(EMBEDDED_DATA / "networks" / "norrtalje_approx.osm")) == "networks/norrtalje_approx.osm"
    venv = tmp_path / ".venv" / "lib" / "site-packages" / "raddsim" / "_data" / "networks" / "x.osm"
    assert shown_path(str(venv)) == ".venv/lib/site-packages/raddsim/_data/networks/x.osm"  # another install's: cwd
