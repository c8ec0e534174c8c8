"""The board report (raddsim.views.report, ``raddsim report``), checked as text and rendered in headless Chromium."""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import shared_path
from test_coverage import BOUNDARY
from raddsim.cli import main
from raddsim.views.report import prepare_report, render_report

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


@pytest.fixture(scope="module")
def report_data(default_model):
    region = default_model.region
    return prepare_report(default_model, [region.scenarios["minimum"], region.scenarios["ambition"]], years=0.5,
                          replications=3, seed=7, cell_m=1000, sim_cell_m=4000, command="raddsim report minimum ambition",
                          what_if_replications=2)


@pytest.fixture(scope="module")
def reports(report_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    paths = {}
    for lang in ("en", "sv"):
        paths[lang] = out / f"report_{lang}.html"
        paths[lang].write_text(render_report(report_data, lang), encoding="utf-8")
    return paths


def _text(html: str) -> str:
    """What a reader sees: tags and images removed, entities decoded."""
    import html as h

    html = re.sub(r"<(style|title)>.*?</\1>", " ", html, flags=re.S)
    return h.unescape(re.sub(r"<[^>]+>", " ", html))


def _images(html: str) -> list[bytes]:
    return [base64.b64decode(m) for m in re.findall(r'<img [^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)]


def test_report_is_self_contained(reports, report_data) -> None:
    from PIL import Image

    html = reports["en"].read_text(encoding="utf-8")
    # No external resources: every src/href is a data URI or an in-page anchor; no url() in CSS.
    refs = re.findall(r'\b(?:src|href)\s*=\s*"([^"]*)"', html)
    assert refs and all(r.startswith(("data:", "#")) for r in refs)
    assert "url(" not in html and "<script" not in html and "<link" not in html
    images = _images(html)
    # distribution + 2 × (first crew, smoke-diving force) + 2 differences + 2 simulated maps
    assert len(images) == html.count("<img ") == 9
    for data in images:
        im = Image.open(io.BytesIO(data))
        assert im.format == "PNG" and im.size[0] > 800 and im.size[1] > 400
    assert '<html lang="en">' in html
    assert "The road network is approximate" in html
    res = report_data.results
    for name, s in res["scenarios"].items():
        fa = s["first_arrival_minutes"]
        lo, hi = fa["mean_ci95"]
        assert f"{fa['mean']:.2f} [{lo:.2f}–{hi:.2f}]" in " ".join(_text(html).split())
        assert f"{100 * s['share_within_target']:.0f}\u00a0%" in _text(html)
    for heading in ("Summary for the board", "What the model does not know", "What closes the gap most", "Paired differences",
                    "Headline", "Distribution of alarm-to-arrival times", "Coverage maps", "What changes between scenarios",
                    "Simulated chance of reaching the target", "Per station area and per tätort", "Assumptions and sources",
                    "Road network and provenance"):
        assert heading in html
    assert "ASSUMPTION" in html and "AFS 2007:7" in html and "norrtalje_approx.osm" in html
    # Provenance without local paths or raw keys.
    assert str(Path.cwd()) not in html and "/work/" not in html and "blue_light" not in html and "True" not in _text(html)
    for area in report_data.model.area_names:
        assert f"<td>{area}</td>" in html
    assert "<td>Norrtälje</td>" in html and "countryside" in html
    assert "raddsim report minimum ambition" in html


def test_swedish_report(reports) -> None:
    html = reports["sv"].read_text(encoding="utf-8")
    assert '<html lang="sv">' in html
    for heading in ("Sammanfattning", "Täckningskartor", "Antaganden och källor", "Vägnät och ursprung", "Per stationsområde"):
        assert heading in html
    assert "Assumptions and sources" not in html and "Headline" not in html
    assert "ANTAGANDE" in html and "landsbygd" in html
    assert 'alt="Tid från larm till första styrka på plats' in html
    en = _images(Path(str(reports["en"])).read_text(encoding="utf-8"))
    sv = _images(html)
    assert len(sv) == len(en) and sv[1] != en[1]  # the maps themselves are in Swedish


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Page:
    """A minimal Chrome DevTools Protocol client: one page, commands in order, events collected."""

    def __init__(self, ws) -> None:
        self.ws, self.next_id, self.events = ws, 0, []

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_for(self, method: str, timeout: float = 60) -> dict:
        end = time.time() + timeout
        for ev in self.events:
            if ev.get("method") == method:
                return ev
        while time.time() < end:
            msg = json.loads(self.ws.recv())
            self.events.append(msg)
            if msg.get("method") == method:
                return msg
        raise TimeoutError(method)

    def evaluate(self, expression: str):
        res = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return res["result"].get("value")


def render_in_chromium(html: Path, screenshot: Path) -> dict:
    """Open ``html`` in headless Chromium; return images, errors and requests, and save a full-page screenshot."""
    import websocket

    profile = Path(tempfile.mkdtemp(prefix="raddsim-chromium-"))
    proc = subprocess.Popen([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
                             "--window-size=1280,900", "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = profile / "DevToolsActivePort"
        end = time.time() + 60
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.time() > end or proc.poll() is not None:
                raise RuntimeError("chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as r:
            targets = json.loads(r.read())
        url = next(t["webSocketDebuggerUrl"] for t in targets if t.get("type") == "page")
        ws = websocket.create_connection(url, timeout=60, suppress_origin=True)
        page = Page(ws)
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.call(f"{domain}.enable")
        page.call("Page.navigate", url=html.resolve().as_uri())
        page.wait_for("Page.loadEventFired")
        images = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight, i.getBoundingClientRect().width])")
        info = page.evaluate("({lang: document.documentElement.lang, title: document.title, h2: document.querySelectorAll('h2').length,"
                             " height: document.documentElement.scrollHeight})")
        height = min(int(info["height"]), 16000)
        page.call("Emulation.setDeviceMetricsOverride", width=1280, height=height, deviceScaleFactor=1, mobile=False)
        shot = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        ws.close()
        ev = page.events
        errors = [e for e in ev if e.get("method") == "Runtime.exceptionThrown"]
        errors += [e for e in ev if e.get("method") == "Runtime.consoleAPICalled" and e["params"].get("type") in ("error", "assert")]
        errors += [e for e in ev if e.get("method") == "Log.entryAdded" and e["params"]["entry"].get("level") == "error"]
        errors += [e for e in ev if e.get("method") == "Network.loadingFailed"]
        requests = [e["params"]["request"]["url"] for e in ev if e.get("method") == "Network.requestWillBeSent"]
        return {"images": images, "info": info, "errors": errors, "requests": requests}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_report_renders_in_headless_chromium(reports, lang, tmp_path_factory) -> None:
    if chromium() is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium); the HTML checks above still ran")
    pytest.importorskip("websocket", reason="websocket-client is needed to drive chromium (pip install websocket-client)")
    from PIL import Image

    shot = tmp_path_factory.mktemp("screenshots") / f"report_{lang}.png"
    got = render_in_chromium(reports[lang], shot)
    print(f"\nscreenshot of the {lang} report: {shot}")
    assert not got["errors"], got["errors"][:3]
    assert got["info"]["lang"] == lang and got["info"]["h2"] == 11
    assert len(got["images"]) == 9
    for complete, w, h, shown in got["images"]:
        assert complete and w > 800 and h > 400 and shown > 500  # decoded and laid out at a readable width
    # Only the file itself (and its data: images) was loaded: nothing from the network.
    assert all(u.startswith(("file:", "data:")) for u in got["requests"]), got["requests"]
    im = Image.open(shot)
    assert im.size[0] == 1280 and im.size[1] > 5000
    colours = im.convert("RGB").resize((64, 512)).getcolors(64 * 512)
    assert len(colours) > 50  # the maps are there, not a blank page


def test_report_command(tmp_path, capsys) -> None:
    boundary = shared_path(*BOUNDARY)
    out = tmp_path / "board.html"
    args = ["report", "minimum", "deltid-spillersboda", "--years", "0.25", "--replications", "2", "--cell", "2000",
            "--sim-cell", "5000", "--boundary", str(boundary), "--lang", "sv", "--out", str(out)]
    assert main(args) == 0
    assert "Skrev" in capsys.readouterr().out
    html = out.read_text(encoding="utf-8")
    assert "kommungräns" in html and boundary.name in html and "deltid-spillersboda" in html
    assert f"--boundary {boundary.name}" in html and str(boundary.parent) not in html
    assert html.count("<img ") == 9 and "ANTAGANDE" in html


def test_same_seed_same_report(tmp_path) -> None:
    args = ["report", "current", "ambition", "--years", "0.25", "--replications", "2", "--cell", "3000", "--sim-cell", "6000",
            "--what-if-replications", "2"]
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    assert main(args + ["--out", str(a)]) == 0 and main(args + ["--out", str(b)]) == 0
    assert a.read_text(encoding="utf-8").replace("a.html", "b.html") == b.read_text(encoding="utf-8")


def test_report_command_errors(tmp_path, capsys) -> None:
    assert main(["report", "minimum", "--out", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err
    assert main(["report", "minimum", "--cell", "1", "--replications", "1", "--out", str(tmp_path / "r.html")]) == 2
    assert "cell size" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_report_for_a_region_without_tatorter(tmp_path) -> None:
    """A generic region (no places file): population only along the roads; the report still has every section."""
    from test_coverage import synthetic_region

    path = synthetic_region(tmp_path)
    path.write_text("\n".join(ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("places =")),
                    encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", "base", "--stations", str(path), "--replications", "2", "--years", "0.5", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.count("<img ") == 4 and html.count("<h2>") == 9  # one scenario: no difference sections
    assert "countryside" in html and "The road network is approximate" not in html
