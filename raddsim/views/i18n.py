"""English and Swedish labels for what people read (tables, maps, reports)."""

from __future__ import annotations

import re

from raddsim.views.service_words import force_name, in_service_words, smoke_diving_words

LANGS = ("en", "sv")


def check_lang(lang: object) -> None:
    """Refuse a language raddsim has no text in (``lang="de"`` printed English, unsaid), naming ``lang``.

    Parameters
    ----------
    lang : object
        The value passed.

    Raises
    ------
    InputError
        For anything but ``"en"`` or ``"sv"``.
    """
    if lang not in LANGS:
        from raddsim.core.errors import InputError

        raise InputError(f"lang must be 'en' (English) or 'sv' (Swedish), got {lang!r}.", field="lang",
                         fix="give lang='en' or lang='sv'.")

_TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Alarm to first crew on scene", "sv": "Tid från larm till första styrka på plats"},
    "minutes_ci": {
        "en": "minutes, mean over replications [95% CI]",
        "sv": "minuter, medelvärde över replikeringar [95 % KI]",
    },
    "scenario": {"en": "scenario", "sv": "scenario"},
    "alarms": {"en": "alarms", "sv": "larm"},
    "mean": {"en": "mean", "sv": "medel"},
    "median": {"en": "median", "sv": "median"},
    "p90": {"en": "90th pct", "sv": "90:e percentil"},
    "within": {"en": "alarms within {t:g} min", "sv": "larm inom {t:g} min"},
    "area": {"en": "station area", "sv": "stationsområde"},
    "per_area": {
        "en": "Per station area: mean minutes [95% CI] · share within {t:g} min · eff = mean minutes to the "
              "effective force",
        "sv": "Per stationsområde: medeltid i minuter [95 % KI] · andel inom {t:g} min · full = medeltid till full "
              "styrka",
    },
    "network": {"en": "Network", "sv": "Vägnät"},
    "target": {
        "en": "Target: first crew on scene within {t:g} min of the alarm.",
        "sv": "Mål: första styrka på plats inom {t:g} min från larm.",
    },
    "reported": {"en": "Reported outcome", "sv": "Redovisat utfall"},
    "ind_title": {
        "en": "The board's yearly indicator — {name} ({stat} of the year's alarms; types: {types}; incident "
        "commander may be first: {il}); {sy}",
        "sv": "Kommunens årliga nyckeltal — {name} ({stat} av årets larm; typer: {types}; insatsledaren kan "
        "vara först: {il}); {sy}",
    },
    "ind_value": {"en": "yearly value [95% CI]", "sv": "årsvärde [95 % KI]"},
    "ind_years": {"en": "single years (5–95%)", "sv": "enskilda år (5–95 %)"},
    "ind_meets": {"en": "P(year ≤ {t:g}) [95% CI]", "sv": "P(år ≤ {t:g}) [95 % KI]"},
    "ind_note": {
        "en": "The yearly indicator is one value per year; the per-alarm share below counts single alarms "
        "within {t:g} min. They are different figures.",
        "sv": "Det årliga nyckeltalet är ett värde per år; andelen per larm nedan räknar enskilda larm inom "
        "{t:g} min. Det är olika mått.",
    },
    # under the indicator table when some alarms had no arrival: a mean over reached alarms alone reads better
    # than the service is, so the reader is told what it leaves out (an alarm without an arrival has no time)
    "ind_unreached": {
        "en": "Alarms no crew reached have no arrival time and are not in the yearly indicator ({w} of all alarms); "
        "the per-alarm share within {t:g} min counts them as misses.",
        "sv": "Larm som ingen styrka nådde har ingen framkomsttid och ingår inte i det årliga nyckeltalet ({w} av "
        "alla larm); andelen per larm inom {t:g} min räknar dem som missade.",
    },
    "unc_title": {
        "en": "Uncertainty: {a} → {b} over {n} parameter sets (Latin hypercube over the ranges of {k} "
        "{pw} in the region file; {r} paired replications per set, common random numbers)",
        "sv": "Osäkerhet: {a} → {b} över {n} parameteruppsättningar (latinsk hyperkub över intervallen för "
        "{k} {pw} i regionfilen; {r} parade replikeringar per uppsättning, gemensamma slumptal)",
    },
    "posterior_note": {
        "en": "{s} runs over the calibration's {m} accepted parameter sets ({file}): each replication at one set drawn "
              "by weight ({d} different sets here), so its figures include the calibration's uncertainty. Of its "
              "{k} calibrated parameters the reported years constrain {c}.",
        "sv": "{s} körs över kalibreringens {m} godtagna parameteruppsättningar ({file}): varje replikering med en "
              "uppsättning dragen efter vikt ({d} olika uppsättningar här), så dess värden omfattar kalibreringens "
              "osäkerhet. Av dess {k} kalibrerade parametrar begränsar de redovisade åren {c}.",
    },
    "posterior_none": {"en": "none", "sv": "ingen"},
    "unc_posterior": {
        "en": "The {n} calibrated parameters come from the {m} accepted sets of the calibration in {file} (drawn by "
              "their weights), not from their ranges.",
        "sv": "De {n} kalibrerade parametrarna dras från kalibreringens {m} godtagna uppsättningar i {file} (efter "
              "vikt), inte från sina intervall.",
    },
    "unc_figure": {"en": "figure (difference B − A)", "sv": "mått (skillnad B − A)"},
    "unc_median": {"en": "median", "sv": "median"},
    "unc_interval": {"en": "90% of sets", "sv": "90 % av uppsättningarna"},
    "unc_better": {"en": "B better beyond noise", "sv": "B säkert bättre"},
    "unc_worse": {"en": "B worse beyond noise", "sv": "B säkert sämre"},
    "unc_drivers": {
        "en": "What drives the difference in {f} (partial rank correlation with the difference; Spearman)",
        "sv": "Vad som driver skillnaden i {f} (partiell rangkorrelation med skillnaden; Spearman)",
    },
    "unc_drivers_spearman": {
        "en": "What drives the difference in {f} (Spearman rank correlation with the difference)",
        "sv": "Vad som driver skillnaden i {f} (Spearmans rangkorrelation med skillnaden)",
    },
    "unc_param": {"en": "parameter", "sv": "parameter"},
    "unc_not_drawn": {
        "en": "Not drawn: {p} = {v:g} (range {lo:g}–{hi:g}) is written in scenario '{s}'; a set's value would go "
              "to both scenarios, so it stays at {v:g}. To vary it, sweep it or move the range to the region's "
              "defaults.",
        "sv": "Inte dragen: {p} = {v:g} (intervall {lo:g}–{hi:g}) står i scenariot '{s}'; en uppsättnings värde "
              "skulle gälla båda scenarierna, så den ligger kvar på {v:g}. Svep den eller flytta intervallet till "
              "regionens standardvärden för att variera den.",
    },
    "unc_rank_spearman": {
        "en": "Ranked by Spearman correlation alone: PRCC needs at least {m} parameter sets for {k} varied "
              "parameters (twice as many sets as parameters) and this run has {n} (raise --uncertain to {m} or "
              "more for PRCC). Spearman does not separate parameters from each other's effects.",
        "sv": "Rangordnat enbart efter Spearmankorrelation: PRCC kräver minst {m} parameteruppsättningar för {k} "
              "varierade parametrar (dubbelt så många uppsättningar som parametrar) och denna körning har {n} "
              "(höj --uncertain till {m} eller mer för PRCC). Spearman skiljer inte parametrarnas effekter från "
              "varandra.",
    },
    "unc_noise_floor": {
        "en": "A parameter without any effect stays within ±{x} in 95 % of runs; with {k} parameters a few "
              "reach beyond it by chance.",
        "sv": "En parameter utan effekt håller sig inom ±{x} i 95 % av körningarna; med {k} parametrar når "
              "några längre av en slump.",
    },
    # one ranged parameter: "with 1 parameters a few reach beyond it" read as a slip
    "unc_noise_floor_one": {
        "en": "A parameter without any effect stays within ±{x} in 95 % of runs.",
        "sv": "En parameter utan effekt håller sig inom ±{x} i 95 % av körningarna.",
    },
    "unc_note": {
        "en": "Beyond noise: the set's paired 95% CI of the difference excludes zero. Negative = B faster.",
        "sv": "Utöver slumpen: uppsättningens parade 95 % KI för skillnaden utesluter noll. Negativt = B " "snabbare.",
    },
    "yes": {"en": "yes", "sv": "ja"},
    "no": {"en": "no", "sv": "nej"},
    # A figure of a small group (an area, a type, a crew) with events in one replication only: no interval.
    "ci_bare": {
        "en": "A figure without its [95% CI] had events in only one replication (a small station area, incident type, "
              "place or crew): an interval needs the spread between 2 at least; give more --years or --replications.",
        "sv": "En siffra utan [95 % KI] hade händelser i bara en replikering (ett litet stationsområde, en "
              "händelsetyp, en ort eller en styrka): ett intervall kräver spridningen mellan minst 2; ge fler --years "
              "eller --replications.",
    },
    "no_ci": {
        "en": "No confidence intervals: no CI ({n} replication{s}): a 95% interval is estimated from the spread "
              "between replications, so it needs at least 2; run --replications 30 (recommended; 2 at the least).",
        "sv": "Inga konfidensintervall med {n} replikering{s}: ett 95 %-intervall skattas ur spridningen "
              "mellan replikeringar och kräver minst 2; kör --replications 30 (rekommenderas; minst 2).",
    },
    "run": {
        "en": "{n} scenario(s) × {r} {rp} × {y:g} year(s), seed {s}",
        "sv": "{n} {sc} × {r} {rp} × {y:g} år, slumpfrö {s}",
    },
    "ind_one_replication": {
        "en": "With one replication the yearly value has no CI; P(year ≤ target) has one, from the simulated years "
              "({n}; Wilson).",
        "sv": "Med en replikering har årsvärdet inget KI; P(år ≤ målet) har ett, från de simulerade åren "
              "({n}; Wilson).",
    },
    "no_alarm_note": {
        "en": "Note: scenario '{s}' had no alarm in its {n} replication(s) of {d:g} days, so its figures are shown "
              "as –, not as zero: give more --years (a scenario's season or calendar can leave a short run without "
              "alarms).",
        "sv": "Obs: scenariot '{s}' fick inget larm under sina {n} replikering(ar) om {d:g} dagar, så dess siffror "
              "visas som –, inte som noll: ange fler --years (ett scenarios säsong eller kalender kan lämna en "
              "kort körning utan larm).",
    },
    "map_no_alarm_note": {
        "en": "Note: scenario '{s}' had no alarm in its {n} replication(s) of {d:g} days, so its simulated map and "
              "layer are empty (no square has a chance to show): give more --years.",
        "sv": "Obs: scenariot '{s}' fick inget larm under sina {n} replikering(ar) om {d:g} dagar, så dess simulerade "
              "karta och lager är tomma (ingen ruta har en chans att visa): ange fler --years.",
    },
    "overload_note": {
        "en": "Warning: scenario '{s}' is overloaded: {w} of its alarms waited for a free crew and its crews were "
              "almost never free; the alarms need more crew time than the crews have, so waiting grows with the "
              "simulated time and these minutes describe this run's length, not a steady state. Lower the demand "
              "(multiplier, alarms_per_year) or add crews.",
        "sv": "Varning: scenariot '{s}' är överbelastat: {w} av larmen väntade på en tillgänglig styrka och "
              "styrkorna var nästan hela tiden upptagna på larm; larmen kräver mer styrketid än styrkorna har, så "
              "väntan växer med den simulerade tiden och minuterna beskriver körningens längd, inte ett stabilt "
              "läge. Sänk efterfrågan (multiplier, alarms_per_year) eller lägg till styrkor.",
    },
    "run_warmup": {
        "en": ", each after a {d:g}-day warm-up (not measured)",
        "sv": ", var och en efter en insvängningsperiod på {d:g} dagar (mäts inte)",
    },
    "short_no_warmup": {
        "en": "Note: each replication is {d:g} days and starts with no crew busy; at high loads that "
              "understates waiting (an M/M/1 queue at 90 % load: 41 % in 7-day replications). Add --warmup DAYS.",
        "sv": "Obs: varje replikering är {d:g} dagar och börjar utan upptagna styrkor; vid hög belastning "
              "underskattar det väntan (en M/M/1-kö vid 90 % belastning: väntan underskattas med 41 % vid "
              "7-dagarsreplikeringar). "
              "Lägg till --warmup DAGAR.",
    },
    "warmup_line": {
        "en": "Each replication after a {d:g}-day warm-up (not measured).",
        "sv": "Varje replikering efter en insvängningsperiod på {d:g} dagar (mäts inte).",
    },
    "scenarios": {"en": "scenarios", "sv": "scenarier"},
    "replication": {"en": "replication", "sv": "replikering"},
    "replications": {"en": "replications", "sv": "replikeringar"},
    "ind_stat_mean": {"en": "mean", "sv": "medelvärde"},
    "ind_stat_median": {"en": "median", "sv": "median"},
    "ind_all_types": {"en": "all", "sv": "alla"},
    "waited": {"en": "alarms that waited for a free crew", "sv": "larm som fick vänta på en tillgänglig styrka"},
    "wait_of_those": {"en": "waiting {m} min on average", "sv": "i snitt {m} min väntan"},
    "move_ups": {
        "en": "move-ups (crews moved to cover an empty area)",
        "sv": "beredskapsflyttar (styrkor flyttade för att täcka tomt område)",
    },
    "relocated": {"en": "per year away from their own station", "sv": "per år borta från egen station"},
    "unreachable": {
        "en": "demand points no crew reaches by road or boat (their alarms count as not reached)",
        "sv": "efterfrågepunkter som ingen styrka når på väg eller med båt (deras larm räknas som inte nådda)",
    },
    "unreachable_left": {
        "en": "demand points crews reach by road but cannot leave (left out)",
        "sv": "efterfrågepunkter som styrkor når på väg men inte kan lämna (utelämnade)",
    },
    "residents_n": {"en": "{n} residents", "sv": "{n} invånare"},
    # residents on squares no crew reaches by road or boat (an island without ferry, or boats that cannot go there,
    # e.g. scenario ice-season): in every share's denominator
    "residents_unreached": {
        "en": "residents no crew reaches by road or boat (counted as not reached): {n} ({p})",
        "sv": "invånare som ingen styrka når på väg eller med båt (räknas som inte nådda): {n} ({p})",
    },
    "unreached_col": {"en": "not reachable", "sv": "nås inte"},  # by road or by boat: both count
    # run's first-crew table: alarms no crew reached (share_missing), shown when a scenario has any
    "not_reached": {"en": "not reached", "sv": "inte nådda"},
    "wrote": {"en": "Wrote", "sv": "Skrev"},
    "files_in": {"en": "files in", "sv": "filer i"},
    "fig_alarms_within": {"en": "alarms within {t:g} min", "sv": "larm inom {t:g} min"},
    "fig_residents_within": {
        "en": "residents within {t:g} min (every crew available)",
        "sv": "invånare inom {t:g} min (alla styrkor tillgängliga)",
    },
    "tatorter": {"en": "tätorter", "sv": "tätorter"},
    "tg_missed": {"en": "Where the target is missed most:", "sv": "Där målet missas oftast:"},
    # How many replications the target's intervals rest on (run's first line says it; target printed it nowhere).
    "tg_basis": {"en": "Shares of alarms: mean over {r} replications × {y:g} year(s) [95% CI]",
                 "sv": "Andelar av larmen: medel över {r} replikeringar × {y:g} år [95 % KI]"},
    "tg_place": {"en": "place", "sv": "ort"},
    "ind_default_name": {"en": "Alarm to first unit on scene, yearly mean",
                         "sv": "Tid från larm till första styrka på plats, årsmedelvärde"},
    # The default name of an indicator whose statistic is not the mean ([indicator] statistic = "p90", "median").
    "ind_default_name_stat": {"en": "Alarm to first unit on scene, yearly {stat}",
                              "sv": "Tid från larm till första styrka på plats, {stat} per år"},
    "tg_none_missed": {"en": "Where the target is missed most: nowhere (every alarm in a place with 5 or more was "
                       "reached within {t:g} min)",
                       "sv": "Där målet missas oftast: ingenstans (varje larm på en ort med minst 5 larm nåddes "
                       "inom {t:g} min)"},
    "tg_no_alarms": {"en": "Where the target is missed most: not known — no alarm was simulated ({n} replication(s) "
                           "× {y:g} year(s)); give more --years.",
                     "sv": "Där målet missas oftast: okänt — inget larm simulerades ({n} replikering(ar) × {y:g} år); "
                           "ange fler --years."},
    "tg_too_few": {"en": "Where the target is missed most: not known — no place had {m} alarms or more to judge by; "
                         "give more --years or --replications.",
                   "sv": "Där målet missas oftast: okänt — ingen ort hade minst {m} larm att bedöma; ange fler "
                         "--years eller --replications."},
    "tg_lever": {"en": "lever", "sv": "åtgärd"},
    # `raddsim target` with no candidate lever (all full-time, one staffing level): said, not dropped silently.
    "tg_no_levers": {
        "en": "What closes the gap most: no change to try, as there is no part-time crew (whose turnout could be 1 "
        "minute faster) and no crew with another staffing level. Fix: add scenarios and compare them, or run "
        "`raddsim optimise` with an options file (extra crews, sites).",
        "sv": "Vad som för oss närmast målet: ingen förändring att pröva, eftersom det inte finns någon deltidsstyrka "
        "(vars anspänningstid kunde vara 1 minut kortare) och ingen styrka med en annan bemanningsnivå. Åtgärd: lägg "
        "till scenarier och jämför dem, eller kör `raddsim optimise` med en alternativfil (fler styrkor, platser).",
    },
    "tg_mean_time": {"en": "mean time", "sv": "medeltid"},
    "tg_lever_reps": {"en": "; {n} paired replications each", "sv": "; {n} parade replikeringar vardera"},
    "tg_levers": {
        "en": "What closes the gap most (paired differences, common random numbers{r}):",
        "sv": "Vad som för oss närmast målet (parvisa skillnader, gemensamma slumptal{r}):",
    },
    "alarms_counted": {"en": "alarms ({sy})", "sv": "larm ({sy})"},
    "eff_short": {"en": "eff", "sv": "full"},
    "b_archipelago": {"en": "On the islands without road access (APPROXIMATE layer; reached by boat): {items}.",
                      "sv": "På öarna utan vägförbindelse (UNGEFÄRLIGT underlag; nås med båt): {items}."},
    "b_arch_item": {"en": "first unit after {m} min on average{ci} at {s}",
                    "sv": "första styrkan på plats efter i genomsnitt {m} min{ci} vid {s}"},
    # a model estimate on page one carries its 95 % interval (left out when the run cannot give one)
    "b_ci": {"en": " (95 % interval {lo}–{hi})", "sv": " (95 % intervall {lo}–{hi})"},
    "b_arch_missing": {"en": " ({p} of island alarms not reached)", "sv": " ({p} av larmen på öarna nås inte)"},
    "b_arch_none": {"en": "no island alarm is reached at {s}", "sv": "inget larm på öarna nås vid {s}"},
    "map_islands": {"en": "○ islands without road: by boat\n  (APPROXIMATE layer)",
                    "sv": "○ öar utan väg: med båt\n  (UNGEFÄRLIGT underlag)"},
    "demand_by_boat": {"en": "on islands without road (by boat; APPROXIMATE layer): summer {s}, rest of year {r}",
                       "sv": "på öar utan väg (med båt; UNGEFÄRLIGT underlag): sommar {s}, övriga året {r}"},
    "demand_islands": {"en": "on islands (ferry only): summer {s}, rest of year {r}",
                       "sv": "på öar med enbart färjeförbindelse: sommar {s}, övriga året {r}"},
    "demand_day_night": {"en": "day (07–19) / night (19–07) ratio: {x:.2f}",
                         "sv": "kvot dag (07–19) / natt (19–07): {x:.2f}"},
    "demand_day_night_none": {"en": "day (07–19) / night (19–07) ratio: – ({r})",
                              "sv": "kvot dag (07–19) / natt (19–07): – ({r})"},
    "demand_no_alarm": {"en": "no alarm was simulated; give more --years", "sv": "inget larm simulerades; ange fler "
                                                                                 "--years"},
    "demand_no_night": {"en": "no alarm at night", "sv": "inget larm på natten"},
    "area_archipelago": {"en": "Archipelago (by boat)", "sv": "Skärgården (med båt)"},
    "archipelago_note": {
        "en": "Archipelago: alarms on islands without road access, reached by boat. APPROXIMATE layer: island "
              "positions, residents, holiday homes, launch points and boat speeds are assumptions "
              "(networks/ARCHIPELAGO.md).",
        "sv": "Skärgården: larm på öar utan vägförbindelse, som nås med båt. UNGEFÄRLIGT underlag: öarnas lägen, "
              "invånare, fritidshus, sjösättningsplatser och båtarnas fart är antaganden (networks/ARCHIPELAGO.md)."},
    "pp": {"en": "pp", "sv": "p.e."},
    # Spelled out where there is room (table headings); the short form above sits beside each number.
    "pp_long": {"en": "pp", "sv": "procentenheter"},
    "net_approx_label": {
        "en": "APPROXIMATE hand-digitised main-road network (not surveyed OSM data)",
        "sv": "UNGEFÄRLIGT handritat nät av huvudvägar (inte inmätta OSM-data)",
    },
    # The descriptions raddsim's network readers store in a network's meta "label" (English, kept in archives and
    # their sidecars): plain_text.network_label shows them in the reader's language. The English must stay the
    # readers' words (raddsim/network/csvgraph.py, load.py).
    "net_label_csv": {"en": "road network from nodes/arcs CSV", "sv": "vägnät från nodes/arcs-CSV"},
    "net_label_jemss": {"en": "JEMSS road network (nodes/arcs CSV)", "sv": "JEMSS-vägnät (nodes/arcs-CSV)"},
    "net_label_plain": {"en": "road network", "sv": "vägnät"},
    # The description `raddsim region new` writes for each staffing level's scenario; Setup.describe("sv") shows the
    # Swedish for that generated text only (a planner's own description stays as written). The English must stay
    # raddsim.region.starter_text.STARTER_DESCRIPTION.
    "starter_description": {"en": "every crew at its '{level}' staffing in the table the region was made from",
                            "sv": "varje styrka med bemanningsnivån '{level}' ur tabellen som regionen skapades "
                                  "från"},
    "effective_title": {
        "en": "Alarm to effective force on scene (what the incident type needs, e.g. 1+4 smoke diving)",
        "sv": "Tid från larm till full styrka på plats (den styrka händelsetypen kräver, t.ex. 1 + 4 för rökdykning)",
    },
    "effective_title_ems": {
        "en": "Alarm to effective force on scene (the units the call type needs)",
        "sv": "Tid från larm till full styrka på plats (de enheter händelsetypen kräver)",
    },
    "never": {"en": "never assembled", "sv": "full styrka samlades aldrig"},
    "per_type": {
        "en": "Per incident type: first crew · effective force (mean minutes)",
        "sv": "Per händelsetyp: första styrka · full styrka (medeltid i minuter)",
    },
    "type": {"en": "incident type", "sv": "händelsetyp"},
    "readiness": {
        "en": "Not on a call: share of time each crew is not busy at an alarm (whatever its staffing) [95% CI] · "
              "share of the alerts it got that it rolled on",
        "sv": "Inte upptagen: andel av tiden varje styrka inte är upptagen på ett larm (oavsett bemanning) "
              "[95 % KI] · andel av de larm styrkan fick som den ryckte ut på",
    },
    "crew": {"en": "crew", "sv": "styrka"},
    "ci_unless_rounded": {
        "en": " [95% CI, left out where it rounds to the share itself]",
        "sv": " [95 % KI, utelämnat där det avrundas till andelen själv]",
    },
    "staffing_states": {
        "en": "Staffing over the year (availability process): share of time at ambition / at minimum / "
        "below minimum but able to roll / ur beredskap",
        "sv": "Bemanning över året (tillgänglighetsprocessen): andel av tiden på ambitionsnivå / på "
        "miniminivå / under miniminivå men kan rycka ut / ur beredskap",
    },
    "smoke_cov": {
        "en": "Share of time a smoke-diving force (1+4) can reach the tätort within 10 / 20 min",
        "sv": "Andel av tiden en rökdykarstyrka (1+4) når tätorten inom 10 / 20 min",
    },
    "place": {"en": "tätort", "sv": "tätort"},
    "mutual_aid": {"en": "alarms first reached by mutual aid",
                   "sv": "larm där en samverkansresurs (grannkommun, sjöräddning) kom först"},
    "failed": {
        "en": "alerted crews that could not go (too few responders, or the neighbour declined) → re-dispatched",
        "sv": "larmade styrkor som inte kunde rycka ut (för få svarade på larmet, eller grannkommunen avböjde) → "
              "annan styrka larmades",
    },
    "observed": {
        "en": "Replayed alarms: simulated vs observed (minutes)",
        "sv": "Återspelade larm: simulerat mot observerat (minuter)",
    },
    "simulated": {"en": "simulated", "sv": "simulerat"},
    "observed_row": {"en": "observed", "sv": "observerat"},
    "per_year": {"en": "per year", "sv": "per år"},
    "diff_title": {
        "en": "Paired differences {b} → {o} (common random numbers; 95% CI; * = significant)",
        "sv": "Parvisa skillnader {b} → {o} (gemensamma slumptal; 95 % KI; * = säkerställd skillnad: intervallet "
              "ligger helt på ena sidan om noll)",
    },
    "figure": {"en": "figure", "sv": "mått"},
    "base_col": {"en": "{b}", "sv": "{b}"},
    "difference": {"en": "difference [95% CI]", "sv": "skillnad [95 % KI]"},
    "first_mean": {"en": "first crew, mean (min)", "sv": "första styrka, medel (min)"},
    "first_median": {"en": "first crew, median (min)", "sv": "första styrka, median (min)"},
    "first_p90": {"en": "first crew, 90th pct (min)", "sv": "första styrka, 90:e percentil (min)"},
    "first_share": {"en": "first crew within target", "sv": "första styrka inom målet"},
    "eff_mean": {"en": "effective force, mean (min)", "sv": "full styrka, medel (min)"},
    "eff_share": {"en": "effective force within target", "sv": "full styrka inom målet"},
    "unreached": {"en": "not reached", "sv": "ej nådda"},
    "first_unreached": {"en": "first crew, alarms not reached", "sv": "första styrka, larm som ej nås"},
    "eff_never": {"en": "effective force never assembled", "sv": "full styrka samlades aldrig"},
    "not_comparable_eff": {
        "en": "† effective force not comparable: the share of alarms whose force never assembles differs (in some "
        "replications at least, even where the rounded shares look alike; row "
        "'effective force never assembled'), and its times are over the alarms where it did. Read the effective "
        "force within target instead (a force that never assembles counts as a miss).",
        "sv": "† full styrka ej jämförbar: andelen larm där styrkan aldrig samlas skiljer sig (åtminstone i några "
        "replikeringar, även där de avrundade andelarna ser lika ut; raden 'full "
        "styrka samlades aldrig'), och tiderna gäller de larm där den samlades. Läs i stället full styrka inom "
        "målet (en styrka som aldrig samlas räknas som missad).",
    },
    "not_comparable": {
        "en": "† not comparable: the share of alarms no crew reaches differs (in some replications at least, even "
        "where the rounded shares look alike), and times are over the alarms "
        "reached — a cut-off area's alarms drop out of the mean, which can then look faster. Read the share "
        "within target (unreached alarms count as misses) and the not-reached share instead.",
        "sv": "† ej jämförbart: andelen larm som ingen styrka når skiljer sig (åtminstone i några replikeringar, även "
        "där de avrundade andelarna ser lika ut), och tiderna gäller de larm som nås — "
        "ett avskuret områdes larm faller bort ur medelvärdet, som då kan se snabbare ut. Läs i stället "
        "andelen inom målet (larm som ej nås räknas som missade) och andelen som ej nås.",
    },
    "area_diff": {
        "en": "Per station area: mean first-arrival time (min) [95% CI] and its paired difference",
        "sv": "Per stationsområde: medeltid till första styrka (min) [95 % KI] och den parvisa skillnaden",
    },
    "area_share_diff": {
        "en": "Per station area: alarms within {t:g} min [95% CI] (unreached alarms count as misses) and the paired "
              "difference",
        "sv": "Per stationsområde: larm inom {t:g} min [95 % KI] (ej nådda larm räknas som missade) och den parvisa "
              "skillnaden",
    },
    "area_unreached_diff": {
        "en": "Per station area: alarms no crew reaches [95% CI] and the paired difference",
        "sv": "Per stationsområde: larm som ingen styrka når [95 % KI] och den parvisa skillnaden",
    },
    "area_none_unreached": {
        "en": "Alarms not reached: none, in every station area and both scenarios.",
        "sv": "Larm som ej nås: inga, i alla stationsområden och båda scenarierna.",
    },
    "precision": {
        "en": "replications run: {n}; CI half-width of the mean first arrival: {w}",
        "sv": "Antal replikeringar: {n}; osäkerhet i medeltiden till första styrka (halva 95 %-intervallets "
              "bredd): {w}",
    },
    "precision_not_reached": {
        "en": "The precision asked for ({p:g} min) was NOT reached: the run stopped at --max-replications {m}.",
        "sv": "Den begärda precisionen ({p:g} min) nåddes INTE: körningen stannade vid --max-replications {m}.",
    },
    "ind_no_years": {
        "en": "The board's yearly indicator needs whole simulated years: each replication here covers {y:.3g} year(s) "
        "(--years 1 or more gives it).",
        "sv": "Kommunens årliga nyckeltal kräver hela simulerade år: varje replikering omfattar här {y:.3g} år "
        "(--years 1 eller mer ger den).",
    },
}


