"""One figure, one definition: `run`, `target`, `map` and `report` give the same numbers on the same inputs and seed.

* share of alarms within the target: :func:`raddsim.figures.metrics.summarize` (run, target, report, JSON);
* residents within the target with every crew free: :meth:`raddsim.coverage.static.StaticCoverage.population_within`
  on the same grid (target, map, report, JSON).
"""

from __future__ import annotations

import json
import re

from raddsim.cli import main

COMMON = ["--years", "0.5", "--replications", "3", "--seed", "5"]


def test_commands_agree_on_the_same_inputs(tmp_path, capsys) -> None:
    run_json, target_json, maps, paper = tmp_path / "run.json", tmp_path / "target.json", tmp_path / "maps", tmp_path / "p.html"
    assert main(["run", "--scenario", "minimum", "--scenario", "ambition", *COMMON, "--json", str(run_json)]) == 0
    assert main(["target", "minimum", "ambition", *COMMON, "--no-levers", "--cell", "1000", "--json", str(target_json)]) == 0
    target_text = capsys.readouterr().out
    assert main(["map", "minimum", "ambition", "--cell", "1000", "--formats", "geojson", "--out", str(maps)]) == 0
    map_text = capsys.readouterr().out
    assert main(["report", "minimum", "ambition", *COMMON, "--cell", "1000", "--sim-cell", "5000", "--no-what-if",
                 "--out", str(paper)]) == 0
    run = json.loads(run_json.read_text(encoding="utf-8"))["scenarios"]
    target = json.loads(target_json.read_text(encoding="utf-8"))["scenarios"]
    cov = json.loads((maps / "coverage.json").read_text(encoding="utf-8"))["scenarios"]
    html = paper.read_text(encoding="utf-8")
    for name in ("minimum", "ambition"):
        # Alarms within the target: the same number, under the same name, in run and target.
        assert target[name]["share_within_target"] == run[name]["share_within_target"]
        assert target[name]["share_within_target_ci95"] == run[name]["share_within_target_ci95"]
        # Residents within the target: the same number in target and map (and the report's table below).
        residents = target[name]["population_within_target"]["share"]
        assert residents == cov[name]["within"]["10"]
        assert f"{100 * residents:.1f}\u00a0%" in target_text.replace("%", "\u00a0%").replace("\u00a0\u00a0", "\u00a0")
        # …and printed alike by map and target (map printed 65 % where target printed 64.6 %).
        assert re.search(rf"^{name} +{100 * residents:.1f}\u00a0%", map_text, re.M), map_text
        row = re.search(rf"<tr><td>{name}</td>(.*?)</tr>", html[html.index('id="coverage"'):]).group(1)
        assert re.findall(r"<td>([^<]*)</td>", row)[0] == f"{100 * residents:.1f}\u00a0%"
        # The report's headline share of alarms is run's.
        head = html[html.index('id="headline"'):html.index('id="paired"')]
        share = run[name]["share_within_target"]
        assert f"{100 * share:.0f}\u00a0%" in re.search(rf"<tr><td>{name}</td>(.*?)</tr>", head).group(1)
