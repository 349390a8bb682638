"""Word lists and patterns shared by several detectors. Each group says why it exists.

Words are grouped by the *pattern of speech* they capture (how professionals refer to
the people in their care, how venting sounds), never by particular posts.
"""

from __future__ import annotations

import re

I = re.IGNORECASE


def words(csv: str) -> str:
    """An alternation from a comma-separated word list (easier to read and extend)."""
    return alt(*(w.strip() for w in csv.split(",") if w.strip()))


def alt(*words: str) -> str:
    """A non-capturing alternation, longest first so regex prefers the fuller phrase."""
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


# People in a professional's care: therapy, medicine, nursing, EMS, schools, ABA, hospice.
CARE_SINGULAR = words(
    "client, patient, pt, kiddo, learner, counselee, resident, mentee, consumer, service user, student, camper, referral, caller, frequent flyer"
)
CARE_PLURAL = words(
    "clients, patients, pts, kiddos, learners, counselees, residents, mentees, consumers, frequent flyers, "
    "service users, students, campers, referrals, callers"
)
# Words for a person that become a client only when the sentence ties them to the work.
PERSON = words(
    "kid, child, boy, girl, teen, teenager, toddler, preschooler, baby, couple, family, "
    "mom, mother, dad, father, parent, guy, man, woman, lady, gentleman, husband, wife, "
    "grandma, grandpa, grandmother, grandfather, son, daughter, veteran, vet, someone, "
    "person, soul, sophomore, freshman, junior, senior, fella, dude, human, young man, "
    "young woman, little guy, little girl, little boy, youngster, widow, widower, gal, customer, regular, "
    "frequent flyer, newborn, infant, elder, driver, passenger"
)
PERSONS = words(
    "kids, children, boys, girls, teens, teenagers, toddlers, couples, families, moms, customers, littles, "
    "mothers, dads, fathers, parents, people, folks, guys, men, women, humans"
)
# "...I work with", "...on my caseload": what ties a person to the writer's practice.
TIE = (
    r"(?:(?:that|who|whom)\s+)?I(?:'ve| have| had)?\s+(?:been\s+)?(?:work(?:ed|ing)?|see|saw|seen|"
    r"treat(?:ed)?|counsel(?:ed)?|assess(?:ed)?|evaluat(?:e|ed)|support(?:ed)?|meet\s+with|met\s+with|been\s+seeing|walk(?:ed)?\s+"
    r"alongside|sit\s+with|sat\s+with|serve[ds]?|care\s+for|cared\s+for|coach(?:ed)?|teach|"
    r"taught|started\s+with|met\s+with)"
    r"|on\s+(?:my|our)\s+(?:caseload|unit|floor|list|roster)|in\s+(?:group|session|clinic|class|homeroom)\b"
    r"|in\s+(?:my|our)\s+(?:office|group|program|practice|clinic|unit|class|classroom|caseload|"
    r"(?:\d+(?::\d\d)?\s?(?:am|pm)\s+)?(?:IOP|group|session|care)|ER|ICU|ward)"
    r"|at\s+(?:my|our)\s+(?:school|clinic|practice|office|agency|program|center)"
    r"|from\s+(?:my|our)\s+(?:group|program|clinic|caseload|unit|class|practice|homeroom|classroom|room|team|roster)"
)

# The clinician's own life: relatives, own therapy, own diagnosis.
SELF_RELATIVE = words(
    "mom, mama, mother, dad, father, son, daughter, kids, kid, husband, wife, partner, "
    "brother, sister, grandma, grandpa, grandmother, grandfather, family, roomie, "
    "roommate, best friend, friend, niece, nephew, aunt, uncle, cousin, boyfriend, "
    "girlfriend, fiance, fiancé, fiancée, baby, toddler, twins, boys, girls, in-laws, "
    "parents, stepson, stepdaughter, children, own therapist, therapist, own therapy, dog, "
    "cat, pup, puppy"
)