# Maps, charts and the board report (raddsim.views.maps, raddsim.views.charts, raddsim.views.report).
_TEXT.update(
    {
        "map_title_static": {
            "en": "Time from alarm to first crew on scene — {s}",
            "sv": "Tid från larm till första styrka på plats — {s}",
        },
        "map_sub_static": {
            "en": "Best case, every crew fully staffed and not busy: stated turnout + drive + off-road leg at {v:g} "
            "km/h · {c:g} m grid",
            "sv": "Bästa fall, alla styrkor fullt bemannade och inte upptagna: anspänningstid + framkörningstid + "
            "sista biten (utanför vägnätet) med {v:g} km/h · rutnät {c:g} m",
        },
        "map_legend_minutes": {"en": "Minutes to first crew", "sv": "Minuter till första styrka"},
        "map_unreachable": {"en": "not reachable", "sv": "nås inte"},  # by road or by boat
        "map_residents_within": {"en": "Residents reached within", "sv": "Invånare som nås inom"},
        "map_title_diff": {
            "en": "Change in time to first crew: {b} compared with {a}",
            "sv": "Förändrad tid till första styrka: {b} jämfört med {a}",
        },
        "map_sub_diff": {
            "en": "Minutes gained (faster, blue) or lost (slower, red), best case with every crew available · {c:g} m "
            "grid\nDifferences in staffing availability (absence, part-time crews not rolling) show only on the "
            "simulated map",
            "sv": "Vunna minuter (snabbare, blått) eller förlorade (långsammare, rött), bästa fall med alla styrkor "
            "tillgängliga · rutnät {c:g} m\nSkillnader som beror på bemanningens tillgänglighet (frånvaro, uteblivna "
            "svar) syns bara i den simulerade kartan",
        },
        "map_legend_diff": {"en": "Change (minutes)", "sv": "Förändring (minuter)"},
        "map_faster": {"en": "{r} min faster", "sv": "{r} min snabbare"},
        "map_slower": {"en": "{r} min slower", "sv": "{r} min långsammare"},
        "map_nochange": {"en": "no change (±{r} min)", "sv": "ingen förändring (±{r} min)"},
        "map_improved": {"en": "Residents with a faster first crew", "sv": "Invånare med snabbare första styrka"},
        "map_worsened": {"en": "Residents with a slower first crew", "sv": "Invånare med långsammare första styrka"},
        "map_within_change": {
            "en": "Residents within {t:g} min: {a} → {b}",
            "sv": "Invånare inom {t:g} min: {a} → {b}",
        },
        "map_title_prob": {
            "en": "Simulated chance that the first crew is on scene within {t:g} min — {s}",
            "sv": "Simulerad sannolikhet att första styrka är på plats inom {t:g} min — {s}",
        },
        "map_sub_prob": {
            "en": "{r} replications × {y:g} year(s); busy crews and part-time crews not rolling included · "
            "{c:g} km squares",
            "sv": "{r} replikeringar × {y:g} år; upptagna styrkor och deltidsstyrkor som inte rycker ut ingår "
            "· rutor {c:g} km",
        },
        "map_legend_prob": {"en": "Share of alarms within {t:g} min", "sv": "Andel larm inom {t:g} min"},
        "map_no_alarms": {"en": "no alarm simulated", "sv": "inget larm simulerat"},
        "map_alarms_within": {"en": "Alarms within {t:g} min", "sv": "Larm inom {t:g} min"},
        "map_station": {"en": "Fire station (crews)", "sv": "Brandstation (styrkor)"},
        "map_station_ems": {"en": "Ambulance station (units)", "sv": "Ambulansstation (enheter)"},
        "map_mutual_aid": {"en": "Mutual-aid station", "sv": "Samverkansstation"},
        "map_not_staffed": {"en": "(no crew in service)", "sv": "(ingen styrka i tjänst)"},
        "map_tatort": {"en": "Tätort (urban area)", "sv": "Tätort"},
        "map_boundary": {"en": "Municipality boundary", "sv": "Kommungräns"},
        "map_roads": {"en": "Road network", "sv": "Vägnät"},
        "map_ferry": {"en": "Car ferry", "sv": "Bilfärja"},
        "month_abbr": {
            "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
            "sv": "jan feb mar apr maj jun jul aug sep okt nov dec",
        },
        "demand_hour": {"en": "hour of day", "sv": "timme på dygnet"},
        "demand_month": {"en": "month", "sv": "månad"},
        "demand_total": {"en": "{n} alarms in {sy} ({r} per year{c})", "sv": "{n} larm på {sy} ({r} per år{c})"},
        "demand_rate_ci": {"en": "; 95% CI over {k} replications", "sv": "; 95 % KI över {k} replikeringar"},
        "demand_types_head": {"en": "by incident type", "sv": "per händelsetyp"},
        "demand_share_ci": {"en": "shares [95% CI] over the {k} replications' own shares (Student t, at least "
                                  "Wilson's interval)",
                            "sv": "andelar [95 % KI] över de {k} replikeringarnas egna andelar (Student t, minst "
                                  "Wilsons intervall)"},
        "demand_share_ci_one": {"en": "shares [95% CI]: Wilson's interval of one stream's alarms (one replication "
                                      "draws one stream, its alarms independently)",
                                "sv": "andelar [95 % KI]: Wilsons intervall för en larmströms larm (en replikering "
                                      "drar en ström, dess larm oberoende av varandra)"},
        "demand_ci_rows": {"en": "; below: 95% CI low, high", "sv": "; under: 95 % KI lägst, högst"},
        "demand_months_unsimulated": {
            "en": "  –: a month no replication simulated (each covers {d} days from the region's calendar start; "
                  "--years 1 covers every month)",
            "sv": "  –: en månad som ingen replikering simulerade (var och en omfattar {d} dagar från regionens "
                  "kalenderstart; --years 1 omfattar alla månader)",
        },
        "demand_areas_head": {"en": "by station area (the station with the shortest drive)",
                              "sv": "per stationsområde (stationen med kortast körväg)"},
        "demand_by_hour": {"en": "Alarms by hour of day", "sv": "Larm per timme"},
        "demand_by_month": {"en": "Alarms by month", "sv": "Larm per månad"},
        "demand_type": {"en": "Incident type", "sv": "Händelsetyp"},
        "demand_title": {
            "en": "{r}: where and when alarms happen ({n} simulated alarms)",
            "sv": "{r}: var och när larm inträffar ({n} simulerade larm)",
        },
        "demand_sub": {
            "en": "{k} replication(s) × {y:g} year(s), season {s}; each dot one alarm (jittered); {net}",
            "sv": "{k} {rp} × {y:g} år, säsong: {s}; varje punkt ett larm (spritt); {net}",
        },
        "season_all": {"en": "all", "sv": "hela året"},
        "season_summer": {"en": "summer", "sv": "sommar"},
        "season_winter": {"en": "winter", "sv": "vinter"},
        "map_title_prob_eff": {
            "en": "Simulated chance that the effective force is on scene within {t:g} min — {s}",
            "sv": "Simulerad sannolikhet att full styrka är på plats inom {t:g} min — {s}",
        },
        "map_alarms_within_eff": {
            "en": "Alarms with the effective force within {t:g} min",
            "sv": "Larm med full styrka inom {t:g} min",
        },
        "map_title_simdiff": {
            "en": "Simulated change in the chance of a first crew within {t:g} min: {b} compared with {a}",
            "sv": "Simulerad förändring av sannolikheten för första styrka inom {t:g} min: {b} jämfört " "med {a}",
        },
        "map_title_simdiff_eff": {
            "en": "Simulated change in time to the effective force: {b} compared with {a}",
            "sv": "Simulerad förändring av tiden till full styrka: {b} jämfört med {a}",
        },
        "map_sub_simdiff": {
            "en": "Same alarms in both (common random numbers), {r} replications × {y:g} year(s); busy and "
            "part-time crews included · {c:g} km squares",
            "sv": "Samma larm i båda (gemensamma slumptal), {r} replikeringar × {y:g} år; upptagna styrkor "
            "och deltidsstyrkor ingår · rutor {c:g} km",
        },
        "map_legend_simdiff": {"en": "Change in chance within {t:g} min", "sv": "Förändrad sannolikhet inom {t:g} min"},
        "map_legend_simdiff_eff": {
            "en": "Change in minutes to effective force",
            "sv": "Förändring i minuter till full styrka",
        },
        "map_nochange_unit": {"en": "no change (±{r} {u})", "sv": "ingen förändring (±{r} {u})"},
        "map_better_pp": {"en": "{r} pp more likely", "sv": "{r} procentenheter troligare"},
        "map_worse_pp": {"en": "{r} pp less likely", "sv": "{r} procentenheter mindre troligt"},
        "map_few_alarms": {"en": "fewer than {n} alarms", "sv": "färre än {n} larm"},
        "map_sim_share": {"en": "Alarms within {t:g} min: {a} → {b}", "sv": "Larm inom {t:g} min: {a} → {b}"},
        "map_sim_change_pp": {
            "en": "Change: {d} pp [95% CI {lo} to {hi}]",
            "sv": "Förändring: {d} procentenheter [95 % KI {lo} till {hi}]",
        },
        "map_sim_eff_mean": {
            "en": "Mean minutes to effective force: {a} → {b}",
            "sv": "Medeltid till full styrka (min): {a} → {b}",
        },
        "map_sim_change_min": {
            "en": "Change: {d} min [95% CI {lo} to {hi}]",
            "sv": "Förändring: {d} min [95 % KI {lo} till {hi}]",
        },
        "map_coast": {"en": "Coastline (generalised)", "sv": "Kustlinje (generaliserad)"},
        "map_sea": {"en": "Sea (municipality)", "sv": "Hav (kommunen)"},
        "map_boundary_user": {"en": "Boundary (--boundary)", "sv": "Gräns (--boundary)"},
        "map_source_no_places": {
            "en": "Sources: road network {n}; stations and crews: {r}; population: spread along the roads by their "
            "length (raddsim demand model; no places file). {crs}. raddsim {v}.",
            "sv": "Källor: vägnät {n}; stationer och styrkor: {r}; befolkning: spridd längs vägarna efter deras "
            "längd (raddsims efterfrågemodell; ingen ortsfil). {crs}. raddsim {v}.",
        },
        "map_outline_source": {"en": "Land, sea and boundary: {s}.", "sv": "Land, hav och gräns: {s}."},
        "map_network_licence": {"en": "Road network: {s}.", "sv": "Vägnät: {s}."},
        # a region without an outline mapped without --boundary: the squares shown are an assumption (newcomer pass:
        # a small city extract's map painted 2 km of sea around it as covered)
        "map_extent_roads": {
            "en": "Extent: the squares within {km:g} km of the network's roads (ASSUMPTION: no study area given; "
                  "--boundary FILE sets it), sea and land alike.",
            "sv": "Utbredning: rutorna inom {km:g} km från nätets vägar (ANTAGANDE: inget studieområde angivet; "
                  "--boundary FIL anger det), hav som land."},
        "map_approx": {"en": "APPROXIMATE NETWORK: {label}", "sv": "UNGEFÄRLIGT VÄGNÄT: {label}"},
        "map_source": {
            "en": "Sources: road network {n}; stations and crews: {r}; population: {p} and rural spread "
            "(raddsim demand model). {crs}. raddsim {v}.",
            "sv": "Källor: vägnät {n}; stationer och styrkor: {r}; befolkning: {p} och spridning på landsbygden "
            "(raddsims efterfrågemodell). {crs}. raddsim {v}.",
        },
        "map_outside": {"en": "Mutual aid from outside the map: {names}", "sv": "Samverkan utanför kartan: {names}"},
        # GIS layer descriptions (GeoPackage gpkg_contents, GeoJSON "description"): what each attribute means
        "gis_grid": {
            "en": "Coverage grid, scenario {s}: x, y = the square's centre in {crs} (m); minutes = expected minutes "
            "from the alarm to the first crew on scene with every crew fully staffed and not busy (turnout + drive + "
            "off-road leg; empty "
            "where no road reaches); within_N = 1 when minutes ≤ N; effective_minutes, effective_within_N = the same "
            "for the effective force (smoke diving 1+4); first_crew, first_station = who arrives first; station_area "
            "= the station area the square lies in; population = residents in the square; offroad_m = metres from "
            "the road.",
            "sv": "Täckningsrutnät, scenario {s}: x, y = rutans mitt i {crs} (m); minutes = förväntad tid i minuter "
            "från larm till första styrka på plats när alla styrkor är fullt bemannade och inte upptagna "
            "(anspänningstid + körtid + sista biten; "
            "tomt där ingen väg når); within_N = 1 när minutes ≤ N; effective_minutes, effective_within_N = "
            "detsamma för full styrka (rökdykning 1+4); first_crew, first_station = vem som kommer först; "
            "station_area = stationsområdet rutan ligger i; population = invånare i rutan; offroad_m = meter från "
            "vägen.",
        },
        "gis_stations": {
            "en": "Stations, scenario {s}: crews, n_crews = crews in service; external = 1 for mutual aid; "
            "approximate_position = 1 where hand-placed; cells_first, population_first = squares and residents it "
            "reaches first with every crew fully staffed and not busy; population_first_within_10 = those within 10 "
            "min; lat, lon in WGS84.",
            "sv": "Stationer, scenario {s}: crews, n_crews = styrkor i beredskap; external = 1 för samverkan; "
            "approximate_position = 1 där läget är placerat för hand; cells_first, population_first = rutor och "
            "invånare som stationen når först när alla styrkor är fullt bemannade och inte upptagna; "
            "population_first_within_10 = de inom "
            "10 min; lat, lon i WGS84.",
        },
        "gis_islands": {
            "en": "Islands without road access, reached by boat (APPROXIMATE layer, networks/ARCHIPELAGO.md), scenario "
            "{s}: minutes = expected minutes from the alarm to the first crew, every crew available; "
            "effective_minutes = "
            "the same for the effective force; population = the island's residents, in the coverage shares at these "
            "minutes.",
            "sv": "Öar utan vägförbindelse som nås med båt (UNGEFÄRLIGT underlag, networks/ARCHIPELAGO.md), scenario "
            "{s}: minutes = förväntad tid i minuter från larm till första styrka när alla styrkor är fullt bemannade "
            "och inte upptagna; "
            "effective_minutes = detsamma för full styrka; population = öns invånare, som ingår i täckningsandelarna "
            "med dessa minuter.",
        },
        "gis_simulated": {
            "en": "Simulated coverage, scenario {s}: alarms = simulated alarms in the square (pooled over "
            "replications); within_target, share_within_target = those with the first crew on scene within the "
            "target, and their share; effective_share_within_target = the same for the effective force.",
            "sv": "Simulerad täckning, scenario {s}: alarms = simulerade larm i rutan (alla replikeringar); "
            "within_target, share_within_target = de där första styrka var på plats inom målet, och deras andel; "
            "effective_share_within_target = detsamma för full styrka.",
        },
        "gis_geojson_crs": {"en": "Coordinates: WGS84 longitude, latitude (RFC 7946).",
                            "sv": "Koordinater: WGS84 longitud, latitud (RFC 7946)."},
        "map_north": {"en": "N", "sv": "N"},
        "map_title_effective": {
            "en": "Time from alarm to a smoke-diving force (1+4) on scene — {s}",
            "sv": "Tid från larm till rökdykarstyrka (1+4) på plats — {s}",
        },
        "map_sub_effective": {
            "en": "Best case, every crew at its planned staffing and not busy; crews combine in order of "
            "arrival · off-road {v:g} km/h · {c:g} m grid",
            "sv": "Bästa fall, alla styrkor med planerad bemanning och inte upptagna; styrkor samverkar i "
            "ankomstordning · sista biten (utanför vägnätet) med {v:g} km/h · rutnät {c:g} m",
        },
        "map_legend_effective": {"en": "Minutes to smoke-diving force", "sv": "Minuter till rökdykarstyrka"},
        "map_never": {"en": "force never assembled", "sv": "styrkan samlas aldrig"},
        "map_title_diff_eff": {
            "en": "Change in time to a smoke-diving force (1+4): {b} compared with {a}",
            "sv": "Förändrad tid till rökdykarstyrka (1+4): {b} jämfört med {a}",
        },
        "map_improved_eff": {
            "en": "Residents with a faster smoke-diving force",
            "sv": "Invånare med snabbare rökdykarstyrka",
        },
        "map_worsened_eff": {
            "en": "Residents with a slower smoke-diving force",
            "sv": "Invånare med långsammare rökdykarstyrka",
        },
        "chart_title": {
            "en": "Alarm to first crew on scene (simulated alarms)",
            "sv": "Tid från larm till första styrka på plats (simulerade larm)",
        },
        "chart_minutes": {"en": "minutes from alarm", "sv": "minuter från larm"},
        "chart_share": {"en": "share of alarms per minute", "sv": "andel larm per minut"},
        "chart_cumulative": {"en": "share of alarms reached", "sv": "andel larm som nåtts"},
        "chart_target": {"en": "target {t:g} min", "sv": "mål {t:g} min"},
        "chart_last_bar": {"en": "minutes from alarm (the last bar: {m:g} min or more)",
                           "sv": "minuter från larm (sista stapeln: {m:g} min eller mer)"},
    }
)


