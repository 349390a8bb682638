"""The catalogue of reasons: stable code -> plain words and the rules behind them.

Rule citations name the standard without quoting it. Messages are Pause's own words.
"""

from __future__ import annotations

from dataclasses import dataclass

HIPAA_SAFE_HARBOR = "HIPAA Safe Harbor, 45 CFR 164.514(b)(2): identifiers"
HIPAA_OTHER_UNIQUE = "HIPAA Safe Harbor, 45 CFR 164.514(b)(2)(i)(R): other unique characteristics"
ACA_H6D = "ACA Code of Ethics H.6.d (public social media)"
ACA_B1C = "ACA Code of Ethics B.1.c (respect for confidentiality)"
APA_401 = "APA Ethics Code 4.01 (maintaining confidentiality)"
APA_407 = "APA Ethics Code 4.07 (confidential information in public talks and writing)"
AAMFT_22 = "AAMFT Code 2.2 (written authorization to release client information)"
AAMFT_24 = "AAMFT Code 2.4 (confidentiality in non-clinical activities)"
AAMFT_27 = "AAMFT Code 2.7 (consult without identifying clients)"
NASW_107 = "NASW Code 1.07 (privacy and confidentiality)"
NASW_112 = "NASW Code 1.12 (derogatory language about clients)"
APA_304 = "APA Ethics Code 3.04 (avoiding harm)"
AMA_SOCIAL = "AMA Code of Medical Ethics 2.3.2 (professionalism in social media)"
ANA_31 = "ANA Code of Ethics 3.1 (protecting privacy and confidentiality)"


@dataclass(frozen=True)
class ReasonText:
    message: str
    rules: tuple[str, ...]


REASONS: dict[str, ReasonText] = {
    "identifiable_details": ReasonText(
        "It contains details (such as an age, a day or time, a place, a name or an unusual "
        "event) that could let the client, their family or people who know them recognise "
        "who this is, even without a name.",
        (HIPAA_SAFE_HARBOR, HIPAA_OTHER_UNIQUE, ACA_H6D, APA_401, NASW_107, ANA_31),
    ),
    "mocking": ReasonText(
        "It shares what a client said or did for a laugh. Even affectionate humour at a "
        "client's expense tells every reader in therapy that their words might end up online.",
        (NASW_112, ACA_H6D, APA_304, AMA_SOCIAL),
    ),
    "clinical_specific": ReasonText(
        "It discloses clinical content about a particular person: what was said in session, "
        "a diagnosis, treatment, medication or a crisis.",
        (APA_401, APA_407, ACA_B1C, AAMFT_24, NASW_107, HIPAA_SAFE_HARBOR),
    ),
    "client_media_no_consent": ReasonText(
        "It shares or describes something a client made, wrote or sent (a note, card, "
        "drawing, message, photo or news item) without clear written permission.",
        (AAMFT_22, APA_407, ACA_H6D, NASW_107),
    ),
    "negative_specific": ReasonText(
        "It complains about or judges one particular client or family. If they saw it they "
        "would likely recognise themselves and feel hurt.",
        (NASW_112, ACA_H6D, APA_304),
    ),
    "client_specific": ReasonText(
        "It is about one particular client, family or session. Kind as it is, keep it general "
        "so nobody could tell who or when.",
        (ACA_H6D, APA_407, AAMFT_24, NASW_107),
    ),
    "negative_group": ReasonText(
        "It vents frustration at clients as a group. People in therapy who read it may wonder "
        "whether their own therapist sees them this way; a kind, general reminder works better.",
        (NASW_112, ACA_H6D),
    ),
    "work_venting": ReasonText(
        "It vents job stress in a way that points at clients or sessions. Your stress is real; "
        "a colleague or supervisor is the safer place for it, or a self-care framing.",
        (ACA_H6D, AAMFT_27),
    ),
    "clinical_group": ReasonText(
        "It mentions clinical details about clients (crises, medication, diagnoses) in a way "
        "tied to your own caseload. Keep it general or make it education.",
        (APA_407, NASW_107),
    ),
    "consent_claimed": ReasonText(
        "It says the client gave permission. Make sure that permission is written, current and "
        "covers this platform, and still keep the story general.",
        (AAMFT_22, APA_407, ACA_H6D),
    ),
    "consent_ledger_missing": ReasonText(
        "It claims permission, but no matching, current consent is recorded in your ledger.",
        (AAMFT_22, APA_407),
    ),
    "language_unsupported": ReasonText(
        "Not checked: this draft, or a real part of it, reads as another language, and Pause "
        "reads English only, so it could not read those words and cannot say the draft is safe "
        "to post. Read it once more yourself with the questions below.",
        (),
    ),
    "screen_incomplete": ReasonText(
        "Part of the check could not run, so Pause cannot say this is safe to post.",
        (),
    ),
}


def reason_text(code: str) -> ReasonText:
    return REASONS[code]
