"""The browser extension (extension/) in real headless Chromium, against local replicas of
each platform's composer served over HTTPS under the platforms' real host names.

Chromium maps every replica host to a local server (--host-resolver-rules, everything else
to nowhere) and trusts its throwaway certificate by key (--ignore-certificate-errors-spki-list),
so the content scripts match exactly as in the field and no traffic leaves the machine. The
Pause app runs here with the fake screener (tests/web_support.py) and the extension is paired
through the app's real /pair page.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from web_support import CONSENT, REWRITE, RISKY, SAFE, fake_factory, served

from pausepost.store import Store
from pausepost.web import PauseService, create_app

try:
    from playwright import sync_api
except ImportError:  # the packaging tests below still run
    sync_api = None  # type: ignore[assignment]

browser = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "extension"
REPLICAS = Path(__file__).parent / "extension_replicas"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# host -> (replica page, adapter id); one replica per platform the extension knows.
SITES = {
    "x.com": ("x.html", "x"),
    "www.facebook.com": ("facebook.html", "facebook"),
    "www.linkedin.com": ("linkedin.html", "linkedin"),
    "www.instagram.com": ("instagram.html", "instagram"),
    "www.threads.net": ("threads.html", "threads"),
    "bsky.app": ("bluesky.html", "bluesky"),
    "www.reddit.com": ("reddit.html", "reddit"),
    "mastodon.social": ("mastodon.html", "mastodon"),
}
COMPOSER = "[data-replica-composer]"
SUBMIT = "[data-replica-submit], form[data-replica-form] button[type=submit]"
BADGE = "pause-badge #pause-badge"
PANEL = "pause-panel [role=dialog]"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- a throwaway certificate for every replica host -----------------------------------------


def _openssl(*args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(["openssl", *args], input=data, capture_output=True, check=True).stdout


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(cert, key, base64 SHA-256 of its SubjectPublicKeyInfo) made with the openssl CLI."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed (needed for the replicas' certificate)")
    folder = tmp_path_factory.mktemp("replica-tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    names = ",".join(f"DNS:{h}" for h in SITES)
    _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-days", "2", "-subj", "/CN=pause-replicas", "-addext",
             f"subjectAltName={names}", "-keyout", str(key), "-out", str(cert))  # fmt: skip
    pub = _openssl("x509", "-in", str(cert), "-pubkey", "-noout")
    der = _openssl("pkey", "-pubin", "-outform", "der", data=pub)
    spki = _openssl("dgst", "-sha256", "-binary", data=der)
    import base64

    return cert, key, base64.b64encode(spki).decode()


class _Replicas(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").split(":")[0]
        if self.path == "/replica.js":
            body, kind = (REPLICAS / "replica.js").read_bytes(), "text/javascript"
        elif host in SITES and self.path.split("?")[0] == "/":
            body, kind = (REPLICAS / SITES[host][0]).read_bytes(), "text/html; charset=utf-8"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def replica_port(certificate: tuple[Path, Path, str]) -> Iterator[int]:
    cert, key, _ = certificate
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Replicas)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield int(httpd.server_address[1])
    httpd.shutdown()
    thread.join(5)


# -- the Pause app ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pause-ext-home")


@pytest.fixture(autouse=True)
def _same_dirs_for_the_module(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The app lives for the whole module; its install key (under which pairings are kept)
    # must not change from one test to the next.
    monkeypatch.setenv("PAUSEPOST_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(home / "config"))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    # A file, as `pausepost serve` uses: the in-memory store shares one SQLite connection
    # between the server's threads, and the extension's concurrent calls (badge, probe,
    # check) then met "OperationalError" now and then. Its install key is read on first use,
    # inside a test: from the module's config dir.
    s = Store.open(f"sqlite:///{tmp_path_factory.mktemp('ext-store') / 'pause.db'}")
    yield s
    s.close()


@pytest.fixture(scope="module")
def app_url(store: Store) -> Iterator[str]:
    app = create_app(service=PauseService(store, fake_factory))
    with served(app) as url:
        yield url


# -- Chromium with the extension ------------------------------------------------------------


def _test_copy(dest: Path) -> Path:
    """The extension as a user who turned every site on has it: the sites' host permissions
    granted (the test stands in for the browser's "Allow" prompt, which no test can click),
    and the panel's shadow root opened so that Playwright and axe can look inside."""
    shutil.copytree(EXTENSION, dest)
    manifest = json.loads((dest / "manifest.json").read_text())
    sites = [p for p in manifest["optional_host_permissions"] if p != "https://*/*"]
    # A Mastodon server is granted when the user adds it: here mastodon.social.
    manifest["host_permissions"] += [*sites, "https://mastodon.social/*"]
    (dest / "manifest.json").write_text(json.dumps(manifest))
    panel = dest / "content" / "panel.js"
    source = panel.read_text()
    assert 'var SHADOW_MODE = "closed";' in source
    panel.write_text(source.replace('var SHADOW_MODE = "closed";', 'var SHADOW_MODE = "open";'))
    return dest


def _launch(
    pw: Any, ext: Path, profile: Path, certificate: tuple[Path, Path, str], port: int
) -> Any:
    rules = (
        ", ".join(f"MAP {h} 127.0.0.1:{port}" for h in SITES)
        + ", MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
    )
    args = [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update",
        f"--disable-extensions-except={ext}", f"--load-extension={ext}",
        f"--host-resolver-rules={rules}",
        f"--ignore-certificate-errors-spki-list={certificate[2]}",
    ]  # fmt: skip
    return pw.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=False, args=args,
        viewport={"width": 1100, "height": 900},
    )  # fmt: skip


