"""Argument types shared by the subcommands: numbers with a lower bound, as argparse usage errors."""

from __future__ import annotations

import argparse
from typing import Callable


def _bounded(kind: type, low: float, exclusive: bool) -> Callable[[str], float]:
    what = "a whole number" if kind is int else "a number"
    bound = f"greater than {low:g}" if exclusive else f"at least {low:g}"

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
        if not (value > low if exclusive else value >= low):
            raise argparse.ArgumentTypeError(f"must be {bound}, got {value}")
        return value

    return parse


positive_int = _bounded(int, 1, exclusive=False)
non_negative_int = _bounded(int, 0, exclusive=False)
positive_float = _bounded(float, 0, exclusive=True)
