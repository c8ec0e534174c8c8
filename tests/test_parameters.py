"""Model parameters in code: the inventory in docs/parameters.md, and the keys that made constants settable."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import numpy as np
import pytest
from conftest import write_island_osm

from raddsim.core.errors import InputError
from raddsim.demand import load_incident_csv, parse_demand, replay_incidents
from raddsim.network import load_network, snap_points
from raddsim.network.options import parse_network_options
from raddsim.region.config import Table

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "parameters.md").read_text(encoding="utf-8")
#: A table row naming a constant: | `NAME` or `Class.field` | `module` | `value` | ...
ROW = re.compile(r"^\| `([A-Za-z_][\w.]*)` \| `(raddsim[\w.]*)` \| `([^`]*)` \|", re.M)
#: Presentation only (maps, charts, report layout): not scanned.
PRESENTATION = ("raddsim/views/", "raddsim/figures/")


def _resolve(module: str, name: str) -> object:
    obj: object = importlib.import_module(module)
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def _numeric(node: ast.AST) -> bool:
    """A literal number, or arithmetic, tuples, lists and dicts of them (a constant's value in the source)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    if isinstance(node, ast.UnaryOp):
        return _numeric(node.operand)
    if isinstance(node, ast.BinOp):
        return _numeric(node.left) and _numeric(node.right)
    if isinstance(node, (ast.Tuple, ast.List)):
        return bool(node.elts) and all(_numeric(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return bool(node.values) and all(_numeric(v) for v in node.values)
    return False


def _numeric_constants() -> set[str]:
    """``module.NAME`` of every module-level UPPER_CASE constant with a numeric value, outside presentation."""
    found = set()
    for path in sorted((ROOT / "raddsim").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(PRESENTATION):
            continue
        module = rel.removesuffix(".py").replace("/", ".").removesuffix(".__init__")
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                name, value = node.targets[0].id, node.value
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                name, value = node.target.id, node.value
            else:
                continue
            if name.lstrip("_").isupper() and _numeric(value):
                found.add(f"{module}.{name}")
    return found


def test_every_documented_constant_exists_with_the_documented_value() -> None:
    rows = ROW.findall(DOC)
    assert len(rows) >= 40  # the inventory's table, not a stray line
    for name, module, value in rows:
        actual = _resolve(module, name)
        assert actual == ast.literal_eval(value), f"docs/parameters.md: {module}.{name} is {actual!r}, not {value}"


def test_every_numeric_constant_of_the_package_is_in_the_inventory_or_named_as_not_a_parameter() -> None:
    tabled = {f"{module}.{name}" for name, module, _ in ROW.findall(DOC)}
    named = set(re.findall(r"`(raddsim\.[\w.]+\.[A-Z_][A-Z0-9_]*)`", DOC))
    missing = sorted(_numeric_constants() - tabled - named)
    assert not missing, f"not in docs/parameters.md (a model parameter, or one of the other numbers): {missing}"
    for dotted in named:  # the "not a parameter" list names constants that exist
        module, _, name = dotted.rpartition(".")
        _resolve(module, name)


def test_the_inventory_counts_match_its_table() -> None:
    body = DOC.split("## Model parameters", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in body.splitlines() if line.startswith("| `")]
    hard = [line for line in rows if line.split(" | ")[4].startswith("hard-wired")]
    assert f"**{len(rows)} rows**" in DOC
    assert f"{len(rows) - len(hard)} settable" in DOC and f"{len(hard)} hard-wired" in DOC


# --- [demand.access] replay_speed_kmh: the replayed alarms' last stretch (was hard-wired at 30 km/h) ---

MAINLAND = [(18.6312, 59.7127), (18.6555, 59.7283), (18.6021, 59.7446)]


@pytest.fixture(scope="module")
def island_net(tmp_path_factory):
    return load_network(write_island_osm(tmp_path_factory.mktemp("par") / "island.osm"))


def _demand(access: dict) -> object:
    return parse_demand(Table({"alarms_per_year": 100, "population": 1000, "access": access},
                              Path("region.toml"), "demand"))


def _replayed_access(tmp_path: Path, net, access: dict) -> np.ndarray:
    csv = tmp_path / "alarms.csv"
    csv.write_text("time,lon,lat,type\n" + "".join(f"2024-03-0{k + 1}T10:00,{lon},{lat},alarm\n"
                                                   for k, (lon, lat) in enumerate(MAINLAND)), encoding="utf-8")
    alarms = load_incident_csv(csv, ["alarm"])
    return replay_incidents(alarms, _demand(access), net, seed=1, replication=0).access_s


def test_replay_speed_sets_the_replayed_alarms_last_stretch(tmp_path, island_net) -> None:
    default = _replayed_access(tmp_path, island_net, {})
    slow = _replayed_access(tmp_path, island_net, {"replay_speed_kmh": 15})
    assert (default > 0).all()  # the points lie off the grid's nodes: there is a stretch to drive
    _, dist = island_net.nearest_nodes([p[0] for p in MAINLAND], [p[1] for p in MAINLAND])
    assert np.allclose(default, dist / (30 / 3.6))  # the default is unchanged: 30 km/h, straight line
    assert np.allclose(slow, 2 * default)


@pytest.mark.parametrize("value", [0, 500, "fast", True])
def test_a_bad_replay_speed_is_one_input_error_naming_file_field_and_fix(value) -> None:
    with pytest.raises(InputError) as exc:
        _demand({"replay_speed_kmh": value})
    err = exc.value
    assert err.field == "demand.access.replay_speed_kmh" and str(err.file) == "region.toml" and err.fix
    assert "unknown" not in str(err).lower()  # refused as a value, not as a key the file may not have


# --- [network.off_road] island_margin_m: when a point beside an unreachable road counts as on an island ---

# The island grid of write_island_osm (3×3 nodes from 59.72N 18.80E) with its ferry out of service: a point on it
# has its nearest road on the island, 125 m away, the nearest reachable road (the mainland's) 6.8 km away.
ON_ISLAND = (18.821, 59.731)


def _network_options(off_road: dict):
    return parse_network_options(Table({"ferries": {"out_of_service": ["ferry at"]}, "off_road": off_road},
                                       Path("region.toml"), "network"))


def test_island_margin_decides_whether_a_point_beside_an_unreachable_road_is_on_an_island(tmp_path) -> None:
    path = write_island_osm(tmp_path / "island.osm")
    far = {"max_snap_m": 10_000}  # so that only the margin decides
    default = snap_points(load_network(path, options=_network_options(far)), *ON_ISLAND)
    assert default.reason.tolist() == ["island"]  # unchanged: 250 m
    wide = snap_points(load_network(path, options=_network_options({**far, "island_margin_m": 8000})), *ON_ISLAND)
    assert wide.reason.tolist() == [""] and wide.reachable.all()  # snapped to the mainland across the water
    assert 6000 < wide.snap_m[0] < 8000


@pytest.mark.parametrize("value", [-1, 25_000, "wide", [250]])
def test_a_bad_island_margin_is_one_input_error_naming_file_field_and_fix(value) -> None:
    with pytest.raises(InputError) as exc:
        _network_options({"island_margin_m": value})
    err = exc.value
    assert err.field == "network.off_road.island_margin_m" and str(err.file) == "region.toml" and err.fix
    assert "unknown" not in str(err).lower()