# The board report (raddsim.views.report).
_TEXT.update({
    "rep_title": {"en": "{region}: response times and coverage", "sv": "{region}: insatstider och täckning"},
    "rep_subtitle": {"en": "Report for the board · scenarios: {s}", "sv": "Rapport till nämnden · scenarier: {s}"},
    "rep_meta": {"en": "raddsim {v} · {r} replications × {y} year(s) per scenario · seed {seed} · common random "
                       "numbers across scenarios",
                 "sv": "raddsim {v} · {r} replikeringar × {y} år per scenario · slumpfrö {seed} · gemensamma slumptal "
                       "mellan scenarierna"},
    "rep_meta_warmup": {"en": " · each replication after a {d:g}-day warm-up (not measured)",
                        "sv": " · varje replikering efter en insvängningsperiod på {d:g} dagar (mäts inte)"},
    "rep_warmup_item": {"en": "Warm-up", "sv": "Insvängningsperiod"},
    "rep_warmup_what": {"en": "each replication starts {d:g} days earlier, so crews are already busy at the start of "
                              "the measured period; the warm-up's alarms are in no figure (--warmup {d:g})",
                        "sv": "varje replikering börjar {d:g} dagar tidigare, så att styrkor redan är upptagna när den "
                              "mätta perioden börjar; insvängningsperiodens larm ingår inte i något resultat "
                              "(--warmup {d:g})"},
    "rep_warmup_source": {"en": "method (raddsim/engine/warmup.py); Law & Kelton §9.5.1 (initial transient)",
                          "sv": "metod (raddsim/engine/warmup.py); Law & Kelton §9.5.1 (insvängningsförlopp)"},
    "rep_approx": {"en": "The road network is approximate ({label}). Travel times and maps show the pattern, not "
                         "surveyed values.",
                   "sv": "Vägnätet är ungefärligt ({label}). Restider och kartor visar mönstret, inte inmätta värden."},
    "rep_contents": {"en": "Contents", "sv": "Innehåll"},
    "rep_scenarios": {"en": "Scenarios", "sv": "Scenarier"},
    "rep_h_headline": {"en": "Headline: alarm to first crew on scene",
                       "sv": "Huvudresultat: tid från larm till första styrka på plats"},
    "rep_headline_note": {"en": "Simulated alarms; mean over replications with 95 % confidence intervals in brackets. "
                                "The target is the first crew on scene within {t:g} minutes of the alarm.",
                          "sv": "Simulerade larm; medelvärde över replikeringar med 95 % konfidensintervall inom "
                                "hakparentes. Målet är första styrka på plats inom {t:g} minuter från larm."},
    "rep_effective": {"en": "effective force within {t:g} min", "sv": "full styrka inom {t:g} min"},
    "rep_waited": {"en": "waited for a free crew", "sv": "väntade på en tillgänglig styrka"},
    "rep_reported": {"en": "Reported outcome (municipal indicator, mean minutes): {v}",
                     "sv": "Redovisat utfall (kommunens nyckeltal, medeltid i minuter): {v}"},
    "rep_h_distribution": {"en": "Distribution of alarm-to-arrival times",
                           "sv": "Fördelning av tid från larm till framkomst"},
    "rep_distribution_note": {"en": "Left: share of alarms per minute; right: share of alarms reached by each minute. "
                                    "The dashed line is the {t:g}-minute target.",
                              "sv": "Vänster: andel larm per minut; höger: andel larm som nåtts vid varje minut. Den "
                                    "streckade linjen är målet {t:g} minuter."},
    "rep_h_coverage": {"en": "Coverage maps (every crew available)", "sv": "Täckningskartor (alla styrkor "
                                                                           "tillgängliga)"},
    "rep_coverage_note": {"en": "Expected time from the alarm to the first crew, and to a smoke-diving force (1+4), "
                                "for every {c:g} m square with every crew fully staffed and not busy — the best case "
                                "(absence and crews not rolling left out). The simulated chance "
                                "in the section after next adds busy crews and part-time crews that do not roll.",
                          "sv": "Förväntad tid från larm till första styrka, och till en rökdykarstyrka (1+4), för "
                                "varje ruta om {c:g} m när alla styrkor är fullt bemannade och inte upptagna — bästa "
                                "fallet (frånvaro och uteblivna svar ingår inte). Den simulerade "
                                "sannolikheten längre fram tar med upptagna styrkor och deltidsstyrkor som inte rycker "
                                "ut."},
    "rep_static_table": {"en": "Residents reached with every crew fully staffed and not busy",
                         "sv": "Invånare som nås när alla styrkor är fullt bemannade och inte upptagna"},
    "rep_first": {"en": "first crew", "sv": "första styrka"},
    "rep_force": {"en": "smoke-diving force", "sv": "rökdykarstyrka"},
    "rep_h_difference": {"en": "What changes between scenarios", "sv": "Vad som ändras mellan scenarierna"},
    "rep_difference_note": {"en": "Minutes gained (blue) or lost (red) compared with {b}, every crew available. "
                                  "Staffing "
                                  "changes show in the smoke-diving force; station and turnout changes in both."
                                  "Differences in staffing availability (absence, part-time crews not rolling) show "
                                  "only on the simulated map.",
                            "sv": "Vunna (blått) eller förlorade (rött) minuter jämfört med {b}, alla styrkor "
                                  "tillgängliga. "
                                  "Ändrad bemanning syns i rökdykarstyrkan; ändrade stationer och anspänningstider i "
                                  "båda. Skillnader som beror på bemanningens tillgänglighet (frånvaro, uteblivna "
                                  "svar) syns bara i den simulerade kartan."},
    "rep_h_simulated": {"en": "Simulated chance of reaching the target", "sv": "Simulerad sannolikhet att nå målet"},
    "rep_simulated_note": {"en": "Share of the simulated alarms in each {c:g} km square where the first crew was on "
                                 "scene within {t:g} minutes — busy crews, part-time crews that do not roll and mutual "
                                 "aid included. Grey squares had no alarm.",
                           "sv": "Andel av de simulerade larmen i varje ruta om {c:g} km där första styrka var på "
                                 "plats inom {t:g} minuter — upptagna styrkor, deltidsstyrkor som inte rycker ut och "
                                 "samverkan ingår. Grå rutor hade inget larm."},
    "rep_h_areas_only": {"en": "Per station area", "sv": "Per stationsområde"},
    "rep_h_areas": {"en": "Per station area and per tätort", "sv": "Per stationsområde och per tätort"},
    "rep_area_sim": {"en": "Simulated, per station area: mean minutes [95 % CI] · share within {t:g} min [95 % CI]",
                     "sv": "Simulerat, per stationsområde: medeltid i minuter [95 % KI] · andel inom {t:g} min [95 % "
                           "KI]"},
    "rep_area_static": {"en": "Residents within {t:g} min with every crew fully staffed and not busy, per station "
                              "area (first crew · "
                              "smoke-diving force)",
                        "sv": "Invånare inom {t:g} min när alla styrkor är fullt bemannade och inte upptagna, per "
                              "stationsområde (första styrka · "
                              "rökdykarstyrka)"},
    "rep_place_table": {"en": "Per tätort: expected minutes with every crew fully staffed and not busy · simulated "
                              "share within {t:g} min "
                              "[95 % CI] (alarms); red: under half the alarms reached in time",
                        "sv": "Per tätort: förväntad tid i minuter när alla styrkor är fullt bemannade och inte "
                              "upptagna · simulerad andel inom "
                              "{t:g} min [95 % KI] (larm); rött: under hälften av larmen nås i tid"},
    "rep_population": {"en": "population", "sv": "folkmängd"},
    "rep_unreachable_part": {"en": "not reachable", "sv": "nås inte"},  # by road or by boat
    "rep_unreachable_place": {"en": "not reachable", "sv": "nås inte"},
    "rep_countryside": {"en": "countryside", "sv": "landsbygd"},
    "rep_h_assumptions": {"en": "Assumptions and sources", "sv": "Antaganden och källor"},
    "rep_item": {"en": "item", "sv": "del"},
    "rep_what": {"en": "what raddsim does", "sv": "vad raddsim gör"},
    "rep_source": {"en": "source / status", "sv": "källa / status"},
    "rep_h_network": {"en": "Road network and provenance", "sv": "Vägnät och ursprung"},
    "rep_file": {"en": "file", "sv": "fil"},
    "rep_label": {"en": "description", "sv": "beskrivning"},
    "rep_approximate": {"en": "approximate", "sv": "ungefärligt"},
    "rep_yes": {"en": "yes", "sv": "ja"},
    "rep_no": {"en": "no", "sv": "nej"},
    "rep_nodes_edges": {"en": "nodes / directed edges", "sv": "noder / riktade länkar"},
    "rep_snap": {"en": "distance from each station to the network (m)",
                 "sv": "avstånd från varje station till vägnätet (m)"},
    "rep_unreachable": {"en": "demand points no crew reaches by road or boat (their alarms count as not reached)",
                        "sv": "efterfrågepunkter som ingen styrka når på väg eller med båt (deras larm räknas som "
                              "inte nådda)"},
    "rep_unreachable_left": {"en": "demand points crews reach by road but cannot leave (left out)",
                             "sv": "efterfrågepunkter som styrkor når på väg men inte kan lämna (utelämnade)"},
    # page one: residents no crew reaches by road or boat (static coverage), when there are any
    "rep_residents_unreached": {
        "en": "{n} residents ({p}) live where no crew reaches by road or boat (an island with neither a ferry nor "
              "boats that can go there, e.g. in ice, or roads not joined to the stations'): every share of residents "
              "counts them as not reached, and their alarms as reached by no crew.",
        "sv": "{n} invånare ({p}) bor där ingen styrka når fram på väg eller med båt (en ö utan färja och utan båtar "
              "som kan ta sig dit, t.ex. i is, eller vägar som inte hänger ihop med stationernas): varje andel "
              "invånare räknar dem som inte nådda, och deras larm som larm ingen styrka når.",
    },
    # page one: a scenario's alarms reached by no crew (share_missing > 0), whether or not scenarios differ in it
    "rep_alarms_unreached": {
        "en": "In {s}, {p} of the alarms are reached by no crew (none can get there by road or boat, or none is "
              "free or rolls): the share within {t:g} min counts them as misses; the mean, median, 90th percentile "
              "and the yearly indicator leave them out.",
        "sv": "I scenariot {s} når ingen styrka fram till {p} av larmen (ingen kan ta sig dit på väg eller med "
              "båt, eller ingen är tillgänglig eller rycker ut): andelen inom {t:g} min räknar dem som missade; "
              "medelvärdet, medianen, 90:e percentilen och det årliga nyckeltalet räknar inte med dem.",
    },
    "rep_boundary": {"en": "municipality boundary", "sv": "kommungräns"},
    # without --boundary the maps still draw the region file's outline: say whose it is, not "none"
    "rep_outline_drawn": {"en": "none given for the map extent; the maps draw the region's outline ({s})",
                          "sv": "ingen angiven för kartans utbredning; kartorna ritar regionens kontur ({s})"},
    "rep_none": {"en": "none", "sv": "ingen"},
    "rep_off_grid": {"en": "Residents outside the map area (outside the boundary; not in the shares): {n:,.0f}",
                     "sv": "Invånare utanför kartans område (utanför gränsen; ingår inte i andelarna): {n:,.0f}"},
    # static coverage: island residents a boat reaches are in every share at their island's boat minutes
    "shares_by_boat": {"en": "The shares include {n:,.0f} island residents at their boat times (APPROXIMATE "
                             "archipelago layer)",
                       "sv": "Andelarna inkluderar {n:,.0f} öbor med sina båttider (UNGEFÄRLIGT skärgårdsunderlag)"},
    "rep_reproduce": {"en": "Reproduce with", "sv": "Återskapa med"},
    "rep_generated_by": {"en": "Generated by raddsim {v}, an open-source simulator of rescue-service readiness and "
                               "coverage.",
                         "sv": "Skapad av raddsim {v}, en simulator med öppen källkod för räddningstjänstens beredskap "
                               "och täckning."},
})


