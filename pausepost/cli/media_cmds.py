"""`pausepost redact` and `pausepost strip`, and `check --image`'s output.

The image code (the `media` extra) is imported only when one of these runs, so the
rest of the CLI works without Pillow, OpenCV or tesseract installed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pausepost.cli import exitcodes
from pausepost.cli.common import load_screener, read_text_arg, use_colour
from pausepost.cli.render import render_result
from pausepost.core.screener import Screener
from pausepost.core.types import Audience, ImageRef, Post, Verdict
from pausepost.errors import CannotWriteError, ConfigError, InputError

_NO_MEDIA = "pausepost: images need the media extra: pip install 'pausepost[media]'"

REDACT_EXAMPLES = """examples:
  pausepost redact party.jpg                    (writes party.redacted.jpg)
  pausepost redact note.png -o safe.png --text all
"""
STRIP_EXAMPLES = """examples:
  pausepost strip office.jpg                    (writes office.clean.jpg)
  pausepost strip IMG_2041.jpg -o IMG_2041-clean.jpg
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    r = sub.add_parser(
        "redact",
        help="write a copy of an image with faces blurred and flagged text covered",
        description=(
            "Write a copy of PHOTO with faces blurred and identifying text (names, ages, "
            "schools ...) covered by black boxes. The copy carries no metadata. The "
            "original is never changed."
        ),
        epilog=REDACT_EXAMPLES + "\n" + exitcodes.EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    r.add_argument("photo", metavar="PHOTO", help="the image to redact")
    r.add_argument("-o", "--output", help="where to write the copy (default: PHOTO.redacted.EXT)")
    r.add_argument(
        "--text",
        choices=("flagged", "all", "none"),
        default="flagged",
        help="which text to cover: what the check flagged (default), all of it, or none",
    )
    r.add_argument("--no-faces", action="store_true", help="leave faces as they are")
    r.add_argument("--caption", default="", help="the post's caption, judged with the image")
    r.add_argument("--force", action="store_true", help="replace the output file if it exists")
    r.add_argument("--json", action="store_true", help="print what was done as JSON")
    r.add_argument("--config", metavar="PATH", help="config file (default: your config dir)")
    r.set_defaults(func=run_redact)

    s = sub.add_parser(
        "strip",
        help="write a copy of an image without location, time, camera, captions or names",
        description=(
            "Write a copy of PHOTO holding only its pixels: no GPS position, time, camera, "
            "XMP, IPTC or hidden text. The original is never changed."
        ),
        epilog=STRIP_EXAMPLES + "\n" + exitcodes.EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("photo", metavar="PHOTO", help="the image to clean")
    s.add_argument("-o", "--output", help="where to write the copy (default: PHOTO.clean.EXT)")
    s.add_argument("--force", action="store_true", help="replace the output file if it exists")
    s.add_argument("--json", action="store_true", help="print what was removed as JSON")
    s.set_defaults(func=run_strip)


def run_redact(args: argparse.Namespace) -> int:
    try:
        from pausepost.media.redact import TextMode, redact_image
        from pausepost.media.write import default_output
    except ImportError:
        print(_NO_MEDIA, file=sys.stderr)
        return exitcodes.INTERNAL
    src = Path(args.photo)
    if not src.is_file():
        print(f"pausepost: no such image file: {src}", file=sys.stderr)
        return exitcodes.NOINPUT
    dst = Path(args.output) if args.output else default_output(src, "redacted")
    try:
        screener = load_screener(args)
    except ConfigError as exc:
        print(f"pausepost: config error: {exc}", file=sys.stderr)
        return exitcodes.CONFIG
    try:
        done = redact_image(
            src,
            dst,
            screener,
            text=TextMode(args.text),
            faces=not args.no_faces,
            caption=args.caption,
            overwrite=args.force,
        )
    except InputError as exc:
        return _input_error(exc)
    except CannotWriteError as exc:
        print(f"pausepost: {exc}", file=sys.stderr)
        return exitcodes.CANTCREATE
    except OSError as exc:
        print(f"pausepost: cannot write {dst}: {exc.strerror or exc}", file=sys.stderr)
        return exitcodes.CANTCREATE
    if args.json:
        _print_json(
            {
                "output": str(done.output),
                "faces_blurred": done.faces_blurred,
                "text_boxes": done.text_boxes,
                "assessment": done.assessment,
            }
        )
    else:
        print(
            f"wrote {done.output}: blurred {_count(done.faces_blurred, 'face')}, "
            f"covered {_count(done.text_boxes, 'word')}"
        )
        image = done.assessment["images"][0]
        if "image.kind." + image["kind"] in {f["code"] for f in image["findings"]}:
            # Covering names does not change whose note or drawing it is.
            print(
                f"note: the picture is still {image['kind_plain']}: check you may share it "
                "before posting even this copy"
            )
    return exitcodes.OK


def run_strip(args: argparse.Namespace) -> int:
    try:
        from pausepost.media.strip import strip_metadata
        from pausepost.media.write import default_output
    except ImportError:
        print(_NO_MEDIA, file=sys.stderr)
        return exitcodes.INTERNAL
    src = Path(args.photo)
    if not src.is_file():
        print(f"pausepost: no such image file: {src}", file=sys.stderr)
        return exitcodes.NOINPUT
    dst = Path(args.output) if args.output else default_output(src, "clean")
    try:
        done = strip_metadata(src, dst, overwrite=args.force)
    except InputError as exc:
        return _input_error(exc)
    except CannotWriteError as exc:
        print(f"pausepost: {exc}", file=sys.stderr)
        return exitcodes.CANTCREATE
    except OSError as exc:
        print(f"pausepost: cannot write {dst}: {exc.strerror or exc}", file=sys.stderr)
        return exitcodes.CANTCREATE
    if args.json:
        _print_json(
            {
                "output": str(done.output),
                "removed": list(done.removed),
                "metadata": done.metadata.to_dict(),
            }
        )
    else:
        gone = ", ".join(done.removed) if done.removed else "nothing to remove"
        print(f"wrote {done.output} without: {gone}")
    return exitcodes.OK


def check_with_images(args: argparse.Namespace, screener: Screener) -> int:
    """`pausepost check --image PHOTO ... [caption]`: the caption and images judged together."""
    try:
        from pausepost.media.analyze import screen_with_images
    except ImportError:
        print(_NO_MEDIA, file=sys.stderr)
        return exitcodes.INTERNAL
    for path in args.image:
        if not Path(path).is_file():
            print(f"pausepost: no such image file: {path}", file=sys.stderr)
            return exitcodes.NOINPUT
    try:
        caption = _caption(args)
    except FileNotFoundError as exc:
        print(f"pausepost: {exc}", file=sys.stderr)
        return exitcodes.NOINPUT
    except InputError as exc:
        return _input_error(exc)
    post = Post(
        text=caption,
        platform=args.platform,
        audience=Audience(args.audience) if args.audience else None,
        images=tuple(ImageRef(path=p, name=Path(p).name) for p in args.image),
    )
    try:
        result = screen_with_images(screener, post)
    except InputError as exc:
        return _input_error(exc)
    if args.json:
        _print_json(result)
    else:
        sys.stdout.write(render_with_images(result, caption, colour=use_colour(args, sys.stdout)))
    bad = [img for img in result["images"] if "error" in img]
    for img in bad:
        print(f"pausepost: image {img['name']}: {img['error']}", file=sys.stderr)
    if bad:
        return exitcodes.DATA
    return exitcodes.BY_VERDICT[Verdict(result["verdict"])]


def _caption(args: argparse.Namespace) -> str:
    """The caption, which may be absent: a picture can be posted without words."""
    if args.text is None and not args.file and (sys.stdin is None or sys.stdin.isatty()):
        return ""
    return read_text_arg(args)


def render_with_images(result: dict[str, Any], caption: str, *, colour: bool = False) -> str:
    """What a plain `check` prints for the caption (headline, the caption with its flagged
    words marked, every reason, questions and advice), then what each image showed."""
    shown = caption if caption.strip() else "(no caption)"
    lines = [render_result(result, shown, colour=colour).rstrip("\n")]
    for img in result["images"]:
        lines.append("")
        lines.append(f"image {img['index'] + 1}: {img['name']}")
        if "error" in img:
            lines.append(f"  could not be checked: {img['error']}")
            continue
        lines.append(f"  looks like {img['kind_plain']}")
        if img["text"]:
            lines.append(f"  text read: {_one_line(img['text'])}")
        lines.append(f"  faces: {img['faces_summary']}")
        lines.append(f"  metadata: {img['metadata']['summary']}")
        flagged = [f for f in img["findings"] if f.get("text") and f.get("source") != "metadata"]
        if flagged:
            words = ", ".join(sorted({_one_line(f["text"], 60) for f in flagged}))
            lines.append(f"  flagged words: {words}")
        hidden = [f for f in img["findings"] if f.get("text") and f.get("source") == "metadata"]
        if hidden:
            words = ", ".join(
                sorted({f'{f["field"]} "{_one_line(f["text"], 60)}"' for f in hidden})
            )
            lines.append(f"  flagged in hidden text: {words}")
        for note in img["notes"]:
            lines.append(f"  note: {note}")
    return "\n".join(lines) + "\n"


def _one_line(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _input_error(exc: InputError) -> int:
    print(f"pausepost: {exc}", file=sys.stderr)
    return exitcodes.DATA


def _print_json(obj: dict[str, Any]) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
