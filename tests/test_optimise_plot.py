"""The optimise figure: finalists of one cost keep their names apart (opt-2 and opt-4 at cost 5 overlapped)."""

from __future__ import annotations


def _doc(points: list[tuple[str, float, float]]) -> dict:
    def sim(mean: float) -> dict:
        return {"replications": 10, "first_arrival_mean": {"mean": mean, "ci95": [mean - 0.1, mean + 0.1]}}

    return {"region": "R", "objective": "time", "budget": 10, "cost_unit": "crew-years", "base": "base",
            "deciding_figure": "first_arrival_mean",
            "screening": {"base_score": 11.0, "front": [{"cost": 0, "score": 11.0, "options": []}]},
            "simulation": {"base": sim(11.0)},
            "finalists": [{"scenario": name, "options": [name], "cost": cost, "screening_score": y, "verdict": "tied",
                           "simulated": sim(y)} for name, cost, y in points]}


def test_finalists_at_one_cost_have_names_that_do_not_overlap(tmp_path, monkeypatch) -> None:
    from matplotlib.figure import Figure

    from raddsim.optimise.output import plot_front

    kept = {}
    real = Figure.savefig

    def keep(self, *a, **k):
        kept["fig"] = self
        return real(self, *a, **k)

    monkeypatch.setattr(Figure, "savefig", keep)
    plot_front(_doc([("opt-1", 2.0, 10.6), ("opt-2", 5.0, 10.30), ("opt-4", 5.0, 10.31), ("opt-3", 5.0, 10.32)]),
               tmp_path / "front.png")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = kept["fig"]
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    right = fig.axes[1]
    boxes = {a.get_text(): a.get_window_extent(renderer) for a in right.texts}
    assert set(boxes) == {"base", "opt-1", "opt-2", "opt-3", "opt-4"}
    same_cost = [boxes[n] for n in ("opt-2", "opt-3", "opt-4")]
    for i, a in enumerate(same_cost):
        for b in same_cost[i + 1:]:
            assert not a.overlaps(b), (a, b)
