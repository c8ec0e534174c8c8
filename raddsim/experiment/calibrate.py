"""Calibration: fit genuinely uncertain parameters so a scenario reproduces a reported indicator.

The indicator is a mean alarm-to-arrival time per year (Norrtälje: 10.52 min in
2022, 11.19 min in 2023). One parameter at a time is fitted, in the order given,
by bisection on the simulated mean under common random numbers (the same
alarms and crew draws at every trial value, so the objective is smooth enough to
bracket). A parameter is used only if its allowed range can reach the target;
the fitted value is then checked against the range its source calls plausible,
and the report says plainly when it is not.

Nothing is changed in place: the fitted values are written as a new scenario
(``[scenarios.<name>]`` with ``base`` = the calibrated scenario) in a file that
``--scenarios-file`` reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from raddsim.core.bounds import DEFAULT_SEED
from raddsim.core.errors import InputError
from raddsim.experiment.compare import replication_figures, run_scenarios
from raddsim.experiment.model import Model
from raddsim.experiment.runs import check_warmup
from raddsim.experiment.summary import warmup_setting
from raddsim.figures.metrics import mean_ci95
from raddsim.region.config import Table, is_range
from raddsim.region.region import REPORTED_FORM, Region, Setup


@dataclass(frozen=True)
class Parameter:
    """One calibration parameter: a dotted scenario key (``*`` = every part-time crew), its range and source."""

    key: str
    low: float
    high: float
    plausible: tuple[float, float]
    source: str = ""
    source_sv: str = ""

# The form of one [[calibration.parameters]] table in a fix (docs/formats.md).
PARAMETER_FORM = ('[[calibration.parameters]] with key = "<scenario key, e.g. network.blue_light.scale>", '
                  "range = [<low>, <high>] (and optionally plausible = [<low>, <high>], source = \"...\"); or use "
                  "the default --method abc with [calibration] abc = [...].")


def parse_parameters(region: Region) -> tuple[str, list[Parameter]]:
    """The ``[calibration]`` table of the region file: scenario and parameters."""
    raw = region.raw.get("calibration")
    if raw is None:
        raise InputError("the region file has no [calibration] table.", file=region.file, field="calibration",
                         fix="add [calibration] with scenario and [[calibration.parameters]] (see the README).")
    t = Table(raw, region.file, "calibration")
    t.check_keys(["scenario", "parameters", "note", "abc"])
    scenario = t.str("scenario")
    if scenario not in region.scenarios:
        from raddsim.region.config import did_you_mean

        raise t.error("scenario", f"unknown scenario '{scenario}'.{did_you_mean(scenario, region.scenarios)}",
                      fix=f"use one of: {', '.join(region.scenarios)}.")
    params = []
    items = t.get("parameters", None)
    if not isinstance(items, list) or not items:  # the fix gives the table's form, not "add 'parameters = ...'"
        got = "none" if items is None or items == [] else f"{type(items).__name__} {items!r:.40}"
        raise t.error("parameters", f"--method bisect fits [[calibration.parameters]] tables one at a time; found "
                                    f"{got}.",
                      fix=f"add at least one: {PARAMETER_FORM}")
    seen: dict[str, int] = {}
    for k, item in enumerate(items):
        params.append(_parameter(Table(item, region.file, f"calibration.parameters[{k}]"), k, seen))
    return scenario, params


def _parameter(p: Table, k: int, seen: dict[str, int]) -> Parameter:
    """One ``[[calibration.parameters]]`` table: a key given once, a range, and a plausible range that meets it."""
    p.check_keys(["key", "range", "plausible", "source", "source_sv"])
    key = p.str("key")
    if key in seen:  # fitted twice, the second fit would start from the first's value and the report list it twice
        raise p.error("key", f"{key!r} is also calibration.parameters[{seen[key]}].", fix="give each key once.")
    seen[key] = k
    rng = p.get("range")
    plaus = p.get("plausible", rng)
    for name, v in (("range", rng), ("plausible", plaus)):
        if not (is_range(v) and v[0] < v[1]):  # is_range: two finite numbers (true is not 1)
            raise p.error(name, f"expected [low, high] with low < high, got {v!r}.", fix="write e.g. [0.8, 1.0].")
    if plaus[1] < rng[0] or plaus[0] > rng[1]:
        raise p.error("plausible", f"{plaus!r} lies outside the range {rng!r} the fit searches, so every fitted value "
                                   "would be reported as implausible.",
                      fix="give the plausible range its source states, inside or overlapping range.")
    return Parameter(key, float(rng[0]), float(rng[1]), (float(plaus[0]), float(plaus[1])), p.str("source", ""),
                     p.str("source_sv", ""))


def expand(key: str, value: float, setup: Setup) -> dict[str, Any]:
    """Dotted overrides for one parameter value; ``crews.*.`` means every part-time crew with scheduled staff."""
    if key.startswith("crews.*."):
        rest = key[len("crews.*."):]
        crews = [
            c
            for c in setup.crews
            if c.kind == "part-time" and not c.external and not setup.staffing[c.id].fri_inryckning
        ]
        return {f"crews.{c.id}.{rest}": value for c in crews}
    return {key: value}


def simulated_mean(model: Model, setup: Setup, *, years: float, replications: int, seed: int,
                   warmup_days: float = 0.0) -> tuple[float, float | None, float | None, np.ndarray]:
    """Mean first-arrival minutes with its 95% CI, and the per-replication (per-year) means (each replication after
    ``warmup_days`` of warm-up)."""
    run = run_scenarios(model, [setup], years=years, seed=seed, replications=replications,
                        warmup_days=warmup_days)[0]
    per_rep = replication_figures(model, run)["first_arrival"][:, 0]
    m, lo, hi = mean_ci95(per_rep)
    return m, lo, hi, per_rep


def _bisect(offset: Callable[[float], float], lo: float, hi: float, f_lo: float,
            tolerance: float) -> tuple[float, float, list[float]]:
    """Where ``offset`` (simulated − target minutes) changes sign in ``[lo, hi]``, the offset there, and the bracket
    ``[lo, hi]`` the bisection ended with (the value lies in it)."""
    span = hi - lo
    for _ in range(40):  # bisection on the sign of the CRN objective
        mid = (lo + hi) / 2
        f_mid = offset(mid)
        if abs(f_mid) <= tolerance / 2 or hi - lo < 1e-4 * span:
            break
        if (f_mid > 0) == (f_lo > 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return mid, f_mid, [lo, hi]


#: Why a value fitted by bisection has no 95 % interval of its own (``value_ci95_note`` in the JSON; the text says
#: it in words): what the method does support is the bracket and the interval of the mean at the value.
NO_VALUE_CI_NOTE = ("no 95 % interval of the fitted value: bisection finds where the mean under one set of random "
                    "numbers (common to every trial) crosses the reported mean, so another seed moves the value by an "
                    "amount this fit does not measure. bracket is numerical: the last interval the bisection held "
                    "the crossing in, under these random numbers. minutes_at_value_ci95 is the 95 % interval (Student "
                    "t over the replications) of the simulated mean at the value. --method abc gives the spread of "
                    "values consistent with the reported years.")


def _fit_parameter(p: Parameter, offset: Callable[[float], float], target: float, tolerance: float,
                   trials: dict[float, tuple[float, float | None, float | None]] | None = None,
                   ) -> tuple[dict[str, Any], float | None, float]:
    """One parameter's report entry, fitted value (None: its range cannot reach the target) and offset there.

    ``trials``: the simulated mean with its 95 % interval at each value ``offset`` was evaluated at (filled by it);
    the entry then holds the interval at the fitted value (``minutes_at_value_ci95``).
    """
    f_lo = offset(p.low)
    f_hi = offset(p.high)
    entry: dict[str, Any] = {"key": p.key, "range": [p.low, p.high], "plausible": list(p.plausible),
                             "source": p.source, "source_sv": p.source_sv}
    if f_lo * f_hi > 0:  # both ends on the same side of the target: no value in between reaches it
        entry["used"] = False
        # the reason in words (why) and as data (why_code, simulated_minutes), for the report in either language
        entry["simulated_minutes"] = [f_lo + target, f_hi + target]
        if f_lo == f_hi:  # the same random numbers at both ends: equal means the scenario does not use it
            entry["why_code"] = "no_effect"
        else:
            entry["why_code"] = "cannot_reach"
        entry["why"] = why_unused(entry, target, "en")
        return entry, None, f_lo
    mid, f_mid, bracket = _bisect(offset, p.low, p.high, f_lo, tolerance)
    value = round(mid, 6)
    entry.update({"used": True, "value": value, "plausible_ok": p.plausible[0] <= value <= p.plausible[1],
                  "value_ci95": None, "value_ci95_note": NO_VALUE_CI_NOTE, "bracket": bracket})
    if trials is not None and mid in trials:
        m, lo, hi = trials[mid]
        entry.update(minutes_at_value=m, minutes_at_value_ci95=None if lo is None else [lo, hi])
    return entry, value, f_mid


def why_unused(entry: dict[str, Any], target: float, lang: str = "en") -> str:
    """Why a parameter was not used, in ``lang``: from its ``why_code`` (its ``why`` text when it has none)."""
    from raddsim.views.i18n import t
    from raddsim.views.numbers import formatted

    code = entry.get("why_code")
    if code is None:  # a result written before the code existed
        return str(entry["why"])
    lo, hi = (formatted(m, ".2f", lang) for m in entry.get("simulated_minutes", [target, target]))
    return t(f"cal_why_{code}", lang, lo=lo, hi=hi, target=formatted(target, ".2f", lang))


def calibrate(model: Model, *, name: str = "current-calibrated", replications: int = 20, years: float = 1.0,
              seed: int = DEFAULT_SEED, targets: dict[str, float] | None = None, tolerance: float = 0.02,
              warmup_days: float = 0.0) -> dict:
    """Fit the region's calibration parameters to its reported indicator, each replication after ``warmup_days`` of
    warm-up (0: none; recorded in the settings when there is one).

    Returns
    -------
    dict
        The target, the fitted overrides, each parameter's value and plausibility,
        the fit (simulated mean and CI, per-year spread) and whether each reported
        year lies within the simulated spread of a single year's mean.
    """
    warmup_days = check_warmup(warmup_days)  # before any work
    region = model.region
    scenario, params = parse_parameters(region)
    targets = dict(targets or region.reported_minutes)
    if not targets:
        raise InputError("no reported indicator to calibrate to.", file=region.file, field="region.reported_minutes",
                         fix=f"add {REPORTED_FORM}")
    target = float(np.mean(list(targets.values())))
    base = region.scenarios[scenario]

    def setup_for(overrides: dict[str, Any]) -> Setup:
        # The stated values and the fitted ones, not the scenario's calibrated sets (posterior).
        return region.derive(name, scenario, {**overrides, "posterior": False})

    trials: dict[float, tuple[float, float | None, float | None]] = {}  # a parameter's value → mean, its CI

    overrides: dict[str, Any] = {}
    fitted: list[dict] = []
    # The model before any fitting, with its interval: is the reported mean already inside it?
    before, before_lo, before_hi, _ = simulated_mean(model, setup_for({}), years=years, replications=replications,
                                                     seed=seed, warmup_days=warmup_days)
    current = before
    for p in params:
        if abs(current - target) <= tolerance:
            fitted.append({"key": p.key, "range": [p.low, p.high], "plausible": list(p.plausible), "source": p.source,
                           "used": False, "why_code": "not_needed",
                           "why": "not needed: the target was reached with the parameters above"})
            continue

        def offset(v: float, p: Parameter = p) -> float:
            # On top of the parameters already fitted (one at a time, in the order given).
            trials[v] = simulated_mean(model, setup_for({**overrides, **expand(p.key, v, base)}), years=years,
                                       replications=replications, seed=seed, warmup_days=warmup_days)[:3]
            return trials[v][0] - target

        trials.clear()
        entry, value, f_value = _fit_parameter(p, offset, target, tolerance, trials)
        fitted.append(entry)
        if value is not None:
            overrides.update(expand(p.key, value, base))
            current = f_value + target
    m, ci_lo, ci_hi, per_rep = simulated_mean(model, setup_for(overrides), years=years, replications=replications,
                                              seed=seed, warmup_days=warmup_days)
    spread = [float(np.percentile(per_rep, 2.5)), float(np.percentile(per_rep, 97.5))]
    return {
        "scenario": scenario,
        "calibrated_scenario": name,
        "reported_mean_minutes": target,  # what the fit aims at: the reported years' mean
        "target_minutes": target,  # its old name (the same value), kept for readers of older files
        "reported_minutes": targets,
        "before_minutes": before,
        "before_minutes_ci95": None if before_lo is None else [before_lo, before_hi],
        "parameters": fitted,
        "overrides": overrides,
        "fit": {"mean": m, "mean_ci95": None if ci_lo is None else [ci_lo, ci_hi], "single_year_95_range": spread,
                "target_in_ci": bool(ci_lo is not None and ci_hi is not None and ci_lo <= target <= ci_hi)},
        "years_within_single_year_range": {y: bool(spread[0] <= v <= spread[1]) for y, v in targets.items()},
        "settings": {"replications": replications, "years": years, "seed": seed, **warmup_setting(warmup_days)},
    }


def _interval(ci: list[float] | None) -> str:
    # Two decimals, as the mean beside it (the JSON keeps every digit).
    return "n/a" if ci is None else f"[{ci[0]:.2f}, {ci[1]:.2f}]"


def scenario_file_text(res: dict) -> str:
    """The calibrated scenario as TOML (a file for ``--scenarios-file``)."""
    lines = [
        f"# Written by `raddsim calibrate`: {res['scenario']} fitted to a mean of {res['target_minutes']:.2f} min",
        f"# (reported: {', '.join(f'{k}: {v}' for k, v in res['reported_minutes'].items())}).",
        f"# Fit: simulated mean {res['fit']['mean']:.2f} min, 95% CI {_interval(res['fit']['mean_ci95'])}.",
    ]
    for p in res["parameters"]:
        if p["used"]:
            flag = "within" if p["plausible_ok"] else "OUTSIDE"
            lines.append(f"# {p['key']} = {p['value']:g} ({flag} its plausible range {p['plausible']}; {p['source']})")
        else:
            lines.append(f"# {p['key']}: not used — {p['why']}")
    lines += warmup_comment(res)
    lines += ["", f'[scenarios."{res["calibrated_scenario"]}"]', f'base = "{res["scenario"]}"', "posterior = false",
              f'description = "{res["scenario"]} calibrated to the reported indicator ({res["target_minutes"]:.2f} '
              'min)"',
              f'description_sv = "{res["scenario"]} kalibrerat mot det redovisade nyckeltalet '
              f'({format(res["target_minutes"], ".2f").replace(".", ",")} min)"']
    for key, value in res["overrides"].items():
        parts = key.split(".")
        lines.append(
            ".".join(f'"{p}"' if not p.replace("_", "").isalnum() else p for p in parts) + f" = {_toml_value(value)}"
        )
    return "\n".join(lines) + "\n"


def warmup_comment(res: dict) -> list[str]:
    """The scenario file's line saying the calibration's replications ran after a warm-up (none without one)."""
    days = res.get("settings", {}).get("warmup_days")
    return [f"# Each simulated replication after a {days:g}-day warm-up (raddsim calibrate --warmup {days:g})."] \
        if days else []


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(float(v)) if not float(v).is_integer() or isinstance(v, float) else str(v)
    return '"' + str(v).replace('"', '\\"') + '"'


def format_calibration(res: dict, lang: str = "en") -> str:
    """Readable report of a calibration, in ``lang`` ("en" or "sv")."""
    from raddsim.views.i18n import t
    from raddsim.views.numbers import formatted

    def num(x: float) -> str:
        return formatted(x, ".2f", lang)

    def interval(ci: list[float] | None) -> str:
        sep = "; " if lang == "sv" else ", "  # a decimal comma in Swedish
        return t("cal_na", lang) if ci is None else f"[{num(ci[0])}{sep}{num(ci[1])}]"

    f = res["fit"]
    obs = ("; " if lang == "sv" else ", ").join(f"{y}: {num(v)} min" for y, v in res["reported_minutes"].items())
    lines = [t("cal_head", lang, s=res["scenario"], obs=obs, m=num(res["target_minutes"])),
             t("cal_before", lang, m=num(res["before_minutes"]), ci=interval(res.get("before_minutes_ci95")))]
    ci0 = res.get("before_minutes_ci95")
    if ci0 is not None and ci0[0] <= res["target_minutes"] <= ci0[1] and any(p["used"] for p in res["parameters"]):
        lines.append(t("cal_before_in", lang, m=num(res["target_minutes"])))
    for p in res["parameters"]:
        if p["used"]:
            lo, hi = (formatted(v, "g", lang) for v in p["plausible"])
            lines.append(t("cal_param_within" if p["plausible_ok"] else "cal_param_outside", lang, name=p["key"],
                           v=formatted(p["value"], "g", lang), lo=lo, hi=hi,
                           src=(lang == "sv" and p.get("source_sv")) or p["source"]))  # the file's Swedish source
            lines += _value_interval_lines(p, num, interval, lang)
        else:
            lines.append(t("cal_param_unused", lang, name=p["key"], why=why_unused(p, res["target_minutes"], lang)))
    lines.append(t("cal_after_in" if f["target_in_ci"] else "cal_after_out", lang, m=num(f["mean"]),
                   ci=interval(f["mean_ci95"])))
    years = ", ".join(f"{y} {t('cal_inside' if ok else 'cal_outside', lang)}"
                      for y, ok in res["years_within_single_year_range"].items())
    lines.append(t("cal_single_year", lang, ci=interval(f["single_year_95_range"]), years=years))
    if not any(p.get("used") for p in res["parameters"]) and abs(res["before_minutes"] - res["target_minutes"]) > 0.02:
        lines.append(t("cal_no_reach", lang))
    return "\n".join(lines)


def _value_interval_lines(p: dict, num: Callable[[float], str], interval: Callable[[list[float] | None], str],
                          lang: str) -> list[str]:
    """What the bisection supports in place of a fitted value's 95 % interval: its final bracket and the interval of
    the mean at the value, and why there is no interval of the value itself (none for a result written before)."""
    from raddsim.views.i18n import t
    from raddsim.views.numbers import formatted

    if "bracket" not in p:
        return []
    lo, hi = (formatted(v, "g", lang) for v in p["bracket"])  # as the value beside it
    at = t("cal_at_value", lang, m=num(p["minutes_at_value"]), ci=interval(p.get("minutes_at_value_ci95"))) \
        if p.get("minutes_at_value") is not None else ""
    return [t("cal_bracket", lang, lo=lo, hi=hi, at=at), t("cal_no_value_ci", lang)]
