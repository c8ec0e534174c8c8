"""Reading TOML input with validation at the edge.

A :class:`Table` wraps one TOML table together with the file it came from and
its dotted path, so every accessor can raise an :class:`~raddsim.core.errors.InputError`
that names the file, the field and the fix. Downstream code receives plain frozen
dataclasses and never re-validates.
"""

from __future__ import annotations

import builtins
import difflib
import math
import re
import tomllib
from pathlib import Path
from typing import Any, Iterable, Literal, Mapping, overload

from raddsim.core.errors import InputError
from raddsim.core.text import degrees_hint, number_hint, percent_hint, read_text
from raddsim.region.planner_words import planner_hint

_MISSING = object()


def read_toml(path: str | Path, slot: str | None = None) -> dict[str, Any]:
    """Read a TOML file, turning every failure into one clear :class:`InputError`.

    ``slot``: what belongs where this file was given, for a file of another format (``--scenarios-file
    crews.csv`` was told to give the region file); by default the region file.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("file not found.", file=path, fix="check the path.")
    if path.is_dir():
        raise InputError("is a directory, expected a TOML file.", file=path, fix="give the path of a .toml file.")
    text = read_text(path)  # UTF-8 with or without BOM; anything else an error naming the file
    # CR line ends (an old Mac editor's) read as the CSV readers read them: TOML allows a CR only before an LF, so
    # this changes no file tomllib reads, and a CR-only file is not "malformed at line 1".
    text = re.sub(r"\r(?!\n)", "\n", text)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        other = next((what for end, what in _OTHER_FORMATS if path.name.lower().endswith(end)), None)
        if other is not None:  # e.g. --stations networks/norrtalje_approx.osm
            raise InputError(f"this is {other}, not a TOML file.", file=path,
                             fix=slot or "give raddsim's TOML file here (the region file, e.g. "
                                         "stations/norrtalje.toml, names its network, places and outlines).") from None
        twice = _given_twice(text, str(exc))
        if twice is not None:
            raise InputError(twice, file=path, fix="delete one of them (or merge them).") from None
        raise InputError(f"malformed TOML ({exc}).", file=path,
                         fix=_syntax_hint(text, str(exc)) or "correct the TOML syntax at the position given.") from None
    except RecursionError:
        raise InputError("malformed TOML (nested too deeply).", file=path,
                         fix="flatten the nested tables or arrays.") from None


#: What a word processor or a Swedish keyboard puts into a TOML line that TOML cannot read, and the fix for each.
_PASTED = (
    (re.compile("[\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb]"),
     "the line holds typographic quotes (\u201d \u2019), as a word processor or a PDF writes them: write plain "
     "straight quotes (\") around texts."),
    (re.compile("[\u00a0\u2007\u202f]"),
     "the line holds a non-breaking space (copied from a web page, a PDF or Word): retype the spaces."),
    (re.compile("[=\\[,]\\s*[\u2212\u2013\u2014]\\s*\\d"),
     "the line holds a minus sign pasted from Word or a web page (U+2212 \u2212, or a dash): write - from the "
     "keyboard."),
    (re.compile(r"=\s*[-+]?\d+,\d+\s*(#.*)?$"),
     "a decimal comma: TOML numbers take a decimal point (6.5, not 6,5)."),
)


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


def _given_twice(text: str, message: str) -> str | None:
    """"types.building_fire.share is given twice (lines 62 and 63)." for tomllib's "Cannot overwrite a value (at line
    63 …)" or "Cannot declare ('types', 'building_fire') twice", which named neither the key nor the first line."""
    lines = text.splitlines()
    declared = re.search(r"Cannot declare \((.*)\) twice", message)
    if declared:
        name = ".".join(re.findall(r"'([^']*)'", declared.group(1)))
        hits = [k + 1 for k, ln in enumerate(lines)
                if (m := _HEADER.match(ln)) and re.sub(r"\s+", "", m.group(1)).replace('"', "") == name]
        where = f" (lines {', '.join(map(str, hits[:-1]))} and {hits[-1]})" if len(hits) > 1 else ""
        return f"the table [{name}] is given twice{where}."
    at = re.search(r"Cannot overwrite a value \(at line (\d+)", message)
    if at is None or not 1 <= int(at.group(1)) <= len(lines):
        return None
    line = int(at.group(1))
    key = lines[line - 1].partition("=")[0].strip().replace('"', "")
    table, first = "", None
    for k, ln in enumerate(lines[:line - 1], start=1):
        header = _HEADER.match(ln)
        if header:
            table = re.sub(r"\s+", "", header.group(1)).replace('"', "")
            continue
        if ln.partition("=")[0].strip().replace('"', "") == key and "=" in ln:
            first = (k, table)
    table = next((re.sub(r"\s+", "", m.group(1)).replace('"', "") for ln in reversed(lines[:line - 1])
                  if (m := _HEADER.match(ln))), "")
    full = f"{table}.{key}" if table else key
    lines_said = f" (lines {first[0]} and {line})" if first is not None and first[1] == table else f" (line {line})"
    return f"{full} is given twice{lines_said}."