# The board paper's first page (raddsim.views.board_text): sentences generated from the numbers.
_TEXT.update(
    {
        "b_h_summary": {"en": "Summary for the board", "sv": "Sammanfattning för nämnden"},
        "b_question": {
            "en": "The question: how soon is the first crew on scene after an alarm in {region} with {scen}, "
            "and is the target met — on average within {t} minutes from the alarm to the first crew on "
            "scene?",
            "sv": "Frågan: hur snabbt är första styrka på plats efter ett larm i {region} med {scen}, och nås "
            "målet — i genomsnitt inom {t} minuter från larm till första styrka på plats?",
        },
        "b_and": {"en": " and ", "sv": " och "},
        "b_h_answer": {"en": "The answer, scenario by scenario", "sv": "Svaret, scenario för scenario"},
        "b_scenario": {
            "en": "{d}: on average the first crew is on scene {m} minutes after the alarm{mci}, {gap}. {share} of "
            "the alarms{sci} are reached within {t} minutes.",
            "sv": "{d}: i genomsnitt är första styrka på plats {m} minuter efter larmet{mci}, {gap}. {share} av "
            "larmen{sci} nås inom {t} minuter.",
        },
        "b_scenario_none": {
            "en": "{d}: no alarm was simulated, so there is no response time to set against the target of {t} "
            "minutes; run more --years.",
            "sv": "{d}: inget larm simulerades, så det finns ingen insatstid att jämföra med målet {t} minuter; "
            "kör fler --years.",
        },
        "b_scenario_unreached": {
            "en": "{d}: no crew reached any of its {n} simulated alarms, so none was within the target of {t} "
            "minutes.",
            "sv": "{d}: ingen styrka nådde något av dess {n} simulerade larm, så inget nåddes inom målet {t} "
            "minuter.",
        },
        "b_scenario_ind": {
            "en": "{d}: the yearly indicator ({stat} from alarm to first crew on scene) is {m} minutes on "
            "average{mci}, {gap}; single years range from {p5} to {p95} "
            "(5th–95th percentile), and a year meets the target with probability {p}{pci}. {share} of single "
            "alarms{sci} are reached within {t} minutes.",
            "sv": "{d}: det årliga nyckeltalet ({stat} från larm till första styrka på plats) är i "
            "genomsnitt {m} minuter{mci}, {gap}; enskilda år varierar från {p5} "
            "till {p95} (5:e–95:e percentilen), och ett år når målet med sannolikheten {p}{pci}. {share} av de "
            "enskilda larmen{sci} nås inom {t} minuter.",
        },
        "stat_mean": {"en": "mean minutes", "sv": "medeltid i minuter"},
        "stat_median": {"en": "median minutes", "sv": "mediantid i minuter"},
        "b_ind_same": {"en": "exactly the same (identical results)", "sv": "exakt detsamma (identiska resultat)"},
        "b_eff_same": {"en": "is on scene in exactly the same time", "sv": "är på plats på exakt samma tid"},
        "b_diff_ind": {
            "en": "{o} compared with {b}: the yearly indicator is {ind}; the first crew arrives {first} on "
            "average over single alarms; the effective force (what the incident type needs, e.g. 1 + 4 "
            "for smoke diving) {eff}; the share of alarms reached within {t} minutes {share}.",
            "sv": "{o} jämfört med {b}: det årliga nyckeltalet är {ind}; första styrka kommer {first} i "
            "genomsnitt över enskilda larm; full styrka (den styrka händelsetypen kräver, t.ex. 1 + 4 för "
            "rökdykning) {eff}; andelen larm som nås inom {t} minuter {share}.",
        },
        "b_ind_sooner": {"en": "between {a} and {b} minutes shorter", "sv": "mellan {a} och {b} minuter kortare"},
        "b_ind_later": {"en": "between {a} and {b} minutes longer", "sv": "mellan {a} och {b} minuter längre"},
        "b_ind_no_diff": {
            "en": "not detectably different (from {a} to {b} minutes)",
            "sv": "inte påvisbart annorlunda (från {a} till {b} minuter)",
        },
        "b_ind_note": {
            "en": "The indicator is computed as the board defines it, once per simulated year ({n} years per "
            "scenario); its interval is for the long-run average, while single years spread as shown.",
            "sv": "Nyckeltalet beräknas som kommunen definierar det, en gång per simulerat år ({n} år per "
            "scenario); intervallet gäller genomsnittet på lång sikt, medan enskilda år sprider sig som "
            "visas.",
        },
        "b_lever_ind": {
            "en": "Of {n} changes tried on {b} ({r} paired replications each), {l} shortens the yearly "
            "indicator most: {w}.",
            "sv": "Av {n} prövade förändringar av {b} ({r} parade replikeringar vardera) förkortar {l} det "
            "årliga nyckeltalet mest: {w}.",
        },
        "b_assumption_ind": {
            "en": "{p} from {lo} to {hi} moves the yearly indicator from {m1} to {m2} minutes",
            "sv": "{p} från {lo} till {hi} flyttar det årliga nyckeltalet från {m1} till {m2} minuter",
        },
        "b_over": {"en": "{g} minutes over the target of {t}", "sv": "{g} minuter över målet {t}"},
        "b_under": {"en": "{g} minutes under the target of {t}", "sv": "{g} minuter under målet {t}"},
        "b_reported": {
            "en": "The municipality reported {v} as the yearly indicator (mean minutes). {cmp}",
            "sv": "Kommunen redovisade {v} som årligt nyckeltal (medeltid i minuter). {cmp}",
        },
        "b_reported_year": {"en": "{v} ({y})", "sv": "{v} ({y})"},
        "b_rep_below": {"en": "Below every reported year: {s}.", "sv": "Under alla redovisade år: {s}."},
        "b_rep_above": {"en": "Above every reported year: {s}.", "sv": "Över alla redovisade år: {s}."},
        "b_rep_between": {
            "en": "Within the range of the reported years: {s}.",
            "sv": "Mellan de redovisade åren: {s}.",
        },
        "b_same": {
            "en": "in exactly the same time (identical results)",
            "sv": "på exakt samma tid (identiska resultat)",
        },
        "b_pp_same": {"en": "is exactly the same", "sv": "är exakt densamma"},
        "b_same_setup": {
            "en": "{o} has the same crews, staffing, stations, demand and network as {b}.",
            "sv": "{o} har samma styrkor, bemanning, stationer, efterfrågan och vägnät som {b}.",
        },
        "b_per_alarm_note": {
            "en": "These are means over all {n} simulated alarms ({y} simulated years per scenario); the "
            "interval is for the long-run mean. One year's indicator varies more than that.",
            "sv": "Detta är medelvärden över alla {n} simulerade larm ({y} simulerade år per scenario); "
            "intervallet gäller medelvärdet på lång sikt. Ett enskilt års nyckeltal varierar mer än "
            "så.",
        },
        "b_h_difference": {"en": "How much faster, compared with {b}", "sv": "Hur mycket snabbare, jämfört med {b}"},
        "b_diff_unreached": {
            "en": "{o} compared with {b}: the share of alarms no crew reaches changes from {x} to {y}, so mean times "
            "cannot be compared (the alarms not reached drop out of them); the share of alarms reached within {t} "
            "minutes {share}.",
            "sv": "{o} jämfört med {b}: andelen larm som ingen styrka når ändras från {x} till {y}, så medeltiderna "
            "kan inte jämföras (de larm som inte nås faller bort ur dem); andelen larm som nås inom {t} minuter "
            "{share}.",
        },
        "b_diff": {
            "en": "{o} compared with {b}: the first crew arrives {first} on average; the effective force (what the "
            "incident type needs, e.g. 1 + 4 for smoke diving) {eff}; the share of alarms reached within {t} "
            "minutes {share}.",
            "sv": "{o} jämfört med {b}: första styrka kommer {first} i genomsnitt; full styrka (den styrka "
                  "händelsetypen "
            "kräver, t.ex. 1 + 4 för rökdykning) {eff}; andelen larm som nås inom {t} minuter {share}.",
        },
        "b_sooner": {"en": "between {a} and {b} minutes sooner", "sv": "mellan {a} och {b} minuter tidigare"},
        "b_later": {"en": "between {a} and {b} minutes later", "sv": "mellan {a} och {b} minuter senare"},
        "b_no_diff": {
            "en": "with no detectable difference (the interval runs from {a} to {b} minutes)",
            "sv": "utan påvisbar skillnad (intervallet går från {a} till {b} minuter)",
        },
        "b_eff_sooner": {
            "en": "is between {a} and {b} minutes sooner",
            "sv": "är på plats mellan {a} och {b} minuter tidigare",
        },
        "b_eff_later": {
            "en": "is between {a} and {b} minutes later",
            "sv": "är på plats mellan {a} och {b} minuter senare",
        },
        "b_eff_no_diff": {
            "en": "shows no detectable difference (from {a} to {b} minutes)",
            "sv": "visar ingen påvisbar skillnad (från {a} till {b} minuter)",
        },
        "b_pp_up": {
            "en": "rises by between {a} and {b} percentage points",
            "sv": "ökar med mellan {a} och {b} procentenheter",
        },
        "b_pp_down": {
            "en": "falls by between {a} and {b} percentage points",
            "sv": "minskar med mellan {a} och {b} procentenheter",
        },
        "b_pp_none": {
            "en": "shows no detectable change (from {a} to {b} percentage points)",
            "sv": "visar ingen påvisbar förändring (från {a} till {b} procentenheter)",
        },
        "b_h_where": {"en": "Where the difference comes from", "sv": "Var skillnaden uppstår"},
        "b_changes": {"en": "What differs in {o}: {items}.", "sv": "Det som skiljer i {o}: {items}."},
        "b_change_staff": {"en": "{c} staffed {a} → {b}", "sv": "{c}: bemanning {a} → {b}"},
        "b_change_station": {"en": "{c} based at {b} instead of {a}", "sv": "{c} utgår från {b} i stället för {a}"},
        "b_change_turnout": {"en": "{c} turnout {a} → {b} min", "sv": "{c} anspänningstid {a} → {b} min"},
        "b_change_service": {"en": "{c} {a} → {b}", "sv": "{c} {a} → {b}"},
        "b_in_service": {"en": "in service", "sv": "i tjänst"},
        "b_out_of_service": {"en": "out of service", "sv": "ur tjänst"},
        "b_change_posterior": {
            "en": "the parameter values (one scenario runs over the calibration's accepted parameter sets, the other "
                  "at the stated values)",
            "sv": "parametervärdena (det ena scenariot körs över kalibreringens godtagna parameteruppsättningar, det "
                  "andra med de angivna värdena)",
        },
        "b_change_other": {
            "en": "other settings (demand, network or availability)",
            "sv": "andra inställningar (efterfrågan, vägnät eller tillgänglighet)",
        },
        "b_where": {
            "en": "In {o}, the difference is largest in {items}.",
            "sv": "I scenariot {o} är skillnaden störst för {items}.",
        },
        "b_where_none": {
            "en": "In {o}, no station area shows a detectable difference.",
            "sv": "I scenariot {o} visar inget stationsområde någon påvisbar skillnad.",
        },
        "b_where_unjudged": {
            "en": "In {o}, no station area's difference can be judged: each needs an interval, and an interval needs "
            "2 replications or more.",
            "sv": "I scenariot {o} kan inget stationsområdes skillnad bedömas: det kräver ett intervall, och ett "
            "intervall kräver minst 2 replikeringar.",
        },
        "b_where_area": {"en": "{a} ({items})", "sv": "{a} ({items})"},
        # The archipelago area in running text: its table label "Archipelago (by boat)" would nest brackets.
        "b_where_archipelago": {"en": "the islands reached by boat", "sv": "öarna som nås med båt"},
        "b_first_short": {"en": "first crew {w}", "sv": "första styrka {w}"},
        "b_eff_short": {"en": "effective force {w}", "sv": "full styrka {w}"},
        "b_h_sure": {"en": "How sure", "sv": "Hur säkert"},
        "b_sure": {
            "en": "Each scenario was simulated in {r} independent replication{s} of {y} year(s); intervals are 95 % "
            "confidence intervals. All scenarios ran on the same simulated alarms and crew responses (common "
            "random numbers), so their differences are measured more precisely than the figures themselves.",
            "sv": "Varje scenario simulerades i {r} oberoende replikering{s} om {y} år; intervallen är 95 % "
            "konfidensintervall. Alla scenarier kördes på samma simulerade larm och samma utfall för "
            "personalens inställelse (gemensamma slumptal), så skillnaderna mäts säkrare än själva värdena.",
        },
        "b_h_unknown": {"en": "What the model does not know", "sv": "Vad modellen inte vet"},
        "b_network_approx": {
            "en": "The road network is approximate (see the warning above): small roads are missing, so "
            "times in the countryside rest on an assumed last stretch.",
            "sv": "Vägnätet är ungefärligt (se varningen ovan): små vägar saknas, så tiderna på "
            "landsbygden vilar på en antagen sista bit.",
        },
        "b_network_ok": {"en": "The road network: {label}.", "sv": "Vägnätet: {label}."},
        "b_assumptions": {
            "en": "The uncertain assumptions with the largest effect, each moved across its plausible range "
            "for {b} ({r} paired replications each): {items}.",
            "sv": "De osäkra antagandena med störst effekt, vart och ett flyttat över sitt rimliga spann för "
            "{b} ({r} parade replikeringar vardera): {items}.",
        },
        "b_assumption": {
            "en": "{p} from {lo} to {hi} moves the mean from {m1} to {m2} minutes",
            "sv": "{p} från {lo} till {hi} flyttar medeltiden från {m1} till {m2} minuter",
        },
        "b_no_assumptions": {
            "en": "The region file names no uncertain parameters with plausible ranges, so their effect "
            "is not shown.",
            "sv": "Regionfilen anger inga osäkra parametrar med rimliga spann, så deras effekt visas inte.",
        },
        "b_h_lever": {"en": "What closes the gap most", "sv": "Vad som för oss närmast målet"},
        "b_lever": {
            "en": "Of {n} changes tried on {b} ({r} paired replications each), {l} shortens the mean most: {w}.",
            "sv": "Av {n} prövade förändringar av {b} ({r} parade replikeringar vardera) förkortar {l} medeltiden "
            "mest: {w}.",
        },
        "b_lever_undetected": {
            "en": "None of {n} changes tried on {b} ({r} paired replications each) changes the {what} "
            "detectably; the largest estimated gain: {l} ({w}).",
            "sv": "Ingen av {n} prövade förändringar av {b} ({r} parade replikeringar vardera) ändrar "
            "{what} påvisbart; störst uppskattad vinst: {l} ({w}).",
        },
        "b_what_ind": {"en": "yearly indicator", "sv": "det årliga nyckeltalet"},
        "b_what_mean": {"en": "mean time to the first crew", "sv": "medeltiden till första styrka"},
        "b_lever_closes": {
            "en": "That closes the gap of {g} minutes to the target.",
            "sv": "Det räcker för att nå målet, som i dag ligger {g} minuter bort.",
        },
        "b_lever_short": {
            "en": "That alone does not close the gap of {g} minutes to the target; the next best: {rest}.",
            "sv": "Det räcker inte ensamt för att nå målet ({g} minuter kvar); näst bäst: {rest}.",
        },
        "b_lever_short_alone": {
            "en": "That alone does not close the gap of {g} minutes to the target.",
            "sv": "Det räcker inte ensamt för att nå målet ({g} minuter kvar).",
        },
        "b_lever_met": {"en": "{b} already meets the target on average.", "sv": "{b} når redan målet i genomsnitt."},
        # The same for an indicator that is not a mean ([indicator] statistic = "p90"): {stat} "90th percentile".
        "b_lever_met_stat": {"en": "{b} already meets the target with the {stat} of the year's alarms.",
                             "sv": "{b} når redan målet med {stat} av årets larm."},
        "b_lever_none": {
            "en": "No candidate change was tried for {b}: the candidates are another staffing level of a crew and a "
            "part-time crew's turnout 1 minute faster, and it has neither.",
            "sv": "Ingen tänkbar förändring prövades för {b}: kandidaterna är en annan bemanningsnivå för en styrka "
            "och 1 minut kortare anspänningstid för en deltidsstyrka, och den har ingen av dem.",
        },
        "b_lever_level": {
            "en": "{c} at {lvl} ({new} instead of {old})",
            "sv": "{c} på {lvl} ({new} i stället för {old})",
        },
        "b_lever_turnout": {
            "en": "{c} with turnout 1 minute faster ({v} min)",
            "sv": "{c} med 1 minut kortare anspänningstid ({v} min)",
        },
        "b_lever_other": {"en": "the change {o}", "sv": "förändringen {o}"},
        "level_minimum": {"en": "minimum staffing", "sv": "miniminivå"},
        "level_ambition": {"en": "ambition staffing", "sv": "ambitionsnivå"},
        "level_other": {"en": "{l} staffing", "sv": "bemanningsnivån {l}"},
        "param_network.blue_light.scale": {
            "en": "the speed gain of emergency driving (scale)",
            "sv": "tidsvinsten vid utryckningskörning (skala)",
        },
        "param_demand.access.rural_mean_m": {
            "en": "how far rural alarms lie from the main roads (mean, m)",
            "sv": "hur långt från huvudvägarna larmen på landsbygden ligger (medel, m)",
        },
        "param_crews.*.availability.response_probability": {
            "en": "how often on-call staff respond (probability)",
            "sv": "hur ofta deltidspersonalen svarar (sannolikhet)",
        },
        "param_other": {"en": "the parameter {k}", "sv": "parametern {k}"},
    }
)


