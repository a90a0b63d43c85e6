"""The demo partnership's people, as literal data: job roles, agencies and their teams, the
persona sign-ins and the names generated people are drawn from. ``demo.people`` loads them.

The organisations are invented ("Fellside" is not a real county) but sit in real Cumbrian
places, so the areas on courses and venues make sense.
"""

import datetime

from people.models import Sector

CS = Sector.CHILDRENS_SERVICES
HEALTH = Sector.HEALTH
POLICE = Sector.POLICE
EDUCATION = Sector.EDUCATION
THIRD = Sector.THIRD_SECTOR
YJ = Sector.YOUTH_JUSTICE
OTHER = Sector.OTHER
ALL_SECTORS = tuple(Sector)

# The five roles that may book the level 4 'specialist' workshops (2017/18 offer). Courses
# refer to them by these codes, so the codes must never change.
SPECIALIST_ROLE_CODES = ["social-worker", "child-abuse-investigator", "yos-practitioner", "personal-adviser", "iro"]

# Every person in the demo, and every persona, can sign in with this password.
DEMO_PASSWORD = "fellside-demo-2026"  # noqa: S105 - published on purpose for the demo

# (code, name, sectors the role is found in, description)
JOB_ROLES = [
    # The five level 4 specialist roles.
    (
        "social-worker",
        "Front-line social worker",
        (CS,),
        "A qualified social worker holding a caseload of children in need, children subject to a "
        "child protection plan or children looked after.",
    ),
    (
        "child-abuse-investigator",
        "Specialist child abuse investigator",
        (POLICE,),
        "A police officer who investigates child abuse, child sexual exploitation and online "
        "offences against children, usually in a public protection unit.",
    ),
    (
        "yos-practitioner",
        "Youth offending / youth justice service practitioner",
        (YJ,),
        "A case manager or practitioner in the youth justice service working with children who "
        "have offended or are at risk of offending.",
    ),
    (
        "personal-adviser",
        "Personal adviser (care leavers)",
        (CS,),
        "Supports young people leaving care up to the age of 25 with their pathway plan, housing, education and work.",
    ),
    (
        "iro",
        "Independent Reviewing Officer (IRO)",
        (CS,),
        "Chairs the reviews of children looked after and of child protection plans, and checks "
        "that each child's plan meets their needs.",
    ),
    # Children's Services
    (
        "social-work-team-manager",
        "Social work team manager",
        (CS,),
        "Manages a team of social workers and signs off assessments and plans.",
    ),
    (
        "early-help-practitioner",
        "Early help practitioner",
        (CS,),
        "Works with families who need support before problems grow, leading early help assessments and plans.",
    ),
    (
        "family-support-worker",
        "Family support worker",
        (CS, THIRD),
        "Gives practical and emotional support to parents and children at home and in the community.",
    ),
    (
        "childrens-centre-worker",
        "Family hub / children's centre worker",
        (CS,),
        "Runs groups and drop-ins for families with young children at a family hub or children's centre.",
    ),
    (
        "residential-care-worker",
        "Residential care worker",
        (CS,),
        "Cares for children and young people living in a children's home, day and night.",
    ),
    (
        "residential-home-manager",
        "Registered manager of a children's home",
        (CS,),
        "Responsible to Ofsted for the care of the children living in a children's home.",
    ),
    # Health
    ("gp", "General practitioner (GP)", (HEALTH,), "A doctor in general practice."),
    (
        "practice-nurse",
        "Practice nurse",
        (HEALTH,),
        "A nurse in a GP practice: immunisations, contraception, long-term conditions.",
    ),
    (
        "health-visitor",
        "Health visitor",
        (HEALTH,),
        "A specialist community public health nurse working with families of children under five.",
    ),
    (
        "school-nurse",
        "School nurse",
        (HEALTH,),
        "A specialist community public health nurse working with school-age children and young people.",
    ),
    ("midwife", "Midwife", (HEALTH,), "Cares for women and babies during pregnancy, birth and just after."),
    (
        "paediatrician",
        "Paediatrician",
        (HEALTH,),
        "A doctor specialising in children, including child protection medical examinations.",
    ),
    (
        "emergency-department-nurse",
        "Emergency department nurse",
        (HEALTH,),
        "A nurse in an emergency department or urgent treatment centre.",
    ),
    (
        "childrens-ward-nurse",
        "Children's nurse (ward)",
        (HEALTH,),
        "A registered children's nurse on a paediatric ward.",
    ),
    (
        "sexual-health-nurse",
        "Sexual health nurse",
        (HEALTH,),
        "Provides contraception, testing and advice, including to young people, at sexual health clinics.",
    ),
    (
        "camhs-practitioner",
        "CAMHS practitioner",
        (HEALTH,),
        "A clinician in the Child and Adolescent Mental Health Service.",
    ),
    (
        "named-safeguarding-nurse",
        "Named nurse for safeguarding children",
        (HEALTH,),
        "Leads safeguarding children practice, advice and supervision within a health organisation.",
    ),
    # Police
    (
        "response-police-officer",
        "Response police officer",
        (POLICE,),
        "A uniformed officer answering emergency and priority calls.",
    ),
    (
        "pcso",
        "Police community support officer (PCSO)",
        (POLICE,),
        "Works in a neighbourhood policing team, visible in the community.",
    ),
    (
        "missing-persons-coordinator",
        "Missing persons coordinator",
        (POLICE,),
        "Reviews missing-person reports, return home interviews and patterns of children going missing.",
    ),
    (
        "police-call-handler",
        "Police call handler",
        (POLICE,),
        "Takes 999 and 101 calls and assesses the risk to decide the response.",
    ),
    # Education
    ("teacher", "Teacher", (EDUCATION,), "A qualified teacher in a primary or secondary school."),
    (
        "designated-safeguarding-lead",
        "Designated safeguarding lead (DSL)",
        (EDUCATION,),
        "The senior member of staff who leads safeguarding and child protection in a school or college.",
    ),
    (
        "teaching-assistant",
        "Teaching assistant",
        (EDUCATION,),
        "Supports pupils' learning in class, in groups and one to one.",
    ),
    ("head-teacher", "Head teacher", (EDUCATION,), "Leads a school."),
    ("fe-lecturer", "Further education lecturer", (EDUCATION,), "Teaches students aged 16 and over at a college."),
    (
        "pastoral-support-worker",
        "Pastoral support worker",
        (EDUCATION,),
        "Supports pupils' and students' welfare, attendance and behaviour.",
    ),
    # Third sector, youth justice and others
    (
        "youth-worker",
        "Youth worker",
        (THIRD, YJ),
        "Runs youth clubs, detached youth work and one-to-one support for young people.",
    ),
    (
        "volunteer",
        "Volunteer",
        (THIRD, YJ),
        "Gives their time to a charity or service, for example as a mentor, coach or panel member.",
    ),
    (
        "substance-misuse-worker",
        "Young people's substance misuse worker",
        (THIRD, YJ),
        "Helps young people who use drugs or alcohol, one to one and in groups.",
    ),
    (
        "domestic-abuse-caseworker",
        "Domestic abuse caseworker",
        (THIRD,),
        "Supports adults and children affected by domestic abuse, including as an independent adviser.",
    ),
    (
        "sports-coach",
        "Sports coach",
        (THIRD,),
        "Coaches children and young people at clubs and community sport sessions.",
    ),
    (
        "housing-officer",
        "Housing officer",
        (OTHER,),
        "Manages tenancies and supports tenants, including young people in supported housing.",
    ),
    (
        "licensing-officer",
        "Licensing officer (taxis and premises)",
        (OTHER,),
        "Licenses taxi drivers, hotels, pubs and takeaways, and checks their conditions are kept.",
    ),
    (
        "community-safety-officer",
        "Community safety officer",
        (OTHER,),
        "Works with partners on antisocial behaviour, hate crime and community safety.",
    ),
    (
        "training-coordinator",
        "Safeguarding training coordinator",
        (OTHER,),
        "Plans and runs the partnership's safeguarding training programme.",
    ),
    (
        "business-support",
        "Business support officer",
        ALL_SECTORS,
        "Administrative and business support staff who may come across safeguarding concerns.",
    ),
]

