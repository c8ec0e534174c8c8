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
    "effective_title": {"en": "Alarm to effective force on scene (what the incident type needs, e.g. 1+4 smoke diving)",
                        "sv": "Tid från larm till effektiv styrka på plats (det larmtypen kräver, t.ex. 1+4 rökdykning)"},
    "never": {"en": "never assembled", "sv": "aldrig samlad"},
    "per_type": {"en": "Per incident type: first crew · effective force (mean minutes)",
                 "sv": "Per händelsetyp: första styrka · effektiv styrka (medeltid i minuter)"},
    "type": {"en": "incident type", "sv": "händelsetyp"},
    "readiness": {"en": "Readiness: share of time each crew is free [95% CI] · share of alerts it rolled",
                  "sv": "Beredskap: andel av tiden varje styrka är ledig [95 % KI] · andel larm den ryckte ut på"},
    "crew": {"en": "crew", "sv": "styrka"},
    "smoke_cov": {"en": "Share of time a smoke-diving force (1+4) can reach the tätort within 10 / 20 min",
                  "sv": "Andel av tiden en rökdykarstyrka (1+4) når tätorten inom 10 / 20 min"},
    "place": {"en": "tätort", "sv": "tätort"},
    "mutual_aid": {"en": "alarms first reached by mutual aid", "sv": "larm där grannkommunens styrka kom först"},
    "failed": {"en": "alerted crews that could not go (too few responders, or the neighbour declined) → re-dispatched", "sv": "larmade styrkor som inte kunde rycka ut (för få svarade, eller grannen kunde inte) → omlarmat"},
    "observed": {"en": "Replayed alarms: simulated vs observed (minutes)", "sv": "Återspelade larm: simulerat mot observerat (minuter)"},
    "simulated": {"en": "simulated", "sv": "simulerat"},
    "observed_row": {"en": "observed", "sv": "observerat"},
    "per_year": {"en": "per year", "sv": "per år"},
    "diff_title": {"en": "Paired differences {b} → {o} (common random numbers; 95% CI; * = significant)",
                   "sv": "Parvisa skillnader {b} → {o} (gemensamma slumptal; 95 % KI; * = signifikant)"},
    "figure": {"en": "figure", "sv": "mått"},
    "base_col": {"en": "{b}", "sv": "{b}"},
    "difference": {"en": "difference [95% CI]", "sv": "skillnad [95 % KI]"},
    "first_mean": {"en": "first crew, mean (min)", "sv": "första styrka, medel (min)"},
    "first_median": {"en": "first crew, median (min)", "sv": "första styrka, median (min)"},
    "first_p90": {"en": "first crew, 90th pct (min)", "sv": "första styrka, 90:e pct (min)"},
    "first_share": {"en": "first crew within target", "sv": "första styrka inom målet"},
    "eff_mean": {"en": "effective force, mean (min)", "sv": "effektiv styrka, medel (min)"},
    "eff_share": {"en": "effective force within target", "sv": "effektiv styrka inom målet"},
    "area_diff": {"en": "Per station area: mean first-arrival difference (min) [95% CI]",
                  "sv": "Per stationsområde: skillnad i medeltid till första styrka (min) [95 % KI]"},
    "precision": {"en": "replications run: {n}; CI half-width of the mean first arrival: {w}",
                  "sv": "antal replikeringar: {n}; halva KI-bredden för medeltiden: {w}"},
}


def t(key: str, lang: str = "en", **fmt: object) -> str:
    """The text for ``key`` in ``lang`` (falls back to English)."""
    entry = _TEXT[key]
    return entry.get(lang, entry["en"]).format(**fmt)