def _need_chromium() -> None:
    if sync_api is None:
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/setup.sh --dev)")


def _worker(ctx: Any) -> Any:
    return ctx.service_workers[0] if ctx.service_workers else ctx.wait_for_event("serviceworker")


def _set_settings(worker: Any, **settings: Any) -> None:
    worker.evaluate(
        """async (s) => {
          const got = await chrome.storage.local.get(["settings"]);
          const settings = Object.assign({}, PAUSE_DEFAULTS, got.settings || {}, s);
          await chrome.storage.local.set({settings});
          await resync();
        }""",
        settings,
    )


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    # One Playwright for the module: its sync API cannot run twice at once in a thread.
    _need_chromium()
    with sync_api.sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def chromium(
    playwright: Any,
    tmp_path_factory: pytest.TempPathFactory,
    certificate: tuple[Path, Path, str],
    replica_port: int,
    app_url: str,
) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("pause-ext")
    ext = _test_copy(folder / "extension")
    ctx = _launch(playwright, ext, folder / "profile", certificate, replica_port)
    ctx.set_default_timeout(8000)
    _set_settings(_worker(ctx), app=app_url)
    yield ctx
    ctx.close()


def _ext_origin(ctx: Any) -> str:
    return "/".join(_worker(ctx).url.split("/")[:3])


def _pair(ctx: Any) -> None:
    """Pair as a user does: "Pair with Pause" in the options, then "Allow" on the app's page."""
    options = ctx.new_page()
    options.goto(_ext_origin(ctx) + "/options/options.html")
    with ctx.expect_page() as opened:
        options.get_by_role("button", name="Pair with Pause").click()
    tab = opened.value
    tab.wait_for_load_state()
    assert "/pair?origin=" in tab.url
    assert tab.locator("#pair-origin").inner_text() == _ext_origin(ctx)
    tab.get_by_role("button", name="Allow").click()
    tab.wait_for_selector("#pause-extension-paired")
    assert "saved this pairing" in tab.locator("#pause-extension-paired").inner_text()
    # The content script took the secret out of the page.
    assert tab.locator("#pause-pairing").count() == 0
    tab.close()
    options.close()


@pytest.fixture(scope="module")
def paired(chromium: Any) -> Any:
    _pair(chromium)
    return chromium


@pytest.fixture
def site_page(paired: Any) -> Iterator[Any]:
    page = paired.new_page()
    page.set_default_timeout(8000)
    yield page
    page.close()


def _open(page: Any, host: str) -> None:
    page.goto(f"https://{host}/")
    # Typing before the registered content script runs would go unseen: ask the extension's
    # own world of the tab whether it is watching yet.
    worker = _worker(page.context)
    probe = """async (url) => {
      const tabs = await chrome.tabs.query({url});
      if (!tabs.length) return false;
      const runs = await chrome.scripting.executeScript(
        {target: {tabId: tabs[0].id}, func: () => window.__pauseWatching === true});
      return runs[0].result === true;
    }"""
    deadline = time.monotonic() + 8
    while not worker.evaluate(probe, f"https://{host}/*"):
        assert time.monotonic() < deadline, f"the content script never ran on {host}"
        time.sleep(0.05)


