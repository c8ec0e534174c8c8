"""`optimise`, `compare --uncertain` and `calibrate` run on a tls:// Dask scheduler as `sweep` does: the client's
certificates are ``--tls-ca-file``, ``--tls-cert`` and ``--tls-key``, checked before any work, and a run over mutual
TLS gives the figures a run on this machine gives.

They advertised ``--scheduler`` but took no certificates: a tls:// address was refused (newcomer9), and the only
safe way to a cluster was closed to them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_sweep_dask_tls import _certificates

from raddsim.cli import main

OPTIONS = str(Path(__file__).resolve().parents[1] / "stations" / "options_norrtalje.toml")
#: Each command, small, with an output folder or file under {tmp}, and where its JSON figures are.
COMMANDS = {
    "compare": ["compare", "minimum", "ambition", "--uncertain", "2", "--set-replications", "2", "--years", "0.02",
                "--seed", "3", "--json", "{tmp}/out.json"],
    "calibrate": ["calibrate", "--sets", "2", "--replications", "2", "--tolerance", "3", "--seed", "3",
                  "--json", "{tmp}/out.json", "--out", "{tmp}/cal.toml"],
    "optimise": ["optimise", OPTIONS, "--budget", "5", "--top", "2", "--years", "0.05", "--initial-replications", "2",
                 "--max-replications", "2", "--seed", "3", "--no-map", "--no-progress", "--out", "{tmp}/opt"],
}


def _argv(name: str, tmp, *extra: str) -> list[str]:
    return [a.replace("{tmp}", str(tmp)) for a in COMMANDS[name]] + list(extra)


@pytest.mark.parametrize("name", COMMANDS)
def test_a_tls_scheduler_without_the_ca_certificate_is_refused_before_any_work(name, tmp_path, capsys) -> None:
    assert main(_argv(name, tmp_path, "--scheduler", "tls://localhost:8786")) == 2
    err = capsys.readouterr().err
    assert "--tls-ca-file: a tls:// scheduler needs the CA certificate." in err and err.count("\n") == 1, err
    assert not list(tmp_path.iterdir())  # nothing written: refused before the work


@pytest.mark.parametrize("name", COMMANDS)
def test_tls_files_without_a_scheduler_are_refused_naming_them(name, tmp_path, capsys) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("not used", encoding="utf-8")
    assert main(_argv(name, tmp_path / "o", "--tls-ca-file", str(ca))) == 2
    err = capsys.readouterr().err
    assert "--tls-ca-file: TLS files are for a tls:// scheduler, and no --scheduler is given" in err, err
    assert not (tmp_path / "o").exists()


def test_every_command_that_takes_a_scheduler_takes_the_certificates(capsys) -> None:
    for name in ("sweep", *COMMANDS):
        with pytest.raises(SystemExit):
            main([name, "--help"])
        text = " ".join(capsys.readouterr().out.split())
        assert "--scheduler ADDR" in text and all(o in text for o in ("--tls-ca-file", "--tls-cert", "--tls-key")), name


def _figures(name: str, tmp) -> dict:
    if name == "optimise":
        return json.loads((tmp / "opt" / "optimise.json").read_text(encoding="utf-8"))["finalists"]
    doc = json.loads((tmp / "out.json").read_text(encoding="utf-8"))
    return {k: v for k, v in doc.items() if k not in ("settings", "raddsim", "created", "command")}


@pytest.mark.parametrize("name", COMMANDS)
def test_a_run_over_mutual_tls_gives_the_figures_of_a_run_here(name, tmp_path, capsys) -> None:
    pytest.importorskip("cryptography")
    from distributed import LocalCluster
    from distributed.security import Security

    ca, cert, key = _certificates(tmp_path)
    sec = Security(tls_ca_file=ca, tls_scheduler_cert=cert, tls_scheduler_key=key, tls_worker_cert=cert,
                   tls_worker_key=key, tls_client_cert=cert, tls_client_key=key, require_encryption=True)
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    assert main(_argv(name, here, "--processes", "0")) == 0
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tls://", host="localhost",
                      security=sec, dashboard_address=None) as cluster:
        assert main(_argv(name, there, "--scheduler", cluster.scheduler_address, "--tls-ca-file", ca, "--tls-cert",
                          cert, "--tls-key", key)) == 0
    assert _figures(name, there) == _figures(name, here)
