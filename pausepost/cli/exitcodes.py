"""Documented exit codes (also in docs/cli.md and `pausepost --help`)."""

from __future__ import annotations

from pausepost.core.types import Verdict

OK = 0  # success; for `check`: the verdict is post
INTERNAL = 1  # an unexpected failure (reported in one line, no traceback)
USAGE = 2  # wrong arguments
REVISE = 3  # `check`: at least one draft should be revised
HOLD = 4  # `check`: at least one draft should be held
DATA = 65  # the input cannot be screened (empty, binary, not UTF-8, too long, bad JSON)
NOINPUT = 66  # an input file is missing or unreadable
SOFTWARE = 70  # Pause's model file is missing or corrupt: nothing was screened
CANTCREATE = 73  # an output file cannot be written
CONFIG = 78  # the config file is malformed

BY_VERDICT = {Verdict.POST: OK, Verdict.REVISE: REVISE, Verdict.HOLD: HOLD}

EPILOG = """exit codes:
  0   post (or the command succeeded)      3   revise
  4   hold                                 2   usage error
  65  input cannot be screened (empty, binary, not UTF-8, too long, bad JSON line)
  66  input file missing or unreadable     73  output cannot be written
  70  Pause's model missing or corrupt: nothing was screened (reinstall)
  78  config file malformed                1   unexpected internal error"""
