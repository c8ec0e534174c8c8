"""A calibration's accepted parameter sets, stored in data, for scenarios that integrate over them.

``raddsim calibrate --write FILE`` stores the sets that ABC rejection accepted
(:mod:`raddsim.experiment.abc`) with their weights and the run's settings. A
scenario that names the file (``posterior = "norrtalje_posterior.toml"`` in its
table; inherited by scenarios based on it, ``posterior = false`` switches it off)
runs each replication at one accepted set: replication *r* draws its set from the
stream ``(seed, r, "posterior")`` with probability proportional to the weights.
The draw depends on the seed and the replication only, so every scenario with the
same posterior uses the same set in replication *r* (common random numbers), and
the figures integrate over the calibration's uncertainty.

File format (TOML)::

    [posterior]
    scenario = "current"                 # the scenario calibrated
    keys = ["network.blue_light.scale", "availability.part-time.absence"]
    integer = [false, false]             # optional: keys whose values are whole numbers
    weights = [2.0, 1.0]                 # accepted pseudo-observations of each set
    sets = [[1.23, 0.045], [0.91, 0.06]] # one row per accepted set, in the order of keys
    lhs_rows = [17, 4]                   # optional: each set's row in the calibration's Latin hypercube
    simulated_minutes = [[10.9, 10.8], [10.7, 11.0]]  # optional: each set's simulated yearly indicators
    [posterior.settings]                 # how the sets were made (free-form, for the record)
    [posterior.parameters."<key>"]       # optional: prior, posterior summary (and mean ± MC error), constrained?
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from raddsim.core import streams
from raddsim.core.errors import InputError
from raddsim.region.config import Table, did_you_mean, read_toml

#: What the posterior file says about whether the data constrain a parameter.
VERDICT = {True: "yes", False: "no", None: "too few accepted sets to say"}
#: Where a posterior file comes from, for the fixes.
WRITTEN_BY = "the TOML file with a [posterior] table written by `raddsim calibrate --write FILE`"
#: Sections of a scenario a posterior key may set (dotted keys, as in sweeps).
KEY_SECTIONS = ("stations", "crews", "demand", "network", "availability", "dispatch", "policies")


@dataclass(frozen=True)
class Posterior:
    """Accepted parameter sets of a calibration: ``sets[j][k]`` is key ``k``'s value in set ``j``."""

    file: Path
    keys: tuple[str, ...]
    sets: tuple[tuple[float, ...], ...]
    weights: tuple[float, ...]
    integer: tuple[bool, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    #: Per key, what the calibration said: prior, posterior 5/50/95 %, sd ratio, constrained ("yes"/"no"/...).
    parameters: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    #: Each set's row in the calibration's Latin hypercube and its simulated yearly indicators (minutes), when
    #: recorded: what lets a check re-simulate a few sets and see whether the model still gives the same years.
    lhs_rows: tuple[int, ...] = field(default=(), compare=False, hash=False)
    simulated_minutes: tuple[tuple[float, ...], ...] = field(default=(), compare=False, hash=False)
    #: The scenario the sets were calibrated for (``scenario = ...``); None if the file does not say.
    scenario: str | None = None

    def constrained(self) -> list[str]:
        """The keys the calibration found constrained by the data (posterior spread well below the prior's)."""
        return [k for k in self.keys if dict(self.parameters.get(k, {})).get("constrained") == VERDICT[True]]

    def draw(self, seed: int, replication: int) -> int:
        """The set used by replication ``replication`` (the same for every scenario: CRN)."""
        cw = np.cumsum(self.weights)
        u = streams.rng(seed, replication, "posterior").random() * cw[-1]
        return int(min(np.searchsorted(cw, u, side="right"), len(cw) - 1))

    def overrides(self, j: int) -> dict[str, float | int]:
        """Set ``j`` as dotted scenario overrides."""
        ints = self.integer or (False,) * len(self.keys)
        return {k: int(v) if i else float(v) for k, v, i in zip(self.keys, self.sets[j], ints)}

    def as_array(self) -> np.ndarray:
        """The sets as an array (sets × keys)."""
        return np.array(self.sets, float).reshape(len(self.sets), len(self.keys))


def load_posterior(path: str | Path) -> Posterior:
    """Read and validate a posterior file (errors name the file, the field and the fix)."""
    path = Path(path)
    try:
        data = read_toml(path)
    except InputError as err:
        if not err.message.startswith(("this is", "is a binary")):  # not found, not UTF-8, a TOML slip: as said
            raise
        # e.g. calibrate --json's JSON given for --write's TOML: not "give the region file" (read_toml's fix)
        raise InputError(err.message, file=path, fix=f"give a posterior file: {WRITTEN_BY}.") from None
    root = Table(data, path)
    if "posterior" not in root:  # e.g. the region file or a scenario file given by mistake
        # named: blamed on a scenario's posterior = "...", the message must say which file it read
        raise root.error("posterior", f"'{path.name}' is not a posterior file (it has no [posterior] table).",
                         fix=f"give {WRITTEN_BY}.")
    root.check_keys(["posterior"])  # e.g. [scenarios.x] pasted in: it would be ignored without a word
    t = root.table("posterior")
    t.check_keys(["scenario", "keys", "integer", "weights", "sets", "lhs_rows", "simulated_minutes", "settings",
                  "parameters", "note", "source"])
    keys = _keys(t)
    given = t.get("integer", [False] * len(keys))
    if not isinstance(given, list) or len(given) != len(keys) or not all(isinstance(b, bool) for b in given):
        raise t.error("integer", f"expected {len(keys)} true/false values, one per key.",
                      fix="write e.g. [false, true].")
    integer = tuple(given)
    sets = t.get("sets")
    if not isinstance(sets, list) or not sets:
        raise t.error("sets", "expected a non-empty list of parameter sets.", fix="write sets = [[1.2, 0.05], ...].")
    rows = []
    for j, row in enumerate(sets):
        ok = isinstance(row, list) and len(row) == len(keys) and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in row)
        if not ok:
            raise t.error("sets", f"set {j} must be {len(keys)} finite numbers (one per key), got {row!r}.",
                          fix="give one number per entry of keys.")
        whole = [k for k, v, i in zip(keys, row, integer) if i and not float(v).is_integer()]
        if whole:  # overrides() would cut the fraction off silently
            raise t.error("sets", f"set {j} gives {whole[0]} (a whole number, see integer) the value "
                                  f"{row[keys.index(whole[0])]!r}.", fix="write a whole number.")
        rows.append(tuple(float(v) for v in row))
    weights = t.get("weights", [1.0] * len(rows))
    if (not isinstance(weights, list) or len(weights) != len(rows)
            or not all(isinstance(w, (int, float)) and not isinstance(w, bool) and 0 <= w < math.inf for w in weights)
            or sum(weights) <= 0):
        raise t.error("weights", f"expected {len(rows)} finite non-negative numbers with a positive sum, one per set.",
                      fix="write the accepted pseudo-observations of each set, e.g. weights = [1, 2, 1].")
    lhs_rows, simulated = _record(t, len(rows))
    return Posterior(path, keys, tuple(rows), tuple(float(w) for w in weights), integer,
                     dict(t.table("settings", {}).data), dict(t.table("parameters", {}).data), lhs_rows, simulated,
                     t.str("scenario", None))


