"""The arguments of a public function checked against its annotations, so a wrong kind of value is one
:class:`~raddsim.core.errors.InputError` naming the argument, not an AttributeError or a numpy error from inside.

A researcher calls the functions of ``raddsim.__all__`` from a notebook, where nothing parsed the values first:
``first_arrival_minutes(None)`` was "'NoneType' object has no attribute 't_arrival'", ``generate_incidents(...,
seed=nan)`` an OverflowError, ``simulate(..., measure_from_s=nan)`` a silent run. :func:`checked_arguments` reads
each parameter's annotation (``RunRecords``, ``float | None``, ``list[str]`` …) once and refuses a value of none of
its kinds: a number must be finite and not a bool, and a flag True or False (``basemap="no"`` was a basemap). The
arguments with bounds of their own (``years``, ``replications``, ``seed``, ``replication``, ``target_minutes``,
``alarms_per_year``, ``what_if_replications``) get those checks, the same as the command line's. A path is checked
where it is read (``path_argument``), and the parameters a function checks itself (``own``) are left to it, with
their messages. What a value means (a known scenario, an existing file) is still the function's to check.
"""

from __future__ import annotations

import functools
import inspect
import os
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from raddsim.core.bounds import (
    check_replications,
    check_seed,
    check_target_minutes,
    check_years,
    finite_number,
    whole_number,
)
from raddsim.core.errors import InputError

F = TypeVar("F", bound=Callable[..., Any])

#: Arguments checked by name, with their bounds (the annotation says only "a number").
BY_NAME: dict[str, Callable[[Any], Any]] = {
    "years": check_years, "replications": check_replications, "seed": check_seed,
    "replication": lambda v: check_replications(v, field="replication", least=0, most=float("inf"),
                                                fix="give the replication's index, e.g. replication=0."),
    "target_minutes": check_target_minutes, "alarms_per_year": lambda v: _alarms_per_year(v),
    "what_if_replications": lambda v: check_replications(v, field="what_if_replications",
                                                         fix="give e.g. what_if_replications=10 (paired replications "
                                                             "of each what-if)."),
}
def _alarms_per_year(value: Any) -> None:
    if value is not None and not (finite_number(value) and value >= 0):  # was numpy's "lam < 0" ValueError
        raise InputError(f"alarms_per_year must be a number of at least 0, got {value!r:.60}.",
                         field="alarms_per_year", fix="give e.g. alarms_per_year=1500, or None for the demand's own.")


def _numbers(value: Any) -> bool:
    """Whether a value is an array (or a list) of numbers: ``[array]`` or text was a numpy error inside."""
    import numpy as np

    if isinstance(value, (str, bytes, Mapping)) or not hasattr(value, "__len__"):
        return False
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        return False
    return array.ndim == 1 and array.dtype.kind in "biuf"


def _flag(value: Any) -> bool:
    """Whether a value is True or False (numpy's too): "no" or 0 for ``basemap=`` was silently True or False."""
    import numpy as np

    return isinstance(value, (bool, np.bool_))


#: What each simple annotation takes: (described as, test).
SIMPLE: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "None": ("None", lambda v: v is None),
    "float": ("a finite number", finite_number),
    "int": ("a whole number", whole_number),
    "bool": ("True or False", _flag),
    "str": ("text", lambda v: isinstance(v, str)),
    "Path": ("a path", lambda v: isinstance(v, os.PathLike) or (isinstance(v, str) and bool(v.strip()))),
    "np.ndarray": ("a 1-D array of numbers", _numbers),
}
#: Generic annotations: (described as, test of the container only).
GENERIC: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "list": ("a list", lambda v: isinstance(v, (list, tuple))), "tuple": ("a tuple", lambda v: isinstance(v, tuple)),
    "Sequence": ("a list", lambda v: isinstance(v, (list, tuple))),
    "dict": ("a dict", lambda v: isinstance(v, Mapping)), "Mapping": ("a mapping", lambda v: isinstance(v, Mapping)),
    "Callable": ("a function", callable),
}
Test = tuple[str, Callable[[Any], bool]]


