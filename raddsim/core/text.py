"""Reading user text files: UTF-8 with or without a byte-order mark, anything else a clear error."""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from raddsim.core.errors import InputError

#: Byte-order marks of UTF-16 text: what Excel's "Unicode text" and Windows' Notepad "Unicode" save.
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


#: Letters Unicode does not decompose into an ASCII letter and a mark (NFKD leaves them whole, so they were
#: dropped: "Kløfta" → "klfta"), spelt as Nordic and German writers write them without the letter.
_FOLDED = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss", "đ": "d", "Đ": "D", "ł": "l",
                         "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "œ": "oe", "Œ": "Oe"})


def ascii_fold(text: str) -> str:
    """``text`` in ASCII letters for an id or a file name: accents dropped (``Öst`` → ``Ost``) and ``ø``, ``æ``,
    ``ß`` … spelt out (``Kløfta`` → ``Klofta``); what has no ASCII form is left out."""
    return unicodedata.normalize("NFKD", text.translate(_FOLDED)).encode("ascii", "ignore").decode("ascii")


def read_text(path: str | Path) -> str:
    """The text of ``path``, decoded as UTF-8 (a leading BOM is dropped).

    Raises
    ------
    InputError
        The file is missing, a directory, binary (has NUL bytes) or not UTF-8
        (e.g. Latin-1, as spreadsheet programs often save), naming the file and the byte.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("file not found.", file=path, fix="check the path.")
    if path.is_dir():
        raise InputError("is a directory, expected a text file.", file=path, fix="give the path of a file.")
    try:
        data = path.read_bytes()
    except OSError as exc:  # chmod 000, a file on a share that went away: say which file and why
        raise unreadable(exc, path) from None
    _refuse_other_encodings(data, path)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"is a binary file, not text (NUL byte at offset {nul}).", file=path,
                         fix="give a UTF-8 text file (TOML or CSV).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise not_utf8(data, exc.start, path) from None


#: What spreadsheet workbooks given where a CSV goes start with: (signature, a name inside, what the file is).
_WORKBOOKS = ((b"PK\x03\x04", b"[Content_Types].xml", "an Excel workbook (.xlsx)"),
              (b"PK\x03\x04", b"opendocument.spreadsheet", "a LibreOffice workbook (.ods)"),
              (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"", "an Excel 97–2003 workbook (.xls) or another Office document"))


def _utf16_without_bom(data: bytes) -> bool:
    """Whether ``data`` looks like UTF-16 text without a byte-order mark: every other byte NUL, the rest ASCII."""
    head = data[:512] if len(data) % 2 == 0 else data[:511]
    if len(head) < 4:
        return False
    for nul, ascii_ in ((head[0::2], head[1::2]), (head[1::2], head[0::2])):  # big-endian, little-endian
        if nul.count(0) >= 0.9 * len(nul) and ascii_.count(0) == 0:
            return True
    return False


def refuse_utf16(data: bytes, path: Path, field: str | None = None) -> None:
    """Refuse UTF-16 text (with or without a byte-order mark) by name, with how to save it as UTF-8.

    Parameters
    ----------
    data : bytes
        The file's first bytes (512 are enough).
    path : Path
        The file.
    field : str or None
        The option or field that named the file.

    Raises
    ------
    InputError
        When ``data`` is UTF-16 text.
    """
    table = path.suffix.lower() in (".csv", ".txt", ".tsv", ".xlsx", ".xls", ".ods")
    save = ("in Excel: Save As › 'CSV UTF-8 (comma delimited)'" if table else
            "in Notepad: Save As › Encoding UTF-8; in another editor: encoding UTF-8")
    if data.startswith(_UTF16_BOMS) or _utf16_without_bom(data):  # full of NUL bytes, but text
        how = "it starts with a UTF-16 byte-order mark" if data.startswith(_UTF16_BOMS) else "every other byte is 0"
        raise InputError(f"is UTF-16 text ({how}).", file=path, field=field, fix=f"save it as UTF-8 ({save}).")


def _refuse_other_encodings(data: bytes, path: Path) -> None:
    """Refuse UTF-16 text (with or without a BOM) and spreadsheet workbooks by name, not as "binary"."""
    refuse_utf16(data, path)
    for magic, inside, what in _WORKBOOKS:
        if data.startswith(magic) and inside in data[:4096]:
            raise InputError(f"is {what}, not a text file.", file=path,
                             fix="open it in the spreadsheet program and save it as a CSV file "
                                 "(in Excel: Save As › 'CSV UTF-8 (comma delimited)').")


def not_utf8(data: bytes, at: int, path: str | Path) -> InputError:
    """The error for a file that is not UTF-8: its byte, line, column and how to save it as UTF-8.

    Refused, never re-read as Windows-1252 (audit7): a cp1252 guess would silently turn a file in another
    encoding (Mac Roman, ISO-8859-2 from a planner elsewhere) into wrong place and island names in every
    output, and every byte is valid cp1252, so nothing would tell. One message naming the byte is a
    fix of seconds in the spreadsheet or editor.

    Parameters
    ----------
    data : bytes
        The file's contents.
    at : int
        Offset of the first byte that is not UTF-8.
    path : str or Path
        The file.

    Returns
    -------
    InputError
        Naming the file, the byte (and what it reads as in Windows-1252), its line and column, and the fix.
    """
    line = data[:at].count(b"\n") + 1
    column = at - (data.rfind(b"\n", 0, at) + 1) + 1
    try:
        seen = f" = {data[at:at + 1].decode('cp1252')!r} in Windows-1252"
    except UnicodeDecodeError:  # 0x81, 0x8d, … are unassigned in cp1252
        seen = ""
    table = Path(path).suffix.lower() in (".csv", ".txt", ".tsv")
    # A TOML file is written in a text editor, never in Excel (probe_bad2 #11: it was told "Save As › CSV UTF-8").
    by = ("Excel's plain 'CSV' and older editors do" if table else "older editors (Notepad's 'ANSI') do")
    save = ("in Excel: Save As › 'CSV UTF-8 (comma delimited)'; in an editor: encoding UTF-8" if table else
            "in the text editor: Save As › Encoding UTF-8")
    return InputError(f"is not UTF-8 text: byte 0x{data[at]:02x}{seen} at line {line}, column {column} (byte offset "
                      f"{at}); saved as Latin-1 / Windows-1252, as {by}?", file=path,
                      fix=f"save the file as UTF-8 ({save}) and run again.")


def unreadable(exc: OSError, path: str | Path) -> InputError:
    """The error for a file that exists but cannot be read (no read permission, an I/O error).

    Parameters
    ----------
    exc : OSError
        What the operating system said.
    path : str or Path
        The file.

    Returns
    -------
    InputError
        Naming the file, the reason and the fix.
    """
    if isinstance(exc, PermissionError):
        return InputError("cannot be read: permission denied.", file=path,
                          fix="give yourself read permission (chmod u+r FILE), or copy the file somewhere you can "
                              "read it.")
    return InputError(f"cannot be read: {exc.strerror or exc}.", file=path, fix="check the file and the disk it is on.")


def read_text_lines(path: str | Path) -> list[str]:
    """:func:`read_text` split into lines that keep their line ends (for the csv module)."""
    return read_text(path).splitlines(keepends=True)


def read_csv_table(path: str | Path, required: Sequence[str] = (), *,
                   fix: str | None = None) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and rows of a CSV file whose ``#`` lines are comments, every row as wide as the header.

    Parameters
    ----------
    path : str or Path
        The CSV file, read with :func:`read_text`.
    required : sequence of str
        Columns the header must have.
    fix : str, optional
        The fix for a missing column (default: list the required columns).

    Returns
    -------
    header : list of str
        The column names.
    rows : list of (int, dict)
        Each data row with the number of the physical line it starts on (comment and blank lines are
        counted, as an editor counts them, so an error points at the line the user sees).

    Raises
    ------
    InputError
        As :func:`read_text`, and :func:`parse_csv_table`.
    """
    # A comment line becomes a blank one, not dropped: the rows keep their physical line numbers (probe_bad2 #4:
    # "row 3" named what an editor shows as line 5 of a file with two comment lines).
    lines = ["\n" if ln.lstrip().startswith("#") else ln for ln in read_text_lines(path)]
    return parse_csv_table(lines, path, required, fix=fix)


