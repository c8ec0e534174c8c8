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
    from raddsim.views.i18n import area_label

    for area in report_data.model.area_names:
        assert f"<td>{area_label(area)}</td>" in html
    # The archipelago (issue 20): its own area, a sentence on page one, and the layer called approximate.
    assert "<td>Archipelago (by boat)</td>" in html and "On the islands without road access" in _text(html)
    assert "APPROXIMATE archipelago" in html or "APPROXIMATE layer" in html
    assert "<td>Norrtälje</td>" in html and "countryside" in html
    assert "raddsim report minimum ambition" in html


def test_swedish_report(reports) -> None:
    html = reports["sv"].read_text(encoding="utf-8")
    assert '<html lang="sv">' in html
    assert "<td>Skärgården (med båt)</td>" in html and "UNGEFÄRLIGT underlag" in html
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


def shots_dir(tmp_path_factory) -> Path:
    """Where screenshots are kept: $RADDSIM_SCREENSHOTS (CI keeps it as an artefact), else a pytest tmp dir."""
    import os

    env = os.environ.get("RADDSIM_SCREENSHOTS")
    if env:
        Path(env).mkdir(parents=True, exist_ok=True)
        return Path(env)
    return tmp_path_factory.mktemp("screenshots")


def render_in_chromium(html: Path, screenshot: Path) -> dict:
    """Open ``html`` in headless Chromium; screenshots of page one, of every image, and of the page at A4 print width."""
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
        page.call("Emulation.setDeviceMetricsOverride", width=1280, height=1400, deviceScaleFactor=1, mobile=False)
        page.call("Page.navigate", url=html.resolve().as_uri())
        page.wait_for("Page.loadEventFired")
        images = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight, i.getBoundingClientRect().width])")
        info = page.evaluate("({lang: document.documentElement.lang, title: document.title, h2: document.querySelectorAll('h2').length,"
                             " height: document.documentElement.scrollHeight})")
        shot = page.call("Page.captureScreenshot", format="png")  # page one as a reader opens it
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        rects = page.evaluate("Array.from(document.images).map(i => {const r = i.getBoundingClientRect();"
                              " return [r.left + scrollX, r.top + scrollY, r.width, r.height]})")
        image_shots = []
        for k, (x, y, w, h) in enumerate(rects):
            clip = {"x": x, "y": y, "width": w, "height": h, "scale": 1}
            data = page.call("Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True)["data"]
            path = screenshot.with_name(f"{screenshot.stem}_image{k + 1}.png")
            path.write_bytes(base64.b64decode(data))
            image_shots.append(path)
        # A4 print layout: 210 mm − 2 × 12 mm margins ≈ 703 CSS px of content.
        page.call("Emulation.setEmulatedMedia", media="print")
        page.call("Emulation.setDeviceMetricsOverride", width=703, height=1000, deviceScaleFactor=1, mobile=False)
        print_layout = page.evaluate(
            "({wrapped: Array.from(document.querySelectorAll('.nw')).filter(e => e.getClientRects().length > 1).map(e => e.textContent),"
            " wide: Array.from(document.querySelectorAll('table')).filter(t => t.getBoundingClientRect().right > document.body.getBoundingClientRect().right + 1)"
            ".map(t => t.rows[0].textContent.slice(0, 60)),"
            " page1: document.getElementById('summary').getBoundingClientRect().height})")
        shot = page.call("Page.captureScreenshot", format="png")
        a4 = screenshot.with_name(f"{screenshot.stem}_a4.png")
        a4.write_bytes(base64.b64decode(shot["data"]))
        ws.close()
        ev = page.events
        errors = [e for e in ev if e.get("method") == "Runtime.exceptionThrown"]
        errors += [e for e in ev if e.get("method") == "Runtime.consoleAPICalled" and e["params"].get("type") in ("error", "assert")]
        errors += [e for e in ev if e.get("method") == "Log.entryAdded" and e["params"]["entry"].get("level") == "error"]
        errors += [e for e in ev if e.get("method") == "Network.loadingFailed"]
        requests = [e["params"]["request"]["url"] for e in ev if e.get("method") == "Network.requestWillBeSent"]
        return {"images": images, "info": info, "errors": errors, "requests": requests, "image_shots": image_shots,
                "print": print_layout, "a4": a4}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


def ink(path: Path) -> tuple[float, float, int]:
    """(share of non-white pixels, share of coloured pixels, distinct colours) of a PNG: blank pages and empty maps fail."""
    import numpy as np
    from PIL import Image

    a = np.asarray(Image.open(path).convert("RGB")).astype(int)
    non_white = float(np.mean(a.min(axis=2) < 235))
    coloured = float(np.mean(a.max(axis=2) - a.min(axis=2) > 40))
    colours = len(np.unique(a.reshape(-1, 3)[:: max(1, a.shape[0] * a.shape[1] // 200000)], axis=0))
    return non_white, coloured, colours


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_report_renders_in_headless_chromium(reports, lang, tmp_path_factory) -> None:
    if chromium() is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium); the HTML checks above still ran")
    pytest.importorskip("websocket", reason="websocket-client is needed to drive chromium (pip install websocket-client)")
    from PIL import Image

    shot = shots_dir(tmp_path_factory) / f"paper_{lang}.png"
    got = render_in_chromium(reports[lang], shot)
    print(f"\nscreenshots of the {lang} paper: {shot.parent}")
    assert not got["errors"], got["errors"][:3]
    assert got["info"]["lang"] == lang and got["info"]["h2"] == 11
    assert len(got["images"]) == 9
    for complete, w, h, shown in got["images"]:
        assert complete and w > 800 and h > 400 and shown > 500  # decoded and laid out at a readable width
    # Only the file itself (and its data: images) was loaded: nothing from the network.
    assert all(u.startswith(("file:", "data:")) for u in got["requests"]), got["requests"]
    # Page one: text on white, not blank.
    im = Image.open(shot)
    assert im.size == (1280, 1400)
    non_white, _, colours = ink(shot)
    assert 0.02 < non_white < 0.5 and colours > 20
    # Every figure is drawn (not blank); the coverage and chance maps show their coloured classes. (A first-crew
    # difference map between staffing levels may rightly be all "no change": every crew is free there.)
    alts = re.findall(r'<img alt="([^"]*)"', reports[lang].read_text(encoding="utf-8"))
    assert len(alts) == len(got["image_shots"])
    for path, alt in zip(got["image_shots"], alts):
        non_white, coloured, colours = ink(path)
        assert non_white > 0.05 and colours > 30, path
        if alt.startswith(("Time from alarm", "Simulated chance", "Tid från larm", "Simulerad sannolikhet")):
            assert coloured > 0.10, (path, coloured)
    # At A4 print width no interval wraps, no table runs over the margin, and page one fits one A4 page (≈ 1030 px).
    assert got["print"]["wrapped"] == [] and got["print"]["wide"] == [], got["print"]
    assert got["print"]["page1"] < 1030, got["print"]["page1"]


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


def test_same_seed_same_report(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # the report's date, fixed: two runs may straddle midnight
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
    # No places: no per-place table of one 'countryside' row (tests/test_other_regions.py), the areas remain.
    assert "countryside" not in html and "Per station area</h2>" in html
    assert "The road network is approximate" not in html


def test_no_english_in_the_swedish_paper(reports, report_data) -> None:
    """Every sentence of the English catalogue that differs in Swedish must not appear in the Swedish paper (names aside)."""
    from raddsim.views.i18n import catalogue

    text = " ".join(_text(reports["sv"].read_text(encoding="utf-8")).split())
    leaks = []
    for key, entry in catalogue().items():
        for frag in re.split(r"\{[^}]*\}", entry["en"]):
            frag = " ".join(frag.split()).strip(" .,:;()[]·—–-")
            if len(re.findall(r"[A-Za-zÅÄÖåäö]+", frag)) < 2 or len(frag) < 8 or frag in entry.get("sv", ""):
                continue
            if frag in text:
                leaks.append((key, frag))
    assert leaks == []
    # Nor English from the data: scenario descriptions, "(mutual aid)", sources marked ASSUMPTION.
    for setup in report_data.setups:
        assert setup.description not in text and setup.description_sv in text
    assert "(mutual aid)" not in text and "ASSUMPTION" not in text and "ANTAGANDE" in text
    assert re.findall(r"\d\.\d\d\b", text) == [] and "10,52" in text  # decimal commas: 10,52 not 10.52


def test_pdf_by_headless_chromium(tmp_path, capsys, monkeypatch) -> None:
    if chromium() is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    from raddsim.views.chromium import pdf_pages

    out = tmp_path / "rapport.html"
    args = ["report", "current", "minimum", "--years", "0.25", "--replications", "2", "--cell", "3000", "--sim-cell", "6000",
            "--no-what-if", "--lang", "sv", "--out", str(out)]
    assert main(args + ["--pdf"]) == 0
    pdf = out.with_suffix(".pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf_pages(pdf) >= 5
    assert f"Skrev {pdf} ({pdf_pages(pdf)} sidor, A4)" in capsys.readouterr().out
    # No Chromium: a clear one-line error before any simulation, exit status 2.
    monkeypatch.setenv("RADDSIM_CHROMIUM", str(tmp_path / "no-such-chromium"))
    assert main(args[:-1] + [str(tmp_path / "x.html"), "--pdf"]) == 2
    assert "RADDSIM_CHROMIUM" in capsys.readouterr().err and not (tmp_path / "x.html").exists()


def test_the_reports_figures_are_laid_out_at_the_resolution_they_are_rendered_at(report_data, monkeypatch) -> None:
    """A figure's text is measured when it is laid out (labels, line breaks) and again when rendered at another
    resolution: the report's figures, laid out at the maps' 150 dpi and rendered at 110 dpi, were measured twice
    (≈ 28 % of their text measurements). Each is now laid out at the report's own resolution; the maps made
    outside a report keep theirs."""
    import raddsim.views.report as report
    from raddsim.views.figfiles import DPI
    from raddsim.views.mapframe import new_figure

    seen: list[tuple[float, int]] = []
    monkeypatch.setattr(report, "png_base64", lambda fig, dpi: seen.append((fig.dpi, dpi)) or "")
    render_report(report_data, "en")
    assert len(seen) >= 5 and all(laid == rendered == report.REPORT_DPI for laid, rendered in seen), seen
    assert new_figure()[0].dpi == DPI  # after the report: a map for `raddsim map` is laid out at the maps' dpi
