"""Reading user text files: UTF-8 with or without a byte-order mark, anything else a clear error."""

from __future__ import annotations

from pathlib import Path

from raddsim.core.errors import InputError


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
    data = path.read_bytes()
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"is a binary file, not text (NUL byte at offset {nul}).", file=path,
                         fix="give a UTF-8 text file (TOML or CSV).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}; Latin-1 or Windows-1252?).",
                         file=path, fix="save the file as UTF-8.") from None


def read_text_lines(path: str | Path) -> list[str]:
    """:func:`read_text` split into lines that keep their line ends (for the csv module)."""
    return read_text(path).splitlines(keepends=True)
