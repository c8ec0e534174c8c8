"""The notes under a static-coverage share table: who the shares count beyond the grid's squares, and who not.

``raddsim map`` prints them under its table and ``raddsim report`` under its own; the definition is
:mod:`raddsim.coverage.static`'s (island residents at their boat minutes, residents outside the map in no share).
"""

from __future__ import annotations

from typing import Any

from raddsim.views.i18n import t


def share_notes(covs: list[Any], lang: str = "en") -> list[str]:
    """The notes for the scenarios' static coverages ``covs``: the island residents the shares hold at their boat
    times, and the residents outside the map area (a ``--boundary``) they leave out; each only where there are any.

    Parameters
    ----------
    covs : list of StaticCoverage
        The scenarios' static coverages (one table row each).
    lang : str
        ``en`` or ``sv``.

    Returns
    -------
    list of str
        The notes, possibly none.
    """
    notes = []
    boat = max((c.by_boat() for c in covs), default=0.0)
    if boat > 0.5:  # the most any scenario's boats reach (ice: none; the table's unreached column says so)
        notes.append(t("shares_by_boat", lang, n=boat))
    off = max((c.population_off_grid for c in covs), default=0.0)
    if off > 0.5:
        notes.append(t("rep_off_grid", lang, n=off))
    return notes