# Jobs that, with a place or an event, single a person out.
OCCUPATION = words(
    "firefighter, marine, veteran, soldier, judge, lawyer, attorney, surgeon, "
    "neurosurgeon, neurosurgeons, doctor, physician, nurse, pastor, priest, rabbi, imam, "
    "cop, police officer, sheriff, deputy, trooper, coach, quarterback, linebacker, "
    "pitcher, mayor, councilman, councilwoman, senator, ceo, executive, professor, "
    "principal, superintendent, machinist, welder, trucker, pilot, flight attendant, chef, "
    "bartender, realtor, banker, dentist, pharmacist, engineer, astronaut, athlete, "
    "cheerleader, valedictorian, shift supervisor, plant manager, farmer, rancher, "
    "fisherman, anchor, news anchor, weatherman, influencer, youtuber, musician, actor, "
    "actress, model, dancer, boxer, wrestler, army nurse, paramedic, emt, prison guard, "
    "corrections officer, state trooper, city councilor, school board member"
)

# Verbs of someone giving or saying something to the writer.
HANDS_ME = words(
    "gave, told, asked, said, sent, brought, left, texted, emailed, called, wrote, handed, "
    "showed, hugged, informed, assured, thanked, dropped off, messaged, DMed, DM'd, "
    "tagged, made, drew, painted, tells, asks, texts"
)
IRREGULAR_PAST = words(
    "came, went, got, told, said, brought, left, gave, sent, wrote, drew, made, took, ran, "
    "fell, threw, spent, lost, won, sat, stood, began, drove, kept, fought, broke, swore, "
    "spoke, ate, drank, hit, bit"
)

