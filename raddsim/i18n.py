"""English and Swedish labels for what people read (tables, maps, reports)."""

from __future__ import annotations

LANGS = ("en", "sv")

_TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Alarm to first crew on scene", "sv": "Tid från larm till första styrka på plats"},
    "minutes_ci": {"en": "minutes, mean over replications [95% CI]", "sv": "minuter, medelvärde över replikeringar [95 % KI]"},
    "scenario": {"en": "scenario", "sv": "scenario"},
    "alarms": {"en": "alarms", "sv": "larm"},
    "mean": {"en": "mean", "sv": "medel"},
    "median": {"en": "median", "sv": "median"},
    "p90": {"en": "90th pct", "sv": "90:e pct"},
    "within": {"en": "within {t:g} min", "sv": "inom {t:g} min"},
    "area": {"en": "station area", "sv": "stationsområde"},
    "per_area": {"en": "Per station area: mean minutes [95% CI] · share within {t:g} min",
                 "sv": "Per stationsområde: medeltid i minuter [95 % KI] · andel inom {t:g} min"},
    "network": {"en": "Network", "sv": "Vägnät"},
    "target": {"en": "Target: first crew on scene within {t:g} min of the alarm.",
               "sv": "Mål: första styrka på plats inom {t:g} min från larm."},
    "reported": {"en": "Reported outcome", "sv": "Redovisat utfall"},
    "run": {"en": "{n} scenario(s) × {r} replications × {y:g} year(s), seed {s}",
            "sv": "{n} scenario(r) × {r} replikeringar × {y:g} år, frö {s}"},
    "waited": {"en": "alarms that waited for a free crew", "sv": "larm som fick vänta på ledig styrka"},
    "unreachable": {"en": "demand points not reachable by road (left out)",
                    "sv": "efterfrågepunkter som inte nås på väg (utelämnade)"},
    "wrote": {"en": "Wrote", "sv": "Skrev"},
}


def t(key: str, lang: str = "en", **fmt: object) -> str:
    """The text for ``key`` in ``lang`` (falls back to English)."""
    entry = _TEXT[key]
    return entry.get(lang, entry["en"]).format(**fmt)
