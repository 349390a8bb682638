"""Peak memory of the image commands on the largest pictures Pause accepts.

    .venv/bin/python -m benchmarks.bench_image_memory --write-md   # "## Image memory"

Pictures are generated here, at run time, at the pixel limit: PNGs (RGB, RGB with a
90 MB file, RGBA, a flat greyscale one, 16-bit greyscale) and JPEGs (one with an EXIF
quarter turn, which `strip` cannot turn in memory at this size). Each stage runs in a
fresh process started through the bare launcher of `benchmarks.common`, which reaps it
with wait4: the peak RSS is that process's own.
Stages: `load` (the working copy), `analyze` (`analyze_image`: OCR, faces, metadata, as
`pausepost check --image` runs it) and `strip` (a full-size copy in the same format).
Not a test: nothing here fails a build. Budget: 700 MB peak RSS for every stage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks import common

HEADING = "## Image memory"
COMMAND = ".venv/bin/python -m benchmarks.bench_image_memory --write-md"
BUDGET_MB = 700.0
# The same pictures before the bounds (media code of commit 206dc67, same machine,
# 2026-12-06): what the working copy and `strip` cost when every step copied the picture.
BEFORE = (
    "Before the bounds (commit `206dc67`'s image code, same machine and pictures), peak MB"
    " load / strip: PNG RGB 1350 / 2222, PNG RGB with a 90 MB file 1439 / 2312, PNG RGBA"
    " 1896 / 2223, flat greyscale PNG 825 / 586, 16-bit greyscale PNG 1349 / 1785 (and an"
    " all-white copy), JPEG 414 / 2221, WebP at 24 MP 573 / 756."
)
STAGES = ("load", "analyze", "strip")


def _gradient(size: tuple[int, int], mode: str) -> Any:
    """A smooth picture (it compresses under the 100 MB file limit) with real content."""
    from PIL import Image

    ramp = Image.linear_gradient("L")
    bands = [
        ramp.resize(size, Image.Resampling.BILINEAR),
        ramp.rotate(90).resize(size, Image.Resampling.BILINEAR),
        Image.new("L", size, 140),
        ramp.rotate(45).resize(size, Image.Resampling.BILINEAR),
    ]
    return Image.merge(mode, bands[: len(mode)])


def _pictures(side: int) -> dict[str, Callable[[Path], None]]:
    from PIL import Image

    size = (side, side)

    def png(mode: str) -> Callable[[Path], None]:
        return lambda path: _gradient(size, mode).save(path, compress_level=1)

    def noisy(path: Path) -> None:
        # Noise does not compress: rows of it bring the file near the 100 MB limit, whose
        # bytes are held while decoding.
        img = _gradient(size, "RGB")
        rows = min(side, int(90e6 // (3 * side)))
        img.paste(Image.frombytes("RGB", (side, rows), os.urandom(side * rows * 3)), (0, 0))
        img.save(path, compress_level=1)

    def flat_grey(path: Path) -> None:
        Image.new("L", size, 200).save(path, compress_level=1)

    def grey16(path: Path) -> None:
        _gradient(size, "L").convert("I").point(lambda v: v * 257).convert("I;16").save(path)

    def jpeg(turn: int) -> Callable[[Path], None]:
        def save(path: Path) -> None:
            exif = Image.Exif()
            if turn:
                exif[0x0112] = turn
            _gradient(size, "RGB").save(path, quality=90, exif=exif)

        return save

    def webp(path: Path) -> None:
        # WebP has its own, lower limit (its decoder holds about four copies).
        from pausepost.media.load import MAX_PIXELS_BY_FORMAT

        small = min(side, int(MAX_PIXELS_BY_FORMAT["WEBP"] ** 0.5))
        _gradient((small, small), "RGB").save(path, quality=80, method=0)

    return {
        "PNG RGB": png("RGB"),
        "PNG RGB, 90 MB file (noise)": noisy,
        "PNG RGBA": png("RGBA"),
        "PNG greyscale, flat": flat_grey,
        "PNG 16-bit greyscale": grey16,
        "JPEG RGB": jpeg(0),
        "JPEG RGB, EXIF turned 90°": jpeg(6),
        "WebP RGB, at the WebP limit": webp,
    }


def child(stage: str, path: str) -> None:
    """Run one stage in this (fresh) process and print its own figures as JSON."""
    from pausepost.core.types import ImageRef
    from pausepost.media.analyze import analyze_image
    from pausepost.media.load import load_image
    from pausepost.media.strip import strip_metadata

    base = common.rss_mib()  # after imports: what every stage pays before any pixel
    src = Path(path)
    t0 = time.perf_counter()
    if stage == "load":
        load_image(ImageRef(path=path))
    elif stage == "analyze":
        analyze_image(ImageRef(path=path))
    else:
        out = src.with_name(f"{src.stem}.clean{src.suffix}")
        strip_metadata(src, out, overwrite=True)
        out.unlink()
    print(json.dumps({"seconds": time.perf_counter() - t0, "base_mib": base}))


def measure(side: int, stages: Sequence[str]) -> dict[str, Any]:
    from PIL import Image

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="pause-imgmem-") as tmp:
        for n, (name, make) in enumerate(_pictures(side).items()):
            suffix = {"JPEG": ".jpg", "WebP": ".webp"}.get(name.split()[0], ".png")
            path = Path(tmp) / f"picture{n}{suffix}"
            make(path)
            with Image.open(path) as opened:
                megapixels = opened.width * opened.height / 1e6
            row: dict[str, Any] = {
                "image": name,
                "megapixels": round(megapixels, 1),
                "file_mb": round(path.stat().st_size / 1e6, 1),
            }
            for stage in stages:
                argv = [sys.executable, "-m", "benchmarks.bench_image_memory", "--child"]
                run = common.run_child_measured([*argv, stage, str(path)])
                if run.returncode != 0:
                    row[stage] = {"error": run.stderr.decode(errors="replace")[-300:]}
                    continue
                figures = json.loads(run.stdout.decode().strip().splitlines()[-1])
                row[stage] = {
                    "peak_mb": round(run.peak_rss_mib * 2**20 / 1e6, 1),
                    "seconds": round(figures["seconds"], 2),
                    "base_mb": round(figures["base_mib"] * 2**20 / 1e6, 1),
                }
                common.eprint(f"{name} {stage}: {row[stage]}")
            rows.append(row)
    return {"side": side, "megapixels": round(side * side / 1e6, 1), "rows": rows}


def markdown(result: dict[str, Any], machine: dict[str, Any]) -> str:
    side = result["side"]
    stages = [s for s in STAGES if s in result["rows"][0]]
    head = "| image | MP | file MB | " + " | ".join(f"{s}: peak MB (s)" for s in stages) + " |"
    lines = [
        f"`{COMMAND}`",
        "",
        common.machine_line(machine)
        + f" Pictures {side}x{side} ({result['megapixels']} megapixels; the limit is 110,"
        " 24 for WebP), generated at run time; each stage in a fresh process, peak RSS"
        " (VmHWM via wait4) in MB of 10^6 bytes, wall seconds in brackets."
        f" Budget: {BUDGET_MB:.0f} MB.",
        "",
        head,
        "|---|---:|---:|" + "---:|" * len(stages),
    ]
    worst = 0.0
    for row in result["rows"]:
        cells = []
        for stage in stages:
            fig = row.get(stage, {})
            if "peak_mb" in fig:
                worst = max(worst, fig["peak_mb"])
                cells.append(f"{fig['peak_mb']:.0f} ({fig['seconds']:.1f})")
            else:
                cells.append("error")
        lines.append(
            f"| {row['image']} | {row['megapixels']} | {row['file_mb']} | "
            + " | ".join(cells)
            + " |"
        )
    base = result["rows"][0].get("load", {}).get("base_mb")
    lines += [
        "",
        f"Worst peak: {worst:.0f} MB ({'within' if worst <= BUDGET_MB else 'OVER'} the "
        f"budget). A fresh process with the image code imported holds about {base} MB "
        "before any pixel is read.",
        "",
        BEFORE,
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", type=int, default=10_440, help="square side (default 109 MP)")
    parser.add_argument("--stages", default=",".join(STAGES), help="comma-separated stages")
    parser.add_argument("--write-md", action="store_true", help="replace our BENCHMARKS.md section")
    parser.add_argument(
        "--from-results", action="store_true", help="re-render results/image_memory.json only"
    )
    parser.add_argument("--child", nargs=2, metavar=("STAGE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    if args.from_results:
        saved = json.loads((common.RESULTS_DIR / "image_memory.json").read_text("utf-8"))
        machine, result = saved.pop("machine"), saved
    else:
        machine = common.machine_info()
        result = measure(args.side, [s for s in args.stages.split(",") if s])
        common.write_json("image_memory", {"machine": machine, **result})
    body = markdown(result, machine)
    print(body)
    if args.write_md:
        common.update_benchmarks_md(HEADING, body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