def parse_csv_table(lines: Iterable[str], file: str | Path, required: Sequence[str] = (), *,
                    fix: str | None = None) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """:func:`read_csv_table` of lines already read (``file`` only names them in errors).

    Raises
    ------
    InputError
        A required column is missing (saying when the separator is ';' or a tab, or the names are not
        lower-case), or a row has more or fewer fields than the header (a decimal comma, an unquoted comma).
    """
    # Blank lines are skipped, as csv.DictReader does, and so are rows of empty cells only (",,,,"): what a
    # spreadsheet writes for rows once touched, which were refused as a crew or place without a name.
    reader = csv.reader(lines)
    rows, starts, last = [], [], 0
    for r in reader:
        if any(c.strip() for c in r):
            rows.append(r)
            starts.append(last + 1)  # a quoted cell may span lines: the row starts after the previous one ended
        last = reader.line_num
    header = rows[0] if rows else []
    check_csv_header(header, required, file, fix=fix)
    out = []
    named = len(header) - next((i for i, h in enumerate(reversed(header)) if h.strip()), 0)
    for n, row in zip(starts[1:], rows[1:]):
        if len(row) != len(header) and named < len(header) and len(row) == named:
            raise InputError(f"the header ends with {len(header) - named} empty column name(s) "
                             f"({','.join(header)!r}: a trailing comma?), the rows do not.", file=file,
                             fix="remove the trailing comma(s) from the header line.")
        if len(row) != len(header):
            raise csv_width_error(row, n, len(header), file, unit="line")
        out.append((n, dict(zip(header, row))))
    return header, out


