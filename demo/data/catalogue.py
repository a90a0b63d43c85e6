"""The demo catalogue as literal data: the training section, its four levels and courses, the
Practitioner Forums with their documents and links, and the parent/carer support and procedures
pages. ``demo.catalogue`` loads them.

The levels follow the partnership's 2017/18 CSE training offer (the March 2017 newsletter);
the later courses (Missing, Exploited and Trafficked; harmful sexual behaviour; the Risk
Assessment Tool; targeted exploitation training) come from the 2019 update to the scrutiny
board. Page bodies are lists of sections: a string starting with "<" is a paragraph of rich
text, any other string a heading.
"""

import datetime

from courses.models import CourseFormat

TRAINING_INDEX = {
    "slug": "training",
    "title": "Training",
    "introduction": """<p>The partnership provides four levels of child sexual exploitation (CSE)
training, so that everyone gets what their role needs. Start with the level that fits your role:
each level says who it is for and lists its courses with their next dates.</p>
<p>Since 2019 our training has widened from sexual exploitation to every kind of exploitation:
children who go missing, are exploited or are trafficked (MET), and harmful sexual behaviour.</p>""",
}

# (number, slug, title, who it is for, aims, what it covers): the 2017/18 offer in its own words.
LEVELS = [
    (
        1,
        "level-1-e-learning",
        "Level 1: e-learning",
        "<p>All professionals working with children and young people.</p>",
        "<p>To increase general awareness of the main issues in the sexual exploitation of children "
        "and young people.</p>",
        "<p>What child sexual exploitation is, who is at risk, the signs to look for and what to do if "
        "you are worried about a child. Self-paced and online: your progress is saved as you go.</p>",
    ),
    (
        2,
        "level-2-awareness-workshops",
        "Level 2: half-day awareness-raising workshops",
        "<p>All professionals.</p>",
        "<p>To raise all professionals' awareness of CSE and their role in identifying and addressing it.</p>",
        "<p>The 2017 definition of child sexual exploitation, what it looks like locally, the CSE "
        "procedure and its tools, and how to share a concern.</p>",
    ),
    (
        3,
        "level-3-full-day-workshops",
        "Level 3: full-day workshops",
        "<p>Practitioners who work directly with children who have experienced child sexual "
        "exploitation or sexual violence, or are at risk of exploitation.</p>",
        "<p>To provide participants with the knowledge and skills to enable them to contribute to "
        "safeguarding children and young people at risk of or suffering sexual exploitation.</p>",
        "<p>Risk and vulnerability, the screening and risk assessment tools, safety planning, "
        "disruption and working with other agencies.</p>",
    ),
    (
        4,
        "level-4-specialist-workshops",
        "Level 4: targeted specialist workshops",
        "<p>Only for front-line social workers, specialist child abuse investigators, members of the "
        "youth offending service, personal advisers and Independent Reviewing Officers (IROs).</p>",
        "<p>To build the specialist skills these roles need to protect children who are being exploited.</p>",
        "<p>Managing risk, attachment and managing disclosures.</p>",
    ),
]

SPECIALIST = "specialist"  # stands for the five specialist job roles in COURSES below

