"""The date a board paper carries, reproducibly: today, or ``SOURCE_DATE_EPOCH`` when that is set.

``SOURCE_DATE_EPOCH`` (seconds since 1970-01-01 UTC) is the reproducible-builds convention
(https://reproducible-builds.org/specs/source-date-epoch/): with it set, the same seed makes the same report to
the byte on any day; without it the paper is dated the day it is made, as a board paper should be.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

from raddsim.core.errors import InputError
from raddsim.views.i18n import t


def source_date_epoch() -> datetime | None:
    """``SOURCE_DATE_EPOCH`` as a UTC time, or None when it is unset or empty.

    Raises
    ------
    InputError
        When it is set to something that is not whole seconds since 1970.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise InputError(f"SOURCE_DATE_EPOCH={epoch!r} is not a time.", field="SOURCE_DATE_EPOCH",
                         fix="give whole seconds since 1970-01-01 UTC (e.g. $(git log -1 --format=%ct)), "
                             "or unset it.") from None


def report_date() -> date:
    """The date of the report: the UTC day of ``SOURCE_DATE_EPOCH`` when set, else today (local time)."""
    when = source_date_epoch()
    return when.date() if when is not None else date.today()


def date_words(day: date, lang: str) -> str:
    """A date as the language writes it: "1 December 2026", "1 december 2026"."""
    months = t("rep_months", lang).split(",")
    return t("rep_date_format", lang, d=str(day.day), m=months[day.month - 1].strip(), y=str(day.year))