# Board paper detail sections (raddsim.views.report).
_TEXT.update({
    "rep_h_paired": {"en": "Paired differences between scenarios", "sv": "Parvisa skillnader mellan scenarierna"},
    "rep_diff_note": {"en": "Each scenario minus {b}, on the same simulated alarms (common random numbers); 95 % "
                            "confidence interval in brackets; * = the interval lies on one side of zero. Negative "
                            "minutes are faster.",
                      "sv": "Varje scenario minus {b}, på samma simulerade larm (gemensamma slumptal); 95 % "
                            "konfidensintervall inom hakparentes; * = intervallet ligger helt på ena sidan om noll. "
                            "Negativa minuter är snabbare."},
    "rep_diff_first": {"en": "first crew, mean (min)", "sv": "första styrka, medel (min)"},
    "rep_diff_share": {"en": "within {t:g} min (pp)", "sv": "inom {t:g} min (procentenheter)"},
    "rep_diff_eff": {"en": "effective force, mean (min)", "sv": "full styrka, medel (min)"},
    "rep_area_mean": {"en": "Simulated, per station area: mean minutes to the first crew [95 % CI]",
                      "sv": "Simulerat, per stationsområde: medeltid till första styrka i minuter [95 % KI]"},
    "rep_area_share": {"en": "Simulated, per station area: share of alarms within {t:g} min [95 % CI]",
                       "sv": "Simulerat, per stationsområde: andel larm inom {t:g} min [95 % KI]"},
    "rep_uncertain": {"en": "The uncertain parameters across their plausible range ({b}, {r} paired replications each)",
                      "sv": "De osäkra parametrarna över sitt rimliga spann ({b}, {r} parade replikeringar vardera)"},
    "rep_range": {"en": "plausible range", "sv": "rimligt spann"},
    "rep_mean_range": {"en": "mean minutes to the first crew at the two ends",
                       "sv": "medeltid till första styrka i minuter vid ändpunkterna"},
    "rep_approx_label": {"en": "hand-digitised main-road network, not surveyed OpenStreetMap data",
                         "sv": "handritat nät av huvudvägar, inte inmätta OpenStreetMap-data"},
    "rep_blue_light": {"en": "emergency driving (blue-light speeds) on the way to the alarm",
                       "sv": "utryckningskörning (blåljushastigheter) på väg till larmet"},
    "rep_software": {"en": "software", "sv": "programvara"},
    "wrote_file": {"en": "Wrote {f} ({mb:.1f} MB)", "sv": "Skrev {f} ({mb:.1f} MB)"},
    "wrote_pdf": {"en": "Wrote {f} ({n} pages, A4)", "sv": "Skrev {f} ({n} sidor, A4)"},
    "wrote_n": {"en": "Wrote {n} files to {d}", "sv": "Skrev {n} filer till {d}"},
})

