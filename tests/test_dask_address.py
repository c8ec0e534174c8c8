"""A --scheduler address where something other than a Dask scheduler listens: one clear error, not a hang."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from raddsim.core.daskclient import check_speaks_dask
from raddsim.core.errors import InputError


def _server(greeting: bytes | None) -> tuple[str, threading.Event]:
    """A TCP server on a free port that sends ``greeting`` (None: nothing, like a web server) to each connection."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    stop = threading.Event()

    def serve() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                if greeting is not None:
                    conn.sendall(greeting)
                stop.wait(3)
        sock.close()

    threading.Thread(target=serve, daemon=True).start()
    return f"tcp://127.0.0.1:{sock.getsockname()[1]}", stop


@pytest.mark.parametrize("greeting,words", [(None, "said nothing"), (b"SSH-2.0-OpenSSH_9.2\r\n", "something else")])
def test_a_web_server_or_a_banner_is_not_taken_for_a_scheduler(greeting, words) -> None:
    address, stop = _server(greeting)
    t0 = time.monotonic()
    with pytest.raises(InputError, match=words) as exc:
        check_speaks_dask(address, wait_s=0.5)
    stop.set()
    # The argument (errors16): the command line names its option, --scheduler.
    assert time.monotonic() - t0 < 5 and exc.value.field == "scheduler" and "8786" in str(exc.value)


def test_a_dask_greeting_passes_and_tls_or_a_closed_port_is_left_to_the_client() -> None:
    address, stop = _server((58).to_bytes(8, "little") + (1).to_bytes(8, "little"))
    check_speaks_dask(address, wait_s=2)
    stop.set()
    check_speaks_dask("tls://127.0.0.1:1", wait_s=0.5)  # encrypted: not probed
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()
    check_speaks_dask(f"tcp://127.0.0.1:{port}", wait_s=0.5)  # refused: the client says "cannot reach"


def test_a_real_scheduler_greets_first() -> None:
    """The probe's assumption, checked against distributed itself."""
    distributed = pytest.importorskip("distributed")
    import logging

    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=None,
                                  silence_logs=logging.ERROR) as cluster:
        check_speaks_dask(cluster.scheduler_address, wait_s=5)