def _keys(t: Table) -> tuple[str, ...]:
    """The dotted scenario keys the sets give values for: at least one, each once."""
    keys = tuple(t.str_list("keys"))
    if not keys:
        raise t.error("keys", "no key: the sets would change nothing.",
                      fix="give the calibrated keys, e.g. keys = [\"network.blue_light.scale\"].")
    for k in keys:
        if k.split(".")[0] not in KEY_SECTIONS or "." not in k or "" in k.split("."):
            raise t.error("keys", f"'{k}' is not a dotted scenario key.",
                          fix=f"start each key with one of: {', '.join(KEY_SECTIONS)} (e.g. network.blue_light.scale).")
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:  # the later column would silently win over the earlier one
        raise t.error("keys", f"'{twice[0]}' is listed twice.", fix="list each key once (with its column in sets).")
    return keys


def check_posterior_sets(post: Posterior, region: Any, scenarios: Sequence[str]) -> None:
    """Refuse a set that does not make a valid scenario from each of ``scenarios`` (e.g. ``compare --posterior``).

    The error names the posterior file and the set: else a bad value (a negative rate, an unknown crew) is
    blamed on the region file's ranges, which the user did not write.

    Parameters
    ----------
    post : Posterior
        The posterior file, as read.
    region : Region
        The region whose scenarios the sets change (anything with ``derive(name, base, overrides)``).
    scenarios : sequence of str
        The scenarios run over the sets.

    Raises
    ------
    InputError
        Naming ``post.file``, ``posterior.sets``, the set and the key.
    """
    if post.scenario is not None and post.scenario not in region.scenarios:  # another region's sets
        hint = did_you_mean(post.scenario, region.scenarios)
        raise InputError(f"the sets were calibrated for scenario '{post.scenario}', which region '{region.name}' "
                         f"does not have: a posterior of another region?{hint}",
                         file=post.file, field="posterior.scenario",
                         fix="give this region's posterior (raddsim calibrate --write FILE with this region).")
    for s in scenarios:
        setup = region.scenarios[s]
        check_posterior_names(post, s, [c.id for c in setup.crews], list(setup.stations))
        for j in range(len(post.sets)):
            at = f"{s}@posterior{j}"
            try:
                region.derive(at, s, {**post.overrides(j), "posterior": False})
            except InputError as err:
                field = (err.field or "").removeprefix(f"scenarios.{at}.")
                message = err.message.replace(f" (in scenario '{at}')", "").replace(f"scenario '{at}'", f"'{s}'")
                raise InputError(f"set {j} does not make a valid scenario from '{s}' ({field}): {message}",
                                 file=post.file, field="posterior.sets", fix=err.fix) from None