def _type(page: Any, text: str) -> None:
    box = page.locator(COMPOSER)
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    box.press_sequentially(text, delay=2)


def _posted(page: Any) -> list[str]:
    return list(page.evaluate("() => window.__posted"))


def _panel_buttons(page: Any) -> list[str]:
    return list(page.locator(f"{PANEL} .actions button").all_inner_texts())


def _decisions(store: Store) -> list[tuple[str, str | None]]:
    return sorted(((e.decision, e.platform) for e in store.journal()), key=str)


def _wait_decision(
    store: Store, before: list[tuple[str, str | None]], new: tuple[str, str | None]
) -> None:
    """The decision is journaled in the background: wait until exactly `new` was added."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        now = _decisions(store)
        if len(now) > len(before):
            break
        time.sleep(0.05)
    rest = list(now)
    for d in before:
        rest.remove(d)
    assert rest == [new]


def check_a11y(page: Any, include: str = "pause-panel") -> None:
    if not AXE.exists():
        pytest.skip("axe-core is not installed (scripts/setup.sh --dev)")
    # Evaluated, not added as a <script>: the extension's pages forbid inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async (sel) => (await axe.run({include: [[sel]]},
             {resultTypes: ['violations']})).violations
           .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target)}))""",
        include,
    )
    assert result == []


# -- the tests ----------------------------------------------------------------------------------


@browser
def test_extension_pairs_through_the_apps_page(paired: Any, store: Store) -> None:
    worker = _worker(paired)
    saved = worker.evaluate("chrome.storage.local.get(null)")
    assert saved["pairing"]["origin"] == _ext_origin(paired)
    assert len(saved["pairing"]["secret"]) == 64
    # Only the settings and the pairing are stored: never a draft.
    assert set(saved) == {"settings", "pairing"}
    # A draft check, which carries the extension's Origin, is accepted with the secret.
    reply = worker.evaluate("check({text: 'Sunday reset: long walk.', platform: 'x'})")
    assert reply["state"] == "ok" and reply["result"]["verdict"] == "post"


@browser
def test_extension_options_page_shows_paired(paired: Any) -> None:
    options = paired.new_page()
    options.goto(_ext_origin(paired) + "/options/options.html")
    options.wait_for_selector('#status[data-state="ok"]', timeout=4000)
    assert "Paired" in options.locator("#status").inner_text()
    options.close()


@browser
@pytest.mark.parametrize("host", list(SITES))
def test_extension_stops_a_held_post_on_each_platform(
    site_page: Any, host: str, store: Store
) -> None:
    page = site_page
    platform = SITES[host][1]
    _open(page, host)
    _type(page, RISKY)
    page.wait_for_selector(f'{BADGE}[data-state="hold"]')
    page.locator(SUBMIT).click()
    page.wait_for_selector(PANEL)
    assert _posted(page) == []  # stopped before the platform's handler ran
    assert page.locator(f"{PANEL} mark").count() == 2
    assert page.locator(f"{PANEL} mark").first.inner_text().startswith("17yo")
    assert page.locator(f"{PANEL} #pause-reasons li").count() == 2
    assert _panel_buttons(page) == ["Use this", "Post anyway", "Keep it private", "Cancel"]
    # "Use this" puts the rewrite in the composer, where the platform reads it.
    before = _decisions(store)
    page.get_by_role("button", name="Use this").click()
    _wait_decision(store, before, ("post_rewrite", platform))
    assert page.locator(PANEL).count() == 0
    page.wait_for_selector(f'{BADGE}[data-state="post"]')
    page.locator(SUBMIT).click()
    page.wait_for_function("() => window.__posted.length === 1")
    assert _posted(page) == [REWRITE]
    assert page.locator(PANEL).count() == 0


@browser
@pytest.mark.parametrize("host", list(SITES))
def test_extension_post_anyway_and_a_fine_draft(site_page: Any, host: str, store: Store) -> None:
    page = site_page
    platform = SITES[host][1]
    _open(page, host)
    # A claim of the client's permission with no consent-ledger entry: held by the app.
    _type(page, CONSENT)
    page.wait_for_selector(f'{BADGE}[data-state="hold"]')
    page.locator(SUBMIT).click()
    page.wait_for_selector(PANEL)
    assert _posted(page) == []
    before = _decisions(store)
    page.get_by_role("button", name="Post anyway").click()
    page.wait_for_function("() => window.__posted.length === 1")
    assert _posted(page) == [CONSENT]  # the original, untouched
    _wait_decision(store, before, ("post", platform))
    # A draft Pause finds fine goes straight through, with no panel.
    _type(page, SAFE)
    page.wait_for_selector(f'{BADGE}[data-state="post"]')
    page.locator(SUBMIT).click()
    page.wait_for_function("() => window.__posted.length === 2")
    assert _posted(page)[1] == SAFE
    assert page.locator("pause-panel").count() == 0


