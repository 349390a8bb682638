"""The pattern tables behind the identifier detector. Every entry says why it matters.

Three tables, by how much context a match needs before it identifies a client:
- CONTACT_PATTERNS: phone numbers, emails, handles (anywhere in a post about clients);
- CONTEXT_PATTERNS: ages, names, appointment slots (in a sentence about clients);
- SPECIFIC_PATTERNS: days, times, places, schools, employers and distinctive details
  (only in sentences that tell one particular client's story).
"""

from __future__ import annotations

import re

from pausepost.core.lexicon import FAMILY_VERB, OCCUPATION, words
from pausepost.core.types import Concern, SpanLabel
from pausepost.detectors.base import Pattern, pat

I = re.IGNORECASE
SpanPattern = Pattern


def sp(
    regex: str,
    code: str,
    label: SpanLabel,
    why: str,
    *,
    flags: int = I,
    group: int = 0,
    score: float = 1.0,
    in_client_sentence: bool = True,
) -> Pattern:
    """An identifier pattern: always the `identifiable` concern, always a labelled span."""
    return pat(
        regex,
        code,
        why,
        Concern.IDENTIFIABLE,
        label,
        flags=flags,
        group=group,
        score=score,
        in_client_sentence=in_client_sentence,
    )


N, A, D, L, O, C, Q = (
    SpanLabel.NAME,
    SpanLabel.AGE,
    SpanLabel.DATE,
    SpanLabel.LOCATION,
    SpanLabel.ORGANIZATION,
    SpanLabel.CONTACT,
    SpanLabel.QUASI,
)

# A professional announcement: the writer's own phone, address and email belong there.
ANNOUNCEMENT = re.compile(
    r"\b(?:call|text|email|e-mail|dm|message)\s+(?:us|me)\b|\bnow\s+(?:booking|enrolling|accepting|hiring)\b|"
    r"\bwe'?re\s+hiring\b|\bregister\b|\bsign\s+up\b|\bsave\s+your\s+spot\b|\bjoin\s+(?:us|me)\b|"
    r"\bfree\s+(?:screening|consult\w*)\b|\bbooking\s+link\b|\bcall\s+(?:the\s+office|\(?\d)",
    I,
)

_NAME = r"[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?"
_RELATIVE = words(
    "mom, dad, mother, father, mum, parents, parent, grandma, grandpa, grandmother, "
    "grandfather, sister, brother, family, teacher, wife, husband, aunt, uncle, "
    "foster mom, foster dad, caseworker, stepmom, stepdad"
)
# Capitalised words that are not names even where a name could stand.
NAME_STOP = frozenset(
    [
        "Today",
        "Tonight",
        "Yesterday",
        "Tomorrow",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Christmas",
        "Thanksgiving",
        "Easter",
        "Halloween",
        "God",
        "Jesus",
        "Lord",
        "Mom",
        "Dad",
        "Mama",
        "Papa",
        "Grandma",
        "Grandpa",
        "Therapist",
        "Therapy",
        "Client",
        "Patient",
        "Doctor",
        "Nurse",
        "Teacher",
        "Counselor",
        "Coach",
        "Santa",
        "Target",
        "Costco",
        "Walmart",
        "Google",
        "Facebook",
        "Instagram",
        "Zoom",
        "Netflix",
        "Amazon",
        "Starbucks",
        "Reader",
        "Friends",
        "Folks",
        "Sir",
        "Ma'am",
        "Miss",
        "Mrs",
        "Ms",
        "Mr",
        "Dr",
        "The",
        "This",
        "That",
        "These",
        "Those",
        "And",
        "But",
        "Also",
        "Just",
        "Still",
        "Yes",
        "Not",
    ]
)

CONTACT_PATTERNS: tuple[SpanPattern, ...] = (
    sp(
        # Toll-free hotlines are public services, not anyone's number.
        r"(?<!\d)(?!(?:\+?1[\s.-]?)?\(?8(?:00|88|77|66|55|44|33)\)?)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\d)",
        "contact.phone",
        C,
        "A phone number reaches one person directly.",
        in_client_sentence=False,
    ),
    sp(
        r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b",
        "contact.email",
        C,
        "An email address names its owner.",
        in_client_sentence=False,
    ),
    sp(
        r"(?<![\w@])(?<!RT )(?<!^)@[A-Za-z0-9_]{3,30}\b",
        "contact.handle",
        C,
        "A social-media handle points straight at an account.",
    ),
)

