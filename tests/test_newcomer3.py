"""A newcomer's first hour, third pass: README.md top to bottom on a clean clone, then a region of one's own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_bad_inputs3 import _exit_and_error  # the same check: an exit code and one message, no traceback

from raddsim.cli import main
from raddsim.region.region import load_region

ROOT = Path(__file__).resolve().parents[1]
FORMATS = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")

_CREWS = "name,lat,lon,kind\nStorby,59.758,18.700,full-time\nLillby,60.052,18.600,part-time\n"


def _own_region(tmp_path: Path, extra: str = "") -> Path:
    """A region written as README's "A region of your own" says (two crews on the shipped roads): one scenario."""
    (tmp_path / "crews.csv").write_text(_CREWS, encoding="utf-8")
    roads = load_region().network_path
    assert main(["region", "new", str(tmp_path / "mine"), "--network", str(roads), "--stations",
                 str(tmp_path / "crews.csv"), "--alarms-per-year", "50", "--population", "2000"]) == 0
    region = tmp_path / "mine" / "region.toml"
    with region.open("a", encoding="utf-8") as f:
        f.write(extra)
    return region


def test_compare_on_a_one_scenario_region_says_to_add_one(tmp_path, capsys) -> None:
    # Was: "Fix: e.g. raddsim compare minimum ambition." — scenarios the newcomer's region does not have.
    region = _own_region(tmp_path)
    code, err = _exit_and_error(["compare", "current", "--region", str(region.parent)], capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert "minimum" not in err and "one scenario (current)" in err and "[scenarios." in err, err


def test_compare_with_one_name_suggests_the_regions_own_two(tmp_path, capsys) -> None:
    region = _own_region(tmp_path, '\n[scenarios.faster]\nbase = "current"\ncrews.lillby.turnout_minutes = 3\n')
    code, err = _exit_and_error(["compare", "--region", str(region.parent)], capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert f"raddsim compare current faster --region {region.parent}" in err, err
    assert "minimum" not in err, err


def test_region_new_with_a_missing_network_does_not_say_omit_it(tmp_path, capsys) -> None:
    # Was: "roads.osm: network file not found. Fix: check the path (or omit it for the embedded default)." —
    # but --network is required by `region new`.
    (tmp_path / "crews.csv").write_text(_CREWS, encoding="utf-8")
    code, err = _exit_and_error(["region", "new", str(tmp_path / "mine"), "--network", str(tmp_path / "roads.osm"),
                                 "--stations", str(tmp_path / "crews.csv"), "--alarms-per-year", "50",
                                 "--population", "2000"], capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert "--network" in err and "omit" not in err and "norrtalje_approx.osm" in err, err
    assert not (tmp_path / "mine").exists()


def test_region_new_help_names_every_column_of_the_crews_table(capsys) -> None:
    # Was: --stations' help listed the optional columns without `unit` and `paramedics` (docs/formats.md has them).
    table = FORMATS.partition("### Crews table")[2].partition("\n\n###")[0]
    columns = {c for row in re.findall(r"^\| (`.+?`) \|", table, re.M) for c in re.findall(r"`(\w+)`", row)}
    assert {"unit", "paramedics", "capabilities"} <= columns, columns
    with pytest.raises(SystemExit):
        main(["region", "new", "--help"])
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps the help
    stations_help = out.rpartition("--stations CREWS.csv")[2].partition("--alarms-per-year")[0]
    assert all(re.search(rf"\b{c}\b", stations_help) for c in columns), (columns, stations_help)


def test_report_pdf_without_chromium_does_not_promise_the_html(tmp_path, monkeypatch, capsys) -> None:
    # Was: "... Fix: install it ... or set RADDSIM_CHROMIUM; the HTML paper is written anyway." — but the check runs
    # before the simulation (README: "raddsim report current minimum ambition --lang sv --pdf"), so nothing is written.
    import shutil

    monkeypatch.delenv("RADDSIM_CHROMIUM", raising=False)
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    out = tmp_path / "rapport.html"
    code, err = _exit_and_error(["report", "minimum", "ambition", "--pdf", "--out", str(out)], capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert "written anyway" not in err and "nothing was written" in err and "leave out --pdf" in err, err
    assert not out.exists()


def test_compare_uncertain_on_a_region_without_ranges_is_refused_before_the_work(tmp_path, capsys) -> None:
    # Was: the plain comparison ran and printed, then "ValueError: need at least one array to concatenate" from
    # the parameter ranking — a starter region (`raddsim region new`) has no { value, range } numbers.
    pytest.importorskip("pyarrow", reason="compare --uncertain needs the sweep extra")
    region = _own_region(tmp_path, '\n[scenarios.faster]\nbase = "current"\ncrews.lillby.turnout_minutes = 3\n')
    code, err = _exit_and_error(["compare", "current", "faster", "--region", str(region.parent), "--uncertain", "4",
                                 "--set-replications", "2"], capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert "--uncertain" in err and "range" in err and str(region) in err, err