# A specific person in care, or a specific session.
SPECIFIC_REF = re.compile(
    # my client / a patient / one of my kiddos / the client / this learner
    rf"(?:\bone\s+of\s+(?:my|our|the)\s+(?:\w+\s+)?{CARE_PLURAL}|"
    rf"(?:one\s+of\s+(?:my|our)\s+(?:\w+\s+){{0,2}}(?:{PERSONS}|grief\s+kiddos|kids|babies))|"
    rf"(?:my|a|an|one|this|that|the|our|another|same)\s+(?:[\w-]+\s+){{0,3}}?{CARE_SINGULAR}\b(?!s)|"
    rf"^\s*{CARE_SINGULAR}\b(?![s-])|(?<=[.!?]\s){CARE_SINGULAR}\b(?![s-])|"
    rf"\b{CARE_SINGULAR}(?:'s|’s)\s+\w+|"
    # a mom I work with / the dad on my caseload / a kid at my school
    rf"(?:a|an|one|the|this|that)\s+(?:[\w-]+\s+){{0,2}}?{PERSON}\s+(?:[\w-]+\s+){{0,3}}?(?:{TIE})|"
    rf"(?:^|(?<=[.!?:]\s))(?:{PERSON})\s+(?:[\w-]+\s+){{0,3}}?(?:{TIE})|"
    # a parent gave me / someone left me / Tyler's mom texted me
    rf"(?:a|an|one|the|this|that|some|someone|somebody)\s+(?:[\w-]+\s+){{0,2}}?(?:{PERSON}|{CARE_SINGULAR})?\s*"
    rf"(?:just\s+|finally\s+|has\s+|had\s+|then\s+)?{HANDS_ME}\s+(?:me|us)\b|"
    rf"\b[A-Z][a-z]+(?:'s|’s)\s+(?:mom|dad|mother|father|parents?|grandma|grandpa|family)\s+(?:just\s+|finally\s+)?{HANDS_ME}\b|"
    # a guy who showed up / a man who assured me
    rf"\b(?:a|an|one|the|this)\s+(?:[\w-]+\s+){{0,2}}?(?:{PERSON})\s+who\s+(?:just\s+|finally\s+)?(?:\w+ed|{IRREGULAR_PAST})\b|"
    # sat with a family, worked with someone, the same man, the only kid
    rf"\b(?:sat|sit|sitting|worked|working|met|talked|spoke|played|cried|laughed)\s+with\s+(?:a|one|this|someone)\b(?:\s+(?:[\w-]+\s+)?(?:{PERSON}))?|"
    rf"\b(?:had|have)\s+(?:a|an|one)\s+(?:[\w-]+\s+)?(?:{PERSON}|{CARE_SINGULAR})\s+(?!who\b)\w+|"
    rf"\bwith\s+someone\b|\bsomeone\s+who\b|\bone\s+of\s+them\b|"
    rf"\bthe\s+same\s+(?:{PERSON}|{CARE_SINGULAR})\b|\bthe\s+only\s+(?:[\w-]+\s+)?(?:{PERSON}|{CARE_SINGULAR})\b|"
    rf"\b(?:the|a|this)\s+(?:{PERSON})(?:'s|’s)\s+(?!own\b)\w+|"
    rf"\b(?:{PERSON}|{CARE_SINGULAR})\s+named\s+[A-Z]|"
    # a specific case: made a CPS report, placed a 5150, lost another one
    r"\b(?:made|filed|placed|called\s+in|saw)\s+(?:a|an|my\s+\w+|another)\s+(?:\w+\s+)?(?:CPS|APS|5150|mandated)\b|"
    r"\b(?:diagnosed|assessed|evaluated|admitted|discharged|intubated|restrained|transported|tested)\s+(?:a|an|the|this|my)\s+(?!own\b)|"
    r"\blost\s+another\s+(?:one|client|patient|kid|kiddo|resident)\b|"
    # ages point at one person: a 6yo, (age 7), my 3rd graders
    r"\b\d{1,2}\s?(?:yo|y/o|y\.o\.)(?!\w)|\((?:age|aged)\s+\d{1,2}\)|\bmy\s+\d{1,2}(?:st|nd|rd|th)[- ]graders?\b|"
    r"\b\d{1,2}[- ](?:year|yr)[- ]old\s+[A-Z][a-z]+|"
    # a 9-year-old / a teenager rated / one little guy who
    r"(?:a|an|one|the|this)\s+(?:\d{1,2}|[a-z]+)[- ](?:year|yr)[- ]old\b|"
    r"\b(?:a|an|one|this)\s+(?:little\s+|young\s+|sweet\s+)?(?:teenager|teen|toddler|preschooler|kiddo|little\s+guy|little\s+one)\b|"
    r"\bone\s+(?:little|sweet|brave|young)\s+\w+\s+who\b|"
    # someone I work with
    r"\bsomeone\s+(?:I|who\s+I)\b|"
    # appointment slots: my 4pm, my Tuesday regular, my 2:30 kiddo
    r"\bmy\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+)?\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.|o'clock)|"
    r"\bmy\s+\d{1,2}(?::\d{2})\b|"
    r"\bmy\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+(?:regular|client|couple|family|kiddo|kid|lady|guy|patient|group)|"
    # addressing one person: to the dad who..., you know who you are
    rf"\bto\s+the\s+(?:[\w-]+\s+){{0,2}}?(?:{PERSON}|{CARE_SINGULAR})\s+who\b|"
    r"\byou\s+know\s+who\s+you\s+are\b|\bnot\s+saying\s+who\b|"
    rf"\b(?:the|a|my|our|this)\s+(?:[\w-]+\s+){{0,2}}?{OCCUPATION}\s+(?:who|from|with|in|I|that)\b|"
    r"\bguess\s+which\s+of\s+my\b|"
    # a particular session
    r"\b(?:one|that|this|today's|tuesday's|monday's|wednesday's|thursday's|friday's|my\s+last|a\s+(?:rough|hard|tough|heavy))\s+session\b(?!s)|\bhad\s+a\s+session\b(?!s)(?!\s+with\s+(?:mine|my))|"
    r"\b(?:in|mid|during)[- ]session\b|"
    rf"\b(?:a|one)\s+certain\s+(?:{PERSON}|{CARE_SINGULAR}|local)\b|"
    r"\bthe\s+(?:gentleman|lady|woman|man|guy|kid|boy|girl)\s+in\s+(?:room|bed|bay)\s+\d+|"
    r"\b(?:guy|man|woman|lady|gal|kid|mom|dad)\s+in\s+my\s+(?:\d{1,2}(?::\d\d)?\s?(?:am|pm)\s+)?\w+\s+(?:group|class)|"
    rf"\b(?:first|last|favorite|favourite|former|new|longtime|newest|oldest)\s+(?:ever\s+)?{CARE_SINGULAR}\b(?!s)|"
    # grades and class periods: a 7th grader, my 3rd period
    r"\b(?:a|an|the|one|this|that|my)\s+(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)[- ]grader\b|"
    r"\bmy\s+\d{1,2}(?:st|nd|rd|th)\s+(?:period|hour|block)\b|"
    # arrivals in acute care: came in, came through my ER, rolled in, ran a call
    rf"\b(?:{PERSON}|{CARE_SINGULAR})\s+(?:[\w-]+\s+){{0,3}}?(?:came|rolled|walked|was\s+brought|got\s+brought)\s+(?:in|through|into|back)\b|"
    r"\b(?:ran|had|took|worked)\s+a\s+(?:call|code|run)\b|\bon\s+a\s+call\b|"
    # named appointment slots and first names with a role: the Wednesday 4pm family, our resident Harold
    r"\bthe\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+)?\d{1,2}(?::\d\d)?\s?(?:am|pm)?\s+(?:family|client|couple|kid|kiddo|patient|appointment)\b|"
    r"\bmy\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+)\d{1,2}:\d\d\b|"
    rf"\b(?:our|my)\s+(?:{CARE_SINGULAR})\s+[A-Z][a-z]+|"
    rf"\b(?:watched|helped|hugged)\s+(?:a|an|one|this)\s+(?:[\w-]+\s+)?(?:{PERSON})\b|"
    # a person doing something, told as an event, article or not: "guy came in today..."
    rf"(?:^|(?<=[.!?:]\s))(?:(?!my\b|our\b|his\b|her\b|their\b)[\w-]+\s+)?(?:guy|lady|man|woman|kid|dad|mom|girl|boy|dude|gentleman|patient|pt)\s+"
    rf"(?:(?:at|in|from|on)\s+(?:the\s+)?[\w-]+\s+(?:today\s+|tonight\s+)?)?(?:came|tried|walked|rolled|showed|called|asked|told|said|brought|got|just|was|is|kept)\b|"
    r"\b\d{1,2}[- ](?:week|month|day)[- ]old\b|"
    r"\b(?:remove[ds]?|removing|placed|taken)\s+(?:\d+\s+|two\s+|three\s+)?(?:kids|children|a\s+child|a\s+baby|an\s+infant)\s+from\b|"
    rf"\b(?:spent|sat|stayed|worked)\s+(?:[\w-]+\s+){{0,3}}with\s+(?:a|one|this)\s+(?:{PERSON})\b|"
    rf"\b(?:the|a|this)\s+(?:{PERSON})\s+(?:we|I)\s+(?:\w+ed|{IRREGULAR_PAST})\b|"
    r"\b(?!(?:U\.S|D\.C|P\.S|U\.K|L\.A|N\.Y|A\.M|P\.M|R\.I|B\.C|A\.D)\.)[A-Z]\.\s?[A-Z]\.(?=[\s!,.])|"
    # a person doing something, told as an event: "a lady asked if...", "this guy tried to..."
    rf"\b(?:a|an|one|this|the)\s+(?:[\w-]+\s+)?(?:{PERSON})\s+(?:just\s+|then\s+|actually\s+)?(?:asked|told|said|yelled|screamed|"
    r"called|tried|wanted|insisted|refused|announced|informed|assured|demanded|threw|bit|kicked|"
    r"punched|spat|handed|offered|hugged|thanked|cried|sobbed|laughed|started|kept)\b|"
    r"\b(?:room|bed|bay)\s+\d+\w?\s+(?:has|is|was|keeps|kept|pressed|wants|wanted|asked|just|called|rang|needs|threw|pulled)\b|"
    r"\b(?:interesting|tough|hard|sad|fun|wild|crazy|weird|strange|heartbreaking|memorable|complex)\s+case\b|"
    rf"\b(?:testing|tested|evaluating|assessing|treating|triaging|triaged|seeing)\s+(?:a|an|this)\s+(?:[\w-]+\s+)?(?:{PERSON}|{CARE_SINGULAR})\b|"
    rf"\b(?:held|holding)\s+(?:the\s+)?hands?\s+of\s+(?:a|an|this)\s+(?:[\w-]+\s+)?(?:{PERSON})\b|"
    r"\b(?:this\s+morning's|tonight's|last\s+night's|today's)\s+call\b|"
    r"\bone\s+of\s+my\s+(?:littles|little\s+ones|babies|kiddos|friends\s+on\s+my\s+caseload)\b|"
    r"\b(?:Meet|meet)\s+(?:our|my)\s+(?:[\w-]+\s+){0,2}?(?:superstar|friend|star|kiddo|client|patient|learner|student)\s+[A-Z][a-z]+|"
    # a known individual by description: "the kid with the dinosaur backpack", "this sweet girl"
    rf"\bthe\s+(?:[\w-]+\s+)?(?:{PERSON})\s+(?:who|with\s+the|in\s+(?:room|bed)|on\s+[A-Z])\b|"
    rf"\bthis\s+(?:[\w-]+\s+)?(?:{PERSON})\b(?!\s+(?:is|are)\s+(?:for|why))|"
    r"\byou[- ]know[- ]who\b|\ba\s+certain\s+someone\b|"
    # emergency calls: "called to the Dollar General", "worked a pedestrian struck"
    r"\b(?:called\s+(?:out\s+)?to|worked|responded\s+to)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}"
    r"(?:call|code|wreck|crash|scene|fire|overdose|arrest|fall|pedestrian|MVC|MVA|rollover|shooting|stabbing|Dollar\s+General|Walmart|\w+\s+on\s+[A-Z])\b|"
    r"\b(?:rough|bad|tough|hard|sad|scary|awful|crazy|wild|weird|brutal|heavy)\s+(?:call|code|run)\b|"
    r"\b[A-Z][a-z]{2,}\s+from\s+my\s+(?:homeroom|class|classroom|caseload|group|team|\d+(?:st|nd|rd|th)\s+period)\b|"
    rf"(?:^|(?<=[.!?]\s))(?:[A-Z][\w-]+\s+){{1,2}}{CARE_SINGULAR}\s+(?:today|tonight|yesterday|this|just|finally|asked|told|said|who)\b|"
    r"\b(?:Mr|Mrs|Ms|Miss)\.?\s+[A-Z]\.?(?![a-z])(?=\s*,\s*\d{2,3}\b)|"
    r"\b(?!(?:Woman|Man|Boy|Girl|Teen|Child|Driver|Mother|Father|Officer|Resident|Patient|Victim|Suspect)\b)[A-Z][a-z]{2,},\s+\d{1,3},|"
    r"\b[A-Z][a-z]{2,}\s+[A-Z]\.(?=\s+(?:in|from|on|who|is|was|finally|just))"
    r")",
    I | re.MULTILINE,
)

