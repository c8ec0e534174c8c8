"""The console table of ``raddsim optimise``: finalists, cost, screening score, simulated figures with CIs, verdict."""

from __future__ import annotations

from raddsim.optimise.output import table_rows


def _fmt(value, ci_lo, ci_hi, scale: float = 1.0, digits: int = 2) -> str:
    if value is None:
        return "–"
    text = f"{value * scale:.{digits}f}"
    if ci_lo is not None:
        text += f" [{ci_lo * scale:.{digits}f}, {ci_hi * scale:.{digits}f}]"
    return text


def _ci(row: dict, key: str, scale: float = 1.0, digits: int = 2) -> str:
    """``row[key]`` with its ``_ci_low``/``_ci_high`` columns, formatted."""
    return _fmt(row[key], row[f"{key}_ci_low"], row[f"{key}_ci_high"], scale, digits)


def format_optimise(doc: dict) -> str:
    """Readable summary of an optimise result document."""
    scr = doc["screening"]
    score_name = "expected share within target" if doc["objective"] == "coverage" else "expected minutes"
    lines = [
        f"raddsim optimise — {doc['region']}: objective {doc['objective']}, budget {doc['budget']:g} "
        f"{doc['cost_unit']}, "
        f"base scenario '{doc['base']}'",
        f"Screening: {len(doc['finalists'])} option set(s) from the integer program in {scr['seconds']:.2f} s "
        f"({scr['alarm_sets']} merged alarm sets, {'exact' if scr['exact'] else 'tangent grid'}); "
        f"screening score = {score_name} with busy crews (base {scr['base_score']:.4f}).",
    ]
    rows = table_rows(doc)
    sim = doc.get("simulation")
    if sim:
        lines.append(f"Simulation: {sim['total_replications']} scenario-years, common random numbers; "
                     f"{sim['status']} at {sim['confidence']:.0%} confidence.")
    lines.append("")
    head = (f"{'scenario':<10} {'cost':>5} {'screen':>8}  {'within target % [95% CI]':<26} {'first crew min':<22} "
            f"{'effective force min':<22} verdict")
    lines.append(head)
    for r in rows:
        share = _ci(r, "share_within_target", 100, 1)
        first, effective = _ci(r, "mean_first_arrival_min"), _ci(r, "effective_force_min")
        lines.append(f"{r['scenario']:<10} {r['cost']:>5g} {r['screening_score']:>8.4f}  {share:<26} {first:<22} "
                     f"{effective:<22} {r['verdict']}")
    lines.append("")
    for r in rows[1:]:
        lines.append(f"{r['scenario']}: {r['options']}")
        if r["share_within_target_vs_base"] is not None:
            lines.append(f"    vs base: within target {_ci(r, 'share_within_target_vs_base', 100, 1)} pp, "
                         f"first crew {_ci(r, 'mean_first_arrival_min_vs_base')} min, "
                         f"effective force {_ci(r, 'effective_force_min_vs_base')} min")
    return "\n".join(lines)