def _check_header_names(header: Sequence[str], file: str | Path) -> None:
    """Refuse a header with an empty or repeated column name (audit7: both were told as a row's wrong width).

    A repeated name would let the later column silently replace the earlier one's values in every row.
    """
    seen: set[str] = set()
    for name in header:
        if name.strip() and name in seen:  # empty names: a spreadsheet's empty columns, harmless when rows match
            raise InputError(f"the header names column '{name}' twice.", file=file, field=name,
                             fix="delete or rename one of them.")
        seen.add(name)


def check_csv_header(header: Sequence[str], required: Sequence[str], file: str | Path, *,
                     fix: str | None = None) -> None:
    """Refuse a CSV ``header`` without the ``required`` columns, naming the likely cause, or naming one twice.

    Raises
    ------
    InputError
        Naming the separator (';' from a European-locale Excel, a tab), names in the wrong case, the missing columns, or
        a column named twice.
    """
    missing = [c for c in required if c not in header]
    if not missing:
        # Here, not only in parse_csv_table: the pandas readers (nodes/arcs) pass the header as written, and pandas
        # renames a second 'lon' to 'lon.1', so it was silently ignored.
        _check_header_names(header, file)
        return
    if not header:  # an empty file (or only comments): Excel's export of an empty sheet, a file never saved
        raise InputError("the file is empty (no header line).", file=file, field=missing[0],
                         fix=f"write the header {','.join(required)} and one row per line below it.")
    found = ", ".join(header) or "none"
    joined = ",".join(header)
    # A whole header in one cell: the file is not comma-separated.
    for sep, what in ((";", "';' (a European-locale Excel)"), ("\t", "a tab")):
        if sep in joined and len(header) <= 1:
            raise InputError(f"the separator is {what}, not a comma (header: {joined.strip()!r}).", file=file,
                             fix="save as CSV with commas and decimal points (in Excel: Save As › CSV UTF-8 with "
                                 "'.' as the decimal separator).")
    plain = {h.strip().lower() for h in header}
    if all(c in plain for c in missing):
        raise InputError(f"column names are lower-case, without spaces: found {found}.", file=file,
                         field=missing[0], fix=f"write the header as {','.join(required)}.")
    raise InputError(f"missing column(s) {', '.join(missing)} (found: {found}).", file=file, field=missing[0],
                     fix=fix or f"the header must contain: {','.join(required)}.")