# A first name introduced the way people introduce someone they work with.
_FIRST = r"[A-Z][a-z]{2,}"
# "the Hendersons had..." is a household; "the Windows version" is not.
FAMILY_VERB = (
    r"(?=\s+(?:had|have|has|are|were|just|came|asked|want|wanted|keep|kept|never|always|finally|"
    r"said|told|called|showed|pulled|brought|left|sent|texted|emailed|cancell?ed|decided|"
    r"refuse[sd]?|think|thought|got)\b|\s*[,.!?])"
)
STRONG_NAME = re.compile(
    rf"\b{_FIRST}(?:'s|’s)\s+(?:mom|dad|mother|father|parents|grandma|grandpa)\b(?!\s+(?:and|&))|"
    rf"\bthe\s+{_FIRST}(?:s\b{FAMILY_VERB}|\s+family\b)|"
    rf"\b(?:named|goes\s+by|about|Meet)\s+{_FIRST}\b(?!\s+[A-Z])|"
    rf"\b(?:Mr|Mrs|Ms|Miss)\.?\s+[A-Z](?:[a-z]+|\.)?(?![a-z])|"
    rf"\b{_FIRST}\s*\((?:age\s+)?\d{{1,2}}\)"
)

# Clients as a group: "clients who", "parents who", "my clients this week".
GROUP_REF = re.compile(
    rf"\b(?:(?:some|many|most|all|these|those|the|my|our|y'all's|your)\s+)?(?:{CARE_PLURAL})\b|"
    rf"\b(?:{PERSONS})\s+who\b|"
    rf"\b(?:some|many|most|these|those|so\s+many|how\s+many)\s+(?:[\w-]+\s+)?{PERSONS}\b|"
    rf"\b(?:{PERSONS}|{PERSON})\s+(?:[\w-]+\s+){{0,2}}?(?:{TIE})|"
    r"\b(?:everyone|everybody|nobody|people|folks|families|parents)\s+(?:on\s+my\s+caseload|I\s+see)\b|"
    rf"^\s*(?:Parents|Clients|Families|Patients|Folks|Moms|Dads)\b,|\b{PERSONS}\s+(?:coming|asking|texting|calling|emailing|showing|expecting|demanding|wanting|show\s+up|think|expect|assume|call|use|using)\b|"
    r"\b(?:everyone|anyone|those|people)\s+who\b|\b(?:some\s+of\s+)?y'?all\s+(?:in|who|on|with)\b|"
    r"\bwhen\s+(?:a|the)\s+(?:parent|client|patient|family|kid|student|mom|dad)\b|"
    rf"\bwhy\s+do\s+(?:{PERSONS}|{CARE_PLURAL})\b|\bPSA\s+to\s+(?:{PERSONS}|{CARE_PLURAL}|y'?all)\b|\bfamily\s+members\b|\bkids\s+these\s+days\b|"
    r"\b(?:if|when)\s+you\s+(?:book|cancel|text|email|call|show|come|won't|don't|haven't|skip|no-show)\b|"
    r"\bcaseload\b|\bno-?shows?\b|\b(?:late\s+)?cancell?ations?\b|\bmy\s+(?:kids|kiddos|babies|families|couples)\b",
    I,
)