CONTEXT_PATTERNS: tuple[SpanPattern, ...] = (
    # --- ages and grades
    sp(
        r"\b\d{1,3}\s?(?:yo|y/o|y\.o\.?|yrs?\.?\s+old|years?\s+old|-years?-old|-yr-old|-year-old)(?!\w)|"
        r"\b\d{1,2}[- ](?:week|month|day)[- ]old\b|"
        r"(?:(?<=client)|(?<=patient)|(?<=kiddo)|(?<=student)|(?<=learner))\s*\(\d{1,2}\)",
        "age.numeric",
        A,
        "An exact age narrows down who this is.",
    ),
    sp(r"\b(?:age|aged)\s+\d{1,3}\b", "age.stated", A, "An exact age narrows down who this is."),
    sp(
        r"\b(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
        r"tenth|eleventh|twelfth)[- ]graders?\b",
        "age.grade",
        A,
        "A school grade gives an age and a classroom.",
    ),
    sp(
        r"\b(?:a|the|one)\s+(sophomore|freshman|junior|senior|kindergartner|kindergartener|preschooler)\b",
        "age.school_year",
        A,
        "A school year gives an age and a cohort.",
        group=1,
    ),
    sp(
        r"\b(?:in\s+(?:his|her|their)\s+(?:early\s+|late\s+|mid-)?\d0s|turn(?:s|ed)\s+\d{2,3}|\d{3}-year-old)\b",
        "age.decade",
        A,
        "An age range or a milestone birthday narrows down who this is.",
    ),
    sp(
        r"\b\d{1,2}(?:st|nd|rd|th)\s+(?:period|hour|block)\b",
        "date.class_period",
        D,
        "A class period tells the whole school which class this was.",
    ),
    sp(
        r"\bthe\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+)?\d{1,2}(?::\d\d)?\s?(?:am|pm)?(?=\s+(?:family|client|couple|kid|kiddo|patient)\b)|"
        r"\bmy\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+\d{1,2}:\d\d\b",
        "date.slot_named",
        D,
        "An appointment slot tells anyone at the practice exactly who this is.",
    ),
    sp(
        r"\b([A-Z][a-z]{2,}\s+[A-Z]\.)(?=\s)",
        "name.first_initial",
        N,
        "A first name and initial is as good as a full name in a small place.",
        flags=0,
        group=1,
    ),
    sp(
        r"\b(?:our|my)\s+(?:resident|client|patient|student|kiddo|learner|camper)\s+([A-Z][a-z]{2,})\b",
        "name.our_role",
        N,
        "A first name, even alone, is something the client will recognise.",
        flags=0,
        group=1,
    ),
    sp(
        r"\b(?:she|he|they)\s+(?:was|is|were|are)\s+(?:only\s+|just\s+)?(\d{1,3})\b(?!\s*(?:minutes|min|hours|days|weeks|months|%|am|pm|:))",
        "age.was",
        A,
        "An exact age narrows down who this is.",
        group=1,
    ),
    sp(
        r"(?<=[a-z], )(\d{2,3})(?=,)",
        "age.apposition",
        A,
        "An exact age narrows down who this is.",
        flags=0,
        group=1,
    ),
    # --- names
    sp(
        rf"\b(?:client|patient|kiddo|student|learner|resident|camper|pt)\s+({_NAME})\b",
        "name.after_role",
        N,
        "A first name, even alone, is something the client will recognise.",
        flags=0,
        group=1,
    ),
    sp(
        rf"\b({_NAME})(?:'s|’s)\s+(?:{_RELATIVE})\b",
        "name.relative",
        N,
        "Naming a child through a parent still names the child.",
        flags=0,
        group=1,
    ),
    sp(
        # Not a greeting in a quote ("good morning Ms. T!"): that addresses the writer.
        r"(?<!morning\s)(?<!hi\s)(?<!hello\s)(?<!thanks\s)(?<!thank\syou\s)(?<!dear\s)(?<!Dear\s)(?<!love\syou\s)"
        r"\b((?:Mr|Mrs|Ms|Miss|Mx)\.?\s+[A-Z](?:[a-z]+|\.?))",
        "name.honorific",
        N,
        "A name or initial with a title points at one person.",
        flags=0,
        group=1,
    ),
    sp(
        rf"\bthe\s+({_NAME}\s+family|{_NAME}s\b{FAMILY_VERB})",
        "name.family",
        N,
        "A family surname identifies the whole household.",
        flags=0,
        group=1,
    ),
    sp(
        rf"\b(?:named|called|goes\s+by|meet|about|Meet|Named)\s+(?:our\s+|my\s+)?(?:(?:superstar|friend|star|kiddo|client|patient|learner|student)\s+)?({_NAME})\b(?!,?\s+(?:LPC|LCSW|LMFT|PhD|PsyD|MD|RN|NP|MSW|LMHC|BCBA|SLP|OTR))",
        "name.introduced",
        N,
        "A first name, even alone, is something the client will recognise.",
        flags=0,
        group=1,
    ),
    sp(
        rf"\b(?!(?:Woman|Man|Boy|Girl|Teen|Child|Driver|Mother|Father|Officer|Resident|Patient|Victim|Suspect)\b)({_NAME}),\s+\d{{1,3}},",
        "name.with_age_apposition",
        N,
        "A first name with an age is close to a full identification.",
        flags=0,
        group=1,
    ),
    sp(
        rf"\b({_NAME})\s*\((?=[^)]*(?:\d|grade|age|yo\b|Elementary|School|High))[^)]{{1,60}}\)",
        "name.with_details",
        N,
        "A first name with an age, grade or school is close to a full identification.",
        flags=0,
        group=1,
    ),
    sp(
        rf"\b({_NAME})\s*\((?:age\s+)?\d{{1,2}}\)",
        "name.with_age",
        N,
        "A first name with an age is close to a full identification.",
        flags=0,
        group=1,
    ),
    sp(
        rf"-(?:year|yr)-old\s+({_NAME})\b",
        "name.after_age",
        N,
        "A first name with an age is close to a full identification.",
        flags=0,
        group=1,
    ),
    sp(
        r"\b(?!(?:U\.S|D\.C|P\.S|U\.K|L\.A|N\.Y|A\.M|P\.M|R\.I|B\.C|A\.D)\.)([A-Z]\.\s?[A-Z]\.(?=[\s!,.])|[A-Z]\.(?=\s+(?:is|was|came|told|said|has|had|and|who)))",
        "name.initials",
        N,
        "Initials are often enough for people who know the client.",
        flags=0,
        group=1,
    ),
    # --- appointment slots: "my 4pm" is one person to everyone at the practice
    sp(
        r"\bmy\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+)?\d{1,2}(?:(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.|o'clock)|:\d{2})"
        r"|\bmy\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+)?\d{1,2}(?=\s+(?:client|couple|family|kiddo|pt|patient|regular|appointment|session)\b)",
        "date.slot",
        D,
        "An appointment slot tells anyone at the practice exactly who this is.",
    ),
    sp(
        r"\bmy\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+(?:regular|client|couple|family|kiddo|kid|lady|guy|patient)\b",
        "date.slot_day",
        D,
        "A regular weekly slot tells anyone at the practice exactly who this is.",
    ),
)

