"""Build the browser extension's two store-ready zips, byte for byte the same every time.

    .venv/bin/python scripts/package_extension.py [--out DIR]

writes DIR/pause-extension-<version>-chromium.zip and ...-firefox.zip (DIR defaults to
build/extension). Entries are sorted, dated 1980-01-01, with fixed permissions, so two
builds of the same sources are identical. The Firefox manifest differs from Chromium's in
two places: a background script list instead of a service worker, and the add-on id in
browser_specific_settings.gecko. Exit codes: 0 built, 2 bad arguments, 65 a source file
is missing or the manifest is not valid JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "extension"
GECKO_ID = "pause-extension@pausepost.local"
GECKO_MIN_VERSION = "128.0"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# Only these go into a package: no tests, notes or editor leftovers.
SHIPPED_SUFFIXES = frozenset({".js", ".json", ".html", ".css", ".png"})


def _files(source: Path) -> list[Path]:
    return sorted(
        (p for p in source.rglob("*") if p.is_file() and p.suffix in SHIPPED_SUFFIXES),
        key=lambda p: p.relative_to(source).as_posix(),
    )


def firefox_manifest(manifest: dict[str, Any]) -> dict[str, Any]:
    """Chromium's manifest, adapted: Firefox runs the background as an event page (the
    shared helpers first), and needs a stable add-on id for storage and signing."""
    ff: dict[str, Any] = json.loads(json.dumps(manifest))
    ff["background"] = {"scripts": ["lib/sites.js", "background.js"]}
    ff.pop("minimum_chrome_version", None)
    ff["browser_specific_settings"] = {
        "gecko": {
            "id": GECKO_ID,
            "strict_min_version": GECKO_MIN_VERSION,
            # Firefox's data-consent declaration: the extension collects nothing.
            "data_collection_permissions": {"required": ["none"]},
        }
    }
    return ff


def _write_zip(path: Path, entries: list[tuple[str, bytes]]) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever machine builds it
            zf.writestr(info, data)


def build(out: Path, source: Path = SOURCE) -> tuple[Path, Path]:
    """Write the Chromium and Firefox zips into `out`; return their paths."""
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    version = str(manifest["version"])
    common = [
        (p.relative_to(source).as_posix(), p.read_bytes())
        for p in _files(source)
        if p.relative_to(source).as_posix() != "manifest.json"
    ]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for browser, m in (("chromium", manifest), ("firefox", firefox_manifest(manifest))):
        text = json.dumps(m, indent=2, ensure_ascii=False) + "\n"
        path = out / f"pause-extension-{version}-{browser}.zip"
        _write_zip(path, [*common, ("manifest.json", text.encode())])
        paths.append(path)
    return paths[0], paths[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "extension")
    args = parser.parse_args(argv)
    try:
        chromium, firefox = build(args.out)
    except FileNotFoundError as exc:
        print(f"package_extension: missing {exc.filename}", file=sys.stderr)
        return 65
    except (json.JSONDecodeError, KeyError) as exc:
        print(f"package_extension: extension/manifest.json is not valid: {exc}", file=sys.stderr)
        return 65
    print(chromium)
    print(firefox)
    return 0


if __name__ == "__main__":
    sys.exit(main())