# Phrases that make a sentence general: psychoeducation, hypotheticals, habits.
GENERIC = re.compile(
    rf"\b(?:often|usually|typically|tend\s+to|sometimes|every\s+(?:client|kid|child|family|couple|person|one|patient|student|parent|resident|learner)|"
    r"any\s+(?:client|kid|child|one)|if\s+(?:a|your|you|my)|(?<!love\s)(?<!love\sit\s)when\s+(?:a|your|you)|"
    r"a\s+lot\s+of|lots\s+of|many\s+of|most\s+of|so\s+many|never\s+let|anyone\s+else\s+(?!have\s+a\b)|"
    rf"most\s+(?:{PERSONS}|{CARE_PLURAL})|"
    r"(?:a|an|any|each|every)\s+(?:[\w-]+\s+)?(?:student|client|patient|kid|child|person|parent|family|learner)\s+"
    r"(?:can|could|should|may|might|must|will|would|needs?|deserves?))\b",
    I,
)

SELF_REF = re.compile(
    rf"\b(?:my|our)\s+(?:own\s+)?(?:{SELF_RELATIVE})\b(?!\s+(?:client|patient))|\bmy\s+own\b|"
    r"\bI\s+(?:was|got|am|'m)\s+diagnosed\b|\bmy\s+(?:\w+\s+)?(?:diagnosis|dx|meds|therapist|therapy)\b|"
    r"\bI\s+(?:was|started\s+as|am|became|turned)\s+(?:a|an)\s+\d|\bMY\s+therapy\b|"
    r"\b(?:I'm|I\s+am|I've\s+been)\s+(?:\d+\s+(?:years?|months?|days?)\s+)?(?:sober|clean)\b|"
    r"^\s*\d+\s+(?:years?|months?)\s+(?:sober|clean)\b",
    I | re.MULTILINE,
)

