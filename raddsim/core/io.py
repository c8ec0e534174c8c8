"""Writing results safely: atomically, never half a file."""

from __future__ import annotations

import errno
import json
import math
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from glob import escape as glob_escape
from pathlib import Path
from typing import Any, Callable, Iterator

from raddsim.core.errors import InputError


def _clean(obj: Any) -> Any:
    """JSON has no NaN/inf: write them as null."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if hasattr(obj, "item"):  # numpy scalars
        return _clean(obj.item())
    return obj


#: Free space an output directory must have before a command starts its work (bytes). Results,
#: reports and maps are a few MB at most; below this the write at the end would likely fail.
MIN_FREE_BYTES = 50 * 2**20


def _os_error(exc: OSError, path: Path) -> InputError:
    """A failed write as one clear error: read-only, no permission, disk full …"""
    reason = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is exceeded",
              errno.EROFS: "the file system is read-only", errno.EACCES: "permission denied",
              errno.EPERM: "permission denied"}.get(exc.errno or 0, exc.strerror or str(exc))
    return InputError(f"cannot write here: {reason}.", file=path,
                      fix="choose another output path (a writable directory with free space).")


def path_argument(value: Any, field: str) -> Path:
    """``value`` as a path, or one error naming the Python argument ``field`` (``load_region(3)`` was pathlib's
    "expected str, bytes or os.PathLike object, not int", naming nothing).

    Parameters
    ----------
    value : Any
        The value passed.
    field : str
        The argument's name.

    Returns
    -------
    Path
        The path.

    Raises
    ------
    InputError
        For anything but a str or path-like object, or blank text.
    """
    if not isinstance(value, (str, os.PathLike)):
        raise InputError(f"{field} must be a file path (a str or Path), got {type(value).__name__} {value!r:.60}.",
                         field=field, fix="give the path as text (e.g. \"my_region/region.toml\") or a pathlib.Path.")
    if isinstance(value, str) and not value.strip():  # "" was Path("."): the current folder, read or written unasked
        raise InputError(f"{field} is empty.", field=field,
                         fix="give the path as text (e.g. \"my_region/region.toml\") or a pathlib.Path.")
    return Path(value)


def check_writable(path: str | Path, *, directory: bool = False, free_bytes: int = MIN_FREE_BYTES) -> Path:
    """Check before any work that an output can be written: folder exists, is writable, has free space.

    Parameters
    ----------
    path
        The output file (or, with ``directory``, the output folder; it may not exist yet).
    directory
        ``path`` is a folder that will be created if missing.
    free_bytes
        Free space the folder must have.

    Raises
    ------
    InputError
        Naming the path and what is wrong, before a minute of simulation is spent.
    """
    path = Path(path)
    if not directory and path.is_dir():
        raise InputError("is a directory.", file=path, fix="give a file name for the output.")
    if directory and path.is_symlink() and not path.exists():
        raise InputError(f"is a symbolic link to a missing target ({os.readlink(path)}).", file=path,
                         fix="create the folder it points to, or give another path.")
    if not directory:
        path = output_target(path)
    if directory and path.exists() and not path.is_dir():
        raise InputError("exists and is not a directory.", file=path, fix="give a directory for the output.")
    folder = path if directory else (path.parent if str(path.parent) else Path("."))
    while directory and not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the directory will be created: its nearest existing ancestor must take it
    if not folder.is_dir():
        raise _no_folder(path, folder)
    try:  # a real write: os.access does not see read-only mounts or some ACLs
        fd, probe = tempfile.mkstemp(prefix=".raddsim-probe.", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise _os_error(exc, path) from None
    free = shutil.disk_usage(folder).free
    if free < free_bytes:
        raise InputError(f"only {free / 2**20:.1f} MiB free where the output goes (needs about "
                         f"{free_bytes / 2**20:.0f} MiB).",
                         file=path, fix="free some space or choose another output path.")
    return path


def _no_folder(path: Path, folder: Path) -> InputError:
    """The error for an output whose folder is missing, or is a file (``afile/res.json``) or a dangling link."""
    for above in (folder, *folder.parents):
        if above.is_symlink() and not above.exists():
            return InputError(f"the output's folder {above} is a symbolic link to a missing target "
                              f"({os.readlink(above)}).", file=path, fix="create the folder it points to, or give "
                                                                            "another path.")
        if above.exists() and not above.is_dir():
            return InputError(f"{above} is a file, not a folder: the output cannot go inside it.", file=path,
                              fix="give a path in a folder (e.g. beside it, not under it).")
    return InputError("the output directory does not exist.", file=path, fix=f"create {folder} first.")


def output_target(path: Path) -> Path:
    """The file an output at ``path`` replaces: a symbolic link's target; never a device, pipe or socket.

    Outputs are written to a temporary file and renamed over ``path``. A rename over a link would
    replace the link and leave its target stale, and over ``/dev/null`` or a named pipe it would
    replace the device or pipe itself (as root, for everyone on the machine).
    """
    # Asked of the path as given: stat follows /proc's links to an anonymous pipe (`--json /dev/stdout` under `|`),
    # whose resolved name ("/proc/…/fd/pipe:[…]") exists nowhere, so the check after realpath missed it (and the
    # write failed with "cannot write here: No such file or directory", naming that non-path).
    if path.exists() and not path.is_file():
        raise InputError("is a device, pipe or socket, not a file: raddsim writes outputs by replacing a file.",
                         file=path, fix="give a file path (then read or pipe that file).")
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    return path


def write_atomic(path: str | Path, write: Callable[[str], object]) -> Path:
    """Create ``path`` through ``write(tmp)`` on a temporary name in the same folder, then rename.

    A crash or error leaves the old file (if any) untouched and no partial file behind;
    a full disk or read-only folder is one :class:`InputError` naming the file.
    """
    path = Path(path)
    if path.is_dir():
        raise InputError("is a directory.", file=path, fix="give a file name for the output.")
    path = output_target(path)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise _no_folder(path, parent)
    tmp = _temporary_name(path, parent)
    os.unlink(tmp)  # writers (GDAL drivers among them) want to create the file themselves
    try:
        write(tmp)
        _normal_permissions(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM):
            raise _os_error(exc, path) from None
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def refuse_existing(path: str | Path, option: str = "path", force: str = "replace=True") -> None:
    """Refuse, before any work, an output file that exists: nothing a user wrote is overwritten or lost.

    Parameters
    ----------
    path
        The output file.
    option
        The argument that named it, for the message and the fix (the command line passes its option, ``--out``).
    force
        How the caller asks to replace it (:func:`write_new`'s ``replace=True``; the command line's ``--force``).

    Raises
    ------
    InputError
        When ``path`` exists, naming it and the way out (another path, or ``force`` to replace it).
    """
    if Path(path).exists():
        raise InputError("the output file exists; raddsim does not overwrite it.", file=Path(path), field=option,
                         fix=f"choose another {option}, or pass {force} to replace it.")


#: The name raddsim writes into its output files so that a later run knows them as its own and may replace them:
#: a figure's Software/Creator, an HTML page's generator, a GeoPackage's or Parquet file's metadata, a GeoJSON's
#: "generator" member (JSON results carry "raddsim_version" instead).
GENERATOR = "raddsim"
#: How the files raddsim writes begin (or, for a PDF, end), by kind: the marks :func:`written_by_raddsim` reads.
_MARKS_AT_START = (b"tEXtSoftware\x00" + GENERATOR.encode(),          # PNG (figure_metadata)
                   b"<dc:title>" + GENERATOR.encode() + b"</dc:title>",  # SVG
                   b"%%Creator: " + GENERATOR.encode(),                 # EPS/PS
                   b'<meta name="generator" content="' + GENERATOR.encode(),  # the report's HTML
                   b"scenario,replication,alarm,",                      # an alarm table (CSV)
                   b"# raddsim ")                                       # a nodes/arcs network's header line


def figure_metadata(fmt: str) -> dict[str, Any] | None:
    """The metadata matplotlib writes into a figure file of ``fmt``: raddsim's mark, no date (the same input gives
    the same file); None for a format that holds none (JPEG, TIFF …)."""
    marks: dict[str, dict[str, Any]] = {"png": {"Software": GENERATOR}, "svg": {"Date": None, "Creator": GENERATOR},
            "pdf": {"CreationDate": None, "ModDate": None, "Creator": GENERATOR},
            "eps": {"Creator": GENERATOR}, "ps": {"Creator": GENERATOR}}
    return marks.get(fmt.lower())


#: Raster formats that hold raddsim's mark as the Exif "Software" tag (Pillow writes it: matplotlib saves these
#: through Pillow), not as matplotlib metadata; :func:`written_by_raddsim` reads it back.
EXIF_FORMATS = ("jpg", "jpeg", "tif", "tiff", "webp")
#: The Exif (TIFF) tag "Software".
_EXIF_SOFTWARE = 0x0131


def figure_marks(fmt: str) -> dict[str, Any]:
    """``savefig`` keywords that put raddsim's mark into a figure file of ``fmt``, whatever the format can hold:
    matplotlib's ``metadata`` (:func:`figure_metadata`), or for JPEG, TIFF and WebP the Exif "Software" tag
    (a re-run then replaces the file without ``--force``, as it does a PNG); ``{}`` for a format with neither."""
    fmt = fmt.lower()
    if fmt in EXIF_FORMATS:
        from PIL import Image

        exif = Image.Exif()
        exif[_EXIF_SOFTWARE] = GENERATOR
        return {"pil_kwargs": {"exif": exif}}
    metadata = figure_metadata(fmt)
    return {} if metadata is None else {"metadata": metadata}


def _exif_marked(path: str | Path) -> bool:
    """Whether a JPEG, TIFF or WebP file names raddsim as its Exif "Software" (what :func:`figure_marks` writes)."""
    from PIL import Image

    with Image.open(path) as im:
        return im.getexif().get(_EXIF_SOFTWARE) == GENERATOR


def mark_pdf(data: bytes) -> bytes:
    """A PDF another program printed (Chromium's report PDF) with raddsim as its Creator, by an incremental update
    (a new document-information object and trailer appended, as PDF editors save; the pages are untouched).

    Parameters
    ----------
    data : bytes
        The PDF, with a classic cross-reference table and an ``/Info`` entry in its trailer.

    Returns
    -------
    bytes
        The marked PDF, or ``data`` unchanged when its trailer is not of that form (then a re-run asks --force).
    """
    import re

    trailer = re.search(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", data, re.S)
    fields = trailer and {k: re.search(rb"/" + k + rb"\s+(\d+(?:\s+\d+\s+R)?)", trailer.group(1))
                          for k in (b"Size", b"Root", b"Info")}
    if not trailer or not fields or not all(fields.values()):
        return data
    size, root, info = (fields[k].group(1) for k in (b"Size", b"Root", b"Info"))  # type: ignore[union-attr]
    old = re.search(rb"\b" + info.split()[0] + rb"\s+0\s+obj\s*<<(.*?)>>\s*endobj", data, re.S)
    entries = re.sub(rb"/Creator\s*\((?:\\.|[^\\)])*\)", b"", old.group(1) if old else b"")
    n = int(size)
    body = b"\n%d 0 obj\n<<%s /Creator (%s)>>\nendobj\n" % (n, entries.strip(), GENERATOR.encode())
    xref = len(data) + len(body)
    table = b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n" % (n, len(data) + 1)
    return data + body + table + (b"trailer\n<</Size %d /Root %s /Info %d 0 R /Prev %s>>\nstartxref\n%d\n%%%%EOF\n"
                                  % (n + 1, root, n, trailer.group(2), xref))


def written_by_raddsim(path: str | Path) -> bool:
    """Whether an existing file is one raddsim wrote (may be replaced by a re-run), read from the mark it writes.

    Parameters
    ----------
    path
        The existing file.

    Returns
    -------
    bool
        True for an empty file (nothing to lose) or one with raddsim's mark; False for anything else.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
            if not head.strip():
                return True
            fh.seek(max(0, os.fstat(fh.fileno()).st_size - 4096))
            tail = fh.read()
        if any(mark in head for mark in _MARKS_AT_START) or b"/Creator (" + GENERATOR.encode() in tail:
            return True
        if head.startswith((b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")) or (head[:4], head[8:12]) == (b"RIFF", b"WEBP"):
            return _exif_marked(path)  # JPEG, TIFF, WebP
        if head.startswith(b"SQLite format 3\x00"):  # a GeoPackage: its dataset metadata
            import sqlite3

            with sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True) as db:
                rows = db.execute("SELECT metadata FROM gpkg_metadata").fetchall()
            return any(GENERATOR in str(row[0]) for row in rows)
        if head.startswith(b"PAR1"):
            import pyarrow.parquet as pq

            return (pq.read_schema(path).metadata or {}).get(b"generator") == GENERATOR.encode()
        if head.lstrip()[:1] == b"{":
            with open(path, encoding="utf-8") as fh:
                doc = json.load(fh)
            return isinstance(doc, dict) and ("raddsim_version" in doc or doc.get("generator") == GENERATOR)
    except Exception:  # unreadable, or not what it looks like (a damaged file, no pyarrow): not raddsim's
        return False
    return False


def refuse_foreign(path: str | Path, option: str | None = None) -> None:
    """Refuse, before any work, to replace an existing file raddsim did not write (its own may go: re-running a
    command is normal); the way out is another path, or ``--force``.

    Parameters
    ----------
    path
        The output file about to be written.
    option
        The option that named it (or the folder it goes into), for the message.

    Raises
    ------
    InputError
        When ``path`` exists and carries no raddsim mark (:func:`written_by_raddsim`).
    """
    if Path(path).is_file() and not written_by_raddsim(path):
        raise InputError("exists and was not written by raddsim.", file=path, field=option,
                         fix="give another path, or add --force.")


def check_output_ending(path: str | Path, endings: tuple[str, ...], what: str, *, option: str = "path",
                        hint: str = "") -> None:
    """Refuse, before any work, an output whose name ends otherwise than what is written in it says.

    ``--alarms out.xlsx`` wrote CSV text that Excel then refused to open ("the file format or extension is not
    valid"), ``--json res.csv`` JSON into a .csv: a program that goes by the name misreads the file.

    Parameters
    ----------
    path
        The output file.
    endings
        The endings its name may have, lower case with the dot (``(".csv", ".parquet")``); any case is taken.
    what
        What is written, for the message (``"JSON text"``).
    option
        The argument that named it (the command line passes its option, ``--json``).
    hint
        Said after the first ending in the fix (``"(Excel opens it)"``).

    Raises
    ------
    InputError
        Naming the file, the option and the name to give instead.
    """
    path = Path(path)
    if path.suffix.lower() in endings:
        return
    said = f"a name ending in '{path.suffix}' says another kind of file" if path.suffix else \
        "a name without an ending does not say so"
    base = path.stem if path.suffix else path.name
    example = base if Path(base).suffix.lower() == endings[0] else base + endings[0]  # out.csv.gz → out.csv
    ends = " or ".join((f"{endings[0]} {hint}".strip(), *endings[1:]))
    raise InputError(f"is written as {what}: {said}.", file=path, field=option,
                     fix=f"end it in {ends}, e.g. {option} {example}.")


def write_new(path: str | Path, data: bytes, *, replace: bool = False, option: str = "path") -> Path:
    """Write an output file atomically: a NEW file (:func:`create_exclusive`) unless ``replace`` (``--force``).

    Parameters
    ----------
    path
        The output file.
    data
        Its contents.
    replace
        Replace an existing file (temporary file and rename) instead of refusing it.
    option
        The argument that named the file, for the message if it exists (the command line passes its option).

    Returns
    -------
    Path
        ``path``.
    """
    if replace:
        return write_bytes_atomic(path, data)
    return create_exclusive(path, data, option=option)


def create_exclusive(path: str | Path, data: bytes, *, option: str = "path") -> Path:
    """Write ``data`` to a NEW file ``path``: never replaces a file, even one that appeared a moment ago.

    The data goes to a temporary file first; ``os.link`` then gives it its name, which
    fails if the name exists (atomically, unlike a check followed by a rename).

    Raises
    ------
    InputError
        When ``path`` exists (naming it and ``option``, the argument or command-line option that named it),
        or the folder cannot be written.
    """
    path = Path(path)
    tmp = _temporary_name(path, path.parent if str(path.parent) else Path("."))
    try:
        _write_durably(tmp, data)
        _normal_permissions(tmp)
        os.link(tmp, path)
    except FileExistsError:
        raise InputError("already exists; raddsim never overwrites it.", file=path, field=option,
                         fix=f"give another {option}, or remove the file first.") from None
    except OSError as exc:
        raise _os_error(exc, path) from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename."""
    return write_atomic(path, lambda tmp: _write_durably(tmp, data))


def _temporary_name(path: Path, parent: Path) -> str:
    """A new empty temporary file beside ``path`` (same folder, so the final rename or link is atomic).

    Its name carries this process's id (``.NAME.tmp.PID.XXXX.ext``), so a later write of ``path`` can tell a
    temporary whose writer was killed (SIGKILL, power loss: no handler ran) from one being written now.
    """
    _remove_orphan_temporaries(path, parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.tmp.{os.getpid()}.", suffix=path.suffix, dir=parent)
    except OSError as exc:
        raise _os_error(exc, path) from None
    os.close(fd)
    return tmp


def _writer_gone(pid: int) -> bool:
    """Whether no process ``pid`` runs on this machine (POSIX ``kill(pid, 0)``; elsewhere never said)."""
    if os.name != "posix" or pid <= 0:
        return False  # Windows' os.kill(pid, 0) would end the process (signal 0 is CTRL_C_EVENT there)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # another user's process (EPERM): alive
        return False
    return False


#: A temporary younger than this is left alone even when its writer's id names no process: on a folder shared
#: between machines the writer may run elsewhere (ASSUMPTION: no write of one output takes this long to start).
ORPHAN_MIN_AGE_S = 60.0


def _remove_orphan_temporaries(path: Path, parent: Path) -> int:
    """Delete the hidden temporaries of earlier writes of ``path`` whose writer was killed; returns how many.

    A write killed without a chance to clean up (SIGKILL, the OOM killer, power loss) left
    ``.NAME.tmp.PID.XXXX.ext`` beside the output for good. Only files of exactly that form, for this
    ``path``, whose process ``PID`` no longer runs and which are at least :data:`ORPHAN_MIN_AGE_S` old,
    are removed: a write in progress, here or in another process, is never touched.
    """
    prefix, n = f".{path.stem}.tmp.", 0
    try:
        candidates = list(parent.glob(f"{glob_escape(prefix)}*{glob_escape(path.suffix)}"))
    except OSError:
        return 0
    for p in candidates:
        pid = p.name[len(prefix):].split(".", 1)[0]
        if not pid.isdigit() or not _writer_gone(int(pid)):
            continue
        try:
            if time.time() - p.stat().st_mtime >= ORPHAN_MIN_AGE_S:
                p.unlink()
                n += 1
        except OSError:
            continue  # gone meanwhile, or not ours to remove: the write goes on regardless
    return n


def _write_durably(tmp: str, data: bytes) -> None:
    """Write ``data`` and flush it to disk before the file gets its real name."""
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _normal_permissions(tmp: str) -> None:
    """Give a temporary file the permissions a normal write would (mkstemp's are private)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)


def json_bytes(obj: Any) -> bytes:
    """``obj`` as pretty, deterministic JSON (NaN and infinities as null), UTF-8."""
    return (json.dumps(_clean(obj), indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


def write_json_atomic(path: str | Path, obj: Any) -> Path:
    """Write ``obj`` as pretty, deterministic JSON, atomically."""
    return write_bytes_atomic(path, json_bytes(obj))


def stamped(doc: dict) -> dict:
    """``doc`` with ``raddsim_version`` last where it has none: the mark by which a re-run knows a JSON output as
    raddsim's own (:func:`written_by_raddsim`)."""
    from raddsim import __version__

    return doc if "raddsim_version" in doc else {**doc, "raddsim_version": __version__}


@contextmanager
def new_folder(out: str | Path) -> Iterator[Path]:
    """Fill a folder whole or not at all: yields a hidden sibling to write into, renamed to ``out`` on success.

    ``out`` must not exist or be empty (checked first: raddsim does not overwrite files). On an error inside the
    block the sibling is removed and ``out`` is left as it was; an ``OSError`` becomes one :class:`InputError`.

    Parameters
    ----------
    out : str or Path
        The folder to create.

    Yields
    ------
    Path
        The temporary folder to write into.
    """
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError("the folder exists and is not empty; raddsim does not overwrite files.", file=out,
                         fix="give a new folder.")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp.", dir=out.parent))
    except OSError as exc:
        raise _os_error(exc, out) from None
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # mkdtemp's folder is private; a normal mkdir's is not
        os.replace(tmp, out)  # POSIX: replaces an empty folder atomically
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise InputError(f"cannot write the folder ({exc.strerror or exc}).", file=out,
                         fix="give a writable folder with free space.") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


@contextmanager
def replaced_set(out: str | Path, earlier: Callable[[Path], bool], *, inside: bool = False) -> Iterator[Path]:
    """Replace a command's set of files in folder ``out`` whole: yields a hidden folder beside ``out`` (the same file
    system) to write the new set into; on success its files are moved into ``out`` and the earlier run's files the
    new set does not hold are removed. An error or Ctrl-C inside the block leaves ``out`` as it was.

    Parameters
    ----------
    out : str or Path
        The existing output folder.
    earlier : callable
        Whether a file in ``out`` is one the command writes (by its name); only those raddsim wrote
        (:func:`written_by_raddsim`) are removed.
    inside : bool
        Make the hidden folder inside ``out`` (a folder of the user's, e.g. the report's), not beside it; also
        where the folder beside cannot be made (a read-only parent).

    Yields
    ------
    Path
        The temporary folder to write into.
    """
    out = Path(out)
    try:
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f".{out.resolve().name}.tmp.",
                                        dir=out if inside else out.resolve().parent))
        except PermissionError:
            tmp = Path(tempfile.mkdtemp(prefix=".raddsim.tmp.", dir=out))
    except OSError as exc:
        raise _os_error(exc, out) from None
    try:
        yield tmp
        new = sorted(tmp.iterdir())
        names = {f.name for f in new}
        for f in new:
            os.replace(f, out / f.name)
        for old in sorted(out.iterdir()):
            if old.name not in names and old.is_file() and earlier(old) and written_by_raddsim(old):
                old.unlink()
    except OSError as exc:
        raise InputError(f"cannot write the folder ({exc.strerror or exc}).", file=out,
                         fix="give a writable folder with free space.") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
