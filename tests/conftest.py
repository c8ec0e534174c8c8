"""Shared fixtures: the default region/model, small synthetic networks, ../shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def shared_path(*parts: str) -> Path:
    """A file in ../shared/data, or skip the test with the reason when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"reference data {p} is not available (../shared is absent in a user's clone; CI has it)")
    return p


def write_grid_osm(path: Path, *, rows: int = 5, cols: int = 5, lat0: float = 59.70, lon0: float = 18.60,
                   step: float = 0.01, maxspeed: str = "50") -> Path:
    """A small rectangular grid of two-way roads as OSM XML."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="raddsim-tests">']
    ids = {}
    k = 1
    for i in range(rows):
        for j in range(cols):
            ids[i, j] = k
            lines.append(f'<node id="{k}" lat="{lat0 + i * step:.6f}" lon="{lon0 + j * step * 2:.6f}"/>')
            k += 1
    w = 1
    for i in range(rows):
        nds = "".join(f'<nd ref="{ids[i, j]}"/>' for j in range(cols))
        lines.append(f'<way id="{w}">{nds}<tag k="highway" v="secondary"/><tag k="maxspeed" v="{maxspeed}"/></way>')
        w += 1
    for j in range(cols):
        nds = "".join(f'<nd ref="{ids[i, j]}"/>' for i in range(rows))
        lines.append(f'<way id="{w}">{nds}<tag k="highway" v="tertiary"/><tag k="maxspeed" v="{maxspeed}"/></way>')
        w += 1
    lines.append("</osm>")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def default_region():
    from raddsim.region import load_region

    return load_region()


@pytest.fixture(scope="session")
def default_model(default_region):
    from raddsim.model import build_model

    return build_model(default_region)


@pytest.fixture()
def region_file(tmp_path):
    """A writable copy of the default region file with absolute data paths.

    Call it with a function that edits the TOML text; returns the new file's path.
    """
    from raddsim.region import default_region_path

    src = default_region_path()
    text = src.read_text(encoding="utf-8")
    text = text.replace('network = "../networks/', f'network = "{src.parent.parent.as_posix()}/networks/')
    for key in ("places", "types", "areas"):
        text = text.replace(f'{key} = "', f'{key} = "{src.parent.as_posix()}/')

    def make(edit=lambda s: s, name: str = "region.toml"):
        p = tmp_path / name
        p.write_text(edit(text), encoding="utf-8")
        return p

    return make


def write_island_osm(path: Path) -> Path:
    """A 6×6 mainland grid and a 3×3 island grid east of it, joined only by a ferry."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="raddsim-tests">']
    ids: dict = {}
    k = 1

    def grid(tag: str, rows: int, cols: int, lat0: float, lon0: float) -> None:
        nonlocal k
        for i in range(rows):
            for j in range(cols):
                ids[tag, i, j] = k
                lines.append(f'<node id="{k}" lat="{lat0 + i * 0.01:.6f}" lon="{lon0 + j * 0.02:.6f}"/>')
                k += 1

    grid("m", 6, 6, 59.70, 18.60)
    grid("i", 3, 3, 59.72, 18.80)
    w = 1
    for tag, rows, cols in (("m", 6, 6), ("i", 3, 3)):
        for i in range(rows):
            nds = "".join(f'<nd ref="{ids[tag, i, j]}"/>' for j in range(cols))
            lines.append(f'<way id="{w}">{nds}<tag k="highway" v="tertiary"/><tag k="maxspeed" v="70"/></way>')
            w += 1
        for j in range(cols):
            nds = "".join(f'<nd ref="{ids[tag, i, j]}"/>' for i in range(rows))
            lines.append(f'<way id="{w}">{nds}<tag k="highway" v="unclassified"/><tag k="maxspeed" v="50"/></way>')
            w += 1
    lines.append(f'<way id="{w}"><nd ref="{ids["m", 2, 5]}"/><nd ref="{ids["i", 0, 0]}"/>'
                 '<tag k="route" v="ferry"/><tag k="duration" v="00:05"/><tag k="motor_vehicle" v="yes"/></way>')
    lines.append("</osm>")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