_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_MONTH = words(
    "January, February, March, April, May, June, July, August, September, October, "
    "November, December, Jan, Feb, Mar, Apr, Jun, Jul, Aug, Sept, Sep, Oct, Nov, Dec"
)
_HOLIDAY = words(
    "Christmas, Thanksgiving, Easter, Halloween, Hanukkah, Passover, Ramadan, Eid, Diwali, "
    "New Year's Eve, New Year's, Valentine's Day, Mother's Day, Father's Day, "
    "Fourth of July, July 4th, Memorial Day, Labor Day, Christmas Eve"
)
_PLACE_SUFFIX = words(
    "Ave, Avenue, St, Street, Rd, Road, Blvd, Boulevard, Lane, Ln, Dr, Drive, Way, Pkwy, "
    "Parkway, Highway, Hwy, Court, Ct, Plaza, Square, Park, Lake, Beach, Falls, Heights, "
    "Springs, Hills, Valley, Creek, Harbor, Mall, Pavilion, Lighthouse, Bridge, County, "
    "Township"
)
_ORG_SUFFIX = words(
    "High, High School, Elementary, Middle, Middle School, Academy, Prep, University, "
    "College, School, Hospital, Medical Center, Clinic, Center, Services, Church, Plant, "
    "Mercy, Foundation, Institute, Program, Club, YMCA, Library, Gazette, Herald, Times, "
    "Tribune, Post, Journal, Chronicle, Courier, Register, Sentinel, Observer, Daily, "
    "News, Press, Bulletin, Gym, Stadium, Arena, Diner, Cafe, Café, General, Manor, "
    "Memorial, Regional, Medical, Baptist, Methodist, Lutheran, Catholic, "
    "Presbyterian, Temple, Mosque, Synagogue, Dealership, Motors, Bank, Market, Foods, Inc, "
    "Home, Village, Lodge, Residence, Center for Rehab, Rehab, Hospice, Pharmacy"
)
_VENUE = words(
    "lighthouse, pavilion, park, church, deli, deli counter, parking lot, mall, store, "
    "gym, pool, library, beach, lake, zoo, diner, cafe, bar, plant, factory, warehouse, "
    "mill, arena, stadium, courthouse, jail, station"
)
_OCCUPATION = OCCUPATION
_RARE_EVENT = words(
    "overdosed, overdose, OD'd, DUI, DWI, arrested, arrest, jail, prison, expelled, "
    "suspended, indicted, convicted, deported, evicted, affair, accident, crash, pileup, "
    "pile-up, house fire, shooting, stabbing, transplant, amputation, funeral, died, "
    "passed away, suicide, killed, police blotter, front page, on the news, in the paper, "
    "lottery, spelling bee, champ, champion, championship, valedictorian, scholarship, "
    "GED, robotics team, state finals, homecoming queen, homecoming king, prom queen, "
    "prom king, miscarriage, stillbirth, twins, triplets, quadruplets, foster homes, "
    "foster home, custody battle, restraining order, protective order, lawsuit, "
    "bankruptcy, wedding, vow renewal, renewing their vows, funeral home, lemonade stand, "
    "Google review, 1-star, one-star, self-portrait"
)
_FAMILY = words(
    "mom, dad, mother, father, ex, ex-husband, ex-wife, husband, wife, sister, brother, "
    "stepdad, stepmom, grandma, grandpa, boyfriend, girlfriend, partner, son, daughter, "
    "great-granddaughter, granddaughter, grandson, uncle, aunt, cousin, fiance, fiancé"
)

