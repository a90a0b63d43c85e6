"""The demo's training requirements, rosters and the mix of statuses the police lead's
compliance dashboard shows, as literal data (loaded by ``demo.compliance``)."""

import datetime

from demo.data.people import POLICE_AGENCY, SPECIALIST_ROLE_CODES

# The partnership's 2017/18 offer is when the requirements began, so nobody is a new starter
# merely because a requirement is new.
TAKES_EFFECT_ON = datetime.date(2017, 4, 1)

# title, agency (None for the whole partnership), job role codes (empty for everyone),
# minimum level, renew every (months), expiring soon window (days), new starters have (months)
REQUIREMENTS = [
    ("CSE awareness (Level 1)", None, [], 1, 36, 60, 3),
    ("CSE full-day training (Level 3)", None, ["social-worker", "child-abuse-investigator"], 3, 36, 60, 6),
    ("CSE specialist training (Level 4)", None, SPECIALIST_ROLE_CODES, 4, 36, 60, 12),
    # More specific wins: the trust's staff are held to this rather than the partnership's Level 1,
    # since both can be met by the same courses (the health lead's dashboard shows it).
    ("CSE awareness for the NHS trust (Level 2)", "Fellside Community and Mental Health NHS Trust", [], 2, 24, 60, 3),
]

# The requirement whose mix the police lead sees first, and the shares of the police staff it aims
# for. Exemptions count as compliant.
MIX_REQUIREMENT = "CSE awareness (Level 1)"
MIX_AGENCY = POLICE_AGENCY
TARGET_SHARES = {"compliant": 0.70, "expiring": 0.12, "expired": 0.10, "not_started": 0.05, "new_starter": 0.03}

# (reason, months it runs from a month ago) for police staff excused from the Level 1 requirement.
EXEMPTIONS = [
    ("On parental leave until the spring; booked on the first date after their return.", 7),
    ("Long-term sick leave; the occupational health plan includes the training on return.", 5),
]

# Police roster entries with no account yet: (full name, job role code, team, days since they
# started, days until they leave or None). Those who started within three months are new starters.
POLICE_ROSTER_ONLY = [
    ("Callum Routledge", "response-police-officer", "North Area (Carlisle and Eden)", 12, None),
    ("Isla Tweddle", "pcso", "South Area (South Lakeland and Barrow)", 40, None),
    ("Imran Khan", "police-call-handler", "Force Command Centre", 9, None),
    ("Deborah Hewitson", "response-police-officer", "West Area (Allerdale and Copeland)", 900, None),
    ("Gareth Lowther", "pcso", "North Area (Carlisle and Eden)", 1400, None),
    # Left last month: on the roster, out of the figures.
    ("Wendy Thwaite", "police-call-handler", "Force Command Centre", 2000, -30),
]

# How many police staff with an account have a leaving date ahead (still counted until then).
POLICE_LEAVING_IN_DAYS = 45

# Other agencies' roster entries with no account: (agency, full name, job role code, days since
# they started): someone who started last month (a new starter) and someone who never signed up.
OTHER_ROSTER_ONLY = [
    ("Fellside County Council Children's Services", "Ellie Fisher", "social-worker", 25),
    ("Fellside County Council Children's Services", "Owen Dalton", "family-support-worker", 700),
    ("Fellside Community and Mental Health NHS Trust", "Zainab Ahmed", "health-visitor", 30),
    ("Fellside Community and Mental Health NHS Trust", "Stuart Nicholson", "school-nurse", 1100),
    ("Fellside Youth Justice Service", "Leanne Story", "yos-practitioner", 15),
    ("Caldew Bank Academy, Carlisle", "Philip Telford", "teacher", 800),
]
