"""A Dask client for sweeps and ``raddsim optimise``: to a running scheduler, or to a new local cluster.

Imports only the standard library until a client is asked for, so a command can start the
cluster first thing (:func:`local_cluster`): a ``LocalCluster``'s workers are separate processes
that spend about a second each importing distributed and raddsim (preloaded:
``raddsim.sweep.worker``), which they do while the command imports raddsim and loads the model,
instead of afterwards. The command connects its client afterwards (``dask_client(cluster=…)``):
a ``Client`` made for a cluster waits until the cluster's workers are up, so made first thing it
would hold the command back for as long as they take.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Any, Iterator

from raddsim.core.errors import InputError

log = logging.getLogger("raddsim.sweep.execute")

#: Modules every local Dask worker imports as it starts (what a sweep task needs).
WORKER_PRELOAD = ("raddsim.sweep.worker",)
#: Seconds to wait for the first worker of a local cluster (each imports distributed and raddsim: seconds, more
#: on a loaded machine); callers wait before they scatter, which would otherwise give up after the client's timeout.
LOCAL_WORKER_START_S = 300


def _local_host(host: str) -> bool:
    import ipaddress
    import socket

    if host in ("localhost", "") or host == socket.gethostname():
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


#: The protocols a client reaches a Dask scheduler over (distributed's, less ``inproc``, which reaches only a
#: scheduler inside the same Python process: never one an address can name). An address without one is ``tcp``.
SCHEDULER_SCHEMES = ("tcp", "tls", "ucx", "ws", "wss")
#: What to give instead of an address that is no scheduler's.
_SCHEDULER_FIX = ("give the scheduler's address as 'dask scheduler' prints it: tls://HOST:8786 (or tcp://HOST:8786 "
                  "on a trusted network).")


def check_scheduler_address(scheduler: str) -> None:
    """Refuse an address no Dask scheduler is reached at, before anything is created or simulated.

    The dashboard's web address (``http://host:8787/status``) is the likely slip: copied from the browser, it
    ended in distributed's "unknown address scheme 'http'" traceback after the command's work had begun (and
    ``inproc://x`` in "not enough values to unpack").

    Parameters
    ----------
    scheduler
        The address: ``PROTOCOL://HOST:PORT`` with a protocol of :data:`SCHEDULER_SCHEMES`, or ``HOST:PORT``.

    Raises
    ------
    InputError
        Naming the argument ``scheduler`` (the command line's ``--scheduler``) and the address to give.
    """
    if not isinstance(scheduler, str):
        raise InputError(f"scheduler must be an address such as 'tls://HOST:8786', got {type(scheduler).__name__}.",
                         field="scheduler", fix=_SCHEDULER_FIX)
    scheme = scheduler.partition("://")[0].strip().lower() if "://" in scheduler else "tcp"
    if scheme in SCHEDULER_SCHEMES:
        return
    if scheme in ("http", "https"):
        raise InputError(f"'{scheduler}' is a web address (the Dask dashboard?), not a scheduler's address.",
                         field="scheduler", fix=_SCHEDULER_FIX.replace(" as 'dask scheduler' prints it", "")
                         + " The dashboard is usually port 8787, the scheduler 8786.")
    why = " (it reaches only a scheduler inside the same Python process)" if scheme == "inproc" else ""
    raise InputError(f"'{scheduler}' is not a scheduler address: {scheme}:// is not a protocol a Dask scheduler is "
                     f"reached over{why}; raddsim takes {', '.join(s + '://' for s in SCHEDULER_SCHEMES)}.",
                     field="scheduler", fix=_SCHEDULER_FIX)


def dask_security(scheduler: str, tls: tuple[str | None, str | None, str | None] | None, *,
                  warn: bool = True) -> Any:
    """distributed's ``Security`` for a scheduler address, checking the TLS files first.

    ``tls://`` needs the CA certificate and this client's certificate and key (mutual TLS:
    the scheduler only accepts clients holding a certificate signed by the CA). A plain
    ``tcp://`` scheduler on another host is unencrypted and unauthenticated: anyone who can
    reach it can run code on its workers, so raddsim warns (unless ``warn`` is False: the command checked it, and
    warned, before any work; the connection then said it a second time).

    Raises
    ------
    InputError
        For an address no scheduler is reached at (:func:`check_scheduler_address`), TLS options without
        ``tls://``, ``tls://`` without them, or a missing file.
    """
    from urllib.parse import urlsplit

    check_scheduler_address(scheduler)
    ca, cert, key = tls or (None, None, None)
    given = any((ca, cert, key))
    parts = urlsplit(scheduler if "://" in scheduler else f"tcp://{scheduler}")
    if parts.scheme == "tls":
        # Named by the Python argument (tls[0] …); the command line names its options (--tls-ca-file …).
        options = (("tls[0]", ca, "the CA certificate"), ("tls[1]", cert, "this client's certificate"),
                   ("tls[2]", key, "this client's private key"))
        for name, value, what in options:
            if not value:
                raise InputError(f"a tls:// scheduler needs {what}.", field=name,
                                 fix="give all three PEM files: the CA certificate, this client's certificate and its "
                                     "key (in that order).")
        for name, value, _ in options:
            if value and not Path(value).is_file():  # every value is given (checked above)
                raise InputError("file not found.", file=value, field=name, fix="give the path of the PEM file.")
        from distributed.security import Security

        return Security(tls_ca_file=ca, tls_client_cert=cert, tls_client_key=key, require_encryption=True)
    if given:
        raise InputError(f"TLS files given for a {parts.scheme}:// scheduler.", field="scheduler",
                         fix="use the scheduler's tls:// address, or give no TLS files.")
    if warn and parts.scheme == "tcp" and not _local_host(parts.hostname or ""):
        log.warning("the Dask scheduler %s is reached over plain tcp:// — unencrypted and unauthenticated: anyone who "
                    "can reach it can run code on its workers. Use tls:// with a CA and a client certificate and key "
                    "(README: running a sweep on a cluster safely).", scheduler)
    return None


@contextlib.contextmanager
def local_cluster(workers: int | None) -> Iterator[Any]:
    """Start a ``LocalCluster`` of ``workers`` single-threaded worker processes (default: one per core).

    Returns at once: the workers start (and preload raddsim) in their own processes while the
    caller goes on. Connect with ``dask_client(None, workers, cluster=…)`` when work is ready.
    Where there is a fork server (Linux, macOS) the workers are forked from one that imported
    distributed and raddsim once, side by side with this process's own import of distributed
    (:func:`raddsim.core.forkserver.prestart`), instead of each worker importing both
    (distributed's default, ``spawn``: ≈ 1 s of CPU a worker).
    """
    from raddsim.core.forkserver import prestart

    forked = prestart(extra=("distributed",))  # first thing: the server imports while this process does
    distributed = _distributed()
    import dask  # (distributed's own dependency)

    with contextlib.ExitStack() as stack:
        if forked:  # read by each nanny as it starts its worker, so kept for the cluster's life
            stack.enter_context(dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}))
        cluster = stack.enter_context(distributed.LocalCluster(n_workers=0, threads_per_worker=1, processes=True,
                                                   dashboard_address=":0", silence_logs=logging.ERROR,
                                                   preload=list(WORKER_PRELOAD)))
        cluster.scale(workers or os.cpu_count() or 1)  # LocalCluster's own default: a worker per core
        yield cluster


def _distributed() -> Any:
    """The ``distributed`` module, its logging quiet unless -v; an InputError naming the extra if it is missing."""
    try:
        import distributed
    except ImportError:  # pragma: no cover - dask is in the sweep and test extras
        raise InputError("Dask distributed is not installed.", field="scheduler/workers",
                         fix='pip install "raddsim[sweep]" (from a clone: pip install ".[sweep]"), '
                             'or run without a Dask scheduler or workers.') from None
    if not logging.getLogger().isEnabledFor(logging.INFO):
        # distributed sets its loggers to INFO on import and warns about slow worker shutdowns: quiet unless -v.
        logging.getLogger("distributed").setLevel(logging.ERROR)
    return distributed


#: How long a plain-TCP scheduler may take to greet a new connection before it is taken for another service.
GREETING_S = 10.0
#: The most a Dask greeting's length prefix can plausibly be (bytes); a text banner read as one is astronomical.
MAX_GREETING_BYTES = 1 << 24


def check_speaks_dask(address: str, wait_s: float = GREETING_S) -> None:
    """Refuse a ``tcp://`` address where something other than a Dask scheduler listens.

    A Dask scheduler greets each new connection at once (its handshake, prefixed by its length
    as 8 little-endian bytes). Given a web server (the dashboard's port 8787, say) Dask's client
    waits for a greeting that never comes, with no timeout; given a server with a text banner it
    reads the banner as a length and tries to allocate exabytes. A refused connection is left to
    the client, which reports it. ``tls://`` addresses are not probed (the greeting is encrypted).
    """
    import socket

    if not address.startswith("tcp://"):
        return
    host, _, port = address.removeprefix("tcp://").rpartition(":")
    try:
        sock = socket.create_connection((host.strip("[]"), int(port)), timeout=wait_s)
    except (OSError, ValueError):
        return
    with sock:
        sock.settimeout(wait_s)
        try:
            head = sock.recv(8)
        except OSError:
            head = b""
    if len(head) == 8 and 0 < int.from_bytes(head, "little") <= MAX_GREETING_BYTES:
        return
    what = "said nothing" if not head else "answered with something else"
    raise InputError(f"something listens at {address} but it {what}: not a Dask scheduler (the dashboard is "
                     "usually port 8787, the scheduler 8786).", field="scheduler",
                     fix="give the scheduler's address, as 'dask scheduler' prints it.")


@contextlib.contextmanager
def dask_client(scheduler: str | None, workers: int | None,
                tls: tuple[str | None, str | None, str | None] | None = None, cluster: Any = None) -> Iterator[Any]:
    """A Dask client: to ``scheduler`` (checked security), to ``cluster``, or to a new ``LocalCluster`` of ``workers``.

    Shared by sweeps and by ``raddsim optimise``; closes what it started (not a ``cluster`` it was given).
    """
    connect = _distributed().Client
    with contextlib.ExitStack() as stack:
        if scheduler:
            security = dask_security(scheduler, tls, warn=False)  # warned of before any work (sweep, optimise)
            check_speaks_dask(scheduler)
            try:
                client = connect(scheduler, timeout="20s", security=security)
            except (OSError, TimeoutError) as exc:
                raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({exc}).", field="scheduler",
                                 fix="start it (dask scheduler; dask worker ADDR) or check the address.") from None
        else:
            client = connect(cluster if cluster is not None else stack.enter_context(local_cluster(workers)))
        with client:
            yield client


__all__ = ["LOCAL_WORKER_START_S", "SCHEDULER_SCHEMES", "WORKER_PRELOAD", "check_scheduler_address",
           "check_speaks_dask", "dask_client", "dask_security", "local_cluster"]
