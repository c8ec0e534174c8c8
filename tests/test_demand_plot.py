"""The demand summary and plot are presentable: full type names, named months, places, nothing clipped."""

from __future__ import annotations

import numpy as np

from raddsim.cli import main
from raddsim.demand import generate_incidents
from raddsim.demand.summary import format_stream, plot_stream, summarize_stream


def test_text_summary_has_full_type_names_and_month_names(capsys) -> None:
    assert main(["demand", "--replications", "2"]) == 0
    out = capsys.readouterr().out
    # the longest type name is printed whole (it was cut at 50 characters)
    assert "Other assistance (storm, water damage, animal rescue, hazmat …)" in out
    assert "Jan  Feb  Mar  Apr  May  Jun  Jul  Aug  Sep  Oct  Nov  Dec" in out
    assert main(["demand", "--replications", "2", "--lang", "sv"]) == 0
    assert "jan  feb  mar  apr  maj  jun" in capsys.readouterr().out


def test_text_summary_says_what_its_counts_are_over_and_names_its_tables(capsys) -> None:
    """The counts are over every simulated year (2 × 1.5 here), and the type and area tables have headings."""
    assert main(["demand", "--replications", "2", "--years", "1.5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    # (line 1 says which interval the shares carry)
    assert " alarms in 3 simulated years (" in lines[0] and lines[3] == "by incident type:"
    assert "by station area (the station with the shortest drive):" in lines
    assert main(["demand", "--replications", "2", "--lang", "sv"]) == 0
    out = capsys.readouterr().out
    assert " larm på 2 simulerade år (" in out and "per händelsetyp:" in out and "per stationsområde" in out


def test_plot_names_types_places_and_keeps_text_inside(default_model, tmp_path, monkeypatch) -> None:
    from matplotlib.figure import Figure

    saved = {}
    real_savefig = Figure.savefig

    def keep(self, *a, **k):
        saved["fig"] = self
        return real_savefig(self, *a, **k)

    monkeypatch.setattr(Figure, "savefig", keep)
    setup = default_model.region.scenarios["minimum"]
    points, _ = default_model.demand(setup.demand)
    runs = [generate_incidents(setup.demand, points, years=0.2, seed=1, replication=0)]
    areas = [np.zeros(len(r.time_s), np.int64) for r in runs]
    summary = summarize_stream(setup.demand, points, runs, ["all"], areas, 0.2)
    plot_stream(tmp_path / "d.png", default_model.network, points, runs, summary, "A title that must not be clipped",
                spec=setup.demand, subtitle="sub", lang="en")
    fig = saved["fig"]
    renderer = fig.canvas.get_renderer()
    fw, fh = fig.bbox.width, fig.bbox.height
    for text in fig.texts:
        box = text.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= fw and box.y0 >= 0 and box.y1 <= fh, text.get_text()
    legend = [t.get_text() for lg in fig.legends for t in lg.get_texts()]
    assert "Building fire" in legend and not any(t.isdigit() for t in legend)
    ax = fig.axes[0]
    assert not ax.get_xticks().size and not ax.get_yticks().size  # no raw SWEREF coordinates
    labels = {t.get_text() for t in ax.texts}
    assert {"Norrtälje", "Rimbo", "Hallstavik"} <= labels
    months = [t.get_text() for t in fig.axes[2].get_xticklabels()]
    assert months[0] == "Jan" and months[-1] == "Dec"
