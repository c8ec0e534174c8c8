"""Charts for the report: the distribution of alarm-to-arrival times against the target."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from raddsim.views.figfiles import layout_dpi
from raddsim.views.i18n import t
from raddsim.views.numbers import general

#: Colour-blind-safe line colours (Okabe–Ito), one per scenario.
SCENARIO_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")


def distribution_figure(minutes: dict[str, np.ndarray], target: float, lang: str = "en",
                        max_minutes: float = 45) -> Figure:
    """Histogram and cumulative share of alarm-to-first-arrival minutes per scenario, with the target line.

    Parameters
    ----------
    minutes
        Scenario name → minutes of all its simulated alarms (replications pooled; NaN left out).
    target
        The target (minutes), drawn as a vertical line.
    """
    fig = Figure(figsize=(11, 4.6), dpi=layout_dpi())
    FigureCanvasAgg(fig)
    ax_h, ax_c = fig.subplots(1, 2)
    bins = np.arange(0, max_minutes + 1, 1.0)
    for k, (name, m) in enumerate(minutes.items()):
        m = np.asarray(m, float)
        m = m[np.isfinite(m)]
        colour = SCENARIO_COLOURS[k % len(SCENARIO_COLOURS)]
        if len(m) == 0:
            continue
        clipped = np.minimum(m, max_minutes - 1e-9)  # the last bin holds everything beyond the axis
        ax_h.hist(clipped, bins=bins, weights=np.full(len(m), 1 / len(m)), histtype="step", linewidth=1.8,
                  color=colour, label=name)
        xs = np.sort(m)
        ys = np.arange(1, len(xs) + 1) / len(xs)
        share = float(np.mean(m <= target))
        ax_c.step(xs, ys, where="post", color=colour, linewidth=1.8,
                  label=f"{name}: {100 * share:.0f} % ≤ {general(target, lang)} min")
    for ax in (ax_h, ax_c):
        ax.axvline(target, color="black", linestyle="--", linewidth=1.2)
        ax.set_xlim(0, max_minutes)
        ax.set_xlabel(t("chart_minutes", lang))
        ax.grid(True, alpha=0.3)
    ax_h.text(target, ax_h.get_ylim()[1] * 0.97, " " + t("chart_target", lang, t=target), va="top", ha="left",
              fontsize=9)
    # The last bar holds every alarm beyond the axis: said, or its spike reads as alarms at 44–45 min.
    ax_h.set_xlabel(t("chart_last_bar", lang, m=max_minutes - 1))
    ax_h.set_ylabel(t("chart_share", lang))
    ax_c.set_ylabel(t("chart_cumulative", lang))
    ax_c.set_ylim(0, 1.01)
    ax_c.yaxis.set_major_formatter(lambda v, _: f"{100 * v:.0f} %")
    ax_h.yaxis.set_major_formatter(lambda v, _: f"{100 * v:.0f} %")
    if ax_h.get_legend_handles_labels()[0]:  # none without an alarm: matplotlib warned of an empty legend
        ax_h.legend(fontsize=9, frameon=False)
        ax_c.legend(fontsize=9, loc="lower right")
    fig.suptitle(t("chart_title", lang), fontsize=12, fontweight="bold", x=0.01, ha="left")
    fig.tight_layout()
    return fig
