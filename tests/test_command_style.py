"""The command line's figures are laid out and drawn with one set of matplotlib settings (``figfiles.COMMAND_RC``:
unhinted glyphs, ≈ 0.4 s less CPU in ``raddsim map``), and the library leaves a caller's settings alone.

The figures are rendered in this process (``RADDSIM_PROCESSES=1``) so what matplotlib was set to at each
rendering can be seen; each test fails where a figure is measured or drawn with matplotlib's default hinting.
"""

from __future__ import annotations

import matplotlib
import pytest
from matplotlib.figure import Figure

from raddsim.cli import main
from raddsim.views import figfiles, mapparts, maps

HINTING = mapparts._FONT_RC.index("text.hinting")


@pytest.fixture
def rendered(monkeypatch):
    """The ``text.hinting`` in force at each figure rendered in this process (and an empty map label layout memo,
    whose keys say it at each layout)."""
    monkeypatch.setenv("RADDSIM_PROCESSES", "1")
    seen: dict[str, list[str]] = {"rendered": []}
    real = maps.figure_bytes

    def recording(fig, fmt="png", dpi=figfiles.DPI):
        seen["rendered"].append(str(matplotlib.rcParams["text.hinting"]))
        return real(fig, fmt, dpi)

    monkeypatch.setattr(maps, "figure_bytes", recording)
    monkeypatch.setattr(mapparts, "LAYOUTS", {})  # the layouts made here, by their keys (fonts first)
    return seen


def test_map_lays_out_and_renders_every_figure_unhinted(rendered, tmp_path, capsys) -> None:
    before = matplotlib.rcParams["text.hinting"]
    assert main(["map", "minimum", "--cell", "2000", "--formats", "png", "--out", str(tmp_path / "m")]) == 0
    assert rendered["rendered"] and set(rendered["rendered"]) == {"no_hinting"}, rendered
    labels = [key[0][HINTING] for key in mapparts.LAYOUTS]
    assert labels and set(labels) == {"no_hinting"}  # measured as it is drawn
    assert matplotlib.rcParams["text.hinting"] == before  # the caller's setting is back


def test_report_lays_out_and_renders_every_figure_unhinted(rendered, tmp_path, capsys) -> None:
    before = matplotlib.rcParams["text.hinting"]
    assert main(["report", "minimum", "--years", "0.05", "--replications", "2", "--no-what-if", "--cell", "2000",
                 "--sim-cell", "5000", "--out", str(tmp_path / "p.html")]) == 0
    assert len(rendered["rendered"]) >= 3 and set(rendered["rendered"]) == {"no_hinting"}, rendered
    labels = [key[0][HINTING] for key in mapparts.LAYOUTS]
    assert labels and set(labels) == {"no_hinting"}
    assert matplotlib.rcParams["text.hinting"] == before


def test_the_library_keeps_the_callers_settings(tmp_path) -> None:
    fig = Figure(figsize=(2, 1))
    fig.text(0.1, 0.5, "Norrtälje")
    with matplotlib.rc_context({"text.hinting": "force_autohint"}):
        png = figfiles.figure_bytes(fig, "png")  # raddsim's renderer, the caller's settings
        assert matplotlib.rcParams["text.hinting"] == "force_autohint"
        with figfiles.command_style():
            assert matplotlib.rcParams["text.hinting"] == "no_hinting"
            unhinted = figfiles.figure_bytes(fig, "png")
        assert matplotlib.rcParams["text.hinting"] == "force_autohint"
    assert png != unhinted  # the setting reaches the pixels
