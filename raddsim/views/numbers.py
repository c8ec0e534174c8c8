"""Numbers as people read them, in English or Swedish.

English: ``24,002`` and ``10.6``. Swedish (Språkrådet, SS 01 31 xx): a decimal
comma and a thin space between groups of thousands, ``24 002`` and ``10,6``.
The thin space is U+202F NARROW NO-BREAK SPACE, so a number never breaks
across lines. One place decides when an interval is "significant": when the
interval *as printed* lies on one side of zero, so a star never contradicts
the numbers beside it.
"""

from __future__ import annotations

import math

#: Thousands separator in Swedish: a thin space that does not break.
THIN_SPACE = "\u202f"


def missing(x: object) -> bool:
    """Whether ``x`` is no number to print: ``None``, NaN or infinite."""
    # inf too: a CI half-width of one replication is infinite, and a reader is told "–", as the JSON says null.
    return x is None or (isinstance(x, float) and not math.isfinite(x))


def num(x: float | None, digits: int = 1, lang: str = "en", sign: bool = False) -> str:
    """``x`` with ``digits`` decimals and thousands grouping; "–" when missing.

    Parameters
    ----------
    sign
        Always print the sign (``+0.4``, ``−0.4`` with a true minus in Swedish).
    """
    if missing(x):
        return "–"
    text = f"{x:+,.{digits}f}" if sign else f"{x:,.{digits}f}"
    return swedish(text) if lang == "sv" else text


def swedish(text: str) -> str:
    """An English-formatted number (``1,234.5``, ``-0.4``) the Swedish way (``1 234,5``, ``−0,4``)."""
    return text.replace(",", THIN_SPACE).replace(".", ",").replace("-", "−")


def formatted(x: float, spec: str, lang: str = "en") -> str:
    """``format(x, spec)`` in ``lang``'s format: a column laid out by a format spec keeps its width in Swedish."""
    return swedish(format(x, spec)) if lang == "sv" else format(x, spec)


def general(x: float, lang: str = "en") -> str:
    """``x`` as few digits as it needs (``{x:g}``: ``1.3``, ``40``) in ``lang``'s format.

    English is exactly ``f"{x:g}"``; Swedish also groups thousands (``1 500``, ``1,3``),
    as :func:`num` does.
    """
    return swedish(f"{x:,g}") if lang == "sv" else f"{x:g}"


def ordinal(n: int, lang: str = "en") -> str:
    """``n`` as an ordinal number: 1st, 2nd, 3rd, 11th, 90th; in Swedish 1:a, 2:a, 3:e, 90:e."""
    if lang == "sv":
        return f"{n}:a" if n % 10 in (1, 2) and n % 100 not in (11, 12) else f"{n}:e"
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def as_typed(x: float) -> str:
    """``x`` as one would type it on a command line: whole numbers in full (``20250101``, not ``2.02501e+07``)."""
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e18 else f"{x:g}"


def simulated_years(y: float, lang: str = "en") -> str:
    """"1 simulated year", "30 simulated years"; Swedish "1 simulerat år", "30 simulerade år" (the adjective agrees
    with the number, the noun does not change). The number as :func:`years_text` prints it."""
    if lang == "sv":
        return f"{years_text(y, lang)} {'simulerat' if y == 1 else 'simulerade'} år"
    return f"{years_text(y, lang)} simulated {'year' if y == 1 else 'years'}"


def integer(n: float | None, lang: str = "en") -> str:
    """A count with thousands grouping."""
    return num(n, 0, lang)


def years_text(y: float, lang: str = "en") -> str:
    """A number of simulated years: whole from 10 on (``30``), else as many decimals as a short run needs (``0.1``)."""
    digits = 0 if y >= 10 or float(y).is_integer() else (1 if y >= 1 else 2)
    return num(y, digits, lang)


def pct(share: float | None, digits: int = 0, lang: str = "en", space: bool = True) -> str:
    """A share (0–1) as a percentage, ``56 %``."""
    if share is None or missing(share):
        return "–"
    return num(100 * share, digits, lang) + ("\u00a0%" if space else "%")


def signed_interval(lo: float | None, hi: float | None, digits: int, lang: str = "en") -> str:
    """A 95 % interval of a signed figure (a difference), in brackets: ``[-0.52, -0.37]``; in Swedish
    ``[−0,52 till −0,37]``.

    Every signed interval of every output is printed here. With decimal commas, ``[−0,52, −0,37]`` is a row of
    commas the reader has to decode, and ``−0,52–−0,37`` doubles the dash; "till" is what the Swedish maps say.
    """
    a, b = num(lo, digits, lang, sign=True), num(hi, digits, lang, sign=True)
    return f"[{a} till {b}]" if lang == "sv" else f"[{a}, {b}]"


def rounded(x: float, digits: int) -> float:
    """``x`` as it is printed with ``digits`` decimals (negative zero is zero)."""
    return round(x, digits) + 0.0


def interval_digits(ci: list[float] | tuple[float, float] | None, digits: int, extra: int = 2) -> int:
    """Decimals to print interval ``ci`` with: ``digits``, or up to ``extra`` more where its two ends would print
    the same although they differ.

    A board read "97–97 %" and "between 0.02 and 0.02 minutes" as an error; "96.6–97.4 %" is what the interval
    says. An interval of one value (``lo == hi``) keeps ``digits``.
    """
    if not ci or missing(ci[0]) or missing(ci[1]) or ci[0] == ci[1]:
        return digits
    k = digits
    while k < digits + extra and rounded(ci[0], k) == rounded(ci[1], k):
        k += 1
    return k


def excludes_zero(ci: list[float] | tuple[float, float] | None, digits: int) -> bool:
    """True when the interval, printed with ``digits`` decimals, lies strictly on one side of zero.

    A difference whose printed interval touches 0 (``[+0.00, +0.12]``) is not
    called significant: the reader sees the zero.
    """
    if not ci or missing(ci[0]) or missing(ci[1]):
        return False
    lo, hi = rounded(ci[0], digits), rounded(ci[1], digits)
    return lo > 0 or hi < 0