# raddsim optimise (raddsim/views/optimise_text.py).
_TEXT.update({
    "opt_title": {"en": "raddsim optimise — {region}: objective {objective}, budget {budget:g} {unit}, base scenario "
                        "'{base}'",
                  "sv": "raddsim optimise — {region}: mål {objective}, budget {budget:g} {unit}, basscenario ”{base}”"},
    "opt_objective_coverage": {"en": "coverage", "sv": "täckning (andel larm inom målet)"},
    "opt_objective_time": {"en": "time", "sv": "tid (medeltid till första styrka)"},
    "opt_objective_effective": {"en": "effective", "sv": "full styrka (medeltid till rökdykarstyrka)"},
    "opt_fewer_sets": {
        "en": "Only {n} distinct option set(s) fit the budget and the limits (--top asked for {top}): every one is "
              "a finalist.",
        "sv": "Bara {n} olika kombinationer av åtgärder ryms i budgeten och begränsningarna (--top bad om {top}): "
              "alla är finalister."},
    "opt_screening": {
        "en": "Screening: {n} option set(s) from the integer program in {s:.2f} s ({p} merged alarm sets, {how}); "
              "screening score = {score} with busy crews (base {base:.4f}).",
        "sv": "Sållning: {n} kombinationer av åtgärder från heltalsprogrammet på {s:.2f} s ({p} sammanslagna "
              "larmmängder, {how}); sållningsvärde = {score} med upptagna styrkor (bas {base:.4f})."},
    # The screening model's assumptions, printed under its line: its score only ranks (probe_opt8 #27).
    "opt_screening_assumptions": {
        "en": "  The screening score only ranks the option sets: each crew available independently of the others "
              "(its availability from a short simulation of the base), part-time turnout at its mean, no queues and "
              "no crews combining on scene; it is not an estimate for the board and has no interval. Read the "
              "simulated columns.",
        "sv": "  Sållningsvärdet rangordnar bara kombinationerna: varje styrkas tillgänglighet oberoende av de andras "
              "(från en kort simulering av basen), deltidens anspänningstid vid sitt medelvärde, inga köer och inga "
              "styrkor som samverkar på platsen; det är ingen skattning för nämnden och har inget intervall. Läs de "
              "simulerade kolumnerna."},
    "opt_exact": {"en": "exact", "sv": "exakt"},
    "opt_tangent": {"en": "tangent grid", "sv": "tangentrutnät"},
    "opt_score_share": {"en": "expected share within target", "sv": "förväntad andel inom målet"},
    "opt_score_minutes": {"en": "expected minutes", "sv": "förväntade minuter"},
    "opt_simulation": {"en": "Simulation: {n} scenario-years, common random numbers; {status} at {c} confidence.",
                       "sv": "Simulering: {n} scenarioår, gemensamma slumptal; {status} med {c} konfidens."},
    "opt_status_best": {"en": "best", "sv": "bästa utpekad"},
    "opt_status_tied": {"en": "tied", "sv": "oavgjort"},
    "opt_status_single": {"en": "single", "sv": "ett enda alternativ"},
    # One finalist: nothing was selected, so no "at 95 % confidence" (probe_opt8 #4).
    "opt_simulation_single": {"en": "Simulation: {n} scenario-years, common random numbers; one finalist: nothing to "
                                    "select among.",
                              "sv": "Simulering: {n} scenarioår, gemensamma slumptal; en enda finalist: inget att "
                                    "välja mellan."},
    # Every finalist merged into one (identical in every replication): one distinct finalist, nothing selected.
    "opt_simulation_single_merged": {
        "en": "Simulation: {n} scenario-years, common random numbers; one distinct finalist (the others identical to "
              "it): nothing to select among.",
        "sv": "Simulering: {n} scenarioår, gemensamma slumptal; en enda finalist med eget utfall (de andra identiska "
              "med den): inget att välja mellan."},
    # Finalists identical to an earlier one in every replication of the first stage: merged, not simulated on.
    "opt_merged": {
        "en": "Identical finalists: {which} gave the same figures in each of the first {n} replications (common random "
              "numbers make equal set-ups exactly equal), so nothing can separate them; each was merged into the one "
              "it equals (the cheaper or higher-ranked by the screening) and simulated no further.",
        "sv": "Identiska finalister: {which} gav samma värden i var och en av de första {n} replikeringarna "
              "(gemensamma slumptal gör lika upplägg exakt lika), så inget kan skilja dem åt; var och en slogs ihop "
              "med den den är lik (den billigare eller högre rankade i sållningen) och simulerades inte vidare."},
    "opt_merged_pair": {"en": "{name} (as {into})", "sv": "{name} (som {into})"},
    # --objective effective on means over different alarms: the selection decided on the share within target.
    "opt_decided_share": {
        "en": "Decided on the effective force within target, not its mean minutes: the finalists' force never "
              "assembles at different alarms, so their means are over different alarms; in the share such an alarm "
              "counts as a miss.",
        "sv": "Avgjort på full styrka inom målet, inte dess medeltid: finalisternas styrka samlas aldrig vid olika "
              "larm, så medelvärdena gäller olika larm; i andelen räknas ett sådant larm som missat."},
    "opt_cost": {"en": "cost", "sv": "kostnad"},
    "opt_screen": {"en": "screen", "sv": "sållning"},
    "opt_within": {"en": "within target % [95% CI]", "sv": "inom målet % [95 % KI]"},
    "opt_first": {"en": "first crew min", "sv": "första styrka min"},
    "opt_effective": {"en": "effective force min", "sv": "full styrka min"},
    "opt_eff_within": {"en": "eff. force within % [95% CI]", "sv": "full styrka inom % [95 % KI]"},
    "opt_vs_base_eff_share": {"en": ", effective force within target {share} pp",
                              "sv": ", full styrka inom målet {share} procentenheter"},
    "opt_verdict": {"en": "verdict", "sv": "utlåtande"},
    "opt_as_today": {"en": "as today", "sv": "som i dag"},
    "opt_vs_base": {
        "en": "    vs base: within target {share} pp, first crew {first} min, effective force {effective} min",
        "sv": "    mot basen: inom målet {share} procentenheter, första styrka {first} min, full styrka "
              "{effective} min"},
    # Each vs-base difference is paired over the finalist's own replications, the base row over all of them.
    "opt_paired_note": {
        "en": "The vs-base differences are paired over each finalist's own replications ({which}); the base row is "
              "over {n}, so the difference of two rows' means can differ from the paired difference.",
        "sv": "Skillnaderna mot basen är parvisa över varje finalists egna replikeringar ({which}); basraden bygger på "
              "{n}, så skillnaden mellan två raders medelvärden kan avvika från den parvisa skillnaden."},
    # A time mean over other alarms than the base's (compare's †): the footnotes under the vs-base lines.
    "opt_not_comparable_first": {
        "en": "† first crew: the share of alarms no crew reaches differs from the base's (in some replications at "
              "least), so the two means are over different alarms; read the share within target instead (an alarm "
              "not reached counts as a miss).",
        "sv": "† första styrka: andelen larm som ingen styrka når skiljer sig från basens (åtminstone i några "
              "replikeringar), så de två medelvärdena gäller olika larm; läs i stället andelen inom målet (ett larm "
              "som inte nås räknas som missat)."},
    "opt_not_comparable_eff": {
        "en": "† effective force: the share of alarms whose force never assembles differs from the base's (in some "
              "replications at least), so the two means are over different alarms; raddsim compare shows the "
              "effective force within target, where a force that never assembles counts as a miss.",
        "sv": "† full styrka: andelen larm där styrkan aldrig samlas skiljer sig från basens (åtminstone i några "
              "replikeringar), så de två medelvärdena gäller olika larm; raddsim compare visar full styrka inom "
              "målet, där en styrka som aldrig samlas räknas som missad."},
    # The conclusion: the selected finalist(s) against the base on the deciding figure, in plain words.
    "opt_concl_best": {"en": "Conclusion: {name} is the best finalist with {c} confidence.",
                       "sv": "Slutsats: {name} är den bästa finalisten med {c} konfidens."},
    "opt_concl_tied": {"en": "Conclusion: {names} are tied: the simulation did not separate them.",
                       "sv": "Slutsats: {names} delar bästa plats: simuleringen skilde dem inte åt."},
    "opt_concl_single": {"en": "Conclusion: {name} is the only finalist: it was not selected among others.",
                         "sv": "Slutsats: {name} är den enda finalisten: den är inte vald bland andra."},
    "opt_concl_single_merged": {"en": "Conclusion: {name} is the only distinct finalist: the others are identical to "
                                      "it in every replication.",
                                "sv": "Slutsats: {name} är den enda finalisten med eget utfall: de andra är "
                                      "identiska med den i varje replikering."},
    "opt_concl_row": {"en": "  {name} against the base, {figure}: {diff} {unit} (paired, 95% CI): {what}.",
                      "sv": "  {name} mot basen, {figure}: {diff} {unit} (parvis, 95 % KI): {what}."},
    "opt_concl_gain": {"en": "better than today", "sv": "bättre än i dag"},
    "opt_concl_worse": {"en": "worse than today; it does not beat the base",
                        "sv": "sämre än i dag; den slår inte basen"},
    "opt_concl_none": {"en": "no difference from today that the simulation can show (the interval holds 0)",
                       "sv": "ingen skillnad mot i dag som simuleringen kan visa (intervallet innehåller 0)"},
    "opt_concl_as_today": {"en": "  {name} changes nothing: it is today's set-up (cost 0).",
                           "sv": "  {name} ändrar ingenting: det är dagens upplägg (kostnad 0)."},
    "opt_unit_pp": {"en": "pp", "sv": "procentenheter"},
    # The cost/benefit figure (front.png).
    "opt_front_left": {"en": "screening: best option set per budget", "sv": "sållning: bästa åtgärder per budget"},
    "opt_front_cost": {"en": "cost ({unit})", "sv": "kostnad ({unit})"},
    "opt_front_score": {"en": "screening score ({unit}, busy crews)",
                        "sv": "sållningsvärde ({unit})"},
    "opt_front_score_share": {"en": "expected % within target", "sv": "förväntad % inom målet, upptagna styrkor"},
    "opt_front_score_minutes": {"en": "expected minutes", "sv": "förväntade minuter, upptagna styrkor"},
    "opt_front_right": {"en": "simulation: finalists against the base (green: best, blue: tied)",
                        "sv": "simulering: finalister mot basen (grönt: bäst, blått: delad etta)"},
    "opt_front_figure": {"en": "{label}, simulated, 95% CI", "sv": "{label}, simulerat, 95 % KI"},
    "opt_fig_share_within_target": {"en": "first crew within target (%)", "sv": "första styrka inom målet (%)"},
    "opt_fig_first_arrival_mean": {"en": "mean time to first crew (min)", "sv": "medeltid till första styrka (min)"},
    "opt_fig_effective_force_mean": {"en": "mean time to effective force (min)",
                                     "sv": "medeltid till full styrka (min)"},
    "opt_fig_effective_share_within_target": {"en": "effective force within target (%)",
                                              "sv": "full styrka inom målet (%)"},
    "opt_front_title": {"en": "{region}: cost and benefit, objective {objective}, budget {budget:g}",
                        "sv": "{region}: kostnad och nytta, mål {objective}, budget {budget:g}"},
})


#: "95 %" in a Swedish text: the space before the percent sign, made one that never breaks a line (map panels wrap).
_SPACE_BEFORE_PERCENT = re.compile(r"(\d) %")


# audit8: the report's date, CIs of the assumption ranges, the boundary GIS layer, the islands' legend entry.
_TEXT.update({
    "rep_months": {"en": "January, February, March, April, May, June, July, August, September, October, November, "
                         "December",
                   "sv": "januari, februari, mars, april, maj, juni, juli, augusti, september, oktober, november, "
                         "december"},
    "rep_date_format": {"en": "{d} {m} {y}", "sv": "{d} {m} {y}"},
    "rep_dated": {"en": "Date: {d}", "sv": "Datum: {d}"},
    "gis_geojson_xy": {"en": "The x, y attributes are not these coordinates: they stay in {crs}, metres.",
                       "sv": "Attributen x, y är inte dessa koordinater: de är kvar i {crs}, meter."},
    "gis_boundary": {
        "en": "Municipal boundary the maps draw (the same for every scenario): kind = municipality (the "
        "region's outline, the whole municipality with its sea; the maps' dash-dotted municipal boundary) or "
        "boundary_file (the --boundary polygon, the maps' extent; a solid line); source, file, sha256 = where it "
        "comes from (file name and its SHA-256); area_km2 = its area in km², measured in {crs}. Sources: {s}.",
        "sv": "Kommungränsen som kartorna ritar (densamma för alla scenarier): kind = municipality "
        "(regionens kontur, hela kommunen med dess hav; kartornas streckprickade kommungräns) eller boundary_file "
        "(polygonen från --boundary, kartornas utbredning; en heldragen linje); source, file, sha256 = varifrån "
        "den kommer (filnamn och dess SHA-256); area_km2 = dess yta i km², mätt i {crs}. Källor: {s}.",
    },
    "map_island_legend": {"en": "Island without road, reached by boat\n(filled in the map's classes)",
                          "sv": "Ö utan väg, nås med båt\n(färg enligt kartans klasser)"},
    "b_assumption_ci": {
        "en": "{p} from {lo} to {hi} moves the mean from {m1}{c1} to {m2}{c2} minutes: {w}",
        "sv": "{p} från {lo} till {hi} flyttar medeltiden från {m1}{c1} till {m2}{c2} minuter: {w}",
    },
    "b_assumption_ind_ci": {
        "en": "{p} from {lo} to {hi} moves the yearly indicator from {m1}{c1} to {m2}{c2} minutes: {w}",
        "sv": "{p} från {lo} till {hi} flyttar det årliga nyckeltalet från {m1}{c1} till {m2}{c2} minuter: {w}",
    },
    "b_end_sooner": {"en": "the high end is between {a} and {b} minutes sooner (paired)",
                     "sv": "vid den övre änden blir det mellan {a} och {b} minuter kortare (parvis jämförelse)"},
    "b_end_later": {"en": "the high end is between {a} and {b} minutes later (paired)",
                    "sv": "vid den övre änden blir det mellan {a} och {b} minuter längre (parvis jämförelse)"},
    "b_end_no_diff": {
        "en": "no detectable difference between the ends (the paired interval runs from {a} to {b} minutes)",
        "sv": "ingen påvisbar skillnad mellan ändarna (det parade intervallet går från {a} till {b} minuter)",
    },
    "b_end_same": {"en": "both ends give identical results", "sv": "båda ändarna ger identiska resultat"},
    "rep_mean_range_ci": {"en": "mean minutes at the low → high end [95 % CI]",
                          "sv": "medeltid i minuter vid nedre → övre änden [95 % KI]"},
    "rep_change_ends": {"en": "paired change, high − low end, minutes [95 % CI]",
                        "sv": "parad förändring, övre − nedre änden, minuter [95 % KI]"},
    "rep_reproduce_date": {
        "en": "The same command with the same seed gives the same figures. The paper is dated the day it is made; "
        "with SOURCE_DATE_EPOCH set (seconds since 1970, the reproducible-builds convention) it carries that date "
        "instead, and the same command makes the same file to the byte.",
        "sv": "Samma kommando med samma slumpfrö ger samma siffror. Rapporten dateras den dag den skapas; med "
        "SOURCE_DATE_EPOCH satt (sekunder sedan 1970, konventionen för reproducerbara byggen) får den det datumet "
        "i stället, och samma kommando ger samma fil byte för byte.",
    },
})


# audit9: a newcomer's first hour (the map command's grid, said in words).
_TEXT.update({
    "map_grid_squares": {"en": "{n} squares of {c:g} m", "sv": "{n} rutor om {c:g} × {c:g} m"},
})


# --- regions16 ---
_TEXT.update({
    # Two lines: on one, a target off the 5-minute edges (6.4, 8) ran past the figure's right edge.
    "map_legend_target": {"en": "within the target of {t:g} min:\nthe two blue-green classes",
                          "sv": "inom målet {t:g} min:\nde två blågröna klasserna"},
})


# --- lead: replications of part of a year ---
_TEXT.update({
    "part_year": {
        "en": "Note: each replication covers {d:g} days from the start of the region's calendar ([demand.time] "
              "start, 1 January unless set), not whole years: where alarm rates, summer residents or crews' summer "
              "absence vary by season, the figures describe those days of the year, not a year.",
        "sv": "Obs: varje replikering omfattar {d:g} dagar från början av regionens kalender ([demand.time] start, "
              "1 januari om inget annat anges), inte hela år: där larmfrekvens, sommarboende eller styrkornas "
              "sommarfrånvaro varierar över året beskriver siffrorna de dagarna, inte ett år.",
    },
})


# --- stats17 ---
_TEXT.update({
    "abc_head": {
        "en": "Joint calibration of '{s}' by ABC rejection against the reported indicator ({obs} min; mean {m:.2f}, "
              "tolerance ±{tol:.2f} min)",
        "sv": "Gemensam kalibrering av '{s}' med ABC-förkastning mot det redovisade nyckeltalet ({obs} min; medel "
              "{m:.2f}, tolerans ±{tol:.2f} min)",
    },
    "abc_sets": {
        "en": "{n} parameter sets from the ranges (Latin hypercube) × {r} simulated years; {a} of {p} "
              "pseudo-observations accepted, from {k} {sets}. One simulated year's indicator over all sets: "
              "{lo:.2f}–{hi:.2f} min (5–95 %).",
        "sv": "{n} parameteruppsättningar ur intervallen (latinsk hyperkub) × {r} simulerade år; {a} av {p} "
              "pseudoobservationer accepterade, från {k} {sets}. Ett simulerat års nyckeltal över alla "
              "uppsättningar: {lo:.2f}–{hi:.2f} min (5–95 %).",
    },
    # {sets} in abc_sets: one accepted set, or several ("from 1 sets", probe_opt8 #23).
    "abc_word_set": {"en": "set", "sv": "uppsättning"},
    "abc_word_sets": {"en": "sets", "sv": "uppsättningar"},
    "abc_no_fit": {
        "en": "No parameter set reproduces the reported indicator within the tolerance: the model, with these ranges, "
              "does not fit the data.",
        "sv": "Ingen parameteruppsättning återger det redovisade nyckeltalet inom toleransen: modellen, med dessa "
              "intervall, passar inte data.",
    },
    "abc_too_few_sets": {
        "en": "No parameter set reproduces the reported indicator within the tolerance, but the reported years lie "
              "inside the simulated spread: with {n} sets this may be chance, too few sets to tell whether the model "
              "fits. Fix: raise --sets (e.g. 300).",
        "sv": "Ingen parameteruppsättning återger det redovisade nyckeltalet inom toleransen, men de redovisade åren "
              "ligger inom den simulerade spridningen: med {n} uppsättningar kan det vara slumpen, för få för att "
              "avgöra om modellen passar. Åtgärd: höj --sets (t.ex. 300).",
    },
    "abc_col_parameter": {"en": "parameter", "sv": "parameter"},
    "abc_col_prior": {"en": "prior range", "sv": "a priori-intervall"},
    "abc_col_posterior": {"en": "posterior median [5–95 %]", "sv": "aposteriorimedian [5–95 %]"},
    "abc_col_ratio": {"en": "sd ratio", "sv": "sd-kvot"},
    "abc_col_verdict": {"en": "constrained by the data?", "sv": "begränsad av data?"},
    "abc_yes": {"en": "yes", "sv": "ja"},
    "abc_hardly": {"en": "hardly (posterior ≈ prior)", "sv": "knappast (aposteriori ≈ a priori)"},
    "abc_too_few": {"en": "too few accepted sets to say", "sv": "för få accepterade uppsättningar för att avgöra"},
    # The set written as the calibrated scenario, its simulated years against the reported ones (probe_opt8 #20).
    "abc_best_set": {
        "en": "The calibrated scenario is set {set} (the most accepted pseudo-observations): its {r} simulated years "
              "average {m} min (years {lo}–{hi} min), against the reported {obs} min (mean {rm}).",
        "sv": "Det kalibrerade scenariot är uppsättning {set} (flest accepterade pseudoobservationer): dess {r} "
              "simulerade år har medel {m} min (åren {lo}–{hi} min), mot de redovisade {obs} min (medel {rm}).",
    },
    "cal_wrote": {"en": "Wrote {out}: use it with --scenarios-file {out} --scenario {name}",
                  "sv": "Skrev {out}: använd den med --scenarios-file {out} --scenario {name}"},
    "cal_wrote_sets": {"en": "Wrote the {n} accepted sets to {out}: a scenario runs over them with "
                             "posterior = \"{file}\"",
                       "sv": "Skrev de {n} accepterade uppsättningarna till {out}: ett scenario körs över dem med "
                             "posterior = \"{file}\""},
    "cal_resuming": {"en": "Resuming from {dir}: {n} simulated years already there.",
                     "sv": "Fortsätter från {dir}: {n} simulerade år finns redan där."},
    "abc_mcse_head": {
        "en": "Posterior means ± Monte Carlo standard error [95 % interval] (se = weighted posterior sd / "
              "sqrt(effective accepted sets, {n:.1f}); it shrinks with more --sets, the posterior spread does not):",
        "sv": "Aposteriorimedelvärden ± Monte Carlo-medelfel [95 % intervall] (medelfel = viktad aposteriori-sd / "
              "sqrt(effektivt antal accepterade uppsättningar, {n:.1f}); det minskar med fler --sets, "
              "aposterioris spridning gör det inte):",
    },
    "abc_mcse_row": {"en": "  {name}: {m:.4g} ± {se:.2g} [{lo:.4g}, {hi:.4g}]",
                     "sv": "  {name}: {m:.4g} ± {se:.2g} [{lo:.4g} till {hi:.4g}]"},
    "abc_mcse_none": {"en": "  {name}: {m:.4g} (one accepted set: no Monte Carlo error to give)",
                      "sv": "  {name}: {m:.4g} (en accepterad uppsättning: inget Monte Carlo-fel att ange)"},
})