# Topics are taggit tags shared with forum resources; what's on filters by their slugs
# (cse, met, missing, harmful-sexual-behaviour, online-safety, risk-assessment, ...).
# level, slug, title, summary, format, duration, CPD hours, validity (months), topics,
# eligible roles, prerequisites [(slug, within months)], lead approval, learning outcomes
COURSES = [
    {
        "level": 1,
        "slug": "cse-e-learning",
        "title": "Child Sexual Exploitation — Level 1 awareness",
        "summary": "An introduction to child sexual exploitation for everyone who works with children.",
        "format": CourseFormat.E_LEARNING,
        "duration": "About 1 hour",
        "cpd_hours": 1,
        "validity_months": 36,
        "topics": ["CSE", "Online safety"],
        "outcomes": ["Say what child sexual exploitation is", "Recognise the signs", "Know who to tell"],
    },
    {
        "level": 1,
        "slug": "missing-e-learning",
        "title": "Children missing from home or care — Level 1 awareness",
        "summary": "Why it matters when a child goes missing, what to do, and what happens when they come back.",
        "format": CourseFormat.E_LEARNING,
        "duration": "About 30 minutes",
        "cpd_hours": 0.5,
        "validity_months": 36,
        "topics": ["Missing", "MET"],
        "outcomes": ["Recognise why going missing matters", "Report a missing child", "Explain a return interview"],
    },
    {
        "level": 2,
        "slug": "cse-awareness",
        "title": "CSE awareness: half-day workshop",
        "summary": "What child sexual exploitation looks like here, and your part in spotting and acting on it.",
        "format": CourseFormat.HALF_DAY,
        "duration": "3 hours",
        "cpd_hours": 3,
        "validity_months": 36,
        "topics": ["CSE", "Online safety"],
        "outcomes": ["Use the 2017 definition of CSE", "Spot the indicators", "Follow the CSE procedure"],
    },
    {
        "level": 2,
        "slug": "met-awareness",
        "title": "Missing, Exploited and Trafficked (MET) awareness",
        "summary": "Exploitation beyond CSE: children who go missing, criminal exploitation and trafficking.",
        "format": CourseFormat.HALF_DAY,
        "duration": "3 hours",
        "cpd_hours": 3,
        "validity_months": 36,
        "topics": ["MET", "Missing", "Criminal exploitation", "Trafficking"],
        "outcomes": ["Recognise criminal exploitation and county lines", "Respond when a child goes missing"],
    },
    {
        "level": 2,
        "slug": "working-together",
        "title": "Working Together to Safeguard Children: multi-agency workshop",
        "summary": "How agencies share information and work together when a child is at risk of harm.",
        "format": CourseFormat.HALF_DAY,
        "duration": "3 hours 30 minutes",
        "cpd_hours": 3.5,
        "validity_months": None,
        "topics": ["Multi-agency", "Safeguarding"],
        "outcomes": ["Know each agency's part", "Share information lawfully", "Escalate a concern"],
    },
    {
        "level": 3,
        "slug": "cse-full-day-workshop",
        "title": "CSE full-day workshop",
        "summary": "Knowledge and skills for practitioners working directly with children at risk of exploitation.",
        "format": CourseFormat.FULL_DAY,
        "duration": "6 hours",
        "cpd_hours": 6,
        "validity_months": 36,
        "topics": ["CSE", "Risk assessment", "Safety planning"],
        "outcomes": ["Complete the CSE Screening Tool", "Contribute to a multi-agency safety plan"],
    },
    {
        "level": 3,
        "slug": "harmful-sexual-behaviour",
        "title": "Harmful sexual behaviour training",
        "summary": "Understanding and responding to harmful sexual behaviour by children and young people.",
        "format": CourseFormat.FULL_DAY,
        "duration": "6 hours",
        "cpd_hours": 6,
        "validity_months": 36,
        "topics": ["Harmful sexual behaviour"],
        "outcomes": ["Tell healthy from harmful sexual behaviour", "Respond proportionately"],
    },
    {
        "level": 3,
        "slug": "risk-assessment-tool",
        "title": "CSE Risk Assessment Tool (RAT) training",
        "summary": "How to use the Risk Assessment Tool, including its 'other exploitation' category.",
        "format": CourseFormat.HALF_DAY,
        "duration": "3 hours",
        "cpd_hours": 3,
        "validity_months": 24,
        "topics": ["Risk assessment", "CSE", "MET"],
        "prerequisites": [("cse-awareness", None)],
        "outcomes": ["Complete and review a risk assessment", "Turn it into a safety plan"],
    },
    {
        "level": 4,
        "slug": "cse-specialist-workshop",
        "title": "CSE specialist workshop: risk, attachment and disclosures",
        "summary": "For the specialist roles: managing risk, attachment and managing disclosures.",
        "format": CourseFormat.FULL_DAY,
        "duration": "6 hours 30 minutes",
        "cpd_hours": 6.5,
        "validity_months": 36,
        "topics": ["CSE", "Risk assessment"],
        "eligible_roles": SPECIALIST,
        "prerequisites": [("cse-full-day-workshop", 36)],
        "outcomes": ["Manage risk with the young person", "Use attachment theory", "Manage a disclosure"],
    },
    {
        "level": 4,
        "slug": "targeted-exploitation",
        "title": "Targeted exploitation training",
        "summary": "Revised targeted training on every kind of exploitation, not only sexual exploitation.",
        "format": CourseFormat.FULL_DAY,
        "duration": "6 hours",
        "cpd_hours": 6,
        "validity_months": 36,
        "topics": ["MET", "Criminal exploitation", "CSE", "Disruption"],
        "eligible_roles": SPECIALIST,
        "prerequisites": [("cse-full-day-workshop", 36)],
        "lead_approval": True,
        "outcomes": ["Plan disruption with partners", "Work with perpetrator networks in mind"],
    },
]

