"""A Dask client for sweeps and ``raddsim optimise``: to a running scheduler, or to a new local cluster.

Imports only the standard library until a client is asked for, so a command can start the
cluster first thing: a ``LocalCluster``'s workers are separate processes that spend about a
second each importing distributed and raddsim (preloaded: ``raddsim.sweep.worker``), which they
do while the command imports raddsim and loads the model, instead of afterwards.
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


def dask_security(scheduler: str, tls: tuple[str | None, str | None, str | None] | None) -> Any:
    """distributed's ``Security`` for a scheduler address, checking the TLS files first.

    ``tls://`` needs the CA certificate and this client's certificate and key (mutual TLS:
    the scheduler only accepts clients holding a certificate signed by the CA). A plain
    ``tcp://`` scheduler on another host is unencrypted and unauthenticated: anyone who can
    reach it can run code on its workers, so raddsim warns.

    Raises
    ------
    InputError
        For TLS options without ``tls://``, ``tls://`` without them, or a missing file.
    """
    from urllib.parse import urlsplit

    ca, cert, key = tls or (None, None, None)
    given = any((ca, cert, key))
    parts = urlsplit(scheduler if "://" in scheduler else f"tcp://{scheduler}")
    if parts.scheme == "tls":
        options = (("--tls-ca-file", ca), ("--tls-cert", cert), ("--tls-key", key))
        for name, value in options:
            if not value:
                raise InputError(f"a tls:// scheduler needs {name}.", field=name,
                                 fix="give --tls-ca-file CA.pem --tls-cert CLIENT.pem --tls-key CLIENT.key.")
        for name, value in options:
            if value and not Path(value).is_file():  # every value is given (checked above)
                raise InputError("file not found.", file=value, field=name, fix="give the path of the PEM file.")
        from distributed.security import Security

        return Security(tls_ca_file=ca, tls_client_cert=cert, tls_client_key=key, require_encryption=True)
    if given:
        raise InputError(f"TLS options given for a {parts.scheme}:// scheduler.", field="--scheduler",
                         fix="use the scheduler's tls:// address, or drop the --tls-* options.")
    if parts.scheme == "tcp" and not _local_host(parts.hostname or ""):
        log.warning("the Dask scheduler %s is reached over plain tcp:// — unencrypted and unauthenticated: anyone who "
                    "can reach it can run code on its workers. Use tls:// with --tls-ca-file/--tls-cert/--tls-key "
                    "(README: running a sweep on a cluster safely).", scheduler)
    return None


@contextlib.contextmanager
def dask_client(scheduler: str | None, workers: int | None,
                tls: tuple[str | None, str | None, str | None] | None = None) -> Iterator[Any]:
    """A Dask client: to ``scheduler`` (checked security) or to a new ``LocalCluster`` of ``workers`` processes.

    Shared by sweeps and by ``raddsim optimise``'s simulation stage; closes what it started.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - dask is in the sweep and test extras
        raise InputError("Dask distributed is not installed.", field="--scheduler/--workers",
                         fix='pip install "raddsim[sweep]" (from a clone: pip install ".[sweep]"), '
                             'or run without --scheduler/--workers.') from None
    if not logging.getLogger().isEnabledFor(logging.INFO):
        # distributed sets its loggers to INFO on import and warns about slow worker shutdowns: quiet unless -v.
        logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster = None
    try:
        if scheduler:
            security = dask_security(scheduler, tls)
            try:
                client = Client(scheduler, timeout="20s", security=security)
            except (OSError, TimeoutError) as exc:
                raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({exc}).", field="--scheduler",
                                 fix="start it (dask scheduler; dask worker ADDR) or check the address.") from None
        else:
            # No workers yet, then scale: the call returns at once and the workers start (and preload raddsim)
            # in their own processes while this one goes on; tasks wait for them.
            cluster = LocalCluster(n_workers=0, threads_per_worker=1, processes=True, dashboard_address=":0",
                                   silence_logs=logging.ERROR, preload=list(WORKER_PRELOAD))
            cluster.scale(workers or os.cpu_count() or 1)  # LocalCluster's own default: a worker per core
            client = Client(cluster)
        with client:
            yield client
    finally:
        if cluster is not None:
            cluster.close()


__all__ = ["LOCAL_WORKER_START_S", "WORKER_PRELOAD", "dask_client", "dask_security"]
