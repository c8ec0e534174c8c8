"""Start-up cost: the command line imports the heavy libraries only in the commands that use them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("osmnx", "geopandas", "matplotlib", "dask", "distributed", "pyarrow", "pandas", "networkx", "shapely")


def _imported_after(code: str, cache_dir: Path) -> set[str]:
    """Top-level packages in sys.modules after running ``code`` in a fresh interpreter."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RADDSIM_CACHE_DIR": str(cache_dir)}
    p = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode == 0, p.stderr
    return set(json.loads(p.stdout.strip().splitlines()[-1]))


def test_import_cli_is_light(tmp_path):
    mods = _imported_after("import raddsim.cli", tmp_path)
    assert "raddsim" in mods
    assert not mods & set(HEAVY), mods & set(HEAVY)
    assert not mods & {"numpy", "scipy", "simpy"}, "raddsim --version/--help should not need the numeric stack"


def test_help_of_every_command_is_light(tmp_path):
    code = ("from raddsim.cli import build_parser\n"
            "p = build_parser()\n"
            "for cmd in ('run', 'compare', 'target', 'calibrate', 'demand', 'map', 'report', 'network', 'sweep', 'region'):\n"
            "    try:\n"
            "        p.parse_args([cmd, '--help'])\n"
            "    except SystemExit:\n"
            "        pass\n")
    mods = _imported_after(code, tmp_path)
    assert not mods & set(HEAVY + ("numpy", "scipy")), mods & set(HEAVY + ("numpy", "scipy"))


def test_plain_run_reads_the_compact_network(tmp_path):
    # The first run parses the shipped .osm (osmnx) and caches it; the second must not import osmnx or networkx.
    code = "from raddsim.cli import main\nmain(['run', '--replications', '1', '--years', '0.05'])"
    first = _imported_after(code, tmp_path)
    assert "osmnx" in first  # the cache was empty: parsed (so this test would notice if it never parsed)
    assert list(tmp_path.glob("network-norrtalje_approx-*.npz"))
    second = _imported_after(code, tmp_path)
    assert not second & set(HEAVY), second & set(HEAVY)


def test_warm_run_needs_neither_scipy_nor_pyproj(tmp_path):
    # Shortest paths, components, projections and nearest nodes come from the disk memo
    # (raddsim.core.arraycache) once computed; the t quantile and the normal functions need no scipy.
    # The output is the same to the bit whichever way the rows came (per source, or all-pairs tables).
    outs = [tmp_path / f"run{k}.json" for k in range(3)]

    def code(out: Path) -> str:
        return ("import os\nos.environ['RADDSIM_PROCESSES'] = '1'\n"  # one process: sys.modules tells
                "from raddsim.cli import main\n"
                f"main(['run', '--replications', '2', '--years', '0.1', '--json', {str(out)!r}])")

    first = _imported_after(code(outs[0]), tmp_path)
    assert {"scipy", "pyproj"} <= first  # a cold cache computes them (so the test would notice a memo never used)
    assert list((tmp_path / "derived").glob("allpairs-forward-*.seen"))  # all-pairs tables only from a second use
    assert not list((tmp_path / "derived").glob("allpairs-forward-*.names"))
    second = _imported_after(code(outs[1]), tmp_path)
    assert "scipy" in second and list((tmp_path / "derived").glob("allpairs-forward-*.names"))
    third = _imported_after(code(outs[2]), tmp_path)
    assert not third & {"scipy", "pyproj"}, third & {"scipy", "pyproj"}
    texts = [o.read_text(encoding="utf-8") for o in outs]
    assert texts[0] == texts[1] == texts[2]


def test_report_starts_its_simulations_before_the_heavy_imports(tmp_path):
    # raddsim report forks its simulations first and imports matplotlib and scipy while they run
    # (raddsim.views.report_start); the report is the same as with everything computed in one process.
    probe = ("import sys\n"
             "import raddsim.experiment.parallel as par\n"
             "orig = par.start_simulations\n"
             "def spy(*a, **k):\n"
             "    print('HEAVY AT START', sorted({'matplotlib', 'scipy', 'geopandas'} & set(sys.modules)))\n"
             "    return orig(*a, **k)\n"
             "par.start_simulations = spy\n"
             "import raddsim.views.report_start as rs\n"
             "rs.start_simulations = spy\n"
             "from raddsim.cli import main\n")
    cache = tmp_path / "cache"
    for _ in range(2):  # a warm cache: the network read from its compact form, the shortest paths memoised
        _imported_after("from raddsim.cli import main\nmain(['run', '--replications', '1', '--years', '0.05'])", cache)
    args = "'report', '--years', '0.05', '--replications', '2', '--what-if-replications', '2'"
    outs = []
    for processes in ("2", "1"):
        out = tmp_path / processes / "r.html"
        out.parent.mkdir()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "RADDSIM_PROCESSES": processes, "RADDSIM_CACHE_DIR": str(cache)}
        p = subprocess.run([sys.executable, "-c", probe + f"main([{args}, '--out', {str(out)!r}])"],
                           capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path)
        assert p.returncode == 0, p.stderr
        assert "HEAVY AT START []" in p.stdout, p.stdout
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
