"""The browser extension in Debian's Firefox ESR, driven over WebDriver BiDi.

There is no geckodriver here and Playwright's own Firefox cannot be downloaded, so the test
starts `firefox-esr --headless --remote-debugging-port` and speaks BiDi to it directly
(tests/extension_support.py). The extension is the Firefox build's manifest
(scripts/package_extension.py) installed as a temporary add-on; the replicas, the Pause app
and the fake screener are test_extension.py's. Firefox cannot map a host to a port, so a
local CONNECT proxy sends every https:// host to the replica server; the throwaway
certificate is accepted through the session's acceptInsecureCerts. BiDi may not navigate to
moz-extension:// pages, so the test copy opens its options page when installed, and that
tab is where the test reads storage and asks the tabs whether the content script runs.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from extension_support import Bidi, connect_proxy, wait_for
from test_extension import (
    COMPOSER,
    EXTENSION,
    ROOT,
    SITES,
    SUBMIT,
    _decisions,
    _free_port,
    _same_dirs_for_the_module,
    _wait_decision,
    app_url,
    certificate,
    home,
    replica_port,
    store,
)
from web_support import CONSENT, REWRITE, RISKY, SAFE

from pausepost.store import Store

# The Chromium tests' fixtures (replicas, certificate, the app), re-exported for pytest.
__all__ = ["_same_dirs_for_the_module", "app_url", "certificate", "home", "replica_port", "store"]

FIREFOX = shutil.which("firefox-esr") or shutil.which("firefox")
UUID = "6a1f3c2e-0b5d-4e9a-9c1f-2d3e4f5a6b7c"  # fixed moz-extension:// host, set by pref
ORIGIN = f"moz-extension://{UUID}"
HOSTS = ["x.com", "www.facebook.com"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        FIREFOX is None, reason="firefox-esr is not installed (scripts/setup.sh --dev)"
    ),
]


def _package_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "package_extension", ROOT / "scripts" / "package_extension.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _firefox_copy(dest: Path) -> tuple[Path, str]:
    """The extension with the Firefox package's manifest, every site granted (standing in
    for the user's "Allow"), the panel's shadow root open for the test to look inside, and
    its options page opened on install (BiDi cannot navigate to it)."""
    pkg = _package_module()
    shutil.copytree(EXTENSION, dest)
    manifest = pkg.firefox_manifest(json.loads((dest / "manifest.json").read_text()))
    sites = [p for p in manifest["optional_host_permissions"] if p != "https://*/*"]
    manifest["host_permissions"] += sites
    (dest / "manifest.json").write_text(json.dumps(manifest))
    panel = dest / "content" / "panel.js"
    source = panel.read_text()
    assert 'var SHADOW_MODE = "closed";' in source
    panel.write_text(source.replace('var SHADOW_MODE = "closed";', 'var SHADOW_MODE = "open";'))
    with (dest / "background.js").open("a") as f:
        f.write(
            "\nchrome.runtime.onInstalled.addListener(() => chrome.runtime.openOptionsPage());\n"
        )
    return dest, str(pkg.GECKO_ID)


def _profile(folder: Path, gecko_id: str, proxy_port: int) -> Path:
    prefs: dict[str, object] = {
        "extensions.webextensions.uuids": json.dumps({gecko_id: UUID}),
        # Every https:// host goes to the replicas through the proxy; 127.0.0.1 (the app)
        # is never proxied; nothing else is reachable.
        "network.proxy.type": 1,
        "network.proxy.ssl": "127.0.0.1",
        "network.proxy.ssl_port": proxy_port,
        "network.proxy.http": "127.0.0.1",
        "network.proxy.http_port": proxy_port,
        "network.proxy.no_proxies_on": "",
        "browser.shell.checkDefaultBrowser": False,
        "datareporting.policy.dataSubmissionEnabled": False,
    }
    folder.mkdir()
    lines = [f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in prefs.items()]
    (folder / "user.js").write_text("".join(lines))
    return folder


class Firefox:
    """The running browser, its BiDi session and the extension's options tab."""

    def __init__(self, proc: subprocess.Popen[str], bidi: Bidi, options: str) -> None:
        self.proc, self.bidi, self.options = proc, bidi, options

    def js(self, context: str, expr: str, arg: Any = None) -> Any:
        """Run `async (arg) => expr` in a tab and return its JSON value."""
        fn = f"async (arg) => JSON.stringify(await ({expr}))"
        r = self.bidi.call(
            "script.callFunction", functionDeclaration=fn, awaitPromise=True,
            target={"context": context}, arguments=[{"type": "string", "value": json.dumps(arg)}],
        )  # fmt: skip
        if r["type"] != "success":
            raise AssertionError(f"script failed: {r['exceptionDetails']['text']}")
        value = r["result"].get("value")
        return None if value is None else json.loads(value)

    def ext(self, expr: str, arg: Any = None) -> Any:
        """Run in the extension's options tab, where chrome.* is the extension's."""
        return self.js(self.options, expr.replace("ARG", "JSON.parse(arg)"), arg)

    def page(self, context: str, expr: str, arg: Any = None) -> Any:
        return self.js(context, expr.replace("ARG", "JSON.parse(arg)"), arg)

    def contexts(self) -> list[dict[str, Any]]:
        return list(self.bidi.call("browsingContext.getTree")["contexts"])

    def click(self, context: str, element_expr: str) -> None:
        """A real (trusted) mouse click on the element `element_expr` finds."""
        r = self.bidi.call(
            "script.evaluate", expression=element_expr, awaitPromise=False,
            target={"context": context},
        )  # fmt: skip
        assert r["type"] == "success" and r["result"]["type"] == "node", element_expr
        origin = {"type": "element", "element": {"sharedId": r["result"]["sharedId"]}}
        self.bidi.call(
            "input.performActions", context=context,
            actions=[{"type": "pointer", "id": "mouse", "actions": [
                {"type": "pointerMove", "x": 0, "y": 0, "origin": origin},
                {"type": "pointerDown", "button": 0}, {"type": "pointerUp", "button": 0},
            ]}],
        )  # fmt: skip

    def keys(self, context: str, *keys: str, ctrl: bool = False, shift: bool = False) -> None:
        held = (["\ue009"] if ctrl else []) + (["\ue008"] if shift else [])  # Control, Shift
        steps: list[dict[str, str]] = [{"type": "keyDown", "value": m} for m in held]
        for k in keys:
            steps += [{"type": "keyDown", "value": k}, {"type": "keyUp", "value": k}]
        steps += [{"type": "keyUp", "value": m} for m in reversed(held)]
        self.bidi.call(
            "input.performActions", context=context,
            actions=[{"type": "key", "id": "keyboard", "actions": steps}],
        )  # fmt: skip


