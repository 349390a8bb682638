"""Large pictures cost one decoded copy, not several: measured in a fresh process.

The child resets its peak-RSS mark (Linux `/proc/self/clear_refs`, "5") after its imports,
runs one stage, and reports how far VmHWM rose above the RSS it started from. A 36-MP RGB
picture is 144 MB decoded (Pillow keeps RGB at 4 bytes a pixel); a working copy or a clean
copy that duplicated it (a rotated copy, a converted copy) would cost twice that or more.
Benchmarks at the 110-MP limit: `benchmarks/bench_image_memory.py`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

SIDE = 6000  # over the 4096-px working-copy side: shrunk on load
DECODED = SIDE * SIDE * 4
WORKING_COPY = 4096 * 4096 * 4  # what `load` keeps: RGB, at most 4096 px a side
SLACK = 32_000_000  # bands, encoder buffers, allocator

CHILD = """
import sys
from pathlib import Path
from pausepost.core.types import ImageRef
from pausepost.media.load import load_image
from pausepost.media.strip import strip_metadata

def status(key):
    with open("/proc/self/status") as fh:
        return next(int(ln.split()[1]) * 1024 for ln in fh if ln.startswith(key))

stage, path = sys.argv[1], Path(sys.argv[2])
with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")  # the peak so far (imports) no longer counts
start = status("VmRSS:")
if stage == "load":
    load_image(ImageRef(path=str(path)))
else:
    strip_metadata(path, path.with_name("clean" + path.suffix))
print(status("VmHWM:") - start)
"""

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc peak-RSS reset"
)


@pytest.fixture(scope="module")
def big_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    img = Image.new("RGB", (SIDE, SIDE), (235, 230, 220))
    draw = ImageDraw.Draw(img)
    for i in range(0, SIDE, 250):
        draw.rectangle((i, 0, i + 120, SIDE - 1 - i // 2), fill=(i % 256, 90, 200))
    path = tmp_path_factory.mktemp("big") / "big.png"
    img.save(path, compress_level=1)
    return path


def _growth(stage: str, path: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, stage, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-500:]
    return int(done.stdout.split()[-1])


@pytest.mark.parametrize(("stage", "allowed"), [("load", WORKING_COPY), ("strip", 0)])
def test_media_memory_a_large_png_is_held_once(big_png: Path, stage: str, allowed: int) -> None:
    growth = _growth(stage, big_png)
    limit = DECODED + allowed + SLACK
    assert growth < limit, f"{stage} grew by {growth / 1e6:.0f} MB (limit {limit / 1e6:.0f})"
