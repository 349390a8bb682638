"""Take the README's picture of the extension's panel: docs/screenshots/extension-panel.png.

    .venv/bin/python scripts/screenshot_extension.py [--out PATH]

It reuses tests/test_extension.py's set-up (Debian's Chromium with the unpacked extension,
the X replica served over HTTPS under x.com, the extension paired through the app's real
/pair page), but the app runs with the real screener, so the panel shows what Pause really
says about a made-up draft. Nothing leaves the machine. The picture is 1280 wide and as
tall as the whole panel needs (at least 800; 1307 today), under 300 KB.
Exit codes: 0 saved, 1 the panel did not show as expected, 69 Playwright, Chromium or
openssl is missing (scripts/setup.sh --dev).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import pytest  # noqa: E402
from test_extension import (  # noqa: E402, F401  (fixtures are found by name)
    BADGE,
    CHROMIUM,
    PANEL,
    SUBMIT,
    _open,
    _same_dirs_for_the_module,
    _type,
    certificate,
    chromium,
    home,
    paired,
    playwright,
    replica_port,
    store,
)
from web_support import served  # noqa: E402

from pausepost.store import Store  # noqa: E402
from pausepost.web import create_app  # noqa: E402

DEFAULT_OUT = ROOT / "docs" / "screenshots" / "extension-panel.png"
# Made up for the picture: no real client, and plainly the kind of post Pause is for.
DRAFT = (
    "My 4pm client Sarah no-showed AGAIN. Third time this month. "
    "Some people just don't want to get better lol"
)
OUT_ENV = "PAUSE_SCREENSHOT_OUT"
CALM_PAGE = (
    "button, [role=dialog], mark, h2 { color: #0f1419 !important; font-size: 15px !important; }"
    "body { font: 15px system-ui, sans-serif; margin: 2rem; }"
    "[contenteditable] { padding: .6rem; border-radius: 8px; }"
    "button { margin-top: .5rem; padding: .3rem 1rem; border-radius: 999px; }"
)
MAX_BYTES = 300_000


@pytest.fixture(scope="module")
def app_url(store: Store) -> Iterator[str]:  # noqa: F811  (the fixture, by name)
    """The app as a user runs it (`pausepost serve`), real screener included."""
    app = create_app(store=store)
    with served(app) as url:
        yield url


def _shrink(png: Path) -> None:
    """128 colours are plenty for a flat UI (a third of the bytes, no visible change).
    Pillow comes with the media extra; without it the picture stays as Chromium saved it."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(png) as im:
        small = im.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(png, optimize=True)


def test_panel_screenshot(paired: Any) -> None:  # noqa: F811
    out = Path(os.environ[OUT_ENV])
    page = paired.new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.set_default_timeout(30000)  # the first check loads the model
    _open(page, "x.com")
    # The replica's deliberately hostile styles (magenta, 40px) test that the panel is immune
    # to them; in a picture they would only distract. The panel itself is left as it is.
    page.add_style_tag(content=CALM_PAGE)
    _type(page, DRAFT)
    page.wait_for_selector(f'{BADGE}[data-state="hold"]')
    page.locator(SUBMIT).click()
    page.wait_for_selector(PANEL)
    # What the README promises the picture shows.
    assert page.locator(f"{PANEL} mark").count() >= 2
    marks = page.locator(f"{PANEL} mark").all_inner_texts()
    assert any(m.startswith("Sarah") for m in marks), marks
    buttons = page.locator(f"{PANEL} .actions button").all_inner_texts()
    assert buttons == ["Use this", "Post anyway", "Keep it private", "Cancel"], buttons
    # Tall enough that the whole panel shows at once: draft, reasons, questions, buttons.
    tall = page.evaluate(
        "() => document.querySelector('pause-panel').shadowRoot"
        ".querySelector('[role=dialog]').scrollHeight"
    )
    page.set_viewport_size({"width": 1280, "height": max(800, min(int(tall) + 48, 1600))})
    page.locator(f"{PANEL}").evaluate("(d) => { d.scrollTop = 0; }")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    out.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out))
    _shrink(out)
    assert out.stat().st_size < MAX_BYTES, f"{out} is {out.stat().st_size} bytes"
    page.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        print(
            "screenshot_extension: playwright is missing (pip install -e '.[dev]')", file=sys.stderr
        )
        return 69
    for need, what in ((CHROMIUM, "Debian's chromium"), ("openssl", "the openssl command")):
        if shutil.which(need) is None and not Path(need).exists():
            print(
                f"screenshot_extension: {what} is missing (scripts/setup.sh --dev)", file=sys.stderr
            )
            return 69
    os.environ[OUT_ENV] = str(args.out.resolve())
    code = pytest.main(
        [
            __file__,
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(ROOT),
            "-W",
            "ignore::pytest.PytestAssertRewriteWarning",
        ]
    )
    if code != 0 or not args.out.exists():
        print("screenshot_extension: the panel did not show as expected", file=sys.stderr)
        return 1
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