COUNCIL = "fellside-cc.example.org"
SOCIAL_WORK = ("social-worker", "social-work-team-manager", "family-support-worker", "business-support")
PASTORAL = ("designated-safeguarding-lead", "pastoral-support-worker", "teacher")
NEIGHBOURHOOD = ("response-police-officer", "pcso")
YOUTH_JUSTICE = ("yos-practitioner", "substance-misuse-worker", "business-support")

# (name, sector, email domain, number of generated people, {role code: weight},
#  {team: the role codes found in it, or () for any role})
AGENCIES = [
    (
        "Fellside County Council Children's Services",
        CS,
        COUNCIL,
        115,
        {
            "social-worker": 52,
            "social-work-team-manager": 9,
            "personal-adviser": 14,
            "iro": 9,
            "family-support-worker": 12,
            "residential-care-worker": 9,
            "business-support": 10,
        },
        {
            "Carlisle Safeguarding and Family Support": SOCIAL_WORK,
            "Allerdale Safeguarding and Family Support": SOCIAL_WORK,
            "Copeland Safeguarding and Family Support": SOCIAL_WORK,
            "Eden Safeguarding and Family Support": SOCIAL_WORK,
            "South Lakeland Safeguarding and Family Support": SOCIAL_WORK,
            "Barrow Safeguarding and Family Support": SOCIAL_WORK,
            "Children Looked After (North)": SOCIAL_WORK,
            "Children Looked After (South)": SOCIAL_WORK,
            "Multi-Agency Safeguarding Hub": ("social-worker", "social-work-team-manager", "business-support"),
            "Leaving Care Service": ("personal-adviser",),
            "Independent Reviewing Service": ("iro",),
            "Council Children's Homes": ("residential-care-worker",),
        },
    ),
    (
        "Fellside Early Help Service",
        CS,
        COUNCIL,
        32,
        {
            "early-help-practitioner": 16,
            "family-support-worker": 8,
            "childrens-centre-worker": 6,
            "business-support": 2,
        },
        {
            "Early Help North (Carlisle and Eden)": (),
            "Early Help West (Allerdale and Copeland)": (),
            "Early Help South": (),
        },
    ),
    (
        "Solway Coast Children's Homes",
        CS,
        "solwaycoasthomes.example.org",
        20,
        {"residential-care-worker": 16, "residential-home-manager": 3, "business-support": 1},
        {"Maryport House": (), "Silloth House": (), "Allonby House": ()},
    ),
    (
        "Carlisle and Solway Hospitals NHS Trust",
        HEALTH,
        "carlislesolway-nhs.example.org",
        50,
        {
            "emergency-department-nurse": 14,
            "midwife": 12,
            "childrens-ward-nurse": 12,
            "paediatrician": 7,
            "named-safeguarding-nurse": 2,
            "business-support": 3,
        },
        {
            "Emergency Department, Carlisle": ("emergency-department-nurse",),
            "Maternity, Whitehaven": ("midwife",),
            "Children's Ward, Carlisle": ("childrens-ward-nurse",),
            "Paediatrics": ("paediatrician",),
            "Safeguarding Children Team": ("named-safeguarding-nurse",),
        },
    ),
    (
        "Furness and South Lakes Hospitals NHS Trust",
        HEALTH,
        "furnesssouthlakes-nhs.example.org",
        38,
        {
            "emergency-department-nurse": 11,
            "midwife": 10,
            "childrens-ward-nurse": 9,
            "paediatrician": 5,
            "named-safeguarding-nurse": 1,
            "business-support": 2,
        },
        {
            "Emergency Department, Barrow": ("emergency-department-nurse",),
            "Maternity, Kendal": ("midwife",),
            "Children's Ward, Barrow": ("childrens-ward-nurse",),
            "Paediatrics": ("paediatrician",),
            "Safeguarding Children Team": ("named-safeguarding-nurse",),
        },
    ),
    (
        "Fellside Community and Mental Health NHS Trust",
        HEALTH,
        "fellsidecommunity-nhs.example.org",
        52,
        {
            "health-visitor": 16,
            "school-nurse": 12,
            "camhs-practitioner": 12,
            "sexual-health-nurse": 8,
            "named-safeguarding-nurse": 2,
            "business-support": 2,
        },
        {
            "Health Visiting, Carlisle": ("health-visitor",),
            "Health Visiting, West": ("health-visitor",),
            "School Nursing": ("school-nurse",),
            "CAMHS North": ("camhs-practitioner",),
            "CAMHS South": ("camhs-practitioner",),
            "Sexual Health Service": ("sexual-health-nurse",),
            "Safeguarding Children Team": ("named-safeguarding-nurse",),
        },
    ),
    (
        "Eden Valley Medical Practice, Penrith",
        HEALTH,
        "edenvalleymedical.example.org",
        8,
        {"gp": 4, "practice-nurse": 2, "business-support": 2},
        {},
    ),
    (
        "Kent Riverside Surgery, Kendal",
        HEALTH,
        "kentriverside.example.org",
        8,
        {"gp": 4, "practice-nurse": 2, "business-support": 2},
        {},
    ),
    (
        "Harbourside Health Centre, Workington",
        HEALTH,
        "harboursidehealth.example.org",
        8,
        {"gp": 4, "practice-nurse": 2, "business-support": 2},
        {},
    ),
    (
        "Furness Peninsula Family Practice, Barrow-in-Furness",
        HEALTH,
        "furnesspeninsula.example.org",
        8,
        {"gp": 4, "practice-nurse": 2, "business-support": 2},
        {},
    ),
    (
        "Fellside Constabulary",
        POLICE,
        "fellside-police.example.org",
        62,
        {
            "response-police-officer": 26,
            "pcso": 14,
            "child-abuse-investigator": 11,
            "missing-persons-coordinator": 3,
            "police-call-handler": 6,
            "business-support": 2,
        },
        {
            "North Area (Carlisle and Eden)": NEIGHBOURHOOD,
            "West Area (Allerdale and Copeland)": NEIGHBOURHOOD,
            "South Area (South Lakeland and Barrow)": NEIGHBOURHOOD,
            "Public Protection Unit": ("child-abuse-investigator", "missing-persons-coordinator"),
            "Force Command Centre": ("police-call-handler",),
        },
    ),
    (
        "Caldew Bank Academy, Carlisle",
        EDUCATION,
        "caldewbank.example.org",
        24,
        {"teacher": 14, "teaching-assistant": 5, "designated-safeguarding-lead": 2, "pastoral-support-worker": 3},
        {"Pastoral": PASTORAL, "Sixth Form": ("teacher",)},
    ),
    (
        "Derwent Valley High School, Workington",
        EDUCATION,
        "derwentvalley.example.org",
        22,
        {"teacher": 13, "teaching-assistant": 5, "designated-safeguarding-lead": 2, "pastoral-support-worker": 2},
        {"Pastoral": PASTORAL, "Learning Support": ("teaching-assistant",)},
    ),
    (
        "Pow Beck Primary School, Whitehaven",
        EDUCATION,
        "powbeck.example.org",
        10,
        {"teacher": 5, "teaching-assistant": 4, "head-teacher": 1},
        {},
    ),
    (
        "Beacon Edge Primary School, Penrith",
        EDUCATION,
        "beaconedge.example.org",
        10,
        {"teacher": 5, "teaching-assistant": 4, "head-teacher": 1},
        {},
    ),
    (
        "Lakes and Kent College, Kendal",
        EDUCATION,
        "lakesandkent.example.org",
        22,
        {"fe-lecturer": 14, "pastoral-support-worker": 5, "designated-safeguarding-lead": 2, "business-support": 1},
        {
            "Student Services": ("pastoral-support-worker", "designated-safeguarding-lead", "business-support"),
            "Construction and Engineering": ("fe-lecturer",),
            "Health and Social Care": ("fe-lecturer",),
        },
    ),
    (
        "Walney Channel Academy, Barrow-in-Furness",
        EDUCATION,
        "walneychannel.example.org",
        22,
        {"teacher": 13, "teaching-assistant": 5, "designated-safeguarding-lead": 2, "pastoral-support-worker": 2},
        {"Pastoral": PASTORAL, "Learning Support": ("teaching-assistant",)},
    ),
    (
        "Cumbrian Fells Young People's Trust",
        THIRD,
        "fellsyoungpeople.example.org",
        16,
        {"youth-worker": 9, "volunteer": 5, "substance-misuse-worker": 2},
        {
            "Detached Youth Work, Carlisle": ("youth-worker", "volunteer"),
            "Youth Clubs, West Coast": ("youth-worker", "volunteer"),
            "Young People's Drug and Alcohol Service": ("substance-misuse-worker",),
        },
    ),
    (
        "Solway Families and Women's Aid",
        THIRD,
        "solwayfamilies.example.org",
        10,
        {"domestic-abuse-caseworker": 5, "family-support-worker": 3, "volunteer": 2},
        {"Refuge": (), "Outreach": ()},
    ),
    (
        "Lakeland Youth Sport and Volunteering Network",
        THIRD,
        "lakelandyouthsport.example.org",
        10,
        {"sports-coach": 5, "volunteer": 5},
        {},
    ),
    (
        "Fellside Youth Justice Service",
        YJ,
        "fellside-yjs.example.org",
        24,
        {"yos-practitioner": 17, "substance-misuse-worker": 2, "volunteer": 3, "business-support": 2},
        {
            "Youth Justice North": YOUTH_JUSTICE,
            "Youth Justice West": YOUTH_JUSTICE,
            "Youth Justice South": YOUTH_JUSTICE,
            "Referral Order Panels": ("volunteer",),
        },
    ),
    (
        "Fellside Homes Housing Association",
        OTHER,
        "fellsidehomes.example.org",
        10,
        {"housing-officer": 8, "business-support": 2},
        {"Young People's Supported Housing": (), "Tenancy Services": ()},
    ),
    (
        "Fellside County Council Licensing and Community Safety",
        OTHER,
        COUNCIL,
        8,
        {"licensing-officer": 5, "community-safety-officer": 3},
        {"Licensing": ("licensing-officer",), "Community Safety": ("community-safety-officer",)},
    ),
    (
        "Fellside Safeguarding Children Partnership Business Unit",
        OTHER,
        "fellside-scp.example.org",
        4,
        {"training-coordinator": 2, "business-support": 2},
        {"Learning and Development": ()},
    ),
]

