"""Ferry edges: crossing time plus an expected wait, and ferries out of service.

Model
-----
* Crossing time: ``crossing_minutes`` of its ``[network.ferries.lines.<name>]`` (the region's own, deliberate
  value: a slower replacement ferry is studied by setting it); else the way's ``duration`` tag; else length at
  ``speed_kmh`` (ASSUMPTION 15 km/h).
* Expected wait for a vehicle arriving at a random time:

  - regular headway ``H``: ``H/2`` (random incidence on a regular schedule;
    Larson & Odoni, *Urban Operations Research*, 1981, §2.12);
  - a timetable with gaps ``g_i`` between departures over the day:
    ``Σ g_i² / (2 Σ g_i)`` (the same result for irregular gaps: long gaps are
    more likely to be hit);
  - plus ``extra_wait_minutes`` of queueing (e.g. summer queues; default 0, ASSUMPTION);
  - with ``priority = true`` (emergency vehicles get the next departure on
    call, no queue): ``priority_wait_minutes`` instead (ASSUMPTION 2 min: the
    crew's call-out to the ferry and boarding first).

* Default headway 15 min: ASSUMPTION for the daytime service of Trafikverket
  Färjerederiet's Furusundsleden and Blidöleden (not verified against the
  current timetable, which was not available offline). Give a ``departures``
  list per line to use the real timetable.

Travel-time tables are static, so a timetable enters as its expected wait; the
time of day of an alarm does not change the crossing (a documented simplification).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from raddsim.core.errors import InputError
from raddsim.network.options import FerryLine, FerryOptions

DAY_S = 86400.0


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text)).casefold()
    text = re.sub(r"[\u2010-\u2015\u2212-]", "-", text)  # every dash is a hyphen
    return re.sub(r"\s+", " ", text).strip()


def name_matches(pattern: str, name: str) -> bool:
    """Case-, dash- and space-insensitive "contains" match of a ferry name."""
    p = _norm(pattern)
    return bool(p) and p in _norm(name)


def timetable_wait_s(departures: tuple[float, ...] | list[float]) -> float:
    """Expected wait (s) until the next departure for an arrival uniform over the day.

    Parameters
    ----------
    departures
        Departure times in seconds after midnight (any order; repeated daily).
    """
    t = np.unique(np.mod(np.asarray(departures, float), DAY_S))
    if len(t) == 0:
        raise ValueError("a timetable needs at least one departure")
    gaps = np.diff(np.append(t, t[0] + DAY_S))
    return float(np.sum(gaps**2) / (2.0 * DAY_S))


def line_for(name: str, lines: tuple[FerryLine, ...]) -> FerryLine | None:
    """The first configured line whose name matches the ferry's name."""
    for line in lines:
        if name_matches(line.name, name):
            return line
    return None


def expected_wait_s(opts: FerryOptions, line: FerryLine | None) -> float:
    """Expected wait at the berth under ``opts`` for a ferry of ``line`` (see module doc)."""
    if opts.priority:
        return 60.0 * opts.priority_wait_minutes
    if line is not None and line.departures:
        base = timetable_wait_s(line.departures)
    else:
        headway = (
            line.headway_minutes if line is not None and line.headway_minutes is not None else opts.headway_minutes
        )
        base = 60.0 * headway / 2.0
    return base + 60.0 * opts.extra_wait_minutes


def given_crossing_s(names: np.ndarray, crossing_s: np.ndarray, opts: FerryOptions) -> np.ndarray:
    """The crossing time (s) given for each ferry edge: its line's ``crossing_minutes``, else its tag; NaN where
    neither gives one.

    The line's value comes first: it was ignored where the OSM way carried a ``duration`` tag (the embedded
    default's do), so a planner's slower replacement ferry changed nothing, unsaid (probe of bad inputs).
    """
    crossing = np.asarray(crossing_s, float).copy()
    for k in range(len(crossing)):
        line = line_for(str(names[k]), opts.lines)
        if line is not None and line.crossing_minutes is not None:
            crossing[k] = 60.0 * line.crossing_minutes
    return crossing


def ferry_costs(names: np.ndarray, crossing_s: np.ndarray, length_m: np.ndarray,
                opts: FerryOptions) -> tuple[np.ndarray, np.ndarray]:
    """Crossing and expected wait (s) of each ferry edge, each taken as a crossing of its own (a route drawn with
    several edges is counted once by :func:`raddsim.network.ferry_routes.shared_out`).

    Parameters
    ----------
    names
        Ferry names (``""`` if unnamed).
    crossing_s
        Tagged crossing time, NaN where untagged.
    length_m
        Edge lengths, for untagged crossings.
    """
    crossing = given_crossing_s(names, crossing_s, opts)
    untimed = ~np.isfinite(crossing)
    crossing[untimed] = np.asarray(length_m, float)[untimed] / (opts.speed_kmh / 3.6)
    wait = np.array([expected_wait_s(opts, line_for(str(name), opts.lines)) for name in names], float)
    return crossing, wait


def out_of_service(names: np.ndarray, patterns: tuple[str, ...], *,
                   field: str = "network.ferries.out_of_service") -> np.ndarray:
    """Mask of ferry edges whose name matches one of ``patterns``.

    Raises
    ------
    InputError
        When a pattern matches no ferry of the network (a typo would otherwise
        silently keep the ferry in service).
    """
    mask = np.zeros(len(names), bool)
    known = sorted({str(n) for n in names if str(n)})
    for p in patterns:
        hit = np.array([name_matches(p, str(n)) for n in names], bool)
        if not hit.any():
            from raddsim.region.config import did_you_mean

            raise InputError(
                f"no ferry of the network is named like '{p}'.{did_you_mean(p, known)}",
                field=field,
                fix=f"use (part of) one of: {', '.join(known) or '(the network has no named ferries)'}.",
            )
        mask |= hit
    return mask


def check_lines(names: np.ndarray, lines: tuple[FerryLine, ...]) -> None:
    """Refuse a ``[network.ferries.lines.<name>]`` that matches no ferry of the network.

    Raises
    ------
    InputError
        For the first such line: a typo in its name would otherwise leave its timetable unused and the ferry at
        the default headway, silently.
    """
    known = sorted({str(n) for n in names if str(n)})
    for line in lines:
        if not any(name_matches(line.name, str(n)) for n in names):
            from raddsim.region.config import did_you_mean

            raise InputError(
                f"no ferry of the network is named like '{line.name}'.{did_you_mean(line.name, known)}",
                field=f"network.ferries.lines.{line.name}",
                fix=f"name the line after (part of) one of: {', '.join(known) or '(the network has no ferries)'}.",
            )


__all__ = ["check_lines", "expected_wait_s", "ferry_costs", "given_crossing_s", "line_for", "name_matches",
           "out_of_service", "timetable_wait_s"]