# title, file name, pages of text
DOCUMENTS = {
    "cse-in-fellside": (
        "CSE in Fellside: what it looks like (slides summary)",
        "cse-in-fellside-slides-summary.pdf",
        [
            "CSE in Fellside: what it looks like",
            "Practitioner Forums, January 2017. CSE/MFH Subgroup workshop.",
            "CSE is a form of child sexual abuse (DfE definition, February 2017).",
            "Both girls and boys are at risk, whatever their background.",
            "It does not always involve physical contact: it can happen through technology.",
            "What to do: follow the CSE procedure and use the Screening Tool.",
        ],
    ),
    "screening-tool": (
        "CSE Screening Tool",
        "cse-screening-tool.pdf",
        [
            "CSE Screening Tool",
            "Use this tool when you suspect a child may be at risk of sexual exploitation.",
            "1. Record the indicators you have seen.",
            "2. Discuss with your safeguarding lead.",
            "3. Share the completed tool with Children's Services.",
        ],
    ),
    "risk-indicators": (
        "CSE Risk Indicators Guidance Sheet for Practitioners",
        "cse-risk-indicators-guidance.pdf",
        [
            "CSE Risk Indicators Guidance Sheet for Practitioners",
            "Going missing; unexplained gifts or money; older 'boyfriends' or 'girlfriends';",
            "change in behaviour; sexual health concerns; use of several phones.",
            "One indicator alone does not prove exploitation: look at the whole picture.",
        ],
    ),
    "met-slides": (
        "Missing, Exploited and Trafficked: the wider picture (slides summary)",
        "met-wider-picture-slides-summary.pdf",
        [
            "Missing, Exploited and Trafficked: the wider picture",
            "Practitioner Forums, January 2018.",
            "From CSE to all child exploitation: criminal exploitation, county lines, trafficking.",
            "The new Risk Assessment Tool includes an 'other exploitation' category.",
        ],
    ),
    "disruption-tool": (
        "Disruption Tool",
        "disruption-tool.pdf",
        [
            "Disruption Tool",
            "Ways partners can disrupt exploitation: information sharing, abduction notices,",
            "licensing checks and targeted patrols. Record every action in the safety plan.",
        ],
    ),
}