POLICE_AGENCY = "Fellside Constabulary"
BUSINESS_UNIT = "Fellside Safeguarding Children Partnership Business Unit"
HEALTH_LEAD_AGENCIES = [
    "Fellside Community and Mental Health NHS Trust",
    "Eden Valley Medical Practice, Penrith",
    "Kent Riverside Surgery, Kendal",
    "Harbourside Health Centre, Workington",
    "Furness Peninsula Family Practice, Barrow-in-Furness",
]

# One sign-in for each persona. "leads" names the agencies the persona leads.
PERSONAS = [
    {
        "persona": "Learner (youth worker)",
        "full_name": "Jess Armstrong",
        "email": "jess.armstrong@fellsyoungpeople.example.org",
        "agency": "Cumbrian Fells Young People's Trust",
        "job_role": "youth-worker",
        "team": "Detached Youth Work, Carlisle",
    },
    {
        "persona": "Front-line social worker",
        "full_name": "Sam Pattinson",
        "email": "sam.pattinson@fellside-cc.example.org",
        "agency": "Fellside County Council Children's Services",
        "job_role": "social-worker",
        "team": "Carlisle Safeguarding and Family Support",
    },
    {
        "persona": "Teacher",
        "full_name": "Priya Sharma",
        "email": "priya.sharma@walneychannel.example.org",
        "agency": "Walney Channel Academy, Barrow-in-Furness",
        "job_role": "teacher",
        "team": "Pastoral",
    },
    {
        "persona": "Agency lead, Police",
        "full_name": "Mark Bewley",
        "email": "mark.bewley@fellside-police.example.org",
        "agency": POLICE_AGENCY,
        "job_role": "child-abuse-investigator",
        "team": "Public Protection Unit",
        "leads": [POLICE_AGENCY],
    },
    {
        "persona": "Agency lead, Health",
        "full_name": "Helen Tyson",
        "email": "helen.tyson@fellsidecommunity-nhs.example.org",
        "agency": "Fellside Community and Mental Health NHS Trust",
        "job_role": "named-safeguarding-nurse",
        "team": "Safeguarding Children Team",
        "leads": HEALTH_LEAD_AGENCIES,
    },
    {
        "persona": "Training administrator",
        "full_name": "Alison Graham",
        "email": "alison.graham@fellside-scp.example.org",
        "agency": BUSINESS_UNIT,
        "job_role": "training-coordinator",
        "team": "Learning and Development",
        "training_administrator": True,
    },
    {
        "persona": "Site administrator (superuser)",
        "full_name": "Site Administrator",
        "email": "admin@fellside-scp.example.org",
        "agency": BUSINESS_UNIT,
        "job_role": "business-support",
        "team": "",
        "superuser": True,
    },
]