@browser
def test_extension_pressed_before_the_check_still_stops(site_page: Any) -> None:
    # Post pressed straight after typing, before the quiet check: the verdict is awaited.
    page = site_page
    _open(page, "x.com")
    page.locator(COMPOSER).click()
    page.keyboard.insert_text(RISKY)
    page.keyboard.press("Control+Enter")  # X posts on Ctrl+Enter
    page.wait_for_selector(PANEL)
    assert _posted(page) == []
    page.keyboard.press("Escape")
    assert page.locator("pause-panel").count() == 0
    assert _posted(page) == []


@browser
@pytest.mark.parametrize("host", ["bsky.app", "mastodon.social"])
def test_extension_post_anyway_replays_the_key_that_posts(site_page: Any, host: str) -> None:
    page = site_page
    _open(page, host)
    _type(page, RISKY)
    page.wait_for_selector(f'{BADGE}[data-state="hold"]')
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(PANEL)
    assert _posted(page) == []
    page.get_by_role("button", name="Post anyway").click()
    page.wait_for_function("() => window.__posted.length === 1")
    assert _posted(page) == [RISKY]


@browser
def test_extension_panel_is_keyboard_usable_and_accessible(site_page: Any, store: Store) -> None:
    page = site_page
    _open(page, "x.com")
    _type(page, RISKY)
    page.wait_for_selector(f'{BADGE}[data-state="hold"]')
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(PANEL)
    focused = "() => document.querySelector('pause-panel').shadowRoot.activeElement?.textContent"
    assert page.evaluate(focused) == "Use this"
    seen = []
    for _ in range(5):  # Tab cycles through the four buttons and never leaves the panel
        page.keyboard.press("Tab")
        seen.append(page.evaluate(focused))
    assert seen == ["Post anyway", "Keep it private", "Cancel", "Use this", "Post anyway"]
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(focused) == "Use this"
    # The page's hostile CSS (magenta, 40px buttons) does not reach the panel.
    style = (
        "() => getComputedStyle(document.querySelector('pause-panel')"
        ".shadowRoot.querySelector('button')).fontSize"
    )
    assert page.evaluate(style) != "40px"
    check_a11y(page)
    # "Keep it private": recorded in the journal, and nothing is cleared or posted.
    before = _decisions(store)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "Keep it private"
    page.keyboard.press("Enter")
    assert page.locator("pause-panel").count() == 0
    assert page.locator(COMPOSER).inner_text().strip() == RISKY
    assert _posted(page) == []
    _wait_decision(store, before, ("keep_private", "x"))
    # Nothing the extension keeps holds the draft.
    worker = _worker(page.context)
    kept = worker.evaluate(
        "async () => [await chrome.storage.local.get(null), await chrome.storage.session.get(null)]"
    )
    assert set(kept[0]) == {"settings", "pairing"}
    assert "Rosa" not in json.dumps(kept) and "17yo" not in json.dumps(kept)


def _unchecked_post_flow(page: Any, state: str, hint: str, host: str = "www.facebook.com") -> None:
    _open(page, host)
    _type(page, SAFE)
    page.wait_for_selector(f'{BADGE}[data-state="{state}"]')
    assert hint in page.locator(BADGE).inner_text()
    page.locator(SUBMIT).click()
    page.wait_for_selector(PANEL)
    assert _posted(page) == []  # never passed silently
    assert "could not check" in page.locator(f"{PANEL} h2").inner_text()
    assert hint in page.locator(f"{PANEL} #pause-summary").inner_text()
    assert _panel_buttons(page) == ["Post anyway", "Cancel"]
    page.get_by_role("button", name="Cancel").click()
    assert _posted(page) == []
    page.locator(SUBMIT).click()
    page.get_by_role("button", name="Post anyway").click()  # never blocked silently
    page.wait_for_function("() => window.__posted.length === 1")
    assert _posted(page) == [SAFE]