@pytest.fixture(scope="module")
def firefox(
    tmp_path_factory: pytest.TempPathFactory, replica_port: int, app_url: str
) -> Iterator[Firefox]:
    folder = tmp_path_factory.mktemp("pause-ext-firefox")
    ext, gecko_id = _firefox_copy(folder / "extension")
    with connect_proxy(replica_port) as proxy_port:
        profile = _profile(folder / "profile", gecko_id, proxy_port)
        port = _free_port()
        proc = subprocess.Popen(
            [str(FIREFOX), "--headless", "--no-remote", "--profile", str(profile),
             f"--remote-debugging-port={port}", "about:blank"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        try:
            assert proc.stdout is not None
            for line in proc.stdout:  # Firefox says when BiDi listens
                if "WebDriver BiDi listening" in line:
                    break
            else:
                pytest.fail("firefox exited before WebDriver BiDi listened")
            # Keep reading its output, or a full pipe would stall Firefox.
            threading.Thread(target=proc.stdout.read, daemon=True).start()
            bidi = Bidi(port)
            bidi.call("session.new", capabilities={"alwaysMatch": {"acceptInsecureCerts": True}})
            installed = bidi.call(
                "webExtension.install", extensionData={"type": "path", "path": str(ext)}
            )
            assert installed["extension"] == gecko_id
            ff = Firefox(proc, bidi, "")

            def options_tab() -> str | None:
                tabs = [c["context"] for c in ff.contexts() if c["url"].startswith(ORIGIN)]
                return tabs[0] if tabs else None

            ff.options = wait_for(options_tab, what="the extension's options tab")
            wait_for(lambda: ff.page(ff.options, "document.readyState") == "complete")
            _set_settings(ff, app=app_url)
            yield ff
            bidi.close()
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


def _set_settings(ff: Firefox, **settings: Any) -> None:
    ff.ext(
        """(async (s) => {
          const got = await chrome.storage.local.get(["settings"]);
          const settings = Object.assign({}, PAUSE_DEFAULTS, got.settings || {}, s);
          await chrome.storage.local.set({settings});
          await chrome.runtime.sendMessage({type: "sync"});
        })(ARG)""",
        settings,
    )


def _pair(ff: Firefox) -> None:
    """As a user does: "Pair with Pause" in the options, then "Allow" on the app's page."""
    before = {c["context"] for c in ff.contexts()}
    ff.click(ff.options, "document.getElementById('pair')")

    def pair_tab() -> str | None:
        new = [
            c for c in ff.contexts() if c["context"] not in before and "/pair?origin=" in c["url"]
        ]
        return new[0]["context"] if new else None

    tab = wait_for(pair_tab, what="the app's /pair tab")
    wait_for(lambda: ff.page(tab, "document.readyState") == "complete")
    assert ff.page(tab, "document.getElementById('pair-origin').innerText") == ORIGIN
    allow = "[...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Allow')"
    ff.click(tab, allow)

    def note() -> str | None:
        try:
            got = ff.page(tab, "document.getElementById('pause-extension-paired')?.innerText")
            return str(got) if got else None
        except Exception:  # the answer page is still loading
            return None

    assert "saved this pairing" in wait_for(note, what="the pairing note")
    assert ff.page(tab, "document.querySelectorAll('#pause-pairing').length") == 0
    ff.bidi.call("browsingContext.close", context=tab)


@pytest.fixture(scope="module")
def paired(firefox: Firefox) -> Firefox:
    _pair(firefox)
    return firefox


@pytest.fixture
def tab(paired: Firefox) -> Iterator[str]:
    context = paired.bidi.call("browsingContext.create", type="tab")["context"]
    yield context
    paired.bidi.call("browsingContext.close", context=context)


TAB, ESCAPE, ENTER = "\ue004", "\ue00c", "\ue007"  # WebDriver key values
_BADGE_JS = "document.querySelector('pause-badge')?.shadowRoot?.querySelector('#pause-badge')"
_PANEL_JS = "document.querySelector('pause-panel')?.shadowRoot?.querySelector('[role=dialog]')"


def _open(ff: Firefox, tab: str, host: str) -> None:
    ff.bidi.call("browsingContext.navigate", context=tab, url=f"https://{host}/", wait="complete")
    probe = """(async (url) => {
      const tabs = await chrome.tabs.query({url});
      if (!tabs.length) return false;
      const runs = await chrome.scripting.executeScript(
        {target: {tabId: tabs[0].id}, func: () => window.__pauseWatching === true});
      return runs[0].result === true;
    })(ARG)"""
    wait_for(lambda: ff.ext(probe, f"https://{host}/*"), what=f"the content script on {host}")


def _type(ff: Firefox, tab: str, text: str) -> None:
    ff.click(tab, f"document.querySelector('{COMPOSER}')")
    ff.keys(tab, "a", ctrl=True)
    ff.keys(tab, "\ue017")  # Delete
    ff.keys(tab, *text)


def _badge(ff: Firefox, tab: str, state: str) -> str:
    got = (
        f"(() => {{ const b = {_BADGE_JS};"
        " return b && b.dataset.state === ARG ? b.innerText : null; })()"
    )
    return str(wait_for(lambda: ff.page(tab, got, state), what=f"the badge in state {state}"))


def _submit(ff: Firefox, tab: str) -> None:
    ff.click(tab, f"document.querySelector('{SUBMIT}')")


def _posted(ff: Firefox, tab: str) -> list[str]:
    return list(ff.page(tab, "window.__posted"))


def _panel(ff: Firefox, tab: str) -> dict[str, Any]:
    read = f"""(() => {{ const d = {_PANEL_JS}; return d && {{
        heading: d.querySelector('h2')?.innerText,
        summary: d.querySelector('#pause-summary')?.innerText,
        marks: [...d.querySelectorAll('mark')].map(m => m.innerText),
        buttons: [...d.querySelectorAll('.actions button')].map(b => b.innerText)}}; }})()"""
    return dict(wait_for(lambda: ff.page(tab, read), what="the panel"))


def _press(ff: Firefox, tab: str, name: str) -> None:
    ff.click(
        tab, f"[...({_PANEL_JS}).querySelectorAll('button')].find(b => b.innerText === {name!r})"
    )


# -- the tests ----------------------------------------------------------------------------------


def test_firefox_pairs_through_the_apps_page(paired: Firefox, store: Store) -> None:
    saved = paired.ext("chrome.storage.local.get(null)")
    assert saved["pairing"]["origin"] == ORIGIN
    assert len(saved["pairing"]["secret"]) == 64
    assert set(saved) == {"settings", "pairing"}  # never a draft
    reply = paired.ext("chrome.runtime.sendMessage({type: 'status'})")
    assert reply["state"] == "ok"
    # The app keeps it under the extension's own origin, as a Firefox one.
    assert [(p.origin, p.name) for p in store.pairings()] == [(ORIGIN, "Firefox")]


@pytest.mark.parametrize("host", HOSTS)
def test_firefox_hold_stops_the_post_and_post_anyway_sends_the_original(
    paired: Firefox, tab: str, host: str, store: Store
) -> None:
    ff, platform = paired, SITES[host][1]
    _open(ff, tab, host)
    _type(ff, tab, RISKY)
    _badge(ff, tab, "hold")
    _submit(ff, tab)
    panel = _panel(ff, tab)
    assert _posted(ff, tab) == []  # stopped before the platform's handler ran
    assert len(panel["marks"]) == 2 and panel["marks"][0].startswith("17yo")
    assert panel["buttons"] == ["Use this", "Post anyway", "Keep it private", "Cancel"]
    before = _decisions(store)
    _press(ff, tab, "Post anyway")
    wait_for(lambda: _posted(ff, tab), what="the platform's post")
    assert _posted(ff, tab) == [RISKY]  # the original, untouched
    _wait_decision(store, before, ("post", platform))
    # A claim of consent is held too; a fine draft then goes straight through, no panel.
    _type(ff, tab, CONSENT)
    _badge(ff, tab, "hold")
    _type(ff, tab, SAFE)
    _badge(ff, tab, "post")
    _submit(ff, tab)
    wait_for(lambda: len(_posted(ff, tab)) == 2, what="the second post")
    assert _posted(ff, tab)[1] == SAFE
    assert ff.page(tab, "document.querySelectorAll('pause-panel').length") == 0


@pytest.mark.parametrize("host", HOSTS)
def test_firefox_app_down_gives_a_notice_never_a_silent_pass(
    paired: Firefox, tab: str, host: str, app_url: str
) -> None:
    ff = paired
    saved = ff.ext("chrome.storage.local.get(['pairing'])")["pairing"]
    dead = f"http://127.0.0.1:{_free_port()}"  # paired, but nothing listens there now
    ff.ext("chrome.storage.local.set({pairing: ARG})", {**saved, "app": dead})
    _set_settings(ff, app=dead)
    try:
        _open(ff, tab, host)
        _type(ff, tab, SAFE)
        assert "pausepost serve" in _badge(ff, tab, "down")
        _submit(ff, tab)
        panel = _panel(ff, tab)
        assert _posted(ff, tab) == []  # never passed silently
        assert "could not check" in panel["heading"]
        assert "pausepost serve" in panel["summary"]
        assert panel["buttons"] == ["Post anyway", "Cancel"]
        _press(ff, tab, "Post anyway")  # never blocked silently
        wait_for(lambda: _posted(ff, tab), what="the platform's post")
        assert _posted(ff, tab) == [SAFE]
    finally:
        ff.ext("chrome.storage.local.set({pairing: ARG})", saved)
        _set_settings(ff, app=app_url)


def test_firefox_unpaired_gives_a_notice(paired: Firefox, tab: str) -> None:
    ff = paired
    saved = ff.ext("chrome.storage.local.get(['pairing'])")["pairing"]
    ff.ext("chrome.storage.local.remove('pairing')")
    try:
        _open(ff, tab, "x.com")
        _type(ff, tab, SAFE)
        assert "Pair with Pause" in _badge(ff, tab, "unpaired")
        _submit(ff, tab)
        panel = _panel(ff, tab)
        assert _posted(ff, tab) == []
        assert panel["buttons"] == ["Post anyway", "Cancel"]
        _press(ff, tab, "Cancel")
        wait_for(lambda: ff.page(tab, "!document.querySelector('pause-panel')"), what="no panel")
        assert _posted(ff, tab) == []
    finally:
        ff.ext("chrome.storage.local.set({pairing: ARG})", saved)


def test_firefox_use_this_gives_the_platform_the_rewrite(
    paired: Firefox, tab: str, store: Store
) -> None:
    ff = paired
    _open(ff, tab, "x.com")
    _type(ff, tab, RISKY)
    _badge(ff, tab, "hold")
    _submit(ff, tab)
    assert _panel(ff, tab)["buttons"][0] == "Use this"
    before = _decisions(store)
    _press(ff, tab, "Use this")
    _wait_decision(store, before, ("post_rewrite", "x"))
    assert ff.page(tab, "document.querySelectorAll('pause-panel').length") == 0
    assert _posted(ff, tab) == []  # written into the composer; the user presses Post again
    # The platform's editor saw the rewrite (the badge re-checked it) ...
    _badge(ff, tab, "post")
    _submit(ff, tab)
    # ... and its own submit handler receives it.
    wait_for(lambda: _posted(ff, tab), what="the platform's post")
    assert _posted(ff, tab) == [REWRITE]
    assert ff.page(tab, "document.querySelectorAll('pause-panel').length") == 0


def test_firefox_panel_keeps_the_keyboard_and_escape_cancels(paired: Firefox, tab: str) -> None:
    ff = paired
    _open(ff, tab, "x.com")
    _type(ff, tab, RISKY)
    _badge(ff, tab, "hold")
    ff.keys(tab, ENTER, ctrl=True)  # X posts on Ctrl+Enter
    _panel(ff, tab)
    assert _posted(ff, tab) == []
    focused = "document.querySelector('pause-panel').shadowRoot.activeElement?.textContent ?? null"
    assert ff.page(tab, focused) == "Use this"
    seen = []
    for _ in range(5):  # Tab cycles the four buttons and never leaves the panel
        ff.keys(tab, TAB)
        seen.append(ff.page(tab, focused))
    assert seen == ["Post anyway", "Keep it private", "Cancel", "Use this", "Post anyway"]
    ff.keys(tab, TAB, shift=True)
    assert ff.page(tab, focused) == "Use this"
    ff.keys(tab, ESCAPE)  # Escape is Cancel: no panel, nothing posted, the draft kept
    wait_for(lambda: ff.page(tab, "!document.querySelector('pause-panel')"), what="no panel")
    assert _posted(ff, tab) == []
    assert ff.page(tab, f"document.querySelector('{COMPOSER}').innerText.trim()") == RISKY
    # Focus is back in the composer.
    assert ff.page(tab, f"document.activeElement === document.querySelector('{COMPOSER}')")
