"""Word lists and patterns shared by several detectors. Each group says why it exists."""

from __future__ import annotations

import re

# Someone in the writer's care: the nouns a clinician, teacher, nurse or medic uses.
CARE_NOUNS = (
    r"clients?|patients?|pts?|kiddos?|learners?|students?|counselees?|residents?|"
    r"consumers?|service users?|caseload|mentees?|referrals?"
)

CLIENT_REF = re.compile(rf"\b(?:{CARE_NOUNS})\b", re.IGNORECASE)