@browser
@pytest.mark.parametrize("host", list(SITES))
def test_extension_app_down_gives_a_notice_never_a_silent_pass(
    site_page: Any, app_url: str, host: str
) -> None:
    worker = _worker(site_page.context)
    saved = worker.evaluate("chrome.storage.local.get(['pairing'])")["pairing"]
    dead = f"http://127.0.0.1:{_free_port()}"  # paired, but nothing listens there now
    worker.evaluate("(p) => chrome.storage.local.set({pairing: p})", {**saved, "app": dead})
    _set_settings(worker, app=dead)
    try:
        _unchecked_post_flow(site_page, "down", "pausepost serve", host)
    finally:
        worker.evaluate("(p) => chrome.storage.local.set({pairing: p})", saved)
        _set_settings(worker, app=app_url)


@browser
def test_extension_unpaired_gives_a_notice(site_page: Any) -> None:
    worker = _worker(site_page.context)
    saved = worker.evaluate("chrome.storage.local.get(['pairing'])")["pairing"]
    worker.evaluate("chrome.storage.local.remove('pairing')")
    try:
        _unchecked_post_flow(site_page, "unpaired", "Pair with Pause")
    finally:
        worker.evaluate("(p) => chrome.storage.local.set({pairing: p})", saved)


@browser
def test_extension_revoked_in_the_app_gets_refused(
    site_page: Any, app_url: str, store: Store
) -> None:
    # Revoke in the app's /settings page; the extension's next call is refused (403) and
    # says so, and pairing again through /pair works.
    page = site_page
    page.goto(app_url + "/settings")
    assert store.pairings()
    while page.get_by_role("button", name="Revoke").count():
        page.get_by_role("button", name="Revoke").first.click()
        page.wait_for_load_state()
    assert store.pairings() == []
    _open(page, "x.com")
    _type(page, SAFE)
    page.wait_for_selector(f'{BADGE}[data-state="unpaired"]')
    _pair(page.context)
    _type(page, RISKY)
    page.wait_for_selector(f'{BADGE}[data-state="hold"]')


@pytest.fixture(scope="module")
def shipped(
    playwright: Any,
    tmp_path_factory: pytest.TempPathFactory,
    certificate: tuple[Path, Path, str],
    replica_port: int,
) -> Iterator[Any]:
    """Chromium with the extension exactly as shipped (from extension/, nothing granted)."""
    folder = tmp_path_factory.mktemp("pause-ext-shipped")
    ctx = _launch(playwright, EXTENSION, folder / "profile", certificate, replica_port)
    ctx.set_default_timeout(8000)
    yield ctx
    ctx.close()


@browser
def test_extension_leaves_sites_the_user_has_not_granted_alone(shipped: Any) -> None:
    worker = _worker(shipped)
    assert worker.evaluate("resync()") == []  # no site granted: no content script at all
    page = shipped.new_page()
    page.goto("https://x.com/")
    _type(page, RISKY)
    page.wait_for_timeout(900)  # past the debounce
    assert page.locator("pause-badge").count() == 0
    page.locator(SUBMIT).click()
    assert _posted(page) == [RISKY]
    page.close()


@browser
def test_extension_panel_shadow_root_is_closed_as_shipped(
    playwright: Any,
    tmp_path_factory: pytest.TempPathFactory,
    certificate: tuple[Path, Path, str],
    replica_port: int,
) -> None:
    folder = tmp_path_factory.mktemp("pause-ext-closed")
    ext = folder / "extension"
    shutil.copytree(EXTENSION, ext)
    manifest = json.loads((ext / "manifest.json").read_text())
    manifest["host_permissions"].append("https://x.com/*")  # X granted; the panel as shipped
    (ext / "manifest.json").write_text(json.dumps(manifest))
    ctx = _launch(playwright, ext, folder / "profile", certificate, replica_port)
    try:
        ctx.set_default_timeout(8000)
        assert _worker(ctx).evaluate("resync()") == ["pause-x"]
        page = ctx.new_page()
        _open(page, "x.com")
        _type(page, RISKY)
        page.locator(SUBMIT).click()  # not paired: the "could not check" panel
        page.wait_for_selector("pause-panel", state="attached")
        assert page.evaluate("() => document.querySelector('pause-panel').shadowRoot") is None
        assert page.evaluate("() => document.querySelector('pause-badge').shadowRoot") is None
        page.keyboard.press("Escape")  # Cancel, from the keyboard
        page.wait_for_selector("pause-panel", state="detached")
        assert _posted(page) == []
    finally:
        ctx.close()