def _syntax_hint(text: str, message: str) -> str:
    """The fix for a TOML syntax error whose line holds something pasted (see :data:`_PASTED`); "" for none."""
    at = re.search(r"at line (\d+)", message)
    lines = text.splitlines()
    if at is None or not 1 <= int(at.group(1)) <= len(lines):
        return ""
    line = lines[int(at.group(1)) - 1]
    return next((f"{fix} (line {at.group(1)})" for pattern, fix in _PASTED if pattern.search(line)), "")


#: raddsim's TOML files, told apart by their top-level keys, the most specific first: (kind, keys, what it is,
#: where it belongs). A sweep spec's ``region`` is a path, so it is tried before the region file's [region].
_TOML_KINDS = (
    ("sweep", {"axes", "overrides"}, "a sweep specification", "give it to raddsim sweep SPEC.toml --out DIR"),
    ("posterior", {"posterior"}, "a posterior file (written by raddsim calibrate --write)",
     'name it in a scenario\'s posterior = "..." or give it to compare --uncertain N --posterior'),
    ("options", {"levels", "sites", "extra_crews", "options"}, "an options file for raddsim optimise",
     "give it to raddsim optimise OPTIONS.toml"),
    ("types", {"types", "capabilities"}, "an incident types file (it has [types] or [capabilities])",
     'name it in the region file\'s [demand] types = "..."'),
    ("region", {"region", "stations", "crews"}, "a region file (it has [region], [stations] or [crews])",
     "pass it with --stations (or --region); a --scenarios-file holds only [scenarios.<name>] tables"),
)
#: What a file of another format is (a road network or an outline, not TOML), by its name's ending.
_OTHER_FORMATS = ((".osm", "a road network"), (".osm.bz2", "a road network"), (".pbf", "a road network"),
                  (".graphml", "a road network"), (".npz", "a road network archive"), (".csv", "a CSV table"),
                  (".geojson", "a GeoJSON outline"), (".gpkg", "a GeoPackage"), (".zip", "a zip archive"),
                  (".xml", "an XML file"), (".json", "a JSON file"))