def csv_width_error(row: Sequence[str], n: int, width: int, file: str | Path, *, unit: str = "row") -> InputError:
    """The error for CSV row ``n`` (or line, by ``unit``) whose field count is not the header's ``width``."""
    if any(";" in c for c in row) and len(next(csv.reader([",".join(row)], delimiter=";"))) == width:
        # "Rimbo;5223;59,7459;18,3511": a row pasted from a European Excel (';', decimal commas) into a comma file.
        return InputError(f"{unit} {n} is separated by ';', the header by commas (a row pasted from a European-locale "
                          "Excel?).",
                          file=file, fix="write the row with commas and decimal points, like the header.")
    if len(row) < width:
        return InputError(f"{unit} {n} has {len(row)} fields, the header has {width} (a missing value or comma?).",
                          file=file, fix="give every row one value per column (an empty value between commas: a,,c).")
    cause = "an unquoted comma in a text?"
    if not any(c.strip() for c in row[width:]):  # "…,yes,,,": a spreadsheet's empty columns, not a decimal comma
        return InputError(f"{unit} {n} has {len(row)} fields, the header has {width} (empty fields at its end: "
                          "trailing commas, e.g. from a spreadsheet's empty columns?).", file=file,
                          fix=f"remove the {len(row) - width} trailing comma(s), or delete the empty columns in the "
                              "spreadsheet before saving.")
    # "18,3511": an integer part and a fraction split by a decimal comma; numbers are mostly the last columns.
    for a, b in reversed(list(zip(row, row[1:]))):
        if re.fullmatch(r"\s*-?\d+", a) and re.fullmatch(r"\d+\s*", b):
            cause = f"a decimal comma in {a.strip()},{b.strip()}? write {a.strip()}.{b.strip()}"
            break
    return InputError(f"{unit} {n} has {len(row)} fields, the header has {width} ({cause}).", file=file,
                      fix='quote a field that holds a comma ("a, b") and use a decimal point.')


def decimal_comma_hint(text: object) -> str:
    """`` (a decimal comma? write 59.725)`` for a number written with a comma (``"59,725"``), else ``""``.

    Parameters
    ----------
    text : object
        The value as written (a CSV cell or a TOML string).

    Returns
    -------
    str
        The hint, with a leading space, or an empty string.
    """
    if isinstance(text, str) and re.fullmatch(r"\s*-?\d+,\d+\s*", text):
        return f" (a decimal comma? write {text.strip().replace(',', '.')})"
    return ""


#: Minus signs a word processor or a web page writes (U+2212 MINUS SIGN, en and em dash, figure dash): they look
#: like "-" but no number parser reads them.
_MINUS_SIGNS = "\u2212\u2013\u2014\u2012\ufe63\uff0d"


def number_hint(text: object) -> str:
    """The hint for a number written in a way no parser reads, with a leading space, else ``""``.

    A minus sign pasted from Word or a web page (``"−18.3511"``, U+2212) looks exactly like "-" in the message;
    a decimal comma (``"59,725"``): :func:`decimal_comma_hint`.

    Parameters
    ----------
    text : object
        The value as written (a CSV cell or a TOML string).

    Returns
    -------
    str
        The hint, with a leading space, or an empty string.
    """
    if isinstance(text, str) and text.strip()[:1] in tuple(_MINUS_SIGNS):
        sign = text.strip()[0]
        return (f" (a U+{ord(sign):04X} {unicodedata.name(sign, 'dash').lower()}: write - from the keyboard, "
                f"-{text.strip()[1:]})")
    return decimal_comma_hint(text)


def percent_hint(value: float, lo: float | None, hi: float | None) -> str:
    """`` (a percentage? write 0.35)`` for a share or probability (bounds 0 and 1) written as a percentage, else ``""``.

    Parameters
    ----------
    value : float
        The value as written.
    lo, hi : float or None
        The field's bounds: the hint is for fields from 0 to 1 only.

    Returns
    -------
    str
        The hint, with a leading space, or an empty string.
    """
    if lo == 0 and hi == 1 and 1 < value <= 100:
        return f" (a percentage? write {round(value / 100, 10)!r})"
    return ""


