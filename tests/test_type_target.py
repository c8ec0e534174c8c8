"""An incident type's own target (``[types.<id>] target_minutes``): an EMS system's priorities have their own
response-time targets (the most urgent calls 8 min, others longer). Before, every type's share was read against the
region's one target."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from test_other_regions6 import write_nfpa_region

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.demand.types import load_catalog


def _region(tmp_path: Path, ems_target: str | None) -> Path:
    folder = write_nfpa_region(tmp_path / "us")
    types = folder / "types.toml"
    if ems_target is not None:
        text = types.read_text(encoding="utf-8").replace(
            '[types.ems]\nname = "EMS"\n',
            f'[types.ems]\nname = "EMS"\ntarget_minutes = {ems_target}\ntarget_source = "county EMS contract"\n')
        types.write_text(text, encoding="utf-8")
    return folder


def _run(folder: Path, tmp_path: Path, name: str) -> tuple[dict, list[dict]]:
    res, alarms = tmp_path / f"{name}.json", tmp_path / f"{name}.csv"
    assert main(["run", "--region", str(folder), "--scenario", "today", "--replications", "3", "--years", "0.2",
                 "--json", str(res), "--alarms", str(alarms)]) == 0
    with alarms.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return json.loads(res.read_text(encoding="utf-8"))["scenarios"]["today"], rows


def _hand_share(rows: list[dict], kind: str, target: float) -> float:
    """Mean over replications of the share of the type's alarms reached within ``target`` (unreached: misses)."""
    shares = []
    for rep in sorted({r["replication"] for r in rows}):
        mine = [r for r in rows if r["replication"] == rep and r["type"] == kind]
        shares.append(np.mean([r["first_arrival_min"] != "" and float(r["first_arrival_min"]) <= target
                               for r in mine]))
    return float(np.mean(shares))


def test_a_types_share_is_within_its_own_target_and_the_rest_is_unchanged(tmp_path, capsys) -> None:
    plain, _ = _run(_region(tmp_path / "a", None), tmp_path, "plain")
    own, rows = _run(_region(tmp_path / "b", "5"), tmp_path, "own")
    ems = own["per_type"]["ems"]
    assert ems["target_minutes"] == 5.0 and ems["target_source"] == "county EMS contract"
    assert ems["share_within_target"] == pytest.approx(_hand_share(rows, "ems", 5.0), abs=1e-12)
    assert ems["share_within_target"] < plain["per_type"]["ems"]["share_within_target"]
    fire = own["per_type"]["structure_fire"]
    assert "target_minutes" not in fire
    assert fire["share_within_target"] == pytest.approx(_hand_share(rows, "structure_fire", 6.4), abs=1e-12)
    # The overall figures keep the region's target; only the type's own block changes.
    assert own["share_within_target"] == plain["share_within_target"]
    assert {k: v for k, v in ems.items() if "share_within" not in k and "target" not in k} == \
        {k: v for k, v in plain["per_type"]["ems"].items() if "share_within" not in k}
    out = capsys.readouterr().out
    assert "first crew within the type's target" in out and "≤ 5" in out


def test_without_type_targets_the_per_type_table_is_as_before(tmp_path, capsys) -> None:
    _run(_region(tmp_path, None), tmp_path, "plain")
    assert "within the type's target" not in capsys.readouterr().out


@pytest.mark.parametrize("value, words", [("0", "greater than 0"), ('"8 min"', "expected a number"),
                                          ("5000", "at most 1440")])
def test_a_bad_type_target_is_one_error_naming_the_field(tmp_path, value, words) -> None:
    folder = _region(tmp_path, value)
    with pytest.raises(InputError) as err:
        load_catalog(folder / "types.toml")
    assert err.value.field == "types.ems.target_minutes" and words in str(err.value)


def test_a_jemss_models_priority_targets_become_its_types_targets(tmp_path) -> None:
    """JEMSS's priorities.csv (8, 8 and 12 min in its Edmonton model) was not read: every priority had the region's
    one target."""
    import tomllib

    from test_jemss_import import write_lakeside

    src = write_lakeside(tmp_path / "lakeside")
    (src / "priorities.csv").write_text("priorities,,\npriority,name,targetResponseDuration\n1,highPriority,"
                                        f"{8 / 1440}\n2,medPriority,{8 / 1440}\n3,lowPriority,{12 / 1440}\n",
                                        encoding="utf-8")
    out = tmp_path / "out"
    assert main(["region", "import-jemss", str(src), str(out)]) == 0
    types = tomllib.loads((out / "incidents.toml").read_text(encoding="utf-8"))["types"]
    assert {k: types[k]["target_minutes"] for k in ("high", "med", "low")} == pytest.approx(
        {"high": 8.0, "med": 8.0, "low": 12.0})
    assert types["low"]["target_source"] == "JEMSS priorities.csv targetResponseDuration"
    res = tmp_path / "r.json"
    assert main(["run", "--region", str(out), "--replications", "2", "--years", "0.05", "--json", str(res)]) == 0
    per_type = json.loads(res.read_text(encoding="utf-8"))["scenarios"]["deployment"]["per_type"]
    assert per_type["low"]["target_minutes"] == pytest.approx(12.0)


def test_a_bad_jemss_priority_row_is_one_error(tmp_path) -> None:
    from test_jemss_import import write_lakeside

    src = write_lakeside(tmp_path / "lakeside")
    (src / "priorities.csv").write_text("priorities,,\npriority,name,targetResponseDuration\n4,other,0.005\n",
                                        encoding="utf-8")
    assert main(["region", "import-jemss", str(src), str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()