# Quoting someone: "...", '...', “...”.
QUOTE = re.compile(r"[\"“][^\"”\n]{3,}[\"”]|(?<![A-Za-z])'[^'\n]{4,}?'(?![A-Za-z])")

LAUGH = re.compile(
    r"😂|🤣|💀|😹|😆|😭😂|\blo+l+\b|\blmf?a+o+\w*|\bha(?:ha)+\b|\bhehe\b|\brofl\b|\bi'?m\s+(?:dead|deceased|screaming|crying)\b|"
    r"\bdying\b|🙃|😅|🍿",
    I,
)

# Clinical vocabulary: diagnoses, risk events, treatment. Shared by the clinical
# detector and by the work-context test (a post that uses it is about the work).
DIAGNOSIS = re.compile(
    r"\b(?:bipolar|adhd|add|autism|autistic|asd|depress(?:ion|ed)|ptsd|c-ptsd|ocd|eating\s+disorder|"
    r"anorexi\w*|bulimi\w*|binge|schizo\w*|psychosis|psychotic|manic|mania|borderline|bpd|"
    r"dyslexi\w*|dementia|alzheimer\w*|cancer|leukemia|tumou?r|hiv|diabetes|seizures?|epilep\w*|"
    r"nonverbal|non-verbal|lisp|stutter\w*|apraxia|dx|diagnos\w*|panic(?:-free)?|panic\s+attacks?|"
    r"anxiety|agoraphobi\w*|phobia|insomnia|addiction|addict\w*|alcoholi\w*|substance\s+use|"
    r"sud|trauma(?!\s+(?:team|bay|center|unit|surgeon|nurse|informed))|traumatic|grief|grieving|disorder|syndrome|delusion\w*|hallucinat\w*|"
    r"paranoi\w*|intellectual\s+disability|cerebral\s+palsy|down\s+syndrome|"
    r"cochlear|trach|wheelchair|oxygen|terminal|dying|hospice|pregnan\w*|miscarr\w*)\b",
    I,
)
RISK = re.compile(
    r"\b(?:suicid\w*|si\b|self-harm\w*|cutting|overdos\w*|od'?d|relaps\w*|sober|sobriety|"
    r"(?:without|stopped)\s+a\s+drink|drinking|drunk|dui|dwi|5150|psych\s+hold|involuntary|"
    r"hospitali[sz]ed|inpatient|er\s+visit|icu|the\s+hospital|rehab|detox|cps|aps|"
    r"mandated\s+report\w*|abuse\w*|neglect\w*|assault\w*|violence|dv|restrain\w*|crisis|"
    r"safety\s+plan|affair|custody|divorce|breakup|break\s+up|died|(?<!to\s)death|funeral|passed\s+away|"
    r"lost\s+another|overdose|morphine|the\s+will|iep|fba|aggression|escape-maintained|meltdowns?|"
    r"passed\s+(?:away|peacefully|this\s+morning|last\s+night|today))\b",
    I,
)
TREATMENT = re.compile(
    r"\b(?:meds|medications?|lithium|ssris?|zoloft|prozac|lexapro|adderall|ritalin|ativan|xanax|"
    r"klonopin|seroquel|abilify|suboxone|methadone|narcan|insulin|chemo\w*|transplant|"
    r"treatment\s+plan|safety\s+plan|desensitization|exposure|emdr|dbt|cbt|"
    r"aba|iop|php|wais|wisc|iq|discharged|admitted|progress\s+notes?|session\s+notes?)\b",
    I,
)

