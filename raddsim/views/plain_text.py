"""The pieces every plain-text table of the terminal is made of: a number with its interval, a share, a table.

Shared by the run's tables (:mod:`raddsim.views.console`), the comparison's
(:mod:`raddsim.views.comparison_text`), ``raddsim target`` and ``raddsim map``'s summary, so that a figure
reads the same wherever it is printed.
"""

from __future__ import annotations

from pathlib import Path

from raddsim.views import numbers
from raddsim.views.i18n import t
from raddsim.views.numbers import missing, num


def with_ci(value: float | None, ci: list[float] | None, digits: int = 1, scale: float = 1.0, suffix: str = "",
            lang: str = "en") -> str:
    """``11.2 [11.0–11.3]``: ``value`` and its interval, each times ``scale``; "–" when there is no value.

    Parameters
    ----------
    value, ci
        The figure and its 95 % interval (``None`` or NaN bounds: no interval shown).
    digits, scale, suffix
        Decimals, factor (100 for a share in per cent) and what follows the value (a percent sign).
    lang
        ``"en"`` or ``"sv"`` (decimal comma).

    Returns
    -------
    str
        The text.
    """
    if value is None or missing(value):
        return "–"
    text = f"{num(value * scale, digits, lang)}{suffix}"
    if ci and not missing(ci[0]):
        text += f" [{num(ci[0] * scale, digits, lang)}–{num(ci[1] * scale, digits, lang)}]"
    return text


def per_cent(lang: str) -> str:
    """The percent sign after a number: Swedish puts a (no-break) space before it; English output is unchanged."""
    return "\u00a0%" if lang == "sv" else "%"


def share_with_ci(block: dict, key: str, digits: int = 0, lang: str = "en") -> str:
    """``block[key]``, a share, as per cent with its interval ``block[key + "_ci95"]`` (``59.4% [54.6–65.1]``).

    "–" when the block has no such share; the share alone when it has no interval (one replication; the run's
    header says why).
    """
    return with_ci(block.get(key), block.get(f"{key}_ci95"), digits, 100, per_cent(lang), lang)


def pct(x: float | None, digits: int = 0, lang: str = "en") -> str:
    """A share as per cent (``59.4%``; Swedish ``59,4 %``), "–" when missing."""
    return numbers.pct(x, digits, lang, space=lang == "sv")


#: The catalogue's keys of the descriptions raddsim's network readers store (in English) in a network's label.
_NETWORK_LABELS = ("net_label_csv", "net_label_jemss", "net_label_plain")


def network_label(net: dict, lang: str) -> str:
    """The network's description in ``lang``: the approximate default's warning and the readers' own descriptions
    are translated ("road network from nodes/arcs CSV" stayed English in Swedish output); any other label (a
    source's own) is shown as it is."""
    if net.get("approximate"):
        return t("net_approx_label", lang)
    label = str(net.get("label", ""))
    key = next((k for k in _NETWORK_LABELS if t(k, "en") == label), None)
    return label if key is None else t(key, lang)


#: Where an installed wheel keeps the embedded stations/, networks/ and geodata/ (raddsim.region.region.data_dir).
EMBEDDED_DATA = Path(__file__).resolve().parents[1] / "_data"


def shown_path(path: str, folder: str | Path | None = None) -> str:
    """``path`` as a person reads it: relative to the embedded data of an installed raddsim, or to the current
    directory when the file is under it, else relative to ``folder`` (the region file's) when under that, else as
    given.

    The network's source is kept absolute in the results (its provenance, read from anywhere); printed, a full
    ``/home/…/networks/norrtalje_approx.osm`` only hid the name.
    """
    p = Path(path)
    if not p.is_absolute():
        return path
    # The embedded data of an installed raddsim (.venv/…/site-packages/raddsim/_data/networks/…) is named as in the
    # checkout and the README (networks/norrtalje_approx.osm), not by the virtual environment's insides.
    for base in (EMBEDDED_DATA, Path.cwd(), None if folder is None else Path(folder)):
        if base is None:
            continue
        try:
            pairs = ((p, base.absolute()), (p.resolve(), base.resolve()))  # as written, then through symlinks
        except (OSError, RuntimeError):  # a path the system cannot resolve: shown as given
            return path
        for a, b in pairs:
            if a != b and a.is_relative_to(b):
                return str(a.relative_to(b))
    return path