def wrong_kind(data: Mapping[str, Any], path: str | Path, expected: str, label: str) -> InputError | None:
    """An error saying the file is another of raddsim's TOML files than the ``expected`` kind, or None.

    Kinds: ``region``, ``types``, ``posterior``, ``options``, ``sweep``, or ``scenarios`` (a file of
    ``[scenarios.<name>]`` tables only, which matches none). ``label`` names the expected kind in the message.
    """
    found = next(((what, where) for kind, keys, what, where in _TOML_KINDS if set(data) & keys), None)
    kind = next((kind for kind, keys, _, _ in _TOML_KINDS if set(data) & keys), "scenarios")
    if kind == "scenarios" and set(data) == {"scenarios"}:  # e.g. --stations stations/norrtalje_calibrated.toml
        found = ("a scenarios file (it holds only [scenarios.<name>] tables)",
                 "pass it with --scenarios-file, beside the region file it builds on (--stations)")
    if found is None or kind == expected:
        return None
    return InputError(f"this is {found[0]}, not {label}.", file=path, fix=f"{found[1]}.")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' Did you mean X?' hint, or '' when nothing is close.

    Another service's word or unit (a US "captain", ``turnout_seconds``) is named with raddsim's own and why
    (:func:`raddsim.region.planner_words.planner_hint`): spelling alone found none, or a wrong one.
    """
    choices = list(choices)
    import unicodedata

    nfc = unicodedata.normalize("NFC", word)
    same = [c for c in choices if c != word and unicodedata.normalize("NFC", c) == nfc]
    if same:  # "Did you mean 'älmsta'?" for 'älmsta' read as a joke (probe of bad inputs)
        return (f" '{same[0]}' is spelt the same but its accents are encoded differently (Unicode NFC or NFD: an "
                "accent stored as a character of its own); retype one of the two.")
    planner = planner_hint(word, choices)
    if planner:
        return planner
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def is_range(v: Any) -> bool:
    """Whether ``v`` is ``[low, high]`` (two finite numbers, low <= high)."""
    return (isinstance(v, list) and len(v) == 2 and all(isinstance(x, (int, float)) and not isinstance(x, bool)
                                                        and math.isfinite(x) for x in v) and v[0] <= v[1])


class Table:
    """A TOML table with its file and dotted path, for validating accessors."""

    def __init__(self, data: dict[str, Any], file: str | Path, path: str = "") -> None:
        if not isinstance(data, dict):
            raise InputError(f"expected a table, got {type(data).__name__}.", file=file, field=path or None)
        self.data = data
        self.file = file if isinstance(file, Path) else Path(file)  # Path(Path) parses again: 8k tables a load
        self.path = path

    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str | None, message: str, fix: str | None = None) -> InputError:
        return InputError(message, file=self.file, field=self.field(key) if key else (self.path or None), fix=fix)

    def __contains__(self, key: str) -> bool:
        return key in self.data

    def keys(self) -> list[str]:
        return list(self.data)

    def check_keys(self, allowed: Iterable[str]) -> None:
        """Reject keys that are not in ``allowed`` (typos silently ignored are worse than errors)."""
        allowed = list(allowed)
        for key in self.data:
            if key not in allowed:
                raise self.error(
                    key,
                    f"unknown key '{key}'.{did_you_mean(key, allowed)}",
                    fix=f"use one of: {', '.join(sorted(allowed))}.",
                )

    def get(self, key: str, default: Any = _MISSING) -> Any:
        if key not in self.data:
            if default is _MISSING:
                raise self.error(key, "required field is missing.", fix=f"add '{key} = ...'.")
            return default
        return self.data[key]

    def table(self, key: str, default: Any = _MISSING) -> "Table":
        if key not in self.data and default is _MISSING:  # "add 'region = ...'" did not say it is a [table]
            raise self.error(key, "required table is missing.", fix=f"add a [{self.field(key)}] table.")
        value = self.get(key, default)
        if value is None:
            return Table({}, self.file, self.field(key))
        if not isinstance(value, dict):
            raise self.error(key, f"expected a table, got {type(value).__name__}.",
                             fix=f"write it as [{self.field(key)}].")
        return Table(value, self.file, self.field(key))

    def str(self, key: builtins.str, default: Any = _MISSING, choices: Iterable[str] | None = None, *,
            empty: builtins.bool = False) -> str:
        """A text (one of ``choices`` if given); ``default`` if absent. ``empty``: a free text (a note, an address,
        a source) that may be written empty; otherwise an empty text is refused, as it would read as not given."""
        if key not in self.data and default is not _MISSING:
            return default  # absent: the default (a value the user wrote is checked even if equal to it)
        value = self.get(key, default)
        if empty and isinstance(value, str):
            return value
        if not isinstance(value, str) or not value.strip():
            fix = "write it in quotes." if not isinstance(value, str) else (
                "write the text, or leave the key out." if default is not _MISSING else "write the text.")
            raise self.error(key, f"expected a non-empty text, got {value!r}.", fix=fix)
        if choices is not None:
            choices = list(choices)
            if value not in choices:
                raise self.error(
                    key, f"'{value}' is not allowed.{did_you_mean(value, choices)}",
                    fix=f"use one of: {', '.join(choices)}."
                )
        return value

    @overload
    def number(self, key: builtins.str, default: Any = ..., *, min: float | None = ..., max: float | None = ...,
               min_exclusive: builtins.bool = ..., integer: Literal[True]) -> int: ...

    @overload
    def number(self, key: builtins.str, default: Any = ..., *, min: float | None = ..., max: float | None = ...,
               min_exclusive: builtins.bool = ..., integer: Literal[False] = ...) -> float: ...

    def number(
        self,
        key: builtins.str,
        default: Any = _MISSING,
        *,
        min: float | None = None,
        max: float | None = None,
        min_exclusive: builtins.bool = False,
        integer: builtins.bool = False,
    ) -> float:
        """A number (a whole one with ``integer``: then an ``int``), optionally bounded; ``default`` if absent."""
        if key not in self.data and default is not _MISSING:
            return default  # absent: the default (a value the user wrote is checked even if equal to it)
        value = self.get(key, default)
        if isinstance(value, dict):
            self._range_within(key, value, min, max, min_exclusive)
            value = self._ranged(key, value)
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or (isinstance(value, float) and not math.isfinite(value))
        ):
            raise self.error(key, f"expected a number, got {value!r}{number_hint(value)}.",
                             fix="write a plain number.")
        if integer and not float(value).is_integer():
            raise self.error(key, f"expected a whole number, got {value!r}.", fix="write an integer.")
        if min is not None and (value < min or (min_exclusive and value == min)):
            bound = f"greater than {min}" if min_exclusive else f"at least {min}"
            raise self.error(key, f"must be {bound}, got {value!r}.", fix=f"use a value {bound}.")
        if max is not None and value > max:
            hint = degrees_hint(value) if key in ("lat", "lon") else percent_hint(value, min, max)
            raise self.error(key, f"must be at most {max}, got {value!r}{hint}.", fix=f"use a value of at most {max}.")
        return int(value) if integer else float(value)

    def _range_within(self, key: builtins.str, value: dict, lo: float | None, hi: float | None,
                      lo_exclusive: builtins.bool) -> None:
        """Refuse a range reaching beyond the bounds the value itself has (a turnout range [-1, 8], [3, 1e300]).

        Only the value was checked: `run` accepted the file and the draws of `calibrate` or `compare --uncertain`
        were values the field refuses, or absurd ones.
        """
        rng: Any = value.get("range")
        if not is_range(rng):
            return  # not a range at all: _ranged names it
        below = lo is not None and (rng[0] < lo or (lo_exclusive and rng[0] == lo))
        if below or (hi is not None and rng[1] > hi):
            bound = ("greater than" if lo_exclusive else "at least") + f" {lo}" if below else f"at most {hi}"
            hint = (f" (percentages? write [{rng[0] / 100:g}, {rng[1] / 100:g}])"
                    if not below and percent_hint(rng[1], lo, hi) else "")
            raise self.error(f"{key}.range", f"the range {rng!r} reaches beyond what {key} may be: every drawn "
                             f"value must be {bound}{hint}.", fix=f"keep both ends of the range {bound}.")

    def _ranged(self, key: builtins.str, value: dict) -> Any:
        """The value of an uncertain parameter written ``{ value = x, range = [lo, hi], source = "..." }``."""
        sub = Table(value, self.file, self.field(key))
        sub.check_keys(["value", "range", "source", "note"])
        rng = sub.get("range", None)
        if rng is not None and not is_range(rng):
            raise sub.error("range", f"expected [low, high] with low <= high, got {rng!r}.",
                            fix="write e.g. range = [0.8, 1.0].")
        v = sub.get("value")
        if rng is not None and isinstance(v, (int, float)) and not rng[0] <= v <= rng[1]:
            raise sub.error("value", f"{v!r} lies outside its range {rng!r}.",
                            fix="widen the range or correct the value.")
        return v

    def bool(self, key: builtins.str, default: Any = _MISSING) -> builtins.bool:
        value = self.get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {value!r}.", fix="write true or false (no quotes).")
        return value

    def str_list(self, key: builtins.str, default: Any = _MISSING) -> list[builtins.str]:
        value = self.get(key, default)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(key, f"expected a list of texts, got {value!r}.", fix='write it as ["a", "b"].')
        return list(value)

    @overload
    def path_value(self, key: builtins.str) -> Path: ...

    @overload
    def path_value(self, key: builtins.str, default: Any) -> Path | None: ...

    def path_value(self, key: builtins.str, default: Any = _MISSING) -> Path | None:
        """A path field, resolved relative to the file it is written in."""
        value = self.get(key, default)
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            raise self.error(key, f"expected a file path, got {value!r}.", fix="write the path in quotes.")
        p = Path(value).expanduser()
        if p.is_absolute():
            return p
        # "stations/../networks/x.osm" read as the file it is (resolve, as the kernel would through a symlink),
        # so messages and printed headers name it plainly
        return (self.file.parent / p).resolve() if ".." in p.parts else self.file.parent / p

    @overload
    def existing_path(self, key: builtins.str) -> Path: ...

    @overload
    def existing_path(self, key: builtins.str, default: Any) -> Path | None: ...

    def existing_path(self, key: builtins.str, default: Any = _MISSING) -> Path | None:
        """A path field that must name a file or folder that exists, resolved relative to the file it is written in.

        Checked where the key is read, so that a missing file is named with the file and field that name it
        (``[demand] types``), not by its own path alone ("file not found. Fix: check the path.").
        """
        path = self.path_value(key, default)
        if path is not None and not path.exists():
            raise self.error(key, f"names '{self.get(key)}', which does not exist ({path}).",
                             fix=f"correct the path (it is relative to {self.file.name}), or put the file there.")
        return path