# Nouns and phrases that only ever mean someone in care (unlike "student" or "kid").
STRONG_CARE = re.compile(
    rf"(?:{TIE})|\b(?:CPS|APS|5150|room\s+\d+|graders|regular|not\s+saying\s+who|you\s+know\s+who\s+you\s+are|you[- ]know[- ]who|a\s+certain\s+someone)\b|"
    r"\bmy\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+(?:regular|client|couple|family|kiddo|kid|lady|guy|patient|group)\b|"
    r"\b(?:this\s+morning's|tonight's|last\s+night's|today's)\s+call\b|"
    rf"\b(?:{PERSONS})\s+(?:expect|want|think)\s+(?:us|me|teachers|therapists|nurses|counselors)\b|^\s*(?:Parents|Clients|Families|Patients),|"
    r"\b(?:clients?|patients?|pts?|kiddos?|learners?|counselees?|caseload|session|"
    r"my\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+)?\d{1,2}(?::\d\d)?\s?(?:am|pm)?)\b",
    I,
)
# Hashtags clinicians use: #therapistlife, #schoolcounselor, #SLPeeps, #abatherapy...
CARE_HASHTAG = re.compile(
    r"#\w*(?:therap|counsel|socialwork|msw|lcsw|lpc|lmft|mft|slp|aba|rbt|bcba|nurs|psych|"
    r"hospice|teacher|schoolpsych|mentalhealth|earlyintervention|playtherapy|privatepractice)\w*",
    I,
)