def network_line(net: dict, lang: str, region_file: str | None = None) -> str:
    """``Network: <label> (<source>)`` (Swedish ``Vägnät: …``), the source shown by :func:`shown_path`."""
    source = str(net.get("source", ""))
    folder = None if not region_file else Path(region_file).parent
    return f"{t('network', lang)}: {network_label(net, lang)} ({shown_path(source, folder) if source else ''})"


def table(rows: list[list[str]]) -> str:
    """Rows as aligned columns under a dashed rule: the first column left-aligned, the others right."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for k, r in enumerate(rows):
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def check_width(width: object) -> None:
    """Refuse a ``width`` that is not a number of characters (a whole number, at least 1) or None.

    Raises
    ------
    InputError
        Naming the argument ``width`` and the value to give.
    """
    if width is None or (isinstance(width, int) and not isinstance(width, bool) and width >= 1):
        return
    from raddsim.core.errors import InputError

    raise InputError(f"width must be the terminal's width in characters (a whole number, 1 or more), got {width!r}.",
                     field="width", fix="give e.g. width=100, or None for lines of any length (as in a file).")


def fitted_table(rows: list[list[str]], width: int | None = None) -> str:
    """Rows as :func:`table` lays them out while that fits ``width``; wider, each row as a block of lines.

    A terminal narrower than a table breaks every line anywhere, which scatters the columns. So each row's first
    cell stands on a line of its own, and under it, indented, one line per column: its heading, then its cell.
    A table with a column per scenario reads "Rimbo", then "minimum  11.0 [10.6–11.4] …" and "ambition …".

    Parameters
    ----------
    rows
        The heading row (the first column's heading, then the others'), then the rows; every cell formatted.
    width
        Characters a line may take (None: no limit, the columns as :func:`table` gives them).
    """
    text = table(rows)
    if width is None or len(rows) < 2 or max(len(line) for line in text.splitlines()) <= width:
        return text
    heads = rows[0][1:]
    head_w = max(len(h) for h in heads)
    cell_w = max(len(c) for r in rows[1:] for c in r[1:])
    lines = [rows[0][0], "-" * min(width, max(len(rows[0][0]), 2 + head_w + 2 + cell_w))]
    for r in rows[1:]:
        lines.append(r[0])
        lines += [f"  {h.ljust(head_w)}  {c.rjust(cell_w)}" for h, c in zip(heads, r[1:])]
    return "\n".join(lines)


def fitted_lines(lines: list[str], width: int | None = None) -> list[str]:
    """``lines`` with each line of prose longer than ``width`` broken between words, never between a figure and its
    "[95 % CI]" (tables, which are several lines in one string, are left as :func:`fitted_table` made them); all
    of them as they are without ``width``."""
    if width is None:
        return lines
    import textwrap

    def fill(x: str) -> str:
        glued = textwrap.fill(x.replace(" [", "\0["), width, break_long_words=False, break_on_hyphens=False)
        return glued.replace("\0[", " [")

    return [fill(x) if "\n" not in x and len(x) > width else x for x in lines]


def no_ci_note(replications: int, lang: str) -> list[str]:
    """A line saying why the tables show no intervals (fewer than 2 replications), else nothing."""
    if replications >= 2:
        return []
    return [t("no_ci", lang, n=replications, s="" if replications == 1 else ("s" if lang == "en" else "ar"))]


def bare_ci_note(block: dict | list, replications: int, lang: str) -> list[str]:
    """A line saying why a figure stands without its interval though the run has several replications, else nothing.

    A figure of a station area, incident type, place or crew whose events fell in one replication only has a value
    and a null ``…_ci95`` (an interval needs the spread between two at least); the text printed it bare, unexplained.

    Parameters
    ----------
    block
        The results' scenarios (any nesting of dicts and lists holding ``key`` and ``key_ci95`` pairs).
    replications
        Replications run: with fewer than two :func:`no_ci_note` says why for every figure at once.
    lang
        ``"en"`` or ``"sv"``.
    """
    return [t("ci_bare", lang)] if replications >= 2 and _has_bare_figure(block) else []


def _has_bare_figure(x: object) -> bool:
    """Whether a number in ``x`` has a ``…_ci95`` sibling that is null."""
    if isinstance(x, list):
        return any(_has_bare_figure(v) for v in x)
    if not isinstance(x, dict):
        return False
    for k, v in x.items():
        value = x.get(k[:-5]) if k.endswith("_ci95") else None
        if v is None and isinstance(value, (int, float)) and not isinstance(value, bool) and not numbers.missing(value):
            return True
        if isinstance(v, (dict, list)) and _has_bare_figure(v):
            return True
    return False


#: Replications shorter than this many days with no warm-up get a note on the initial transient (ASSUMPTION:
#: the bias is ≥ 2 % of the mean wait below about a month at 60–90 % load, README "Checked against queueing theory").
SHORT_REPLICATION_DAYS = 30.0


def part_year_note(settings: dict, lang: str) -> list[str]:
    """A note when replications cover part of a year (0.1 or 1.5 years): the calendar's first days weigh more.

    A replication starts at the region's calendar start, so a part-year run measures those months only (the
    default's 0.1 years: January to early February, p90 19.7 against 21.1 min for whole years). Not for a
    replayed alarm file, whose own dates set the period.
    """
    days = float(settings.get("years") or 0.0) * 365.25
    whole = round(days / 365.25) * 365.25
    if settings.get("incidents_file") or days <= 0 or abs(days - whole) < 1.0:  # within a day of whole years
        return []
    return [t("part_year", lang, d=round(days, 1))]


def short_run_note(settings: dict, lang: str) -> list[str]:
    """A note when replications are short, start empty and have no warm-up (not for a replayed alarm file)."""
    days = float(settings.get("years") or 0.0) * 365.25
    if settings.get("warmup_days") or settings.get("incidents_file") or not 0 < days < SHORT_REPLICATION_DAYS:
        return []
    return [t("short_no_warmup", lang, d=round(days, 1))]


#: A scenario is called overloaded when at least this share of its alarms waited for a free crew while its alerted
#: crews were, on average, free less than :data:`OVERLOAD_FREE_SHARE` of the time. Either alone is not enough: two
#: crews at 70 % load already make over half the alarms wait (Erlang C), and a crew ur beredskap is not busy.
OVERLOAD_WAITED_SHARE = 0.5
OVERLOAD_FREE_SHARE = 0.05


def _overloaded(figures: dict) -> bool:
    """Whether a scenario's crews could not keep up: most alarms waited and the alerted crews were hardly ever free."""
    crews = ((figures.get("readiness") or {}).get("crews") or {}).values()
    free = [c["available_share"] for c in crews if c.get("alerts_per_year") and c.get("available_share") is not None]
    waited = figures.get("waited_share")
    return bool(free) and waited is not None and waited >= OVERLOAD_WAITED_SHARE \
        and sum(free) / len(free) < OVERLOAD_FREE_SHARE