# -- packaging ---------------------------------------------------------------------------------


def _package_module() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "package_extension", ROOT / "scripts" / "package_extension.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_extension_packages_are_reproducible(tmp_path: Path) -> None:
    pkg = _package_module()
    first = pkg.build(tmp_path / "a")
    # A fresh copy of the sources: new file times and modes, as on another machine.
    copy = tmp_path / "src"
    shutil.copytree(EXTENSION, copy, copy_function=shutil.copyfile)
    for f in copy.rglob("*.js"):
        f.chmod(0o600)
        os.utime(f, (2_000_000_000, 2_000_000_000))
    time.sleep(2.1)  # zip times have a 2-second grain: a build time would now show
    second = pkg.build(tmp_path / "b", source=copy)
    for a, b in zip(first, second, strict=True):
        assert a.name == b.name
        assert a.read_bytes() == b.read_bytes()


def test_extension_packages_hold_each_browsers_manifest(tmp_path: Path) -> None:
    import zipfile

    chromium, firefox = _package_module().build(tmp_path)
    with zipfile.ZipFile(chromium) as zc, zipfile.ZipFile(firefox) as zf:
        names = zc.namelist()
        assert names == sorted(names) and names == zf.namelist()
        assert {i.date_time for i in zc.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        mc = json.loads(zc.read("manifest.json"))
        mf = json.loads(zf.read("manifest.json"))
    assert mc["background"] == {"service_worker": "background.js"}
    assert mf["background"] == {"scripts": ["lib/sites.js", "background.js"]}
    assert mf["browser_specific_settings"]["gecko"]["id"]
    # Narrowest permissions: storage and scripting; the app's two local addresses; every
    # platform only when the user grants it.
    for m in (mc, mf):
        assert m["manifest_version"] == 3
        assert m["permissions"] == ["storage", "scripting"]
        assert m["host_permissions"] == ["http://127.0.0.1/*", "http://localhost/*"]
        assert "https://x.com/*" in m["optional_host_permissions"]
    # Every script the manifest or the background names is in the package.
    for script in (
        "background.js",
        "lib/sites.js",
        "content/pair.js",
        "content/core.js",
        "adapters/x.js",
    ):
        assert script in names


def test_extension_has_no_remote_code() -> None:
    sources = [p for p in EXTENSION.rglob("*") if p.suffix in {".js", ".html", ".json"}]
    assert sources
    for p in sources:
        text = p.read_text(encoding="utf-8")
        assert "https://cdn" not in text and '<script src="http' not in text, p
        assert "eval(" not in text and "new Function" not in text, p


@browser
def test_extension_options_save_the_sites_and_when_to_stop(paired: Any, app_url: str) -> None:
    worker = _worker(paired)
    options = paired.new_page()
    options.goto(_ext_origin(paired) + "/options/options.html")
    options.wait_for_selector("#sites input[value=reddit]")
    check_a11y(options, "main")
    # An address off this machine is refused: the draft must not leave it.
    options.get_by_label("Pause app address").fill("http://192.0.2.7:8765")
    options.get_by_role("button", name="Save").click()
    options.wait_for_selector("#saved:has-text('must be http://127.0.0.1')")
    try:
        options.get_by_label("Pause app address").fill(app_url)
        options.get_by_label("Reddit").uncheck()
        options.get_by_label("hold only").check()
        options.get_by_role("button", name="Save").click()
        options.wait_for_selector("#saved:has-text('Saved.')")
        settings = worker.evaluate("chrome.storage.local.get(['settings'])")["settings"]
        assert settings["pauseOn"] == "hold" and "reddit" not in settings["sites"]
        assert settings["app"] == app_url
        deadline = time.monotonic() + 5
        ids: list[str] = []
        while time.monotonic() < deadline:
            ids = [
                s["id"] for s in worker.evaluate("chrome.scripting.getRegisteredContentScripts()")
            ]
            if "pause-reddit" not in ids:
                break
            time.sleep(0.1)
        assert "pause-reddit" not in ids and "pause-x" in ids
    finally:
        every = worker.evaluate("PAUSE_DEFAULTS.sites")
        _set_settings(worker, app=app_url, sites=every, pauseOn="revise")
        options.close()