# Words that end a noun phrase going leftwards: a rare event's modifiers stop here.
_NOT_MODIFIER = (
    r"(?:me|you|him|her|us|them|it|about|the|a|an|to|of|for|with|and|or|my|his|their|our|"
    r"who|that|which|I|is|was|were|are|be|been|after|before|since|from|in|on|at|by|just)"
)

SPECIFIC_PATTERNS: tuple[SpanPattern, ...] = (
    # --- dates and times tied to the client's story
    sp(
        rf"\b(?:(?:last|this|next|every|on\s+a|on)\s+)?{_WEEKDAY}s?(?:'s)?(?:\s+(?:morning|afternoon|evening|night))?"
        r"(?:\s+at\s+\d{1,2}(?::\d\d)?\s?(?:am|pm)?)?",
        "date.weekday",
        D,
        "A day of the week narrows down when, and so who.",
    ),
    sp(
        rf"\b\d{{1,2}}(?::\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.)(?:\s+on\s+(?:a\s+)?{_WEEKDAY})?",
        "date.time",
        D,
        "A clock time narrows down when, and so who.",
    ),
    sp(
        rf"\b(?:(?:last|this|next|in|since|by|early|late)\s+)?{_MONTH}\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?\b(?!\s+(?:is|was)\s+\w+\s+Awareness)",
        "date.month",
        D,
        "A month or date ties the story to a moment people remember.",
        flags=0,
    ),
    sp(rf"\b{_HOLIDAY}\b", "date.holiday", D, "A holiday ties the story to a moment.", flags=0),
    sp(
        r"\b(?:in|since|from|of)\s+((?:19|20)\d{2})\b",
        "date.year",
        D,
        "A year ties the story to a time people remember.",
        group=1,
    ),
    sp(
        r"\b(?:last|this\s+past|early\s+last|late\s+last)\s+(?:winter|spring|summer|fall|autumn)\b",
        "date.season",
        D,
        "A season ties the story to a moment.",
    ),
    sp(
        r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(?:on|since|by|from)\s+\d{1,2}/\d{1,2}\b",
        "date.numeric",
        D,
        "An exact date ties the story to one day.",
    ),
    # --- places
    sp(
        rf"\b(?:[A-Z][a-z]+\s+){{0,3}}[A-Z][a-z]+\s+{_PLACE_SUFFIX}\b\.?",
        "location.named_place",
        L,
        "A named street or place points at where the client lives or goes.",
        flags=0,
    ),
    sp(
        r"\b(?:Route|Rt\.?|Highway|Hwy|I-|Interstate\s)\s?\d{1,3}\b",
        "location.road",
        L,
        "A named road ties the story to a place and an event.",
        flags=0,
    ),
    sp(
        rf"\b(?:[A-Z][a-z'’]+\s+){{1,3}}(?:{_VENUE})\b",
        "location.venue",
        L,
        "A named venue points at where the client goes.",
        flags=0,
    ),
    sp(
        rf"\b(?:the\s+)?[A-Z][A-Za-z'’]+\s+on\s+[A-Z][a-z]+\s+{_PLACE_SUFFIX}\b",
        "location.venue_on_street",
        L,
        "A shop on a named street points at where the client goes.",
        flags=0,
    ),
    sp(
        r"\bSt\.\s+[A-Z][a-z]+(?:'s|’s)?(?:\s+(?:Hospital|Church|School|Medical Center))?",
        "location.saint",
        L,
        "A named church, hospital or school points at a community.",
        flags=0,
    ),
    sp(
        r"\b(?:room|bed|bay|unit)\s+\d{1,4}[A-Z]?\b",
        "location.room",
        L,
        "A room or bed number identifies a patient to everyone on the unit.",
    ),
    sp(
        r"\b(?:from|on|near|off)\s+the\s+(reservation|rez|base|reserve|pueblo)\b",
        "location.community",
        L,
        "Naming a small community makes a person easy to find.",
        group=1,
    ),
    sp(
        r"\b(?:a\s+)?(?:town|county|village|city)\s+of\s+(?:about\s+|only\s+|just\s+)?[\d,]+(?:\s+people)?",
        "location.small_town",
        L,
        "A small place with a stated size leaves few candidates.",
    ),
    sp(
        r"\b(?:in|from|near)\s([A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})?)\b(?!\s+(?:High|Elementary|Middle|School|University|College))",
        "location.town",
        L,
        "A town name points at where the client lives.",
        flags=0,
        group=1,
        score=0.7,
    ),
    sp(
        r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+in\s+([a-z]{4,})\b",
        "location.town_lower",
        L,
        "A town name points at where the client lives.",
        flags=0,
        group=1,
        score=0.6,
    ),
    sp(
        r"\b(?:the\s+)?([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})\s+police\b",
        "location.police",
        L,
        "A town's police blotter is public and local.",
        flags=0,
        group=1,
    ),
    # --- organisations: schools, employers, newspapers, programs
    sp(
        rf"\b(?:[A-Z][A-Za-z'’&.-]+\s+){{1,3}}{_ORG_SUFFIX}\b",
        "org.named",
        O,
        "A named school, employer, program or newspaper narrows the client down.",
        flags=0,
    ),
    sp(
        r"\b(?:got\s+into|accepted\s+(?:to|at|into)|admitted\s+to|committed\s+to|plays\s+for|"
        r"works\s+(?:at|for)|working\s+at|hired\s+(?:at|by)|runs\s+(?:the|a))\s+"
        r"((?:the\s+)?[A-Z][A-Za-z'’&]+(?:\s+[A-Z][A-Za-z'’&]+){0,3})",
        "org.affiliation",
        O,
        "Where a client studies or works narrows them down to a few people.",
        flags=0,
        group=1,
    ),
    sp(
        r"\b(?:Channel|Ch\.)\s+\d{1,3}\b|\b(?:the\s+)?[A-Z][a-z]+\s+(?:dealership|factory|plant|warehouse|mill)\b",
        "org.station_or_employer",
        O,
        "A named station or employer narrows the client down.",
        flags=0,
    ),
    sp(
        r"\bthe\s+(Herald|Gazette|Times|Tribune|Post|Journal|Chronicle|Courier|Register|Sentinel|Observer)\b",
        "org.newspaper",
        O,
        "The local paper is where neighbours will see the same story.",
        flags=0,
        group=1,
    ),
    sp(
        r"\b(?:at|to|into|from|for)\s+(?:the\s+)?([A-Z]{3,5}|State|Tech)\b(?!\s+(?:score|scores|plan|meeting|eval))",
        "org.acronym",
        O,
        "A named school or employer narrows the client down.",
        flags=0,
        group=1,
        score=0.7,
    ),
    sp(
        r"\b(?:at|for)\s+(?:the\s+)?([A-Z][a-z]+)\s+(?:plant|factory|mill|warehouse|store|office|branch)\b",
        "org.employer",
        O,
        "A named employer narrows the client down.",
        flags=0,
        group=1,
    ),
    sp(
        r"\bretired\s+([A-Z][a-z]+)\s+\w+",
        "org.former_employer",
        O,
        "A named former employer narrows the client down.",
        flags=0,
        group=1,
    ),
    # --- distinctive details (quasi-identifiers)
    sp(
        # A client's job: "a retired firefighter", "the pastor", never "I was the first nurse"
        # or "Pharmacists are on the team" (the writer's own trade, or a whole profession).
        rf"(?<!\bI\swas\s)(?<!\bI'm\s)(?<!\bI\sam\s)(?<!\bas\s)(?<!\bof\s)(?<!\bto\s)(?<!\bby\s)(?<!\bwith\s)(?<!\blike\s)(?<!\bthan\s)"
        rf"\b(?:(?:a|an|the|my|our|his|her|their)\s+)(?:(?:retired|young|former|local|star|famous|well-known|"
        rf"[A-Z][A-Za-z]+|high\s+school(?:'s)?|school|federal|county|state|army|navy|football|TV|"
        rf"basketball|WWII|Army|Navy)\s+){{0,4}}(?!(?:first|best|only|other|new)\s){_OCCUPATION}\b(?!s)|"
        rf"\b(?:retired|former|local|star|famous|well-known|federal|army|navy|WWII|Army|Navy|Korean\s+War|Vietnam)\s+"
        rf"(?:[\w-]+\s+){{0,2}}?{_OCCUPATION}\b(?!s)",
        "quasi.occupation",
        Q,
        "An occupation, with where or when, can be enough to recognise someone.",
    ),
    sp(
        rf"\b(?:(?:his|her|their|the)\s+)?(?:{_FAMILY})(?:'s|’s)\s+(?:new\s+|old\s+|own\s+)?(?:{_FAMILY}|wedding|funeral|arrest|affair|couch|house|boat|girlfriend|boyfriend)\b",
        "quasi.family_structure",
        Q,
        "The shape of a family (who is with whom) is recognisable to everyone in it.",
    ),
    sp(
        rf"\b(?:lost|losing)\s+(?:both|two|three|all)\s+(?:of\s+)?(?:her|his|their)?\s*(?:parents|{_FAMILY}s?)\b|"
        r"\b(?:both|two|three|four|five|\d)\s+(?:little\s+|older\s+|younger\s+)?(?:parents|brothers|sisters|siblings|moms|dads|kids)\b(?=\s+(?:are|were|who|at|in)|[,.])|"
        r"\bparents\s+are\s+both\s+\w+",
        "quasi.family_count",
        Q,
        "Family circumstances like these single one household out.",
    ),
    sp(
        rf"\b(?:(?!{_NOT_MODIFIER}\b)[\w'’-]+\s+){{0,2}}(?:{_RARE_EVENT})\b(?:\s+(?:last|this)\s+(?:week|month|year|spring|summer|fall|winter))?",
        "quasi.rare_event",
        Q,
        "A rare or public event (an arrest, an accident, a news story) makes someone easy to recognise.",
    ),
    sp(
        r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty)\s+"
        r"(?:years?|months?|weeks?|days?)\s+(?:without\s+a\s+\w+|sober|clean|of\s+not\s+\w+|of\s+school|in\s+a\s+row)\b|"
        r"\b(?:missed|skipped)\s+\d+\s+days\s+of\s+\w+|"
        r"\bkept\s+from\s+(?:her|his|their)\s+\w+\s+for\s+\d+\s+years\b|"
        r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+foster\s+homes\b|"
        r"\b(?:TEN|\d+|two|three|five|ten|twenty)[- ]YEAR\s+affair\b",
        "quasi.history",
        Q,
        "A precise history (how long, how many) is a detail the client's circle knows.",
    ),
    sp(
        r"\b(?:their|her|his)\s+\d{1,2}(?:st|nd|rd|th)\b(?!\s+(?:birthday|grade))|"
        r"\bdrives?\s+(?:\d+|an?)\s+(?:minutes?|hours?|miles?)(?:\s+each\s+way)?|"
        r"\b(?:a\s+)?bad\s+(?:fall|crash|wreck)(?:\s+\w+){0,4}|"
        r"\b(?:\w+ed|built|taught|served|drove|ran|owned|kept|fought|sold|made)\s+(?:\w+\s+){0,2}for\s+\d+\s+years\b",
        "quasi.circumstance",
        Q,
        "A milestone, a commute or a life story in numbers is recognisable to the client's circle.",
    ),
    sp(
        r"\b(?:our|the|my)\s+([A-Z][a-z]+)\s+(?:ICU|ER|ED|clinic|hospital|office|campus|branch|unit|school)\b",
        "location.site",
        L,
        "A named town or site narrows down where the client was seen.",
        flags=0,
        group=1,
    ),
    sp(
        r"\bthe\s+only\s+(?:[\w-]+\s+){0,2}?(?:in|on)\s+(?:town|the\s+(?:county|island|block|reservation)|our\s+(?:town|county|district))\b",
        "quasi.only_in_town",
        Q,
        "In a small place, 'the only one' points at one person.",
    ),
    sp(
        r"\bthe\s+only\s+(?:[\w-]+\s+){0,2}(?:kid|child|student|person|patient|client|one|woman|man|girl|boy)\s+in\s+(?:our|the|this|my)\s+\w+(?:\s+with\s+(?:an?\s+)?[\w-]+(?:\s+(?!and\b|AND\b)[\w-]+)?(?:\s+(?:AND|and)\s+(?:an?\s+)?[\w-]+(?:\s+[\w-]+)?)?)?",
        "quasi.unique",
        Q,
        "Being 'the only one' makes someone identifiable by definition.",
    ),
    sp(
        r"\b(?:in\s+a\s+)?(?:full\s+)?[A-Z][a-z-]+(?:-[A-Z][a-z]+)?\s+(?:suit|costume|outfit)\b|"
        r"\bemotional\s+support\s+(?!animal\b)\w+|"
        r"\bsmelling\s+like\s+(?:a\s+)?\w+|"
        r"\bbrand\s+new\s+[A-Z]\w+|"
        r"\b(?:logged\s+on|called\s+in|joined)\s+from\s+(?:the|a|her|his)\s+\w+|"
        r"\b(?:wheelchair|oxygen\s+tank|prosthetic|cochlear\s+implant|trach|feeding\s+tube|service\s+dog)\b|"
        r"\b(?:tattoo|tattoos|purple\s+hair|pink\s+hair|blue\s+hair|mohawk|face\s+tattoo)\b|"
        r"\bwith\s+(?:the\s+)?(?:red|blond|blonde|pink|blue|purple|green|curly|long|bright|rainbow)\s+"
        r"(?:hair|braids|pigtails|mohawk|beard|glasses)\b|"
        r"\bin\s+(?:a|an|his|her)\s+(?:[\w-]+\s+)?(?:onesie|costume|tutu|cape|tiara|kilt|ball\s+gown|tux|tuxedo)\b|"
        r"\b(?:rolled|totaled|totalled|crashed|wrecked|flipped)\s+(?:her|his|their|a|the)\s+(?:[\w-]+\s+)?[A-Z]?\w+|"
        r"\bIQ\s+of\s+\d+|\bstruck\s+by\s+lightning\b|\bfell\s+(?:off|from)\s+(?:a|the|his|her|their)\s+(?:own\s+)?\w+|"
        r"\b(?:the\s+)?(?!the\b|a\b)[a-z]+\s+fire\b",
        "quasi.physical",
        Q,
        "A striking appearance or possession is recognisable on its own.",
    ),
)