def check_posterior_names(post: Posterior, scenario: str, crews: Sequence[str], stations: Sequence[str]) -> None:
    """Refuse a key naming a crew or station the scenario lacks: a set would add a crew of one value.

    Parameters
    ----------
    post : Posterior
        The posterior file, as read.
    scenario : str
        The scenario run over the sets.
    crews, stations : sequence of str
        The scenario's crew and station ids.

    Raises
    ------
    InputError
        Naming ``post.file`` and ``posterior.keys``.
    """
    known = {"crews": list(crews), "stations": list(stations)}
    for k in post.keys:
        section, name = k.split(".")[:2]
        if section in known and name != "*" and name not in known[section]:
            raise InputError(f"'{k}' names {section[:-1]} '{name}', which scenario '{scenario}' does not have."
                             f"{did_you_mean(name, known[section])}", file=post.file, field="posterior.keys",
                             fix=f"use one of: {', '.join(known[section])} (or the posterior of this region).")


def _record(t: Table, n: int) -> tuple[tuple[int, ...], tuple[tuple[float, ...], ...]]:
    """The optional record of how the ``n`` sets were found: Latin hypercube rows and simulated yearly indicators."""
    rows = t.get("lhs_rows", [])
    if rows and (not isinstance(rows, list) or len(rows) != n
                 or not all(isinstance(r, int) and not isinstance(r, bool) and r >= 0 for r in rows)):
        raise t.error("lhs_rows", f"expected {n} whole numbers ≥ 0, one per set.", fix="write e.g. lhs_rows = [17, 4].")
    years = t.get("simulated_minutes", [])
    ok = isinstance(years, list) and all(
        isinstance(row, list) and row and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                              and 0 <= v < math.inf for v in row) for row in years)
    if years and (not ok or len(years) != n):
        raise t.error("simulated_minutes", f"expected {n} lists of finite numbers ≥ 0 (minutes), one per set.",
                      fix="write e.g. simulated_minutes = [[10.9, 10.8], [10.7, 11.0]].")
    return tuple(rows), tuple(tuple(float(v) for v in row) for row in years)


