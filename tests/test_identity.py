"""Stations, crews and areas are kept apart by their id, whatever their display names."""

from __future__ import annotations

import json

from sweep_helpers import write_region, write_spec

from raddsim.cli import main
from raddsim.region.stations import unique_labels


def _twin_names(tmp_path):
    """Gridby with both stations called 'West' and two crews called 'East deltid'."""
    path = write_region(tmp_path / "r")
    text = path.read_text(encoding="utf-8").replace('name = "East"', 'name = "West"')
    text = text.replace('name = "East deltid 2"', 'name = "East deltid"')
    path.write_text(text, encoding="utf-8")
    return path


def test_unique_labels_add_the_id_only_where_names_collide() -> None:
    assert unique_labels(["a", "b", "c"], ["X", "Y", "X"]) == ["X (a)", "Y", "X (c)"]
    assert unique_labels(["a", "b"], ["X", "Y"]) == ["X", "Y"]
    # A name that looks like another's disambiguated label: ids, never a merge.
    assert unique_labels(["a", "b", "c"], ["X", "X", "X (a)"]) == ["a", "b", "c"]


def test_run_keeps_every_station_area_and_crew_with_shared_names(tmp_path, capsys) -> None:
    region = _twin_names(tmp_path)
    out = tmp_path / "res.json"
    assert main(["run", "--stations", str(region), "--scenario", "low", "--replications", "2",
                 "--years", "0.02", "--json", str(out)]) == 0
    s = json.loads(out.read_text(encoding="utf-8"))["scenarios"]["low"]
    assert set(s["per_station"]) == {"West (west)", "West (east)"}
    assert {a["id"] for a in s["per_station"].values()} == {"west", "east"}
    assert sum(a["alarms"] for a in s["per_station"].values()) == s["alarms"]
    assert set(s["staffing"]) == {"West heltid", "East deltid (east_pt)", "East deltid (east_pt2)"}
    assert {c["id"] for c in s["readiness"]["crews"].values()} == {"west_ft", "east_pt", "east_pt2"}


def test_per_area_sweep_with_shared_station_names_consolidates(tmp_path) -> None:
    from raddsim.sweep.execute import run_sweep
    from raddsim.sweep.results import read_parts
    from raddsim.sweep.spec import load_spec

    region = _twin_names(tmp_path)
    spec = load_spec(write_spec(tmp_path, """
        base = "low"
        years = 0.02
        replications = 2
        per_area = true
        [axes]
        "demand.multiplier" = [1.0]
        """, region=region))
    run_sweep(spec, tmp_path / "o", processes=0, progress=False)
    df = read_parts(tmp_path / "o").to_pandas()
    areas = sorted(c for c in df.columns if c.startswith("area:") and c.endswith(":alarms"))
    assert areas == ["area:West (east):alarms", "area:West (west):alarms"]
    assert (df[areas].sum(axis=1) == df["alarms"]).all()
    assert (tmp_path / "o" / "results.parquet").exists()