FIRST_NAMES = [
    "Aaron", "Abigail", "Adam", "Aisha", "Alan", "Alex", "Alice", "Amelia", "Amy", "Andrew",
    "Angela", "Anna", "Anthony", "Ben", "Beth", "Bethany", "Callum", "Carl", "Caroline", "Catherine",
    "Charlotte", "Chloe", "Chris", "Claire", "Craig", "Daniel", "David", "Deborah", "Declan", "Diane",
    "Dominic", "Eleanor", "Elizabeth", "Ellie", "Emily", "Emma", "Fiona", "Gareth", "Gemma", "Graham",
    "Hannah", "Harry", "Hayley", "Heather", "Ian", "Imran", "Isla", "Jack", "Jacqueline", "James",
    "Jane", "Jason", "Jennifer", "Joanne", "John", "Jonathan", "Joseph", "Julie", "Karen", "Kate",
    "Katie", "Kelly", "Kevin", "Laura", "Lauren", "Lee", "Leanne", "Liam", "Lisa", "Louise",
    "Lucy", "Lynne", "Mandy", "Martin", "Matthew", "Megan", "Michael", "Michelle", "Mohammed", "Natalie",
    "Neil", "Nicola", "Olivia", "Owen", "Paul", "Peter", "Philip", "Rachel", "Rebecca", "Richard",
    "Robert", "Ruth", "Ryan", "Sally", "Samantha", "Sarah", "Scott", "Shaun", "Sophie", "Stephen",
    "Stuart", "Susan", "Thomas", "Tom", "Tracey", "Victoria", "Wendy", "William", "Zoe", "Zainab",
]  # fmt: skip

