"""The maps' colour classes can be told apart by readers with red-green colour blindness.

About one man in twelve is colour-blind; a board map whose 5–10 min (within the target) and 15–20 min (over it) are
one colour to a deuteranope answers the board's question wrongly. Each legend's colours are simulated as a
deuteranope and a protanope sees them (Machado, Oliveira & Fernandes 2009, severity 1, in linear sRGB) and every
two must differ by a CIELAB ΔE*ab of at least :data:`MIN_DELTA_E` (about where adjacent map patches stay distinct).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from matplotlib.colors import to_rgb

from raddsim.views.mapstyle import (
    DIFF_COLOURS,
    MINUTE_COLOURS,
    NO_ALARM_COLOUR,
    PROB_COLOURS,
    UNREACHABLE_COLOUR,
)
from raddsim.views.zonemap import ZONE_MARGIN_COLOURS

#: Machado et al. (2009) simulation matrices at severity 1 (linear RGB).
VISION = {
    "normal": np.eye(3),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
}
#: Smallest CIELAB distance between two classes of one legend (ΔE ≈ 2 is just noticeable side by side; small
#: patches on a map need several times that).
MIN_DELTA_E = 10.0

#: Each legend's classes with the grey (or dark) class drawn beside them on the same map.
LEGENDS = {
    "minutes": (*MINUTE_COLOURS, UNREACHABLE_COLOUR),
    "simulated share": (*PROB_COLOURS, NO_ALARM_COLOUR),
    "difference": (*DIFF_COLOURS, NO_ALARM_COLOUR),
    "zone margin": (*ZONE_MARGIN_COLOURS, UNREACHABLE_COLOUR),
}


def lab(colour: str, vision: str) -> np.ndarray:
    """CIELAB (D65) of ``colour`` as seen with ``vision``."""
    c = np.asarray(to_rgb(colour))
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    rgb = np.clip(VISION[vision] @ linear, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ rgb
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_the_simulation_confuses_red_and_green_for_a_deuteranope() -> None:
    """The check itself can fail: ColorBrewer's RdYlGn light green and orange are one colour to a deuteranope."""
    seen = np.linalg.norm(lab("#a6d96a", "deuteranopia") - lab("#fdae61", "deuteranopia"))
    assert seen < MIN_DELTA_E < np.linalg.norm(lab("#a6d96a", "normal") - lab("#fdae61", "normal"))


@pytest.mark.parametrize("vision", list(VISION))
@pytest.mark.parametrize("legend", list(LEGENDS))
def test_every_two_classes_of_a_legend_differ(legend: str, vision: str) -> None:
    colours = LEGENDS[legend]
    close = [(a, b, round(float(np.linalg.norm(lab(a, vision) - lab(b, vision))), 1))
             for a, b in itertools.combinations(colours, 2)
             if np.linalg.norm(lab(a, vision) - lab(b, vision)) < MIN_DELTA_E]
    assert close == [], f"{legend} classes alike with {vision}: {close}"


def test_the_target_is_where_the_cool_colours_end() -> None:
    """Within the target is cool (blue-green), over it warm: the board reads the 10-minute edge off the hue, and the
    simulated share's classes run the same colours the other way (high share = good = cool)."""
    blue_minus_red = [to_rgb(c)[2] - to_rgb(c)[0] for c in MINUTE_COLOURS]
    assert all(d > 0 for d in blue_minus_red[:2]) and all(d < 0 for d in blue_minus_red[2:])
    assert PROB_COLOURS == MINUTE_COLOURS[::-1]