def check_posterior_scenario(post: Posterior, chain: tuple[str, ...], scenario: str, file: str | Path) -> None:
    """Refuse sets calibrated for another scenario: ``post.scenario`` must be ``scenario`` or one it is based on.

    Parameters
    ----------
    post : Posterior
        The posterior file, as read.
    chain : tuple of str
        The scenario's inheritance chain (base first), ending with ``scenario``.
    scenario : str
        The scenario that names the file (directly or through its base).
    file : str or Path
        The region (or scenarios) file, for the error.

    Raises
    ------
    InputError
        If the file records a scenario that is not in ``chain``.
    """
    if post.scenario is None or post.scenario in chain:
        return
    raise InputError(f"{post.file} holds sets calibrated for scenario '{post.scenario}', which '{scenario}' is not "
                     f"based on (it is based on: {', '.join(chain)}).", file=file,
                     field=f"scenarios.{scenario}.posterior",
                     fix=f"name it in '{post.scenario}' or a scenario based on it, or calibrate '{scenario}' "
                         "(raddsim calibrate --write FILE).")


def posterior_text(res: Mapping[str, Any], command: str = "") -> str:
    """A posterior file (TOML) from a joint calibration's result (:func:`raddsim.experiment.abc.abc_calibrate`)."""
    if not res["sets"]:
        raise InputError("no parameter set was accepted; there is no posterior to write.",
                         fix="widen the ranges or the --tolerance, or run more --sets.")
    keys = [p["key"] for p in res["parameters"]]
    integer = [bool(p.get("integer", False)) for p in res["parameters"]]

    def num(v: float, whole: bool) -> str:
        return str(int(round(v))) if whole else repr(round(float(v), 6))

    lines = [f"# Accepted parameter sets of `raddsim calibrate` (ABC rejection) of '{res['scenario']}' against "
             + ", ".join(f"{y}: {v}" for y, v in res["reported_minutes"].items()) + " min.",
             f"# {res['accepted_sets']} of {res['parameter_sets']} sets accepted "
             f"({res['accepted_pseudo_observations']} of "
             f"{res['pseudo_observations']} pseudo-observations within ±{res['tolerance_minutes']} min)."]
    if command:
        lines.append(f"# Made by: {command}")
    lines += ["# A scenario with `posterior = \"<this file>\"` runs each replication at one of these sets.", "",
              "[posterior]", f'scenario = "{res["scenario"]}"',
              "keys = [" + ", ".join(f'"{k}"' for k in keys) + "]",
              "integer = [" + ", ".join("true" if i else "false" for i in integer) + "]",
              "weights = [" + ", ".join(num(s["weight"], False) for s in res["sets"]) + "]",
              "sets = ["]
    for s in res["sets"]:
        lines.append("  [" + ", ".join(num(s["values"][k], i) for k, i in zip(keys, integer)) + "],")
    lines.append("]")
    if all("set" in s and "years_minutes" in s for s in res["sets"]):  # how each set was found, for re-checking
        lines.append("lhs_rows = [" + ", ".join(str(int(s["set"])) for s in res["sets"]) + "]")
        lines.append("simulated_minutes = [")
        lines += ["  [" + ", ".join(num(v, False) for v in s["years_minutes"]) + "]," for s in res["sets"]]
        lines.append("]")
    lines += ["", "[posterior.settings]"]
    settings = {**res.get("settings", {}), "method": res["method"], "parameter_sets": res["parameter_sets"],
                "replications_per_set": res["replications_per_set"], "tolerance_minutes": res["tolerance_minutes"],
                "accepted_sets": res["accepted_sets"],
                "effective_accepted_sets": round(res["effective_accepted_sets"], 3)}
    for k, v in settings.items():
        lines.append(f"{k} = {_toml_value(v)}")
    for p in res["parameters"]:
        lines += ["", f'[posterior.parameters."{p["key"]}"]', f"prior = {_toml_value(p['prior'])}"]
        if "posterior" in p:
            q = p["posterior"]
            lines += [f"posterior_5_50_95 = {_toml_value([q['p5'], q['p50'], q['p95']])}",
                      f"sd_ratio = {_toml_value(p['sd_ratio'] if p['sd_ratio'] is not None else float('nan'))}",
                      f'constrained = "{VERDICT[p["constrained"]]}"']
        if "posterior_mean" in p:  # the mean's Monte Carlo error (nan: one accepted set, none to give)
            se = p.get("posterior_mean_mcse")
            lines += [f"posterior_mean = {_toml_value(float(p['posterior_mean']))}",
                      f"posterior_mean_mcse = {_toml_value(float('nan') if se is None else float(se))}"]
    return "\n".join(lines) + "\n"


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(round(v, 6)) if math.isfinite(v) else "nan"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'
