"""Bad arguments to the public Python API, generated: every parameter of every function in ``raddsim.__all__``,
given every value of a fixed list.

The file and command-line corpora (test_bad_inputs_corpus.py, test_bad_args_corpus.py) damage what a user writes;
this one what a researcher passes from a notebook. The parameters are read with ``inspect.signature``: a new
parameter is picked up without editing anything here, and a new public function fails
``test_every_public_function_has_a_base`` until ``corpus_helpers.api_bases`` has a quick valid call of it (on the
default Norrtälje model, years=0.02 and 2 replications, or on Corpby for the functions reading files). Each case
changes one parameter of that base call to one value of ``corpus_helpers.API_VALUES``: None, "", "abc", -1, 0, 1.5,
NaN, ±inf, True (a bool for a number), 10**12 (years and replications: refused before the work), a list for a
scalar and a scalar for a list, a dict, a Region or a Setup where another thing is expected, a missing file and an
empty folder.

The oracle of every case: the call returns, or raises one ``raddsim.InputError`` whose ``field`` (or message) names
the parameter — or, as the file corpus asks, the file read (a path given, or the region file a scenario name is
looked up in) — and which has a fix; never another exception from inside (AttributeError, KeyError, TypeError,
ValueError, numpy's …), never longer than ``LIMIT`` seconds; a value the parameter's annotation rules out
(``corpus_helpers.never_legal``: NaN for a number, text for a model, a missing file to read …) is refused, not
returned from; and the model's region and scenario are the same after every case (nothing passed in is changed).
Each case runs in a folder of its own (its "missing" file and empty folder are there; an output "abc" is written
there).
Every case runs (≈ 2,000, ≈ 40 s on one core): no sampling.
"""

from __future__ import annotations

import inspect
import signal
import warnings
from pathlib import Path

import pytest
from corpus_helpers import API_VALUES, api_bases, api_cases, api_value, fingerprint, never_legal, write_corpby

import raddsim

#: Longest a case may run (s): the slowest valid call (a tiny report of the default scenarios) takes ≈ 3 s alone and
#: twice that while another test process shares the cores (``pytest -n auto``); 10**12 years would take forever.
LIMIT = 30
CASES = [pytest.param(name, param, value, id=f"{name}-{param}-{value}") for name, param, value in api_cases()]


class _TooLong(BaseException):
    """Raised when a case runs too long (a BaseException: no ``except Exception`` inside raddsim eats it)."""


def _alarm(signum, frame) -> None:
    raise _TooLong


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict:
    """The objects the base calls take: the default model, a tiny run, Corpby's files (read-only to the cases)."""
    return api_bases(raddsim, write_corpby(tmp_path_factory.mktemp("corpby")), tmp_path_factory.mktemp("out"))


def _call(world: dict, name: str, param: str, value: str, folder: Path):
    """The outcome of one case: ("ok", result), ("error", the exception) or ("slow", None)."""
    fn = getattr(raddsim, name)
    args = dict(world["bases"][name]())
    default = inspect.signature(fn).parameters[param].default
    args[param] = api_value(world, value, args.get(param, default), folder)
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(LIMIT)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return "ok", fn(**args)
    except _TooLong:
        return "slow", None
    except Exception as e:  # noqa: BLE001 - the oracle judges every exception
        return "error", e
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize(("name", "param", "value"), CASES)
def test_a_bad_argument_is_one_input_error_or_runs(world, name, param, value, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # "abc" is a relative path: an output named so is written here
    (tmp_path / "empty").mkdir()
    before = fingerprint(world)
    outcome, got = _call(world, name, param, value, tmp_path / "empty")
    assert outcome != "slow", f"{name}({param}={value}) ran longer than {LIMIT} s: not refused before the work"
    if outcome == "error":
        assert isinstance(got, raddsim.InputError), f"{name}({param}={value}): {type(got).__name__}: {got}"
        assert got.fix, f"{name}({param}={value}): no fix in {got}"
        # A file read (or the region file a scenario name is looked up in) is named as the file corpus names it.
        named = got.field == param or param in str(got) or got.file is not None
        assert named, f"{name}({param}={value}) does not name {param}: {got}"
    else:
        param_obj = inspect.signature(getattr(raddsim, name)).parameters[param]
        assert not never_legal(param_obj, value), f"{name}({param}={value}) was accepted: {type(got).__name__}"
    assert fingerprint(world) == before, f"{name}({param}={value}) changed the region or scenario passed in"


def test_every_public_function_has_a_base(world) -> None:
    functions = {n for n in raddsim.__all__ if inspect.isfunction(getattr(raddsim, n))}
    assert functions == set(world["bases"]), "give a new public function a quick valid call in api_bases"
    for name, base in world["bases"].items():  # each base call runs as it is (else every case of it is moot)
        getattr(raddsim, name)(**base())


def test_the_values_cover_the_brief() -> None:
    assert {"None", "nan", "inf", "-inf", "True", "1e12", "list_or_item", "dict", "region", "setup", "missing",
            "folder"} <= set(API_VALUES)
