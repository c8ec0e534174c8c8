"""Which time zone a region's replayed alarm times are in, told from where its network lies — when it can be told.

Replayed alarms (``raddsim run --incidents``) without a UTC offset are read in ``[region] timezone``; a file that
names none is read in Europe/Stockholm, right only in Sweden. raddsim ships one outline, Sweden's
(:data:`raddsim.network.positions.SWEDEN_OUTLINE`), so it can tell a zone honestly only where that outline settles it:

* every point inside Sweden and none near the Finnish border: Sweden's zone, the default (nothing to write);
* near the Finnish border, on either side: nothing. Finland keeps its clocks an hour ahead of Sweden's, and the
  outline follows the Torne too loosely to tell the sides apart (Tornio and Karesuvanto lie inside it), so the
  planner must say;
* inside Sweden or just across the Norwegian border (within :data:`BORDER_KM` of it): Norway keeps Sweden's clock
  (both Central European Time with the EU's summer time), so the zone is written, marked ASSUMPTION;
* anywhere else: nothing (raddsim has no other country's outline); the planner must say.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from raddsim.network.positions import SWEDEN_OUTLINE, in_sweden, inside_sweden

#: How near a border a point must lie for its side to be in doubt (km): wider than the outline's error along the
#: Torne, where it strays a few km into Finland (Tornio, Karesuvanto and Kolari's riverside lie inside it).
#: ASSUMPTION; plausible 10–30 km. A threshold for asking the planner, not a model value.
BORDER_KM = 15.0
#: The stretch of SWEDEN_OUTLINE along the Finnish border: from the three-country cairn (20.55 E, 69.07 N) along the
#: Könkämä, Muonio and Torne rivers to the sea off Haparanda.
FINNISH_BORDER = SWEDEN_OUTLINE[139:] + SWEDEN_OUTLINE[:41]
#: The stretch along the Norwegian border: from the Idefjord (11.10 E, 59.00 N) to the three-country cairn.
NORWEGIAN_BORDER = SWEDEN_OUTLINE[60:140]
#: km per degree of latitude, and of longitude at the equator (WGS84, rounded; distances here are thresholds).
_KM_PER_DEGREE = 111.2


@dataclass(frozen=True)
class ZoneGuess:
    """What the network's position says about its time zone.

    Attributes
    ----------
    zone
        The IANA zone, or None when the position does not settle it.
    written
        Whether ``region new`` writes it (marked ASSUMPTION): False for Sweden's default, which needs no line.
    why
        The reason, as region.toml's comment and the warning say it.
    """

    zone: str | None
    written: bool
    why: str


def km_to_line(lon: np.ndarray, lat: np.ndarray, line: tuple[tuple[float, float], ...]) -> np.ndarray:
    """Each point's distance (km) to the nearest segment of ``line`` ((lon, lat) vertices), on a plane tangent at the
    point (a few km's error over tens of km: enough for a threshold)."""
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    kx = _KM_PER_DEGREE * np.cos(np.radians(lat))
    best = np.full(lon.shape, np.inf)
    for (x0, y0), (x1, y1) in zip(line[:-1], line[1:]):
        ax, ay = (x0 - lon) * kx, (y0 - lat) * _KM_PER_DEGREE  # the segment's ends, from the point
        bx, by = (x1 - lon) * kx, (y1 - lat) * _KM_PER_DEGREE
        dx, dy = bx - ax, by - ay
        along = np.clip(-(ax * dx + ay * dy) / np.maximum(dx * dx + dy * dy, 1e-12), 0.0, 1.0)
        best = np.minimum(best, np.hypot(ax + along * dx, ay + along * dy))
    return best


def near_finland(lon: np.ndarray, lat: np.ndarray) -> bool:
    """Whether any point lies within :data:`BORDER_KM` of the Swedish–Finnish border, on either side."""
    return bool(len(np.asarray(lon)) and (km_to_line(lon, lat, FINNISH_BORDER) <= BORDER_KM).any())


def guess_timezone(lon: np.ndarray, lat: np.ndarray) -> ZoneGuess:
    """The time zone the points (a network's nodes and stations) settle, by the rules of the module doc.

    Parameters
    ----------
    lon, lat
        The points, WGS84 degrees.

    Returns
    -------
    ZoneGuess
        The zone, or None with the reason it cannot be told.
    """
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    lon, lat = lon[ok], lat[ok]
    if near_finland(lon, lat):
        return ZoneGuess(None, False, f"the network lies within {BORDER_KM:g} km of the Finnish border, and Finland's "
                                      "clocks run an hour ahead of Sweden's")
    inside = inside_sweden(lon, lat)
    if inside.all():
        return ZoneGuess("Europe/Stockholm", False, "the network lies inside Sweden")
    if (inside | (km_to_line(lon, lat, NORWEGIAN_BORDER) <= BORDER_KM)).all():
        zone = "Europe/Stockholm" if in_sweden(float(np.median(lon)), float(np.median(lat))) else "Europe/Oslo"
        return ZoneGuess(zone, True, "the network reaches across the Norwegian border, and Norway keeps Sweden's "
                                     "clock (Central European Time with the EU's summer time)")
    return ZoneGuess(None, False, "the network lies outside Sweden")


__all__ = ["BORDER_KM", "FINNISH_BORDER", "NORWEGIAN_BORDER", "ZoneGuess", "guess_timezone", "km_to_line",
           "near_finland"]
