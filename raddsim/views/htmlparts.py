"""Small HTML building blocks of the board report: escaped text, a value with its interval, a share, a table."""

from __future__ import annotations

import html
import math

from raddsim.views.numbers import num


def esc(x: object) -> str:
    """``x`` as text safe inside HTML."""
    return html.escape(str(x))


def missing(x) -> bool:
    """None or NaN: shown as a dash."""
    return x is None or (isinstance(x, float) and math.isnan(x))


def ci_html(value, ci, digits: int = 1, scale: float = 1.0, suffix: str = "", clip: bool = False,
            lang: str = "en", span: bool = True) -> str:
    """``value [lo–hi]`` as HTML that never breaks inside the interval (``span=False``: without its no-break span, for
    a cell that is one no-break span already: nested, Chromium's print layout split the outer one over lines)."""
    if missing(value):
        return "–"
    text = f"{num(value * scale, digits, lang)}{suffix}"
    if ci and not missing(ci[0]):
        lo, hi = ci
        if clip:
            lo, hi = max(lo, 0.0), min(hi, 1.0)
        text += f' <span class="ci">[{num(lo * scale, digits, lang)}–{num(hi * scale, digits, lang)}]</span>'
    return f'<span class="nw">{text}</span>' if span else text


def pct_html(x, digits: int = 0, lang: str = "en") -> str:
    """A share as a percentage (a no-break space before the sign), or a dash."""
    return "–" if missing(x) else f"{num(100 * x, digits, lang)}\u00a0%"


def table_html(head: list[str] | None, rows: list[list[str]], classes: list[str] | None = None, css: str = "") -> str:
    """A table: an optional header row, then the rows (cells are HTML already; ``classes`` per row)."""
    out = [f'<table class="{css}">' if css else "<table>"]
    if head:
        out.append("<tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>")
    for k, r in enumerate(rows):
        cls = f' class="{classes[k]}"' if classes and classes[k] else ""
        out.append(f"<tr{cls}>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>")
    out.append("</table>")
    return "\n".join(out)
