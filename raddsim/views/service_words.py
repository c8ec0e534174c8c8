"""The words of the region's service: "crew" and "fire station" for rescue, "ambulance" for EMS.

raddsim's texts are written for a rescue service (crews, fire stations, "styrka"). A region file with
``[region] service = "ems"`` (what ``raddsim region import-jemss`` writes) models ambulances: its maps,
tables and report say "first ambulance on scene", not "first crew". Rather than a second copy of
every text, the rescue words are replaced, word by word and keeping the capital, in the text
:func:`raddsim.views.i18n.t` returns. The command line sets the service once it has loaded the region
(:func:`use_service`), as a locale is set: the texts are read far from the region object.

The same goes for the force: raddsim's texts name a Swedish smoke-diving force (1+4) as the example of an effective
force. A region whose incident catalog has no ``smoke_diving`` capability (a US region planning to NFPA 1710) needs
whatever each incident type's ``force`` says, so :func:`use_region` also records that, and
:func:`raddsim.views.i18n.t` then gives the neutral variant of those texts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:
    from raddsim.region.region import Region

SERVICES = ("rescue", "ems")

#: (pattern, replacement) in order; the longer phrases first so "a crew" is not left as "a ambulance".
_EMS_WORDS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "en": tuple((re.compile(p), r) for p, r in (
        (r"\bFire station", "Ambulance station"), (r"\bfire station", "ambulance station"),
        (r"\bA crew\b", "An ambulance"), (r"\ba crew\b", "an ambulance"),
        (r"\bCrews\b", "Ambulances"), (r"\bcrews\b", "ambulances"),
        (r"\bCrew\b", "Ambulance"), (r"\bcrew\b", "ambulance"),
    )),
    "sv": tuple((re.compile(p), r) for p, r in (
        (r"\bBrandstation", "Ambulansstation"), (r"\bbrandstation", "ambulansstation"),
        (r"\bStyrkorna\b", "Ambulanserna"), (r"\bstyrkorna\b", "ambulanserna"),
        (r"\bStyrkor\b", "Ambulanser"), (r"\bstyrkor\b", "ambulanser"),
        # "full styrka" is the force an incident needs (ambulances too): not one ambulance.
        (r"\bStyrkan\b", "Ambulansen"), (r"(?<!fulla )\bstyrkan\b", "ambulansen"),
        (r"\bStyrka\b", "Ambulans"), (r"(?<!full )\bstyrka\b", "ambulans"),
    )),
}
_PLACEHOLDER = re.compile(r"(\{[^{}]*\})")
_current: dict[str, Any] = {"service": "rescue", "smoke_diving": True, "force": None}


def use_service(service: str, smoke_diving: bool = True, force: Mapping[str, str] | None = None) -> None:
    """Word the texts that follow for ``service`` ("rescue" or "ems") and the region's force.

    Parameters
    ----------
    service
        The region's ``[region] service``.
    smoke_diving
        Whether the region's incident catalog has a ``smoke_diving`` capability (the texts' example of an
        effective force); False words them neutrally ("what the incident type needs").
    force
        The name, by language ("en", "sv"), of the force the region's coverage figures measure when it names its
        own (``[region] coverage_force``); None for the default (smoke diving, or no force).
    """
    if service not in SERVICES:
        raise ValueError(f"service must be one of {', '.join(SERVICES)}, not {service!r}")
    _current["service"] = service
    _current["smoke_diving"] = smoke_diving
    _current["force"] = None if force is None else dict(force)


def use_region(region: Region) -> None:
    """Word the texts that follow for ``region``: its service, and whether any scenario's incident catalog has a
    ``smoke_diving`` capability (the commands call this once they have loaded the region).

    Parameters
    ----------
    region
        The loaded region.
    """
    from raddsim.engine.force import DEFAULT_COVERAGE_FORCE

    force = region.coverage_force
    if force is not None and force != DEFAULT_COVERAGE_FORCE:  # the region's own force, named in the texts
        use_service(region.service, smoke_diving=False, force=coverage_force_names(region, force))
        return
    use_service(region.service, smoke_diving=any("smoke_diving" in s.demand.catalog.capabilities
                                                  for s in region.scenarios.values()))


def coverage_force_names(region: Region, force: str) -> dict[str, str]:
    """The name of ``force`` (a capability or an incident type of the region's first scenario) in English and
    Swedish: a type's ``name`` and ``name_sv``, a capability's ``name`` and ``name_sv`` (its ``name`` where it
    gives none)."""
    catalog = next(iter(region.scenarios.values())).demand.catalog
    if force in catalog.capabilities:
        rule = catalog.capabilities[force]
        return {"en": rule.name, "sv": rule.name_sv or rule.name}
    kind = catalog.types[catalog.index(force)]
    return {"en": kind.name, "sv": kind.name_sv}


def force_name(lang: str = "en") -> str | None:
    """The name of the region's own coverage force in ``lang`` (set by :func:`use_region`); None for the default."""
    force = _current["force"]
    return None if force is None else force.get(lang, force["en"])


def smoke_diving_words() -> bool:
    """Whether the texts may name a smoke-diving force (set by :func:`use_region`; True until then)."""
    return bool(_current["smoke_diving"])


def current_service() -> str:
    """The service the texts are worded for (set by :func:`use_service`; "rescue" until then)."""
    return str(_current["service"])


def in_service_words(text: str, lang: str = "en") -> str:
    """``text`` in the words of the current service: unchanged for rescue, ambulances for EMS.

    Parameters
    ----------
    text
        A text written for a rescue service.
    lang
        "en" or "sv".
    """
    if _current["service"] == "rescue":
        return text
    # Placeholders ("{crew}", "{crews:,}") are names the caller fills in, not words: left as they are.
    parts = _PLACEHOLDER.split(text)
    for i in range(0, len(parts), 2):
        for pattern, replacement in _EMS_WORDS.get(lang, ()):
            parts[i] = pattern.sub(replacement, parts[i])
    return "".join(parts)


__all__ = ["SERVICES", "use_service", "use_region", "current_service", "smoke_diving_words", "in_service_words",
           "force_name", "coverage_force_names"]
