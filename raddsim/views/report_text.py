"""The board report's fixed text: CSS and the table of assumptions with their sources (English and Swedish).

Values that a region or scenario sets are read from it; the wording is here so
the report module only assembles.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from raddsim.coverage.cell_access import SNAP_CANDIDATES
from raddsim.coverage.grid import ROAD_BUFFER_M
from raddsim.network.positions import SWEREF, crs_label
from raddsim.region.region import Region, Setup, default_region_path
from raddsim.views.numbers import general
from raddsim.views.service_words import in_service_words

CSS = """
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #1a1a1a; max-width: 1180px; margin: 0 auto;
  padding: 24px 32px 48px; line-height: 1.45; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 8px; border-bottom: 2px solid #d7191c; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 22px 0 6px; }
p.meta { color: #555; margin: 0 0 12px; font-size: 14px; }
p.note { color: #333; font-size: 14px; margin: 4px 0 10px; }
.warning { background: #fff3f3; border-left: 6px solid #b30000; padding: 10px 14px; margin: 14px 0; color: #7a0000;
  font-weight: bold; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13.5px; }
th, td { border: 1px solid #c8c8c8; padding: 5px 9px; text-align: right; vertical-align: top; }
th { background: #f0f0f0; }
td:first-child, th:first-child { text-align: left; }
table.text td, table.text th { text-align: left; }
tr.miss td:first-child { color: #b30000; font-weight: bold; }
figure { margin: 12px 0 24px; }
figure img { width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: 13px; color: #444; margin-top: 4px; }
ul.toc { columns: 2; font-size: 14px; }
footer { margin-top: 40px; font-size: 12px; color: #666; border-top: 1px solid #ddd; padding-top: 8px; }
code { background: #f4f4f4; padding: 1px 4px; }
.nw { white-space: nowrap; }
.ci { color: #444; font-size: 92%; }
p.question { font-size: 16px; font-weight: bold; margin: 12px 0; }
section.page1 li { margin: 3px 0; }
.small { font-size: 13px; color: #444; }
section.page1 h3 { margin: 14px 0 4px; }
@page { size: A4; margin: 12mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; line-height: 1.3; }
  .warning { padding: 5px 10px; margin: 8px 0; } section.page1 li { margin: 1px 0; } section.page1 ul { margin: 2px 0;
    padding-left: 20px; } section.page1 p { margin: 4px 0; }
  h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 18px; } h3 { font-size: 13px; margin: 10px 0 4px; }
  p.note, p.meta, .small { font-size: 11px; } p.question { font-size: 13px; }
  section.page1 { page-break-after: always; break-after: page; }
  table { font-size: 10px; page-break-inside: avoid; } th, td { padding: 2px 5px; }
  table.text { font-size: 9.5px; }
  figure { page-break-inside: avoid; break-inside: avoid; }
  figure img { max-height: 235mm; width: auto; max-width: 100%; }
  ul.toc { font-size: 11px; }
  h2, h3 { page-break-after: avoid; break-after: avoid; }
}
"""


def assumptions(region: Region, setup: Setup, cell_m: float, sim_cell_m: float, offroad_kmh: float,
                lang: str, crs: str = SWEREF, ferries: bool = True,
                times_given: bool = False) -> list[tuple[str, str, str]]:
    """(item, what raddsim does, source) rows for the report, in ``lang``.

    Parameters
    ----------
    region : Region
        The region (target, sources, file name).
    setup : Setup
        The scenario reported on (its stations, crews and demand).
    cell_m, sim_cell_m : float
        Square sizes (m) of the coverage map and of the simulated coverage map.
    offroad_kmh : float
        Speed of the off-road leg on the coverage maps.
    lang : str
        "en" or "sv".
    crs : str
        The maps' metric CRS (the network's; SWEREF 99 TM in Sweden).
    ferries : bool
        Whether the network has ferries (their row is left out when it has none).
    times_given : bool
        Whether the network's source gives every arc's normal and emergency times (a JEMSS model): the speeds row
        then says so instead of describing speeds by road class.

    Returns
    -------
    list of (str, str, str)
        One row per assumption: the model's rows, then the maps' and statistics' rows. A row about what the
        region does not have (alarm objects, ferries, heavy engines, smoke diving, part-time crews) is left
        out, Swedish law and statistics are cited only for a network in Sweden (``crs`` SWEREF 99 TM), and
        Norrtälje's sources of the alarm volume only for the embedded Norrtälje region.
    """
    f = replace(_facts(region, setup, crs, ferries), times_given=times_given)
    if lang == "sv":
        rows = _model_rows_sv(region, f) + _map_rows_sv(f, cell_m, sim_cell_m, offroad_kmh, crs)
    else:
        rows = _model_rows_en(region, f) + _map_rows_en(f, cell_m, sim_cell_m, offroad_kmh, crs)
    # The item and what raddsim does in the service's words ("first ambulance on scene" in an EMS region, as the rest
    # of the report says); the source column is the region's and its files' own text, left as written.
    return [(in_service_words(item, lang), in_service_words(what, lang), source) for item, what, source in rows]


def _crs_name(crs: str) -> str:
    """The CRS as the methods table names it: "SWEREF 99 TM" in Sweden, else code and name."""
    return "SWEREF 99 TM" if crs == SWEREF else crs_label(crs)


@dataclass(frozen=True)
class _Facts:
    """What the assumption rows depend on: the scenario's demand and crews, and where the region lies."""

    demand: Any
    access: Any
    approx_stations: bool
    places: str  # the places file's name ("?" when none)
    has_places: bool
    objects: bool  # alarm objects
    ferries: bool
    heavy: bool  # a crew drives a heavy vehicle
    blue_light: bool
    smoke: bool  # an incident type needs a smoke-diving force
    part_time: bool
    posterior: bool  # a scenario runs over a calibration's accepted sets
    sweden: bool
    times_given: bool = False  # the network's source gives every arc's times (JEMSS)
    embedded: bool = False  # the embedded Norrtälje region, whose alarm volume its issues and MSB give


def _facts(region: Region, setup: Setup, crs: str, ferries: bool) -> _Facts:
    d = setup.demand
    crews = [c for c in setup.crews if c.in_service]
    return _Facts(d, d.access, any(s.approximate for s in setup.stations.values()),
                  Path(d.places_file).name if d.places_file else "?", bool(d.places), bool(d.alarm_objects), ferries,
                  any(c.vehicle == "heavy" for c in crews), setup.network.blue_light.enabled,
                  any("smoke_diving" in ty.force.capabilities for ty in d.catalog.types),
                  any(c.kind == "part-time" for c in crews),
                  any(s.posterior is not None for s in region.scenarios.values()), crs == SWEREF,
                  embedded=region.file.resolve() == default_region_path().resolve())


def _target_source(region: Region, lang: str) -> str:
    """Where the target comes from: ``--target`` (the region file's own beside it), the file's target_source, or
    the file itself."""
    if region.file_target_minutes is not None:  # the file's target_source is its own target's, not this one's
        own = general(region.file_target_minutes, lang)
        return (f"--target {region.target_minutes:g} on the command line (the region file's: {own} min)" if lang == "en"
                else f"--target {region.target_minutes:g} på kommandoraden (regionfilens: {own} min)")
    if region.target_source:
        return region.target_source
    return (f"{region.file.name}: the region file's value (it gives no target_source)" if lang == "en"
            else f"{region.file.name}: regionfilens värde (den anger ingen target_source)")


def _model_rows_en(region: Region, f: _Facts) -> list[tuple[str, str, str]]:
    """The simulation model's assumptions: target, crews, demand, roads, forces, availability."""
    a = f.access
    rows = [
        ("Target", f"first crew on scene within {region.target_minutes:g} min of the alarm",
         _target_source(region, "en")),
        ("Crews, staffing, turnout times", "the region file's crews and staffing levels per scenario", region.source),
        ("Station positions", "hand-placed from street addresses" if f.approx_stations else "from the region file",
         "APPROXIMATE (marked in the region file)" if f.approx_stations else str(region.file.name)),
        _volume_en(region, f),
        ("Where alarms happen", _where_en(f),
         f"{f.places}; spreading rules ASSUMPTION" if f.has_places else "spreading rules ASSUMPTION"),
        ("Last stretch", (f"{'tätort' if f.sweden else 'place'}: uniform in a disc at {a.urban_density_per_km2:g} "
                          f"inhabitants/km², ×{a.urban_circuity:g} circuity, {a.urban_speed_kmh:g} km/h; "
                          if f.has_places or f.objects else "")
         + f"rural: exponential, mean {a.rural_mean_m / 1000:g} km, {a.rural_speed_kmh:g} km/h", "ASSUMPTION"),
        _speeds_en(f),
    ]
    if f.ferries:
        rows.append(("Ferries", "crossing time + expected wait (half the headway)", "ASSUMPTION"))
    if f.smoke:
        rows.append(("Smoke-diving force", "1 crew commander + 4 on scene with smoke-diving equipment; crews combine",
                     "AFS 2007:7 (smoke and chemical diving; from 2025 in Arbetsmiljöverket's new AFS 2023 "
                     "series) and Swedish practice" if f.sweden else "the region's incident types"))
    if f.part_time:
        rows.append(("Part-time crews",
                     "rostered positions present or away over the year (absences lasting days and shared within a "
                     "crew, vacancies, week and season); present members answer with a probability; stated turnout is "
                     "the 90th percentile; no " + ("styrkeledare" if f.sweden else "crew commander")
                     + " or too few responders → the crew does not roll; a crew too few to roll reports itself "
                     + ("ur beredskap" if f.sweden else "unavailable") + " and is not alerted"
                     + ("; today's staffing (current) runs over the calibration's accepted parameter sets"
                        if f.posterior else ""),
                     "ASSUMPTION (raddsim/engine/availability.py; values and ranges in the region file)"))
    rows.append(("Busy crews and mutual aid",
                 "an alarm waits for the first free crew; a crew driving home can be sent from the road (drive "
                 "bounded from above); neighbouring services' crews are alerted by expected arrival after a request "
                 "delay", "ASSUMPTION"))
    if f.sweden:  # the English paper keeps the service's Swedish words (crew names, staffing, rules): their key
        rows.append(("Swedish words", "heltid / deltid: full-time crew on station / part-time crew paged at home or "
                     "work; styrkeledare: crew commander; insatsledare: incident commander; fri inryckning: no one "
                     "on duty, whoever of a pool answers the page comes; ur beredskap: too few to roll, so the crew "
                     "reports itself unavailable and is not alerted; tätort: an urban area as Statistics Sweden "
                     "delimits it", "raddsim README, \"Words used here\""))
    return rows + _reported_rows(region, "en")


def _reported_rows(region: Region, lang: str) -> list[tuple[str, str, str]]:
    """The reported yearly outcome that page one compares with, and where it comes from (none without one)."""
    rep = region.reported_minutes
    if not rep:
        return []
    from raddsim.views.board_text import reported_values

    values = reported_values(rep, lang)  # as page one writes them: 10.52 (2022) and 11.19 (2023)
    # page one quotes these numbers: the board must find their source here, not only in the region file
    ind, file = region.indicator, region.file.name
    if lang == "sv":  # the [indicator] source is English free text: name the indicator (the board's own words)
        source = f"kommunens nyckeltal ”{ind.label('sv')}”; värdena i {file}" if ind.source else file
        if "ASSUMPTION" in (ind.source or ""):  # the English source's caveat, which the board must read too
            source += "; definitionens detaljer (vilka larm som räknas, om insatsledaren räknas) är ett ANTAGANDE"
        return [("Redovisat utfall", f"kommunens årliga nyckeltal, medeltid i minuter: {values}", source)]
    return [("Reported outcome", f"the municipality's yearly indicator, mean minutes: {values}", ind.source or file)]


def _varying(profile) -> list[str]:
    """Which of ``hour``, ``weekday`` and ``month`` the alarm rate varies over (none: no ``[demand.time]``)."""
    return [k for k in ("hour", "weekday", "month") if len(set(getattr(profile, k))) > 1]


def _volume_en(region: Region, f: _Facts) -> tuple[str, str, str]:
    """The alarm volume row: the yearly number and the time profile the region actually has (flat without one)."""
    d, varying = f.demand, _varying(f.demand.profile)
    if not varying:
        return ("Alarm volume", f"{d.alarms_per_year:g} alarms a year, Poisson at a constant rate (the region file "
                "has no [demand.time] profile)", f"{region.file.name}; constant rate ASSUMPTION")
    return ("Alarm volume", f"{d.alarms_per_year:g} alarms a year, Poisson with {'/'.join(varying)} profile",
            "raddsim issues 2 and 4; MSB 2024; profile ASSUMPTION" if f.embedded
            else f"{region.file.name}; profile ASSUMPTION")


def _volume_sv(region: Region, f: _Facts) -> tuple[str, str, str]:
    """:func:`_volume_en` in Swedish."""
    d, varying = f.demand, _varying(f.demand.profile)
    if not varying:
        return ("Antal larm", f"{_g(d.alarms_per_year)} larm per år, Poisson med konstant intensitet (regionfilen har "
                "ingen profil [demand.time])", f"{region.file.name}; konstant intensitet är ett ANTAGANDE")
    words = [{"hour": "dygn", "weekday": "vecka", "month": "år"}[k] for k in varying]
    over = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " och " + words[-1]
    return ("Antal larm", f"{_g(d.alarms_per_year)} larm per år, Poisson med profil över {over}",
            "raddsim ärende 2 och 4; MSB 2024; profilen är ett ANTAGANDE" if f.embedded
            else f"{region.file.name}; profilen är ett ANTAGANDE")


def _where_en(f: _Facts) -> str:
    """Where alarms happen, in English: what the region's demand has."""
    if f.objects and f.has_places and f.sweden:
        return ("automatic fire alarms at the region's alarm objects (town centres, industry, hospital, care homes, "
                "schools); other types: tätorter by population, the rest of the residents along rural roads, holiday "
                "homes and traffic where configured")
    parts = ["automatic fire alarms at the region's alarm objects; other types:"] if f.objects else []
    if f.has_places:
        parts.append(f"{'tätorter' if f.sweden else 'places'} by population, the rest of the residents along rural "
                     "roads,")
    else:
        parts.append("residents along the roads in proportion to road length,")
    return " ".join(parts + ["holiday homes and traffic where configured"])


def _speeds_en(f: _Facts) -> tuple[str, str, str]:
    """The road-speed row, in English: heavy engines and blue light only where the region's crews use them."""
    if f.times_given:
        return ("Road speeds", "the network source's time on every arc: " + (
            "emergency driving (lights and sirens) to the alarm, normal driving home" if f.blue_light
            else "normal driving"), "the network's source")
    if f.heavy:
        what = ("maxspeed, else by road class; rescue engines drive as heavy vehicles (legal speed × a factor per road "
                "class, at most the vehicle's top speed), light units with the blue-light model")
    else:
        what = "maxspeed, else by road class; " + (
            "emergency driving with the blue-light model" if f.blue_light else "legal speeds (no blue-light model)")
    law = "Trafikförordningen 3 kap. 17 §; " if f.sweden else ""
    limiter = "EU speed limiter 92/6/EEC; " if f.heavy else ""
    return ("Road speeds", what, f"{law}{limiter}factors and class defaults ASSUMPTION (ranges in the region file)")


def _map_rows_en(f: _Facts, cell_m: float, sim_cell_m: float, offroad_kmh: float,
                 crs: str) -> list[tuple[str, str, str]]:
    """The coverage maps' and the statistics' assumptions."""
    place = "tätort" if f.sweden else "place"
    return [
        ("Coverage maps",
         f"{cell_m:g} m squares in {_crs_name(crs)}; every crew free at its stated turnout; the road is entered at "
         f"the best of the {SNAP_CANDIDATES} nearest road points; off-road leg in a straight line at {offroad_kmh:g} "
                          "km/h",
         "ASSUMPTION: off-road speed = the demand model's rural access speed"),
        ("Map extent",
         f"the boundary polygon given, else squares within {ROAD_BUFFER_M / 1000:g} km of the region's roads",
         "ASSUMPTION (buffer)"),
        ("Population on the map",
         f"each {place}'s population spread evenly over the squares of its disc; rural residents at their road node"
         if f.has_places else "residents at their road node, spread along the roads in proportion to road length",
         f"{f.places}; ASSUMPTION (spreading)" if f.has_places else "ASSUMPTION (spreading)"),
        ("Simulated coverage map",
         f"alarms pooled over replications in {sim_cell_m / 1000:g} km squares"
         + (f"; a {place}'s alarms count over its whole disc" if f.has_places else ""),
         "method (raddsim/coverage/simulated.py)"),
        ("Statistics",
         "independent replications, 95 % Student-t confidence intervals, common random numbers across scenarios",
         "raddsim/figures/metrics.py"),
    ]


def _g(x: float) -> str:
    """A number in the Swedish rows: as few digits as it needs, decimal comma, grouped thousands."""
    return general(x, "sv")


def _model_rows_sv(region: Region, f: _Facts) -> list[tuple[str, str, str]]:
    """:func:`_model_rows_en` in Swedish."""
    a = f.access
    rows = [
        ("Mål", f"första styrka på plats inom {_g(region.target_minutes)} min från larm",
         _target_source(region, "sv")),
        ("Styrkor, bemanning, anspänningstider", "regionfilens styrkor och bemanningsnivåer per scenario",
         region.source),
        ("Stationernas lägen", "placerade för hand utifrån gatuadress" if f.approx_stations else "från regionfilen",
         "UNGEFÄRLIGA (markerade i regionfilen)" if f.approx_stations else str(region.file.name)),
        _volume_sv(region, f),
        ("Var larmen sker", _where_sv(f),
         f"{f.places}; spridningen är ett ANTAGANDE" if f.has_places else "spridningen är ett ANTAGANDE"),
        ("Sista biten",
         (f"tätort: likformigt i en cirkel med {_g(a.urban_density_per_km2)} invånare/km², ×{_g(a.urban_circuity)} "
          f"omvägsfaktor, {_g(a.urban_speed_kmh)} km/h; " if f.has_places or f.objects else "")
         + f"landsbygd: exponentiell, medel {_g(a.rural_mean_m / 1000)} km, {_g(a.rural_speed_kmh)} km/h",
         "ANTAGANDE"),
        _speeds_sv(f),
    ]
    if f.ferries:
        rows.append(("Färjor", "överfartstid + förväntad väntan (halva turintervallet)", "ANTAGANDE"))
    if f.smoke:
        rows.append(("Rökdykarstyrka", "1 styrkeledare + 4 på plats med rökdykarutrustning; styrkor kan samverka",
                     "AFS 2007:7 (rök- och kemdykning; från 2025 i Arbetsmiljöverkets nya AFS 2023-serie) och svensk "
                     "praxis" if f.sweden else "regionens larmtyper"))
    if f.part_time:
        rows.append(("Deltidsstyrkor",
                     "schemalagda befattningar på plats eller borta under året (frånvaro i flera dagar, delad inom "
                     "styrkan, vakanser, veckodag och säsong); de som finns svarar med en sannolikhet; angiven "
                     "anspänningstid är 90:e percentilen; utan styrkeledare eller för få som svarar → ingen "
                     "utryckning; en styrka som är för få för att rycka ut anmäler sig ur beredskap och larmas inte"
                     + ("; dagens bemanning (scenariot ”current”) körs över kalibreringens godtagna "
                        "parameteruppsättningar" if f.posterior else ""),
                     "ANTAGANDE (raddsim/engine/availability.py; värden och intervall i regionfilen)"))
    rows.append(("Upptagna styrkor och samverkan",
                 "ett larm väntar på första lediga styrka; en styrka på väg hem kan larmas från vägen (körtiden "
                 "uppskattas uppåt); grannkommunernas styrkor larmas efter förväntad ankomst, efter en fördröjning",
                 "ANTAGANDE"))
    return rows + _reported_rows(region, "sv")


def _where_sv(f: _Facts) -> str:
    """:func:`_where_en` in Swedish."""
    if f.objects and f.has_places and f.sweden:
        return ("automatlarm vid regionens larmobjekt (centrum, industri, sjukhus, äldreboenden, skolor); övriga "
                "larmtyper: tätorter efter folkmängd, övriga invånare längs landsbygdens vägar, fritidshus och trafik "
                "där det är angivet")
    parts = ["automatlarm vid regionens larmobjekt; övriga larmtyper:"] if f.objects else []
    parts.append("tätorter efter folkmängd, övriga invånare längs landsbygdens vägar," if f.has_places
                 else "invånare längs vägarna i proportion till väglängden,")
    return " ".join(parts + ["fritidshus och trafik där det är angivet"])


def _speeds_sv(f: _Facts) -> tuple[str, str, str]:
    """:func:`_speeds_en` in Swedish."""
    if f.times_given:
        return ("Hastigheter", "vägnätskällans tid på varje länk: " + (
            "utryckningskörning till larmet, normal körning hem" if f.blue_light else "normal körning"),
            "vägnätets källa")
    if f.heavy:
        what = ("skyltad hastighet, annars efter vägklass; räddningsfordon kör som tunga fordon (skyltad hastighet × "
                "en faktor per vägklass, högst fordonets toppfart), lätta enheter enligt utryckningsmodellen")
    else:
        what = "skyltad hastighet, annars efter vägklass; " + (
            "utryckningskörning enligt utryckningsmodellen" if f.blue_light else "skyltade hastigheter (ingen "
                                                                                 "utryckningsmodell)")
    law = "Trafikförordningen 3 kap. 17 §; " if f.sweden else ""
    limiter = "EU:s hastighetsbegränsare 92/6/EEG; " if f.heavy else ""
    return ("Hastigheter", what, f"{law}{limiter}faktorer och vägklassernas värden är ANTAGANDEN (intervall i "
                                 "regionfilen)")


def _map_rows_sv(f: _Facts, cell_m: float, sim_cell_m: float, offroad_kmh: float,
                 crs: str) -> list[tuple[str, str, str]]:
    """:func:`_map_rows_en` in Swedish."""
    return [
        ("Täckningskartor",
         f"rutor om {_g(cell_m)} m i {_crs_name(crs)}; alla styrkor lediga med angiven anspänningstid; "
         f"vägen nås vid bästa av de {SNAP_CANDIDATES} närmaste vägpunkterna; sista biten fågelvägen i "
         f"{_g(offroad_kmh)} km/h",
         "ANTAGANDE: hastigheten är efterfrågemodellens hastighet på landsbygden"),
        ("Kartans utbredning",
         f"angiven gränspolygon, annars rutor inom {_g(ROAD_BUFFER_M / 1000)} km från regionens vägar",
         "ANTAGANDE (avstånd)"),
        ("Befolkning på kartan",
         "varje tätorts befolkning jämnt fördelad på rutorna i dess cirkel; landsbygdens invånare vid sin vägnod"
         if f.has_places else "invånarna vid sin vägnod, fördelade längs vägarna i proportion till väglängden",
         f"{f.places}; ANTAGANDE (fördelningen)" if f.has_places else "ANTAGANDE (fördelningen)"),
        ("Simulerad täckningskarta",
         f"larm från alla replikeringar samlade i rutor om {_g(sim_cell_m / 1000)} km"
         + ("; en tätorts larm räknas över hela dess cirkel" if f.has_places else ""),
         "metod (raddsim/coverage/simulated.py)"),
        ("Statistik",
         "oberoende replikeringar, 95 % konfidensintervall (Student-t), gemensamma slumptal mellan scenarier",
         "raddsim/figures/metrics.py"),
    ]