# A count written with a thousands separator: "12,000" (English Excel), "12.000" (German), "12 000" (Swedish).
_THOUSANDS = re.compile(r"\s*[1-9]\d{0,2}([,. \u00a0\u202f])\d{3}(?:\1\d{3})*\s*")


def thousands_hint(text: object) -> str:
    """`` (a thousands separator? write 12000)`` for a number written with one (``"12,000"``), else ``""``.

    Parameters
    ----------
    text : object
        The value as written (a CSV cell or a command-line value).

    Returns
    -------
    str
        The hint, with a leading space, or an empty string.
    """
    if isinstance(text, str) and _THOUSANDS.fullmatch(text):
        return f" (a thousands separator? write {re.sub(r'[^0-9]', '', text)})"
    return ""


def refuse_thousands(path: str | Path, row_no: int, col: str, text: object) -> None:
    """Refuse a count (residents, homes) written with a thousands separator.

    ``"12,000"`` was called a decimal comma with the fix "write 12.000", which then read as 12 residents.

    Parameters
    ----------
    path : str or Path
        The file, named in the error.
    row_no : int
        The row's number.
    col : str
        The count's column.
    text : object
        The cell as written.

    Raises
    ------
    InputError
        The cell is a count with a thousands separator.
    """
    hint = thousands_hint(text)
    if hint:
        digits = re.sub(r"[^0-9]", "", str(text))
        raise InputError(f"line {row_no}, column '{col}': expected a whole number, got {text!r}{hint}.", file=path,
                         field=col, fix=f"write the count without separators: {digits}.")


def degrees_hint(value: float) -> str:
    """A hint for a coordinate beyond any degree: metres of a projected system such as SWEREF 99 TM, else ``""``.

    Parameters
    ----------
    value : float
        A latitude or longitude as written.

    Returns
    -------
    str
        The hint, with a leading space, or an empty string.
    """
    if abs(value) >= 1000:  # SWEREF 99 TM: northing 6.1–7.7 million m, easting 0.2–0.95 million m
        return (" (metres of a projected system such as SWEREF 99 TM or RT 90? raddsim reads WGS84 decimal degrees: "
                "convert them, e.g. with Lantmäteriet's or QGIS's coordinate transformation)")
    return ""


def csv_number(path: str | Path, row_no: int, row: dict[str, str], col: str, lo: float, hi: float) -> float:
    """The number in column ``col`` of a CSV row, within ``[lo, hi]``.

    Parameters
    ----------
    path : str or Path
        The file, named in errors.
    row_no : int
        The row's line number (as :func:`read_csv_table` gives them).
    row : dict
        The row.
    col : str
        The column.
    lo, hi : float
        The plausible range (a latitude's ``-90, 90``).

    Returns
    -------
    float
        The value.

    Raises
    ------
    InputError
        Not a number (with a decimal-comma hint), NaN, or outside the range (a coordinate in metres is named so).
    """
    try:
        v = float(row[col])
    except (TypeError, ValueError):
        raise InputError(f"line {row_no}, column '{col}': expected a number, got {row[col]!r}"
                         f"{number_hint(row[col])}.", file=path, field=col, fix="correct the row.") from None
    if not (lo <= v <= hi) or math.isnan(v):
        hint = degrees_hint(v) if col.endswith(("lat", "lon")) else percent_hint(v, lo, hi)
        raise InputError(f"line {row_no}, column '{col}': {v} is outside [{lo}, {hi}]{hint}.", file=path, field=col,
                         fix="correct the row.")
    return v


def lat_lon(lat: float, lon: float, digits: int = 5) -> str:
    """A position for people: ``59.76000N 18.70000E``; south and west with S and W (``53.55000N 113.49000W``).

    Parameters
    ----------
    lat, lon : float
        WGS84 degrees.
    digits : int
        Decimals.

    Returns
    -------
    str
        The position as text ("-113.49E" would read as a typo).
    """
    return (f"{abs(lat):.{digits}f}{'S' if lat < 0 else 'N'} "
            f"{abs(lon):.{digits}f}{'W' if lon < 0 else 'E'}")