def scenario_notes(res: dict, lang: str) -> list[str]:
    """Lines on scenarios whose figures need a reason: no alarm at all, or more alarms than the crews can serve.

    With no alarm every figure is "–" (a short run, a season outside the simulated days, a tiny rate); with the
    crews overloaded (utilisation at or above 1) waiting grows with the simulated time, so the minutes describe
    this run's length rather than a steady state a board could plan by.
    """
    s = res["settings"]
    notes = (scenario_note(name, figures, s["replications"], s.get("years") or 0.0, lang)
             for name, figures in (res.get("scenarios") or {}).items())  # a hand-made result: differences only
    return [note for note in notes if note]


def scenario_note(name: str, figures: dict, replications: int, years: float, lang: str) -> str | None:
    """The line :func:`scenario_notes` says of one scenario (no alarm, or overloaded), or None.

    Parameters
    ----------
    name : str
        The scenario.
    figures : dict
        Its figures: ``alarms``, and ``waited_share`` with ``readiness.crews`` (``run``'s, or ``target``'s own).
    replications : int
        Replications run.
    years : float
        Simulated years per replication.
    lang : str
        ``"en"`` or ``"sv"``.
    """
    if figures.get("alarms") == 0:
        return t("no_alarm_note", lang, s=name, n=replications, d=round(float(years) * 365.25, 2))
    if _overloaded(figures):
        return t("overload_note", lang, s=name, w=pct(figures["waited_share"], 1, lang))
    return None