FORUMS = [
    {
        "slug": "january-2017",
        "title": "Practitioner Forum, January 2017",
        "forum_date": datetime.date(2017, 1, 26),
        "area": "Penrith",
        "venue": "North Lakes Hotel, Penrith",
        "summary": (
            "Members of the CSE and Missing from Home Subgroup ran a CSE workshop at the forums, to raise "
            "awareness of CSE, share what it looks like locally and explain the CSE procedure and its tools."
        ),
        "resources": [
            ("cse-in-fellside", None, "The slides from the workshop, summarised.", ["CSE"]),
            (
                "screening-tool",
                None,
                "For anyone who suspects a child may be at risk of CSE.",
                ["CSE", "Risk assessment"],
            ),
            ("risk-indicators", None, "The warning signs, and how to weigh them.", ["CSE", "Risk assessment"]),
            (
                "Child sexual exploitation: definition and guide for practitioners (DfE, 2017)",
                "https://www.gov.uk/government/publications/child-sexual-exploitation-definition-and-guide-for-practitioners",
                "The Department for Education's definition and guidance, published February 2017.",
                ["CSE"],
            ),
            (
                "NWG Network",
                "https://www.nwgnetwork.org/",
                "The national network tackling child sexual exploitation.",
                ["CSE"],
            ),
        ],
    },
    {
        "slug": "january-2018",
        "title": "Practitioner Forum, January 2018",
        "forum_date": datetime.date(2018, 1, 25),
        "area": "Carlisle",
        "venue": "The Hub, Carlisle",
        "summary": (
            "The subgroup's annual visit: from sexual exploitation to all exploitation, with the new Risk "
            "Assessment Tool and the Disruption Tool."
        ),
        "resources": [
            ("met-slides", None, "The slides from the forum, summarised.", ["MET", "Missing", "Criminal exploitation"]),
            ("disruption-tool", None, "How partners can disrupt exploitation.", ["Disruption", "MET"]),
            (
                "Thinkuknow: online safety for children, parents and carers",
                "https://www.thinkuknow.co.uk/",
                "The National Crime Agency's education programme on online safety.",
                ["Online safety"],
            ),
        ],
    },
]
DOCUMENT_FOOTER = "Demo document: Fellside Safeguarding Children Partnership."

FORUM_INDEX = {
    "slug": "forums",
    "title": "Practitioner Forums",
    "introduction": "<p>Each January the partnership's subgroups visit the Practitioner Forums. Here are "
    "the slides, documents and links they shared.</p>",
}

PARENT_CARER_BODY = [
    "If a child is in immediate danger",
    "<p>Call 999.</p>",
    "Support for parents and carers",
    "<p>The partnership's CSE and Missing from Home Working Group mapped the support available to "
    "parents of children who have been sexually exploited. If your child has been exploited, or you "
    "are worried they might be, you do not have to manage alone.</p>"
    "<ul>"
    "<li><b>Children's Services</b>: tell us if you are worried about a child. Call 01632 960 200, "
    "Monday to Friday 9am to 5pm, or 01632 960 999 out of hours.</li>"
    "<li><b>PACE (Parents Against Child Exploitation)</b>: support for parents, "
    '<a href="https://paceuk.info/">paceuk.info</a>.</li>'
    "<li><b>NSPCC helpline</b>: advice for adults worried about a child, 0808 800 5000.</li>"
    "<li><b>Childline</b>: for children and young people, 0800 1111 (free and confidential).</li>"
    "</ul>",
    "Signs to look out for",
    "<p>Going missing or coming home late, unexplained money, gifts or phones, new older friends, "
    "secrecy about where they have been or who they talk to online, and changes in mood or behaviour.</p>",
]

PROCEDURES_BODY = [
    "What the procedures include",
    "<p>Following feedback from professionals and an audit, the CSE procedure includes three "
    "flowcharts showing what to do if you suspect a child may be at risk of, or is being, "
    "exploited. It also includes:</p><ul><li>the CSE Screening Tool</li><li>the CSE Risk "
    "Assessment Tool</li><li>the CSE Risk Indicators Guidance Sheet for Practitioners</li>"
    "<li>the categories of CSE</li><li>the CSE Multi-Agency Safety Plan</li><li>the Disruption "
    "Tool</li><li>the joint CSE High Level Case Concern Toolkit</li></ul>",
    "Tools to download",
]

# Pages under the home page. "documents" (keys of DOCUMENTS) follow the body as document blocks.
SUPPORT_PAGES = [
    {
        "slug": "parent-carer-support",
        "title": "Support for parents and carers",
        "introduction": "Support for parents and carers of children who have been, or may be, sexually exploited.",
        "body": PARENT_CARER_BODY,
        "documents": [],
    },
    {
        "slug": "cse-procedures",
        "title": "CSE and missing from home procedures",
        "introduction": (
            "The CSE and children missing from care or home procedures were updated on 23 February 2017. "
            "They use the Department for Education's 2017 definition of child sexual exploitation."
        ),
        "body": PROCEDURES_BODY,
        "documents": ["screening-tool", "risk-indicators", "disruption-tool"],
    },
]