# Is this post about the work at all? Plain words, clinical vocabulary, hashtags.
EXTRA_WORK = re.compile(
    r"\b(?:appointment|my\s+desk|my\s+office|sand\s*tray|our\s+district|nurses|"
    r"our\s+(?:whole\s+)?(?:floor|unit|team|clinic|program)|my\s+school|our\s+school|rehab|"
    r"discharged|admitted|assessed|administered|referred|emotional\s+support\s+animal|"
    r"business\s+cards|my\s+couch|play\s+therapy|speech\s+(?:therapy|delay|sound|goals?)|ABA|tx|homework|discharge|cancel\w*|no-?show\w*|"
    r"911|triage|my\s+beanbag|my\s+room|spelling\s+test|working\s+together|the\s+school|behaviou?r\s+plan|"
    r"rubric|came\s+in\s+(?:today|tonight|last\s+night|this\s+morning|yesterday)|the\s+counter|"
    r"progress|"
    r"parent\s+(?:training|coaching)|behaviou?r\s+plan|essay|quiz|worksheet|homeroom|report\s+card|"
    r"ER|ED|NICU|PICU|ICU|ambulance|medic|CPR|"
    r"code|call|shift|charting|chart|visits?|evaluations?|prescriptions?|refill|pharmacy|"
    r"cleaning|floss\w*|dental|hygienist|class|classroom|period|recess|bus\s+line|students?|"
    r"the\s+(?:whole\s+)?job|my\s+job|at\s+work|aide|facility|ward|bedside|triage|"
    r"residents?|rounds|hospital|clinic|room\s+\d+\w?|kindergarten|preschool|teacher|"
    r"counselor|nurse|doctor|paramedic|EMT|OT|PT|SLP|BCBA|RBT)\b",
    I,
)


def is_work_post(text: str) -> bool:
    return bool(
        WORK_WORDS.search(text)
        or CARE_HASHTAG.search(text)
        or EXTRA_WORK.search(text)
        or DIAGNOSIS.search(text)
        or RISK.search(text)
    )


WORK_WORDS = re.compile(
    r"\b(?:session|sessions|client|clients|patient|patients|caseload|therapy|therapist|counsel\w*|"
    r"crisis|shift|unit|floor|clinic|practice|office|intake|kiddos?|learners?|students?|"
    r"this\s+(?:job|work|field|profession)|in\s+this\s+work|stories|care\s+team|sliding\s+scale|"
    r"copay|co-pay|intake|caseload|IEP|IOP|diagnos\w+|assess\w*|program)\b",
    I,
)
