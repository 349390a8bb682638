"""`pausepost config`: where the config lives, and an example to start from."""

from __future__ import annotations

import argparse

from pausepost.config import config_dir

EXAMPLE = """# Pause settings. Terms in [allow] never count as client details.
[allow]
names = ["Dr. Maria Alvarez"]            # you
organizations = ["Hope Counseling Center"]
places = ["412 Birch St"]
contacts = ["(864) 555-0142", "maria@example.org"]
colleagues = ["Jordan Reyes"]
public_figures = ["Carl Rogers"]
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("config", help="show where your settings live, with an example")
    p.add_argument("--example", action="store_true", help="print an example config.toml")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.example:
        print(EXAMPLE, end="")
    else:
        print(config_dir() / "config.toml")
    return 0
