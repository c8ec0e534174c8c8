"""Errors raddsim reports to users.

Every problem with user input ends up as one :class:`InputError` that names the
file, the field and what to do about it. The CLI prints its message and exits
with status 2; it never shows a traceback for bad input.
"""

from __future__ import annotations

import re
from pathlib import Path


def _one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", str(text)).strip()


class RaddsimError(Exception):
    """Base class of errors raddsim raises on purpose."""


class InputError(RaddsimError):
    """Bad user input: a file, a field and a fix.

    Parameters
    ----------
    message
        What is wrong, in one sentence.
    file
        The file the problem is in, if any.
    field
        The dotted path of the offending field (``crews.rimbo.turnout_minutes``).
    fix
        What the user should do about it.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        field: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.file = str(file) if file is not None else None
        self.field = field
        # One line, always: a library's multi-line text (pandas, tomllib …) is folded into it.
        self.message = _one_line(message)
        self.fix = _one_line(fix) if fix is not None else None
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.file and self.field:
            where = f"{self.file}: {self.field}: "
        elif self.file:
            where = f"{self.file}: "
        elif self.field:
            where = f"{self.field}: "
        text = f"{where}{self.message}"
        if self.fix:
            text += f" Fix: {self.fix}"
        return text


class NoIntervalWarning(UserWarning):
    """A result whose figures carry no 95 % interval: fewer than 2 replications, so no spread to estimate it from.

    Warned by :func:`raddsim.experiment.compare.compare` called from Python (the command line says it in its
    tables instead); silence it with ``warnings.simplefilter("ignore", NoIntervalWarning)``.
    """
