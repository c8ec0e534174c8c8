"""Figures rendered together on every core (raddsim.views.render) are the same bytes as one by one."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

from raddsim.views.render import deferred, png_base64, render_figures

ROOT = Path(__file__).resolve().parents[1]


def _figures(n: int):
    from matplotlib.figure import Figure

    out = []
    for k in range(n):
        fig = Figure(figsize=(4, 3), dpi=80)
        ax = fig.add_subplot()
        ax.plot(range(10), [(x * (k + 1)) % 7 for x in range(10)])
        ax.set_title(f"figure {k} — Norrtälje", wrap=True)
        out.append(fig)
    return out


def test_parallel_rendering_gives_the_serial_bytes():
    from raddsim.views.maps import figure_bytes

    formats = ("png", "svg", "pdf")
    serial = [[figure_bytes(f, fmt) for fmt in formats] for f in _figures(5)]
    parallel = render_figures([(f, formats, {}) for f in _figures(5)], processes=2)
    one = render_figures([(f, formats, {}) for f in _figures(5)], processes=1)
    assert parallel == serial == one
    assert len({p[0] for p in parallel}) == 5  # five different pictures


def test_deferred_placeholders_are_replaced_by_the_pngs():
    figs = _figures(12)
    direct = [png_base64(f, 60) for f in _figures(12)]
    with deferred() as d:
        text = "|".join(png_base64(f, 60) for f in figs)
        assert "RADDSIM-FIGURE-" in text and d.count == 12
        resolved = d.resolve(text)
    assert resolved.split("|") == direct
    assert base64.b64decode(direct[0])[:4] == b"\x89PNG"


def test_pngs_are_encoded_at_the_documented_zlib_level():
    """Maps are PNG at zlib level 3 (views.figfiles.PNG_COMPRESS_LEVEL): the same pixels as Pillow's default 6, encoded
    in about two thirds of the time. The level is in the zlib header of the first IDAT chunk (FLEVEL 1: levels 2–5)."""
    import struct

    from raddsim.views.figfiles import PNG_COMPRESS_LEVEL, figure_bytes

    png = figure_bytes(_figures(1)[0], "png", dpi=60)
    at = png.index(b"IDAT")
    (length,) = struct.unpack(">I", png[at - 4:at])
    assert length > 2 and PNG_COMPRESS_LEVEL == 3
    assert png[at + 5] >> 6 == 1, f"zlib FLEVEL {png[at + 5] >> 6}: not encoded at level 2–5"


def _map_in_subprocess(out: Path, processes: str) -> set[str]:
    probe = ("import json, sys\nfrom raddsim.cli import main\n"
             f"assert main(['map', 'minimum', 'ambition', '--measure', 'first', '--out', {str(out)!r}]) == 0\n"
             "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RADDSIM_PROCESSES": processes}
    p = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode == 0, p.stderr
    return set(json.loads(p.stdout.strip().splitlines()[-1]))


def test_map_writes_png_by_default_the_same_serial_or_parallel(tmp_path):
    from raddsim.network import load_road_data

    load_road_data()  # the compact network cache of this session is filled (else osmnx would import geopandas)
    mods = _map_in_subprocess(tmp_path / "serial", "1")
    assert not mods & {"geopandas", "pyogrio", "fiona"}, "GIS libraries imported though no GIS layer was asked for"
    _map_in_subprocess(tmp_path / "parallel", "2")
    names = sorted(x.name for x in (tmp_path / "serial").iterdir())
    assert names == ["coverage.json", "coverage_ambition.png", "coverage_minimum.png", "difference_minimum_ambition.png"]
    for name in names:
        assert (tmp_path / "serial" / name).read_bytes() == (tmp_path / "parallel" / name).read_bytes(), name
