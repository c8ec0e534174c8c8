"""Dask: tls:// with certificates (mutual TLS), a warning for plain tcp:// to another host, clear errors."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from sweep_helpers import write_region, write_spec

from raddsim.core.errors import InputError
from raddsim.sweep import load_spec, read_parts, run_sweep
from raddsim.sweep.execute import dask_security


def test_plain_tcp_to_another_host_warns_and_local_does_not(caplog) -> None:
    with caplog.at_level(logging.WARNING):
        assert dask_security("tcp://10.1.2.3:8786", None) is None
    assert "unencrypted and unauthenticated" in caplog.text and "tls://" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        dask_security("tcp://127.0.0.1:8786", None)
        dask_security("tcp://localhost:8786", None)
    assert caplog.text == ""


@pytest.mark.parametrize("scheduler, tls, words", [
    ("tls://h:8786", None, "needs the CA certificate"),
    ("tls://h:8786", ("ca.pem", None, None), "needs this client's certificate"),
    ("tls://h:8786", ("nowhere.pem", "c.pem", "k.pem"), "file not found"),
    ("tcp://h:8786", ("ca.pem", "c.pem", "k.pem"), "TLS files given for a tcp:// scheduler"),
])
def test_tls_options_are_checked(scheduler, tls, words) -> None:
    with pytest.raises(InputError, match=words):
        dask_security(scheduler, tls)


def _certificates(d: Path) -> tuple[str, str, str]:
    """A CA and one certificate it signs (for localhost), as PEM files: ca.pem, node.pem, node.key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.timezone.utc)

    def cert(subject: str, key, issuer_name, issuer_key, ca: bool):
        b = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
             .issuer_name(issuer_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
             .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
             .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if not ca:
            b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        return b.sign(issuer_key, hashes.SHA256())

    ca_key, node_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "raddsim test CA")])
    ca = cert("raddsim test CA", ca_key, ca_name, ca_key, True)
    node = cert("localhost", node_key, ca_name, ca_key, False)
    paths = d / "ca.pem", d / "node.pem", d / "node.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(node.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(node_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption()))
    return tuple(str(p) for p in paths)


def test_sweep_over_mutual_tls_gives_the_local_result(tmp_path) -> None:
    pytest.importorskip("cryptography")
    from distributed import LocalCluster
    from distributed.security import Security

    ca, cert, key = _certificates(tmp_path)
    sec = Security(tls_ca_file=ca, tls_scheduler_cert=cert, tls_scheduler_key=key, tls_worker_cert=cert,
                   tls_worker_key=key, tls_client_cert=cert, tls_client_key=key, require_encryption=True)
    spec = load_spec(write_spec(tmp_path, 'base = "low"\nyears = 0.01\nreplications = 3\n',
                                region=write_region(tmp_path / "gridby")))
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tls://", host="localhost",
                      security=sec, dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tls://")
        with pytest.raises(InputError, match="needs the CA certificate"):
            run_sweep(spec, tmp_path / "refused", scheduler=cluster.scheduler_address, progress=False)
        run = run_sweep(spec, tmp_path / "tls", scheduler=cluster.scheduler_address, tls=(ca, cert, key), progress=False)
    assert run.backend == "dask" and run.ran == 3
    run_sweep(spec, tmp_path / "local", processes=0, progress=False)
    assert read_parts(tmp_path / "tls").equals(read_parts(tmp_path / "local"))