def _alternatives(annotation: str) -> list[str]:
    """The top-level ``|`` alternatives of an annotation (``list[str | Path] | None`` → two)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(annotation):
        depth += {"[": 1, "]": -1}.get(ch, 0)
        if ch == "|" and depth == 0:
            parts.append(annotation[start:i].strip())
            start = i + 1
    return [*parts, annotation[start:].strip()]


def _public(name: str) -> Any:
    """A public class of raddsim by name (one a module imports only for typing, e.g. ``Setup``), else None."""
    import raddsim

    return getattr(raddsim, name) if name in raddsim.__all__ else None


def _test(alternative: str, names: Mapping[str, Any]) -> Test | None:
    """What one alternative takes; None when it is not checkable (Any, a name imported only for typing)."""
    head = re.sub(r"\[.*", "", alternative).strip("'\" ")
    if head in SIMPLE:
        return SIMPLE[head]
    if head in GENERIC:
        inner = re.fullmatch(r"[\w.]+\[([\w.]+)(, \.\.\.)?\]", alternative)  # list[Setup]: each item too
        item = _test(inner.group(1), names) if inner and head in ("list", "tuple", "Sequence") else None
        if item is None:
            return GENERIC[head]
        said, whole = GENERIC[head]
        return f"{said} of {item[0]}", lambda v: whole(v) and all(item[1](i) for i in v)
    if head == "Any":
        return None
    cls: Any = names.get(head.split(".")[0]) or _public(head)
    for part in head.split(".")[1:]:
        cls = getattr(cls, part, None)
    if inspect.isclass(cls) and cls is not bool:
        article = "an" if cls.__name__[0] in "AEIOU" else "a"
        return f"{article} {cls.__name__}", lambda v: isinstance(v, cls)
    return None


def _plan(fn: Callable[..., Any], own: tuple[str, ...]) -> dict[str, list[Test]]:
    """Each checkable parameter's tests (any one passing accepts a value)."""
    plan = {}
    for p in inspect.signature(fn).parameters.values():
        if p.name in own or p.name in BY_NAME or p.annotation is inspect.Parameter.empty:
            continue
        alternatives = _alternatives(str(p.annotation))
        if "Path" in alternatives:  # a path is checked where it is read (raddsim.core.io.path_argument), naming it
            continue
        tests = [_test(a, fn.__globals__) for a in alternatives]
        if tests and all(t is not None for t in tests):
            plan[p.name] = [t for t in tests if t is not None]
    return plan


def _check(name: str, value: Any, tests: list[Test], fn: Callable[..., Any]) -> None:
    blank_path = isinstance(value, str) and not value.strip() and any(d == "a path" for d, _ in tests)
    if not blank_path and any(test(value) for _, test in tests):
        return
    kinds = " or ".join(dict.fromkeys(d for d, _ in tests))
    raise InputError(f"{name} must be {kinds}, got {type(value).__name__} {value!r:.60}.", field=name,
                     fix=f"pass {kinds} as {name} (help({_where(fn)}) says what each argument is).")


def _where(fn: Callable[..., Any]) -> str:
    """The name a user calls ``fn`` by: ``raddsim.compare``, or its module's for one not in ``raddsim.__all__``."""
    public = _public(fn.__name__)
    home = "raddsim" if getattr(public, "__wrapped__", public) is fn else fn.__module__
    return f"{home}.{fn.__name__}"


def checked_arguments(*own: str) -> Callable[[F], F]:
    """Decorate a public function: its arguments are checked against its annotations before it runs.

    Parameters
    ----------
    *own : str
        Parameters the function checks itself (with messages of their own, e.g. ``model``, ``setups``).

    Returns
    -------
    Callable
        The decorator; the function keeps its name, signature and docstring.
    """
    def decorate(fn: F) -> F:
        signature = inspect.signature(fn)
        names = [n for n in signature.parameters if n in BY_NAME and n not in own]
        plans: list[dict[str, list[Test]]] = []  # read on the first call, when every module it names is imported

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not plans:
                plans.append(_plan(fn, own))
            plan = plans[0]
            bound = signature.bind(*args, **kwargs)  # a wrong number of arguments is Python's own TypeError
            for name, value in bound.arguments.items():
                if name in names and not (value is None and signature.parameters[name].default is None):
                    BY_NAME[name](value)
                elif name in plan:
                    _check(name, value, plan[name], fn)
            return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


__all__ = ["BY_NAME", "checked_arguments"]
