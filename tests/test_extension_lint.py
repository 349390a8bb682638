"""The store-ready packages pass the stores' own checks before anyone uploads them.

Firefox: Mozilla's linter (`web-ext lint`, installed into node_modules by
`scripts/setup.sh --dev`) on the unpacked Firefox package: no errors and no warnings.
Chromium has no offline equivalent, so its manifest's basics are checked here in Python:
Manifest V3, every script the extension runs is a file inside the package (no remote code),
and the permissions are exactly those docs/extension.md documents.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
WEB_EXT = ROOT / "node_modules" / ".bin" / "web-ext"
DOCS = ROOT / "docs" / "extension.md"


def _build(out: Path) -> tuple[Path, Path]:
    spec = importlib.util.spec_from_file_location(
        "package_extension", ROOT / "scripts" / "package_extension.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    chromium, firefox = module.build(out)
    return Path(chromium), Path(firefox)


def _unpack(package: Path, dest: Path) -> Path:
    with zipfile.ZipFile(package) as zf:
        zf.extractall(dest)
    return dest


# -- Firefox: web-ext lint ----------------------------------------------------------------------


def _web_ext_lint(source: Path) -> dict[str, Any]:
    if shutil.which("node") is None:
        pytest.skip("node is not installed (web-ext needs it; scripts/setup.sh --dev)")
    if not WEB_EXT.exists():
        pytest.skip("web-ext is not installed (scripts/setup.sh --dev installs it with npm)")
    # NO_UPDATE_NOTIFIER: web-ext would otherwise ask the npm registry for a newer version.
    env = {**os.environ, "NO_UPDATE_NOTIFIER": "1"}
    done = subprocess.run(
        [str(WEB_EXT), "lint", "--source-dir", str(source), "--output", "json",
         "--no-config-discovery", "--boring"],
        capture_output=True, text=True, env=env, timeout=180, cwd=source,
    )  # fmt: skip
    try:
        report: dict[str, Any] = json.loads(done.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"web-ext lint gave no JSON (exit {done.returncode}): {done.stderr[-2000:]}")
    return report


def _messages(report: dict[str, Any], kind: str) -> list[str]:
    return [f"{m.get('code')}: {m.get('file', '')} {m.get('message')}" for m in report[kind]]


def test_firefox_package_passes_web_ext_lint(tmp_path: Path) -> None:
    _, firefox = _build(tmp_path / "dist")
    report = _web_ext_lint(_unpack(firefox, tmp_path / "firefox"))
    problems = _messages(report, "errors") + _messages(report, "warnings")
    notices = _messages(report, "notices")
    assert problems == [], f"web-ext lint: {problems}; notices: {notices}"
    assert report["metadata"]["manifestVersion"] == 3
    assert report["metadata"]["id"] == "pause-extension@pausepost.local"


def test_web_ext_lint_reports_what_the_store_would_refuse(tmp_path: Path) -> None:
    # The lint above can fail: the same package with remote code and an eval is refused.
    _, firefox = _build(tmp_path / "dist")
    source = _unpack(firefox, tmp_path / "firefox")
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    manifest["content_security_policy"]["extension_pages"] = "script-src 'self' https://cdn.example"
    (source / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with (source / "background.js").open("a", encoding="utf-8") as f:
        f.write('\neval("1 + 1");\n')
    report = _web_ext_lint(source)
    codes = {m["code"] for m in report["errors"] + report["warnings"]}
    assert "MANIFEST_CSP" in codes
    assert "DANGEROUS_EVAL" in codes


# -- Chromium: the manifest's basics ------------------------------------------------------------


def documented_permissions(markdown: str) -> dict[str, list[str]]:
    """The backticked values after "- `permissions`:" and "- `host_permissions`:" in the
    "Privacy and permissions" section of docs/extension.md."""
    section = markdown.split("## Privacy and permissions", 1)[1].split("\n## ", 1)[0]
    found: dict[str, list[str]] = {}
    for item in re.split(r"\n- ", section):
        m = re.match(r"`(permissions|host_permissions)`:(.*)", item, re.S)
        if m:
            # Only the values before the explanation in brackets.
            found[m.group(1)] = re.findall(r"`([^`]+)`", m.group(2).split("(")[0])
    return found


def _scripts_run(manifest: dict[str, Any], files: dict[str, str]) -> list[str]:
    """Every script the extension loads: the manifest's, the <script src> of its pages,
    importScripts(...) and the file lists it registers as content scripts at run time."""
    scripts: list[str] = []
    background = manifest.get("background", {})
    scripts += [background["service_worker"]] if "service_worker" in background else []
    scripts += background.get("scripts", [])
    for entry in manifest.get("content_scripts", []):
        scripts += entry.get("js", [])
    for name, text in files.items():
        folder = name.rpartition("/")[0]
        if name.endswith(".html"):
            for src in re.findall(r"<script[^>]*\bsrc=[\"']([^\"']+)", text):
                path = os.path.normpath(f"{folder}/{src}" if folder else src)
                scripts.append(src if "://" in src or src.startswith("//") else path)
        if name.endswith(".js"):
            scripts += re.findall(r"importScripts\(\s*[\"']([^\"']+)", text)
            for listed in re.findall(r"\bjs:\s*\[([^\]]*)\]", text):
                # "adapters/" + site.id + ".js" stands for each adapter file.
                for item in listed.split(","):
                    first = re.search(r"[\"']([^\"']+)", item)
                    if first:
                        scripts.append(first.group(1) + ("*" if "+" in item else ""))
    return scripts


def manifest_problems(manifest: dict[str, Any], files: dict[str, str], docs: str) -> list[str]:
    """What a Chromium Web Store reviewer would send back, in words; [] when none."""
    problems = []
    if manifest.get("manifest_version") != 3:
        problems.append("not Manifest V3")
    if set(manifest.get("background", {})) != {"service_worker"}:
        problems.append("the background must be a service worker only")
    for script in _scripts_run(manifest, files):
        if re.match(r"(https?:)?//", script, re.I):
            problems.append(f"remote script {script}")
        elif script.endswith("*"):
            if not any(n.startswith(script[:-1]) and n.endswith(".js") for n in files):
                problems.append(f"no file for {script}")
        elif script.lstrip("/") not in files:
            problems.append(f"script {script} is not in the package")
    csp = manifest.get("content_security_policy", {}).get("extension_pages", "")
    script_src: list[str] = next(
        (d.split()[1:] for d in csp.split(";") if d.split()[:1] == ["script-src"]), []
    )
    if script_src != ["'self'"]:
        problems.append(f"extension pages' script-src must be 'self' only, not {script_src}")
    documented = documented_permissions(docs)
    for key in ("permissions", "host_permissions"):
        if manifest.get(key) != documented.get(key):
            problems.append(f"{key} {manifest.get(key)} != documented {documented.get(key)}")
    for pattern in manifest.get("optional_host_permissions", []):
        if not pattern.startswith("https://"):
            problems.append(f"optional host {pattern} is not https")
    return problems


def _chromium_package(tmp_path: Path) -> tuple[dict[str, Any], dict[str, str]]:
    chromium, _ = _build(tmp_path / "dist")
    with zipfile.ZipFile(chromium) as zf:
        files = {
            n: zf.read(n).decode("utf-8", "replace") for n in zf.namelist() if not n.endswith("/")
        }
    return json.loads(files["manifest.json"]), files


def test_chromium_manifest_basics(tmp_path: Path) -> None:
    manifest, files = _chromium_package(tmp_path)
    docs = DOCS.read_text(encoding="utf-8")
    assert documented_permissions(docs) == {
        "permissions": ["storage", "scripting"],
        "host_permissions": ["http://127.0.0.1/*", "http://localhost/*"],
    }
    scripts = _scripts_run(manifest, files)
    assert {"background.js", "lib/sites.js", "options/options.js", "content/core.js"} <= set(
        scripts
    )
    assert manifest_problems(manifest, files, docs) == []


def test_chromium_manifest_check_catches_each_problem(tmp_path: Path) -> None:
    manifest, files = _chromium_package(tmp_path)
    docs = DOCS.read_text(encoding="utf-8")
    bad = json.loads(json.dumps(manifest))
    bad["manifest_version"] = 2
    bad["permissions"] = [*bad["permissions"], "tabs"]
    bad["content_scripts"][0]["js"].append("https://cdn.example/x.js")
    bad["content_security_policy"]["extension_pages"] = "script-src 'self' 'unsafe-eval'"
    bad["optional_host_permissions"].append("http://*/*")
    pages = dict(files)
    pages["options/options.html"] += '<script src="//cdn.example/y.js"></script>'
    pages["background.js"] += '\nimportScripts("lib/missing.js");\n'
    got = manifest_problems(bad, pages, docs)
    assert got == [
        "not Manifest V3",
        "remote script https://cdn.example/x.js",
        "script lib/missing.js is not in the package",
        "remote script //cdn.example/y.js",
        "extension pages' script-src must be 'self' only, not [\"'self'\", \"'unsafe-eval'\"]",
        f"permissions {bad['permissions']} != documented ['storage', 'scripting']",
        "optional host http://*/* is not https",
    ]