SURNAMES = [
    "Allison", "Armstrong", "Atkinson", "Bainbridge", "Barker", "Bell", "Bewley", "Birkett", "Blacklock", "Bowman",
    "Brown", "Burns", "Carruthers", "Clark", "Coulthard", "Cowan", "Dalton", "Dixon", "Douglas", "Elliott",
    "Fell", "Fisher", "Forster", "Graham", "Hall", "Harrison", "Hewitson", "Hodgson", "Holliday", "Hope",
    "Hughes", "Irving", "Jackson", "Johnston", "Kaur", "Kennedy", "Khan", "Lamb", "Lancaster", "Little",
    "Lowther", "Martin", "Mason", "McAllister", "McKenzie", "Miller", "Milburn", "Moffat", "Murray", "Nelson",
    "Nicholson", "Noble", "O'Neill", "Parker", "Patel", "Pattinson", "Pearson", "Pickering", "Potts", "Richardson",
    "Ritson", "Robinson", "Rooney", "Routledge", "Scott", "Shepherd", "Simpson", "Slater", "Smith", "Steel",
    "Stephenson", "Stewart", "Story", "Taylor", "Telford", "Thompson", "Thwaite", "Tiffin", "Todd", "Tweddle",
    "Tyson", "Walker", "Wallace", "Watson", "Westmorland", "Wilkinson", "Williamson", "Wilson", "Wood", "Wright",
    "Ahmed", "Chen", "Da Silva", "Kowalski", "Nowak", "Okafor", "Singh", "Evans", "Jones", "Davies",
]  # fmt: skip

# Roles that usually manage the team they are in.
MANAGER_ROLES = {
    "social-work-team-manager",
    "residential-home-manager",
    "named-safeguarding-nurse",
    "designated-safeguarding-lead",
    "head-teacher",
    "missing-persons-coordinator",
}

# Generated people started their current role between these dates; personas all on the third.
FIRST_ROLE_DATE = datetime.date(2004, 9, 1)
LAST_ROLE_DATE = datetime.date(2026, 10, 31)
PERSONA_ROLE_STARTED_ON = datetime.date(2021, 4, 1)
