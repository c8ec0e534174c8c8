"""The words a planner outside Sweden writes for raddsim's keys and values, named in a refusal's hint.

raddsim's region file speaks of crews, crew commanders, full-time and part-time crews and times in minutes. A US
planner writing to NFPA 1710 writes "career" companies, a "captain", a "truck", ``turnout_seconds``: each was refused
with no hint, or with a wrong one (``target_seconds`` → "did you mean 'target_source'?"). The words are only ever
*named* in the refusal, never read as the key or value: a guess would hide what the file means, and the file would
then read differently from what raddsim runs.
"""

from __future__ import annotations

from typing import Iterable

_CAREER = ("full-time", "a career company, paid and on station, is full-time")
_ON_CALL = ("part-time", "a volunteer or paid-on-call company is part-time")
_OFFICER = ("crew_commander", "the officer in charge of a company")
_CHIEF_CAR = ("command", "a chief officer's car; a company is unit = \"crew\"")
_COMPANY = ("crew", "every company, engine, truck, rescue or ambulance, is a crew; what it carries is its "
                    "capabilities, e.g. a truck's capabilities = [\"aerial_ladder\"]")

#: Another service's word → (raddsim's word, what it is). ASSUMPTION: US/UK fire-service usage (NFPA 1710: "company",
#: "company officer", "career", "volunteer", "aerial"); only hinted when raddsim's word is one of the choices.
WORDS: dict[str, tuple[str, str]] = {
    "career": _CAREER, "paid": _CAREER,
    "volunteer": _ON_CALL, "paid-on-call": _ON_CALL, "on-call": _ON_CALL,
    "retained": ("part-time", "a retained (on-call) crew is part-time"),
    "officer": _OFFICER, "company_officer": _OFFICER, "captain": _OFFICER, "lieutenant": _OFFICER,
    "sergeant": _OFFICER,
    "battalion_chief": ("incident_commander", "the chief officer in command of an incident"),
    "chief": _CHIEF_CAR, "battalion": _CHIEF_CAR,
    "engine": _COMPANY, "truck": _COMPANY, "ladder": _COMPANY, "company": _COMPANY,
    "aerial": ("aerial_ladder", "the built-in name of an aerial device, ladder or platform"),
}

_TO_MINUTES = "times are in minutes: seconds ÷ 60, e.g. 80 s = 1.333"
#: A key's unit suffix in other units → (raddsim's suffix, how to convert). raddsim reads minutes, km/h and metres.
SUFFIXES: tuple[tuple[str, str, str], ...] = (
    ("_seconds", "_minutes", _TO_MINUTES), ("_secs", "_minutes", _TO_MINUTES), ("_sec", "_minutes", _TO_MINUTES),
    ("_hours", "_minutes", "times are in minutes: hours × 60"),
    ("_mph", "_kmh", "speeds are in km/h: mph × 1.609"),
    ("_miles", "_m", "lengths are in metres: miles × 1609"),
    ("_feet", "_m", "lengths are in metres: feet × 0.3048"),
    ("_ft", "_m", "lengths are in metres: feet × 0.3048"),
)


def _sentence(text: str) -> str:
    """``text`` as a sentence: capital first letter, full stop."""
    return text[0].upper() + text[1:] + "."


def planner_hint(word: str, choices: Iterable[str]) -> str:
    """A ' Did you mean X? (why)' hint for another service's word or unit, or '' when there is none.

    Parameters
    ----------
    word : str
        The key or value as written.
    choices : iterable of str
        What raddsim accepts there.

    Returns
    -------
    str
        The hint, starting with a space; '' when ``word`` is no known word or its counterpart is not a choice.
    """
    allowed = set(choices)
    folded = word.strip().casefold().replace(" ", "_")
    mapped = WORDS.get(folded) or WORDS.get(folded.replace("_", "-"))
    if mapped is not None and mapped[0] in allowed:
        return f" Did you mean '{mapped[0]}'? {_sentence(mapped[1])}"
    for suffix, ours, why in SUFFIXES:
        if folded.endswith(suffix) and folded[: -len(suffix)] + ours in allowed:
            return f" Did you mean '{folded[: -len(suffix)] + ours}'? {_sentence(why)}"
    return ""


__all__ = ["WORDS", "SUFFIXES", "planner_hint"]