def t(key: str, lang: str = "en", **fmt: object) -> str:
    """The text for ``key`` in ``lang`` (falls back to English).

    Worded neutrally about the force for a region without smoke diving, and naming the region's own coverage force
    where it names one (:func:`raddsim.views.service_words.use_region`).
    """
    force = force_name(lang)
    if force is not None and key in _NAMED_FORCE:
        entry = _NAMED_FORCE[key]
        fmt = {"force": force, **fmt}
    else:
        entry = _TEXT[key] if smoke_diving_words() else _NO_SMOKE_DIVING.get(key, _TEXT[key])
    text = entry.get(lang, entry["en"])
    if lang == "sv":
        fmt = {k: _SwedishNumber(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v for k,
               v in fmt.items()}
        text = _SPACE_BEFORE_PERCENT.sub("\\1\u00a0%", text)
    return in_service_words(text, lang).format(**fmt)


#: English words for a region outside Sweden, where "tätort" (an urban area as Statistics Sweden delimits it) is not
#: the planner's word: the places file's places. Swedish text keeps "tätort" everywhere.
_OUTSIDE_SWEDEN = {
    "tatorter": "places",
    "place": "place",
    "map_tatort": "Place (urban area)",
    "rep_h_areas": "Per station area and per place",
    "staffing_states": "Staffing over the year (availability process): share of time at ambition / at minimum / "
                       "below minimum but able to roll / unavailable",
    "smoke_cov": "Share of time a smoke-diving force (1+4) can reach the place within 10 / 20 min",
    "rep_place_table": "Per place: expected minutes with every crew fully staffed and not busy · simulated share "
                       "within {t:g} min [95 % CI] "
                       "(alarms); red: under half the alarms reached in time",
}


def t_region(key: str, lang: str, sweden: bool, **fmt: object) -> str:
    """:func:`t` for text that names a region's places: "tätort" in Sweden (and in Swedish), "place" elsewhere.

    Parameters
    ----------
    key : str
        The text's key.
    lang : str
        "en" or "sv".
    sweden : bool
        Whether the region lies in Sweden (its network's metric CRS is SWEREF 99 TM).
    **fmt
        Values for the text's placeholders.

    Returns
    -------
    str
        The text.
    """
    if lang == "en" and not sweden and key in _OUTSIDE_SWEDEN:
        force = force_name(lang)
        if force is not None and key in _NAMED_FORCE_OUTSIDE_SWEDEN:
            return in_service_words(_NAMED_FORCE_OUTSIDE_SWEDEN[key], lang).format(**{"force": force, **fmt})
        return in_service_words(_OUTSIDE_SWEDEN[key], lang).format(**fmt)
    return t(key, lang, **fmt)


class _SwedishNumber:
    """A number that formats itself the Swedish way (decimal comma, thin-space thousands) under any format spec."""

    def __init__(self, value: float) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        from raddsim.views.numbers import swedish

        return swedish(format(self.value, spec))

    def __str__(self) -> str:
        return self.__format__("")


def area_label(name: str, lang: str = "en") -> str:
    """A station area's name for people: the archipelago area (islands reached by boat) is translated."""
    return t("area_archipelago", lang) if name == "Archipelago" else name


def has(key: str) -> bool:
    """Whether ``key`` is in the catalogue."""
    return key in _TEXT


def catalogue() -> dict[str, dict[str, str]]:
    """A copy of the whole catalogue (key → language → text), e.g. for tests of leaks between languages."""
    return {k: dict(v) for k, v in _TEXT.items()}


# --- lead: the bisect calibration's report (raddsim calibrate --method bisect --lang sv) ---
_TEXT.update({
    "cal_head": {
        "en": "Calibrating scenario '{s}' to the reported indicator: {obs} (target mean {m} min)",
        "sv": "Kalibrerar scenariot '{s}' mot det redovisade nyckeltalet: {obs} (målmedel {m} min)",
    },
    "cal_before": {"en": "before: {m} min, 95% CI {ci}", "sv": "före: {m} min, 95 % KI {ci}"},
    # The reported mean inside the model's interval before any fit: the fit is not called for by the data (#21).
    "cal_before_in": {
        "en": "  the reported mean {m} min is already inside this interval: at this precision the data do not call "
              "for a change, and the fitted value below is only one of many consistent with them (the default "
              "--method abc shows their spread)",
        "sv": "  det redovisade medelvärdet {m} min ligger redan inom detta intervall: med denna precision kräver data "
              "ingen ändring, och det anpassade värdet nedan är bara ett av många som stämmer med dem (standardmetoden "
              "--method abc visar deras spridning)",
    },
    "cal_na": {"en": "n/a", "sv": "saknas"},
    "cal_param_within": {
        "en": "  {name} = {v}   (within the plausible range {lo}–{hi}; {src})",
        "sv": "  {name} = {v}   (inom det rimliga intervallet {lo}–{hi}; {src})",
    },
    "cal_param_outside": {
        "en": "  {name} = {v}   (OUTSIDE the plausible range {lo}–{hi}; {src})",
        "sv": "  {name} = {v}   (UTANFÖR det rimliga intervallet {lo}–{hi}; {src})",
    },
    "cal_param_unused": {"en": "  {name}: not used — {why}", "sv": "  {name}: används inte — {why}"},
    "cal_bracket": {"en": "    bisection bracket {lo}–{hi} (numerical, under this run's random numbers){at}",
                    "sv": "    bisektionens slutintervall {lo}–{hi} (numeriskt, med denna körnings slumptal){at}"},
    "cal_at_value": {"en": "; simulated mean at the value {m} min, 95% CI {ci}",
                     "sv": "; simulerat medel vid värdet {m} min, 95 % KI {ci}"},
    "cal_no_value_ci": {
        "en": "    no 95% CI of the value itself: bisection under one set of random numbers does not measure how far "
              "another seed moves it (--method abc shows the spread of values the reported years allow)",
        "sv": "    inget 95 % KI för själva värdet: bisektion med en uppsättning slumptal mäter inte hur långt ett "
              "annat slumpfrö flyttar det (--method abc visar spridningen av värden som de redovisade åren tillåter)"},
    "cal_after_in": {"en": "after: {m} min, 95% CI {ci}; target inside the CI",
                     "sv": "efter: {m} min, 95 % KI {ci}; målet inom KI"},
    "cal_after_out": {"en": "after: {m} min, 95% CI {ci}; target OUTSIDE the CI",
                      "sv": "efter: {m} min, 95 % KI {ci}; målet UTANFÖR KI"},
    "cal_inside": {"en": "inside", "sv": "inom"},
    "cal_outside": {"en": "outside", "sv": "utanför"},
    "cal_single_year": {"en": "one simulated year's mean varies over {ci} (95%): {years}",
                        "sv": "ett simulerat års medelvärde varierar inom {ci} (95 %): {years}"},
    "cal_why_no_effect": {
        "en": "it has no effect in this scenario (simulated {lo} min at both ends of its range): the model does not "
              "use it here (e.g. a blue-light factor with blue light off)",
        "sv": "den påverkar inte detta scenario (simulerat {lo} min i båda ändarna av intervallet): modellen använder "
              "den inte här (t.ex. en faktor för blåljuskörning när blåljus inte används)",
    },
    "cal_why_cannot_reach": {"en": "its range cannot reach {target} min (simulated {lo}–{hi} min)",
                             "sv": "dess intervall kan inte nå {target} min (simulerat {lo}–{hi} min)"},
    "cal_why_not_needed": {"en": "not needed: the target was reached with the parameters above",
                           "sv": "behövs inte: målet nåddes med parametrarna ovan"},
    "cal_no_reach": {
        "en": "No parameter could reach the target within its range: the model does not reproduce the indicator.",
        "sv": "Ingen parameter kunde nå målet inom sitt intervall: modellen återger inte nyckeltalet.",
    },
})


# --- newcomer19 ---
_TEXT.update({
    # An ambulance service (service = "ems", e.g. a JEMSS import) has no incident commander: the clause is left out.
    "ind_title_ems": {
        "en": "The board's yearly indicator — {name} ({stat} of the year's alarms; types: {types}); {sy}",
        "sv": "Kommunens årliga nyckeltal — {name} ({stat} av årets larm; typer: {types}); {sy}",
    },
    # The board paper's sentence when the share of alarms no crew reaches differs too little to show (board_text).
    "b_diff_unreached_alike": {
        "en": "{o} compared with {b}: the share of alarms no crew reaches is {x} in both, rounded, but differs in some "
        "replications, so mean times cannot be compared (the alarms not reached drop out of them); "
        "the share of alarms reached within {t} minutes {share}.",
        "sv": "{o} jämfört med {b}: andelen larm som ingen styrka når är {x} i båda, avrundat, men skiljer sig i "
        "några replikeringar, så medeltiderna kan inte jämföras (de larm som inte nås faller bort ur dem); andelen "
        "larm som nås inom {t} minuter {share}.",
    },
})

# --- newcomer20 ---
_TEXT.update({
    # raddsim compare A B C: the stars are per interval, not corrected for several comparisons (a researcher asks).
    "cmp_several_note": {
        "en": "* = the interval as printed lies on one side of 0. Each interval is 95% on its own, not corrected for "
        "the {k} comparisons with {b} (nor for their figures and station areas), so among many intervals some "
        "stars come by chance; for one statement about m of them at once, each needs confidence 1 − 0.05/m "
        "(Bonferroni).",
        "sv": "* = intervallet, som det skrivs, ligger på ena sidan om 0. Varje intervall är 95 % för sig, inte "
        "korrigerat för de {k} jämförelserna med {b} (eller deras mått och stationsområden), så bland många "
        "intervall kommer några stjärnor av slumpen; för ett påstående om m av dem på en gång krävs "
        "konfidensgraden 1 − 0,05/m för vart och ett (Bonferroni).",
    },
    # Under English output of a region in Sweden, which keeps the Swedish words of crew names and table heads.
    "swedish_terms_note": {
        "en": "Swedish words: {terms} (README: \"Words used here\").",
        "sv": "Svenska ord: {terms}.",
    },
    # Its parts: only the words the output shows are glossed (a two-crew region of one's own shows no insatsledare).
    "swedish_term_heltid": {
        "en": "heltid / deltid = a full-time crew on station / a part-time crew paged at home or work",
        "sv": "heltid / deltid = heltidsstyrka på stationen / deltidsstyrka som larmas hemma eller på jobbet",
    },
    "swedish_term_insatsledare": {"en": "insatsledare = incident commander", "sv": "insatsledare"},
    "swedish_term_ur_beredskap": {
        "en": "ur beredskap = too few to roll, so it reports itself unavailable and is not alerted",
        "sv": "ur beredskap = för få för att rycka ut, anmäler sig och larmas inte",
    },
    "swedish_term_tatort": {"en": "tätort = an urban area as Statistics Sweden delimits it", "sv": "tätort enligt SCB"},
})

# --- lead20 ---
_TEXT.update({
    # The board paper's differences heading when the other scenarios are slower, or some faster and some slower.
    "b_h_difference_slower": {"en": "How much slower, compared with {b}",
                              "sv": "Hur mycket långsammare, jämfört med {b}"},
    "b_h_difference_mixed": {"en": "How the times change, compared with {b}",
                             "sv": "Hur tiderna ändras, jämfört med {b}"},
})

# --- lead22 ---
_TEXT.update({
    # A percentile as the yearly indicator's statistic ([indicator] statistic = "p90"): the console's title and
    # the board's sentence, beside "mean" / "mean minutes".
    "ind_stat_percentile": {"en": "{q} percentile", "sv": "{q} percentilen"},
    "stat_percentile": {"en": "{q} percentile of the minutes", "sv": "{q} percentilen av minuterna"},
})

# --- force22 ---
#: The texts that name a smoke-diving force (1+4, rökdykning) as the example of an effective force, worded for a
#: region whose incident catalog has no ``smoke_diving`` capability (a US region planning to NFPA 1710): its effective
#: force is what each incident type's ``force`` needs, and no static force map is drawn (coverage.static's
#: force_requirement is None), so those texts speak of the first crew only. :func:`t` picks these after
#: ``use_region``. "smoke_cov" is not here: that share is only computed for a smoke_diving capability (and t_region's
#: _OUTSIDE_SWEDEN holds none of these keys).
_NO_SMOKE_DIVING: dict[str, dict[str, str]] = {
    "effective_title": {"en": "Alarm to effective force on scene (what the incident type needs)",
                        "sv": "Tid från larm till full styrka på plats (den styrka händelsetypen kräver)"},
    "b_diff_ind": {
        "en": "{o} compared with {b}: the yearly indicator is {ind}; the first crew arrives {first} on average over "
        "single alarms; the effective force (what the incident type needs) {eff}; the share of alarms reached within "
        "{t} minutes {share}.",
        "sv": "{o} jämfört med {b}: det årliga nyckeltalet är {ind}; första styrka kommer {first} i genomsnitt över "
        "enskilda larm; full styrka (den styrka händelsetypen kräver) {eff}; andelen larm som nås inom {t} minuter "
        "{share}.",
    },
    "b_diff": {
        "en": "{o} compared with {b}: the first crew arrives {first} on average; the effective force (what the "
        "incident type needs) {eff}; the share of alarms reached within {t} minutes {share}.",
        "sv": "{o} jämfört med {b}: första styrka kommer {first} i genomsnitt; full styrka (den styrka händelsetypen "
        "kräver) {eff}; andelen larm som nås inom {t} minuter {share}.",
    },
    "rep_coverage_note": {
        "en": "Expected time from the alarm to the first crew for every {c:g} m square with every crew fully staffed "
              "and not busy — the best "
        "case. The simulated chance in the section after next adds busy crews and part-time crews that do not roll.",
        "sv": "Förväntad tid från larm till första styrka för varje ruta om {c:g} m när alla styrkor är fullt "
              "bemannade och inte upptagna — "
        "bästa fallet. Den simulerade sannolikheten längre fram tar med upptagna styrkor och deltidsstyrkor som inte "
        "rycker ut.",
    },
    "rep_difference_note": {
        "en": "Minutes gained (blue) or lost (red) by the first crew compared with {b}, every crew available: "
              "station and "
        "turnout changes show here, staffing levels in the simulated effective force."
        " Differences in staffing availability (absence, part-time crews not rolling) show only on the simulated map.",
        "sv": "Vunna (blått) eller förlorade (rött) minuter för första styrka jämfört med {b}, alla styrkor "
              "tillgängliga: "
        "ändrade stationer och anspänningstider syns här, ändrad bemanning i den simulerade styrkan."
        " Skillnader som beror på bemanningens tillgänglighet (frånvaro, uteblivna svar) syns bara i den simulerade "
        "kartan.",
    },
    "rep_area_static": {
        "en": "Residents within {t:g} min with every crew fully staffed and not busy, per station area (first crew)",
        "sv": "Invånare inom {t:g} min när alla styrkor är fullt bemannade och inte upptagna, per stationsområde "
              "(första styrka)",
    },
    "gis_grid": {
        "en": "Coverage grid, scenario {s}: x, y = the square's centre in {crs} (m); minutes = expected minutes from "
        "the alarm to the first crew on scene with every crew fully staffed and not busy (turnout + drive + off-road "
        "leg; empty where no "
        "road reaches); within_N = 1 when minutes ≤ N; first_crew, first_station = who arrives first; station_area = "
        "the station area the square lies in; population = residents in the square; offroad_m = metres from the road.",
        "sv": "Täckningsrutnät, scenario {s}: x, y = rutans mitt i {crs} (m); minutes = förväntad tid i minuter från "
        "larm till första styrka på plats när alla styrkor är fullt bemannade och inte upptagna (anspänningstid + "
        "körtid + sista biten; tomt där "
        "ingen väg når); within_N = 1 när minutes ≤ N; first_crew, first_station = vem som kommer först; station_area "
        "= stationsområdet rutan ligger i; population = invånare i rutan; offroad_m = meter från vägen.",
    },
    "opt_objective_effective": {"en": "effective",
                                "sv": "full styrka (medeltid till det händelsetypen kräver)"},
    # The static force maps and their table columns (not drawn without smoke_diving; worded for when they are).
    "rep_force": {"en": "effective force", "sv": "full styrka"},
    "map_title_effective": {"en": "Time from alarm to the effective force on scene — {s}",
                            "sv": "Tid från larm till full styrka på plats — {s}"},
    "map_legend_effective": {"en": "Minutes to effective force", "sv": "Minuter till full styrka"},
    "map_title_diff_eff": {"en": "Change in time to the effective force: {b} compared with {a}",
                           "sv": "Förändrad tid till full styrka: {b} jämfört med {a}"},
    "map_improved_eff": {"en": "Residents with a faster effective force",
                         "sv": "Invånare med snabbare full styrka"},
    "map_worsened_eff": {"en": "Residents with a slower effective force",
                         "sv": "Invånare med långsammare full styrka"},
}

# --- lead23 ---
#: The texts of the coverage force's maps, tables and notes for a region that names its own force
#: (``[region] coverage_force``: a capability, or an incident type's whole force such as NFPA 1710's effective
#: response force), instead of the default smoke-diving force: ``{force}`` is that force's name, which :func:`t`
#: fills in (:func:`raddsim.views.service_words.force_name`). Texts not here are the neutral ones
#: (``_NO_SMOKE_DIVING``): the per-type effective force of the tables is each type's own.
_NAMED_FORCE: dict[str, dict[str, str]] = {
    "smoke_cov": {"en": "Share of time the effective force for “{force}” can reach the tätort within 10 / 20 min",
                  "sv": "Andel av tiden den fulla styrkan för ”{force}” når tätorten inom 10 / 20 min"},
    "rep_coverage_note": {
        "en": "Expected time from the alarm to the first crew, and to the effective force for “{force}”, for every "
        "{c:g} m square with every crew fully staffed and not busy — the best case (absence and crews not rolling "
        "left out). The simulated chance in the section after next adds "
        "busy crews and part-time crews that do not roll.",
        "sv": "Förväntad tid från larm till första styrka, och till den fulla styrkan för ”{force}”, för varje "
        "ruta om {c:g} m när alla styrkor är fullt bemannade och inte upptagna — bästa fallet (frånvaro och "
        "uteblivna svar ingår inte). Den simulerade sannolikheten längre fram tar med "
        "upptagna styrkor och deltidsstyrkor som inte rycker ut.",
    },
    "rep_difference_note": {
        "en": "Minutes gained (blue) or lost (red) compared with {b}, every crew available. Staffing changes show in "
              "the "
        "effective force for “{force}”; station and turnout changes in both."
        " Differences in staffing availability (absence, part-time crews not rolling) show only on the simulated map.",
        "sv": "Vunna (blått) eller förlorade (rött) minuter jämfört med {b}, alla styrkor tillgängliga. Ändrad "
              "bemanning "
        "syns i den fulla styrkan för ”{force}”; ändrade stationer och anspänningstider i båda."
        " Skillnader som beror på bemanningens tillgänglighet (frånvaro, uteblivna svar) syns bara i den simulerade "
        "kartan.",
    },
    "rep_area_static": {
        "en": "Residents within {t:g} min with every crew fully staffed and not busy, per station area (first crew · "
              "effective force for "
        "“{force}”)",
        "sv": "Invånare inom {t:g} min när alla styrkor är fullt bemannade och inte upptagna, per stationsområde "
              "(första styrka · full "
        "styrka för ”{force}”)",
    },
    "gis_grid": {
        "en": "Coverage grid, scenario {s}: x, y = the square's centre in {crs} (m); minutes = expected minutes from "
        "the alarm to the first crew on scene with every crew fully staffed and not busy (turnout + drive + off-road "
        "leg; empty where no "
        "road reaches); within_N = 1 when minutes ≤ N; effective_minutes, effective_within_N = the same for the "
        "effective force for “{force}”; first_crew, first_station = who arrives first; station_area = the station "
        "area the square lies in; population = residents in the square; offroad_m = metres from the road.",
        "sv": "Täckningsrutnät, scenario {s}: x, y = rutans mitt i {crs} (m); minutes = förväntad tid i minuter från "
        "larm till första styrka på plats när alla styrkor är fullt bemannade och inte upptagna (anspänningstid + "
        "körtid + sista biten; tomt där "
        "ingen väg når); within_N = 1 när minutes ≤ N; effective_minutes, effective_within_N = detsamma för den "
        "fulla styrkan för ”{force}”; first_crew, first_station = vem som kommer först; station_area = "
        "stationsområdet rutan ligger i; population = invånare i rutan; offroad_m = meter från vägen.",
    },
    "map_title_effective": {"en": "Time from alarm to the effective force for “{force}” on scene — {s}",
                            "sv": "Tid från larm till full styrka för ”{force}” på plats — {s}"},
    "map_title_diff_eff": {"en": "Change in time to the effective force for “{force}”: {b} compared with {a}",
                           "sv": "Förändrad tid till full styrka för ”{force}”: {b} jämfört med {a}"},
}
_TEXT["rep_travel_source"] = {"en": "Travel target {t:g} min: {s}.", "sv": "Mål för körtiden {t:g} min: {s}."}
_TEXT["per_type_targets"] = {
    "en": "Per incident type: first crew · effective force (mean minutes) · first crew within the type's target "
          "(minutes; the region's where the type sets none)",
    "sv": "Per händelsetyp: första styrka · full styrka (medeltid i minuter) · första styrka inom händelsetypens "
          "mål (minuter; regionens där typen inte anger något)",
}
#: ``smoke_cov`` for a named force in English outside Sweden (:func:`t_region`): a place, not a tätort.
_NAMED_FORCE_OUTSIDE_SWEDEN = {
    "smoke_cov": "Share of time the effective force for “{force}” can reach the place within 10 / 20 min",
}
# --- travel23 ---
_TEXT.update({
    # The first crew's own travel ([region] travel_target_minutes, NFPA 1710's "travel time"): `run` and `compare`.
    "travel_title": {"en": "First crew's travel (leaving → on scene)",
                     "sv": "Första styrkans körtid (avfärd → på plats)"},
    "travel_within": {"en": "travel within {t:g} min", "sv": "körtid inom {t:g} min"},
    "travel_note": {
        "en": "Travel is the first crew on scene's own: from the moment it left (its station after turnout, where it "
        "was when alerted on the road) to its arrival; alarms no crew reached count as misses in the share.",
        "sv": "Körtiden är första styrkan på plats egen: från att den åkte (från stationen efter anspänningen, eller "
        "där den var när den larmades på vägen) till framkomsten; larm som ingen styrka nådde räknas som missar i "
        "andelen.",
    },
})
# --- efftarget23 ---
_TEXT.update({
    # The effective force's own target ([region] effective_target_minutes): `run`, `compare`, the report.
    "effective_target": {"en": "Target: the incident type's whole force on scene within {t:g} min of the alarm.",
                         "sv": "Mål: larmtypens hela styrka på plats inom {t:g} min från larm."},
    "eff_share_within": {"en": "effective force within {t:g} min", "sv": "full styrka inom {t:g} min"},
    "rep_area_static_eff": {"en": "the effective force's share is within its own target, {t:g} min",
                            "sv": "den fulla styrkans andel är inom dess eget mål, {t:g} min"},
})
# --- zones24 ---
_TEXT.update({
    # Target zones ([region] target_zones): a target of their own per zone (`run`, `compare`, the report).
    "per_zone": {"en": "Per target zone (its target): first crew, mean minutes [95% CI] · share within the zone's "
                       "target (alarms)",
                 "sv": "Per målzon (zonens mål): första styrka, medeltid i minuter [95 % KI] · andel inom zonens mål "
                       "(larm)"},
    "zone": {"en": "target zone", "sv": "målzon"},
    "outside_zones": {"en": "Outside the zones", "sv": "Utanför zonerna"},
    "zones_all": {"en": "All alarms, each within its zone's target", "sv": "Alla larm, vart och ett inom sin zons mål"},
    "zones_source": {"en": "Zone targets: {s}.", "sv": "Zonernas mål: {s}."},
})
# --- travel24 ---
_TEXT.update({
    # The first crew's own travel on the static maps ([region] travel_target_minutes): `raddsim map`.
    "map_title_travel": {"en": "First crew's travel within {t:g} min — {s}",
                         "sv": "Första styrkans körtid inom {t:g} min — {s}"},
    "map_sub_travel": {
        "en": "Best case, every crew fully staffed and not busy: the first crew's own drive + off-road leg at "
        "{v:g} km/h, from its leaving (no alarm handling, no turnout) · {c:g} m grid",
        "sv": "Bästa fall, alla styrkor fullt bemannade och inte upptagna: första styrkans egen framkörningstid + "
        "sista biten (utanför vägnätet) med {v:g} km/h, från avfärden (utan larmbehandling och anspänningstid) · "
        "rutnät {c:g} m",
    },
    "map_legend_travel": {"en": "Minutes of the first crew's travel", "sv": "Minuter körtid för första styrka"},
    "map_travel_within": {"en": "Residents with travel within",
                          "sv": "Invånare med körtid inom"},
    "rep_travel": {"en": "travel", "sv": "körtid"},
    "gis_grid_travel": {
        "en": "travel_minutes = minutes of that first crew's own travel (its drive + off-road leg, without alarm "
        "handling and turnout); within_travel_target = 1 when travel_minutes ≤ {t:g} (the travel target).",
        "sv": "travel_minutes = minuter körtid för den första styrkan (körtid + sista biten, utan larmhantering och "
        "anspänningstid); within_travel_target = 1 när travel_minutes ≤ {t:g} (målet för körtiden).",
    },
    "gis_islands_on_map": {
        "en": "on_map = 1 when the island lies inside the --boundary polygon; 0: outside it, its residents in no "
              "coverage share (coverage.json's residents.off_map).",
        "sv": "on_map = 1 när ön ligger inom --boundary-polygonen; 0: utanför den, och dess invånare ingår inte i "
              "någon täckningsandel (coverage.json:s residents.off_map).",
    },
    "gis_islands_travel": {
        "en": "travel_minutes = minutes of the first crew's own travel (its drive to the quay + the boat, without "
        "alarm handling and turnout); within_travel_target = 1 when travel_minutes ≤ {t:g} (the travel target).",
        "sv": "travel_minutes = minuter körtid för den första styrkan (körning till kajen + båten, utan larmhantering "
        "och anspänningstid); within_travel_target = 1 när travel_minutes ≤ {t:g} (målet för körtiden).",
    },
})
# --- zmap24 ---
_TEXT.update({
    # The target-zone map ([region] target_zones): `raddsim map` and the report.
    "zmap_title": {"en": "Expected time against each zone's target — {s}",
                   "sv": "Förväntad tid mot varje zons mål — {s}"},
    "zmap_sub": {"en": "Best case, every crew available: the first crew's minutes less the target of the zone the "
                       "square lies in (dashed: the zones) · {c:g} m grid",
                 "sv": "Bästa fall, alla styrkor tillgängliga: första styrkans minuter minus målet för zonen rutan "
                       "ligger i "
                       "(streckat: zonerna) · rutnät {c:g} m"},
    "zmap_legend": {"en": "Against the zone's target", "sv": "Mot zonens mål"},
    "zmap_within": {"en": "{r} min within", "sv": "{r} min inom"},
    "zmap_over": {"en": "{r} min over", "sv": "{r} min över"},
    "zmap_residents": {"en": "Residents within their zone's target", "sv": "Invånare inom sin zons mål"},
    "zmap_more": {"en": "… {n} more zones (coverage.json)", "sv": "… {n} zoner till (coverage.json)"},
    "rep_zones": {"en": "within zone targets", "sv": "inom zonernas mål"},
    "gis_grid_zones": {
        "en": "zone = the target zone the square's centre lies in ('outside the zones': the region's target); "
        "zone_target = its target in minutes; within_zone_target = 1 when minutes ≤ zone_target.",
        "sv": "zone = målzonen rutans mitt ligger i ('outside the zones': regionens mål); zone_target = dess mål i "
        "minuter; within_zone_target = 1 när minutes ≤ zone_target.",
    },
})
# --- norway24 ---
_TEXT.update({
    # A target zone no simulated alarm fell in: its row is left out of the zone table, so it is named below it.
    "zones_empty": {
        "en": "No simulated alarm fell in {z}: an alarm's zone is that of its road node, so a zone drawn between the "
        "roads or beyond the network gets none.",
        "sv": "Inget simulerat larm föll i {z}: ett larms zon är dess vägnods, så en zon ritad mellan vägarna eller "
        "utanför vägnätet får inga.",
    },
})
# --- merge24 ---
_TEXT.update({
    # Page one of the report: the share within the target zones' own targets ([region] target_zones).
    "b_zones": {"en": "Against each zone's own target (the zones of the region file), the first crew was on scene in "
                      "time for {v} of the alarms.",
                "sv": "Mot varje zons eget mål (regionfilens zoner) var första styrkan på plats i tid vid {v} av "
                      "larmen."},
})
# --- tzones ---
_TEXT.update({
    # `raddsim target` with target zones ([region] target_zones): the column read against each alarm's zone.
    "tg_within_zone": {"en": "within its zone's target", "sv": "inom sin zons mål"},
})
# --- zonesim ---
_TEXT.update({
    # Target zones ([region] target_zones) on `raddsim map --simulate` and in `raddsim target`'s residents.
    "map_title_prob_zones": {
        "en": "Simulated chance that the first crew is on scene within each zone's own target — {s}",
        "sv": "Simulerad sannolikhet att första styrka är på plats inom varje zons eget mål — {s}",
    },
    "map_legend_prob_zones": {"en": "Share of alarms within their zone's target\n(dashed: the zones)",
                              "sv": "Andel larm inom sin zons mål\n(streckat: zonerna)"},
    "gis_simulated_zones": {
        "en": "share_within_zone_target = the share of the square's alarms with the first crew on scene within the "
        "target of the alarm's own zone ('outside the zones': the region's target).",
        "sv": "share_within_zone_target = andelen av rutans larm där första styrka var på plats inom målet för "
        "larmets egen zon ('outside the zones': regionens mål).",
    },
    "tg_residents_zone": {"en": "residents within their zone's target (every crew available)",
                          "sv": "invånare inom sin zons mål (alla styrkor tillgängliga)"},
})
# --- divert ---
_TEXT.update({
    # [dispatch] divert_for: crews that left an incident on their way for a more urgent alarm.
    "diverted": {"en": "crews diverted on their way to a more urgent alarm (their incident planned again)",
                 "sv": "styrkor omdirigerade på väg till ett mer brådskande larm (deras händelse larmas om)"},
})
