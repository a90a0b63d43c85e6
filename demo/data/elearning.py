"""The demo's e-learning modules as literal data: their lessons, knowledge checks and rules, and
the learners' stories. ``demo.elearning`` loads them.

The lessons are written from the partnership's March 2017 newsletter (the Department for
Education's 2017 definition, the updated CSE and missing procedures and their tools, the
parent and carer support the working group mapped) and the 2019 update to the scrutiny board
(the wider focus on children who are Missing, Exploited and Trafficked, and the new Risk
Assessment Tool). The phone numbers are the demo's own (01632 is set aside for drama).

A lesson body is a list of ``(block type, value)``: a heading is a string, a paragraph rich
text, a callout ``(kind, heading, body)``, an accordion a list of ``(heading, body)`` and a
document the title of a demo document (``demo.data.catalogue.DOCUMENTS``).

Questions are ``("single" | "multiple", question, [(option, correct, feedback)])`` or
``("true_false", statement, answer, feedback)``. Every wrong option has its feedback. The
second module limits attempts, so its feedback points back to the lesson rather than giving
the answer away.
"""

WORRIED = "What to do if you are worried"

CHILDRENS_SERVICES = (
    "<b>Children's Services</b>: 01632 960 200, Monday to Friday 9am to 5pm, or 01632 960 999 out of hours"
)

# ---------------------------------------------------------------------------------------------
# Child Sexual Exploitation — Level 1 awareness (the level 1 course "cse-e-learning")

CSE_MODULE = {
    "course": "cse-e-learning",
    "introduction": (
        "Six short lessons on child sexual exploitation: what it is, who is at risk, the signs to look for, "
        "the part technology plays, what to do here in Fellside, and the support for parents and carers. "
        "Then a knowledge check of 10 questions: get 8 right to pass. Allow about an hour; your place is "
        "saved as you go, so you can stop and come back."
    ),
    "pass_mark": 80,
    "questions_per_attempt": 10,
    # No limit on attempts, so the feedback can say what the right answer was and why.
    "max_attempts": None,
    "cooldown_hours": None,
    "deadline_weeks": None,
}

DEFINITION = (
    "Child sexual exploitation is a form of child sexual abuse. It occurs where an individual or group "
    "takes advantage of an imbalance of power to coerce, manipulate or deceive a child or young person "
    "under the age of 18 into sexual activity (a) in exchange for something the victim needs or wants, "
    "and/or (b) for the financial advantage or increased status of the perpetrator or facilitator. The "
    "victim may have been sexually exploited even if the sexual activity appears consensual. Child "
    "sexual exploitation does not always involve physical contact; it can also occur through the use of "
    "technology."
)

CSE_LESSONS = [
    {
        "title": "What child sexual exploitation is",
        "body": [
            ("heading", "The 2017 definition"),
            (
                "paragraph",
                "<p>In February 2017 the Department for Education published a new definition of child sexual "
                "exploitation, with guidance for practitioners. It is the definition the partnership's CSE "
                "procedure uses.</p>",
            ),
            ("callout", ("key", "The definition (Department for Education, 2017)", f"<p>‘{DEFINITION}’</p>")),
            ("heading", "What it means in practice"),
            (
                "paragraph",
                "<ul>"
                "<li><b>It is abuse.</b> Child sexual exploitation is a form of child sexual abuse, and is "
                "responded to as abuse.</li>"
                "<li><b>It rests on power.</b> The person exploiting the child has power over them: they may be "
                "older or stronger, or have money, status or something the child needs.</li>"
                "<li><b>There is an exchange.</b> The child is given, or promised, something they need or want "
                "(attention, affection, somewhere to stay, alcohol, drugs, money, gifts), or the abuser or "
                "someone helping them gains money or status.</li>"
                "<li><b>Apparent consent does not change it.</b> A child may have been sexually exploited even "
                "if the sexual activity appears consensual.</li>"
                "<li><b>It covers everyone under 18</b>, including 16 and 17 year olds, who can legally consent "
                "to sex but can still be exploited.</li>"
                "<li><b>It does not always involve physical contact.</b> It can also happen through the use of "
                "technology (lesson 4).</li>"
                "</ul>",
            ),
            ("heading", "Beyond sexual exploitation"),
            (
                "paragraph",
                "<p>Since 2019 the partnership's work has widened from sexual exploitation to every kind of "
                "exploitation: children who go missing, are exploited or are trafficked (MET). A child may be "
                "exploited in more than one way at once, so keep the whole child in mind.</p>",
            ),
        ],
    },
    {
        "title": "Who is at risk",
        "body": [
            (
                "paragraph",
                "<p>Any child or young person may be at risk of sexual exploitation, regardless of their family "
                "background or other circumstances. <b>Both girls and boys are at risk.</b></p>",
            ),
            ("heading", "Boys and young men"),
            (
                "paragraph",
                "<p>The exploitation of boys and young men can be missed when we expect victims to be girls. "
                "Ask the same questions, and look for the same signs, whoever the child is.</p>",
            ),
            ("heading", "When to look more closely"),
            (
                "paragraph",
                "<p>Some circumstances can make a child more vulnerable to exploitation, for example:</p>"
                "<ul>"
                "<li>going missing from home, care or school</li>"
                "<li>being looked after, or having recently left care</li>"
                "<li>misusing alcohol or drugs</li>"
                "<li>having been abused or neglected before</li>"
                "<li>being isolated from family and friends</li>"
                "</ul>"
                "<p>None of these means a child is being exploited, and a child with none of them can be. They "
                "tell you when to look more closely.</p>",
            ),
            ("heading", "Who exploits children"),
            (
                "paragraph",
                "<p>An exploiter can be a man or a woman, an individual or a group, an adult or another child. "
                "National Child Sexual Exploitation Awareness Day asks everyone to think, spot and speak out "
                "against abuse, and to have zero tolerance of adults developing inappropriate relationships with "
                "children, or children developing inappropriate relationships with other children.</p>",
            ),
            (
                "callout",
                (
                    "key",
                    "It is never the child's fault",
                    "<p>A child cannot consent to their own abuse. Avoid words that blame the child, such as "
                    "‘putting themselves at risk’ or ‘choosing’ the relationship: say what is being done to "
                    "them.</p>",
                ),
            ),
        ],
    },
    {
        "title": "Signs to look for",
        "body": [
            (
                "paragraph",
                "<p>The CSE Risk Indicators Guidance Sheet for Practitioners, part of the partnership's CSE "
                "procedure, lists the warning signs. Open each group below to read them.</p>",
            ),
            (
                "accordion",
                [
                    (
                        "Going missing",
                        "<p>Going missing from home, care or school, or coming home late; being found far from "
                        "home, or with people the family does not know.</p>",
                    ),
                    (
                        "Money, gifts and phones",
                        "<p>Unexplained money, gifts, clothes or phones; having more than one phone, or being "
                        "secretive about who they talk to.</p>",
                    ),
                    (
                        "Relationships",
                        "<p>An older ‘boyfriend’ or ‘girlfriend’; new, older friends; being picked up from home "
                        "or school by adults the family does not know, or in cars.</p>",
                    ),
                    (
                        "Behaviour and health",
                        "<p>Changes in mood, behaviour or appearance; pulling away from family and friends; "
                        "alcohol or drug misuse; sexual health concerns, such as infections or pregnancy.</p>",
                    ),
                ],
            ),
            ("heading", "Weighing the signs"),
            (
                "paragraph",
                "<p>One indicator alone does not prove exploitation: look at the whole picture, and record what "
                "you see. Several signs together, or a sign that keeps coming back, is a reason to act. Do not "
                "wait until you are sure.</p>",
            ),
            (
                "callout",
                (
                    "worried",
                    WORRIED,
                    "<ul>"
                    "<li>If a child is in immediate danger, call 999.</li>"
                    "<li>Listen to the child, but do not question them in detail or promise to keep a "
                    "secret.</li>"
                    "<li>Talk to your organisation's safeguarding lead the same day.</li>"
                    "<li>Write down what you saw and heard, in the child's own words, with the date and "
                    "time.</li>"
                    "</ul>",
                ),
            ),
            ("document", "CSE Risk Indicators Guidance Sheet for Practitioners"),
        ],
    },
    {
        "title": "Technology and sexting",
        "body": [
            (
                "paragraph",
                "<p>The 2017 definition says child sexual exploitation ‘does not always involve physical "
                "contact; it can also occur through the use of technology’. Abusers use social media, messaging "
                "apps, games and live streaming to reach children, to win their trust and to pressure them into "
                "sending images or meeting up.</p>",
            ),
            ("heading", "Sexting"),
            (
                "paragraph",
                "<p>‘Sexting’ means sending or sharing sexual images, videos or messages. Making, having or "
                "sharing a sexual image of anyone under 18 is against the law, even when the young person made "
                "it of themselves and shared it willingly.</p>"
                "<p>Once an image is shared, the young person loses control of it: it can be forwarded, posted "
                "or used to threaten them into sending more.</p>"
                "<p>To warn young people of the dangers of sexting, the police worked with media students aged "
                "17 to 19 from a local college, who took over the force's Snapchat account for a week around "
                "National Child Sexual Exploitation Awareness Day in March 2017.</p>",
            ),
            ("heading", "How grooming online can look"),
            (
                "accordion",
                [
                    (
                        "Attention and flattery",
                        "<p>Lots of compliments and attention, often from someone who says they are the same "
                        "age, or who seems to understand the young person better than anyone else does.</p>",
                    ),
                    (
                        "Moving somewhere private",
                        "<p>Asking to move from a public site or game to private messages or an app where "
                        "messages disappear, and asking the young person to keep it secret.</p>",
                    ),
                    (
                        "Gifts",
                        "<p>Offering game credit, phone top-ups, money or presents, which are later used to say "
                        "the young person ‘owes’ them.</p>",
                    ),
                    (
                        "Pressure and threats",
                        "<p>Asking for images, then threatening to share them with family or friends unless "
                        "the young person sends more or meets up.</p>",
                    ),
                ],
            ),
            (
                "callout",
                (
                    "worried",
                    WORRIED,
                    "<p>If a young person shows or tells you about a sexual image of a child, do not look at it "
                    "more than you must, and never copy, forward or save it, even to show a colleague: doing so "
                    "may itself be an offence. Tell your safeguarding lead, who will decide what to do with the "
                    "police and Children's Services.</p>",
                ),
            ),
            (
                "paragraph",
                "<p>The National Crime Agency's education programme, "
                '<a href="https://www.thinkuknow.co.uk/">Thinkuknow</a>, has advice on online safety for '
                "children and young people, parents and carers, and professionals.</p>",
            ),
        ],
    },
    {
        "title": "What to do in Fellside: the CSE procedure and its tools",
        "body": [
            (
                "paragraph",
                "<p>The partnership's CSE and Children Missing from Care or Home procedures were updated on "
                "23 February 2017 and use the 2017 definition. After feedback from professionals and an audit, "
                "the CSE procedure includes three flowcharts that map out what to do if you suspect a child may "
                "be at risk of, or is being, exploited.</p>",
            ),
            ("heading", "The tools in the procedure"),
            (
                "accordion",
                [
                    (
                        "CSE Screening Tool",
                        "<p>Use it when you suspect a child may be at risk of sexual exploitation. Record the "
                        "indicators you have seen, discuss them with your safeguarding lead, and share the "
                        "completed tool with Children's Services.</p>",
                    ),
                    (
                        "CSE Risk Assessment Tool",
                        "<p>Identifies the level of risk to a child and reviews it over time. Since 2019 it "
                        "includes a category for other kinds of exploitation as well as sexual exploitation, "
                        "with improvements suggested by the people who use it.</p>",
                    ),
                    (
                        "CSE Risk Indicators Guidance Sheet for Practitioners",
                        "<p>The warning signs, and how to weigh them (lesson 3).</p>",
                    ),
                    (
                        "CSE Multi-Agency Safety Plan",
                        "<p>What each agency will do to keep the child safe, built from the risk assessment.</p>",
                    ),
                    (
                        "Disruption Tool",
                        "<p>Ways partners can disrupt exploitation: sharing information, abduction notices, "
                        "licensing checks and targeted patrols. Every action is recorded in the safety "
                        "plan.</p>",
                    ),
                    (
                        "Categories of CSE and the High Level Case Concern Toolkit",
                        "<p>The procedure also sets out the categories of CSE used across the county, and the "
                        "joint CSE High Level Case Concern Toolkit.</p>",
                    ),
                ],
            ),
            ("heading", "Who keeps an eye on children at risk"),
            (
                "paragraph",
                "<p>The partnership's CSE and Missing from Home Subgroup has three strands. The Strategic Group "
                "oversees the plans against exploitation; the Working Group checks that agencies work together "
                "and follow the procedures; and the Oversight Group tracks, across the county, individual young "
                "people and perpetrators where there are signs of a high risk of going missing and of active "
                "CSE. In each district a multi-agency CSE (MACSE) meeting brings agencies together to plan for "
                "the children at risk there.</p>",
            ),
            ("heading", "Sharing what you know"),
            (
                "paragraph",
                "<p>You do not need the child's or their parents' consent to share a concern when a child may "
                "be at risk of significant harm. Tell them what you are doing and why, unless that would put the "
                "child at greater risk.</p>",
            ),
            (
                "callout",
                (
                    "worried",
                    WORRIED,
                    "<ol>"
                    "<li>If a child is in immediate danger, call 999.</li>"
                    "<li>Talk to your safeguarding lead today.</li>"
                    "<li>Complete the CSE Screening Tool together.</li>"
                    f"<li>Share it with {CHILDRENS_SERVICES}.</li>"
                    "<li>Record what you did, when and why.</li>"
                    "</ol>",
                ),
            ),
            ("document", "CSE Screening Tool"),
        ],
    },
    {
        "title": "Support for parents and carers",
        "body": [
            (
                "paragraph",
                "<p>Parents and carers are often the first to notice that something is wrong. Work with them as "
                "partners in keeping the child safe: most exploitation happens outside the family, and the "
                "parents and carers of a child who is being exploited need support too.</p>",
            ),
            ("heading", "Where parents and carers can turn"),
            (
                "paragraph",
                "<p>The partnership's CSE and Missing from Home Working Group has mapped the support available "
                "to parents of children who have been sexually exploited. It is listed on the partnership's "
                '<a href="/parent-carer-support/">Support for parents and carers</a> page, which you can share '
                "with them.</p>",
            ),
            (
                "accordion",
                [
                    ("Children's Services", f"<p>{CHILDRENS_SERVICES}, for anyone worried about a child.</p>"),
                    (
                        "PACE (Parents Against Child Exploitation)",
                        "<p>Support for parents and carers of children who are being, or may be, exploited: "
                        '<a href="https://paceuk.info/">paceuk.info</a>.</p>',
                    ),
                    ("NSPCC helpline", "<p>Advice for any adult worried about a child: 0808 800 5000.</p>"),
                    (
                        "Childline",
                        "<p>For children and young people themselves: 0800 1111, free and confidential.</p>",
                    ),
                ],
            ),
            ("heading", "Talking with parents and carers"),
            (
                "paragraph",
                "<ul>"
                "<li>Tell them what you have noticed and why you are worried, unless that would put the child at "
                "greater risk.</li>"
                "<li>Share the signs to look out for (lesson 3).</li>"
                "<li>Ask them to write down anything that might help: the dates their child went missing, names "
                "and phone numbers, and the registrations of cars that pick their child up.</li>"
                "</ul>",
            ),
            (
                "callout",
                (
                    "worried",
                    WORRIED,
                    "<p>If a parent or carer tells you they are worried their child is being exploited, take it "
                    "seriously: talk to your safeguarding lead, and if the child is in immediate danger, call "
                    "999.</p>",
                ),
            ),
        ],
    },
]

CSE_QUESTIONS = [
    (
        "single",
        "In the 2017 definition, what is child sexual exploitation?",
        [
            ("A form of child sexual abuse", True, ""),
            (
                "A form of neglect",
                False,
                "The definition opens by saying that child sexual exploitation is a form of child sexual abuse.",
            ),
            (
                "A crime only when money changes hands",
                False,
                "It is a form of child sexual abuse whatever is exchanged: the exchange can be anything the "
                "victim needs or wants, or money or status for the abuser.",
            ),
        ],
    ),
    (
        "single",
        "Up to what age does the 2017 definition of child sexual exploitation apply?",
        [
            ("Under 18", True, ""),
            (
                "Under 16",
                False,
                "16 and 17 year olds can be exploited too: the definition covers every child or young person "
                "under the age of 18.",
            ),
            (
                "Under 13",
                False,
                "The definition covers every child or young person under the age of 18.",
            ),
        ],
    ),
    (
        "true_false",
        "If the sexual activity appears consensual, it cannot be child sexual exploitation.",
        False,
        "It is false: the definition says the victim may have been sexually exploited even if the sexual "
        "activity appears consensual.",
    ),
    (
        "true_false",
        "Child sexual exploitation always involves physical contact.",
        False,
        "It is false: child sexual exploitation does not always involve physical contact; it can also occur "
        "through the use of technology.",
    ),
    (
        "multiple",
        "In the 2017 definition, what is the sexual activity in exchange for? Choose all that apply.",
        [
            ("Something the victim needs or wants", True, ""),
            ("The financial advantage or increased status of the perpetrator or facilitator", True, ""),
            (
                "Nothing: an exchange plays no part in the definition",
                False,
                "The definition names an exchange: something the victim needs or wants, and/or the financial "
                "advantage or increased status of the perpetrator or facilitator.",
            ),
        ],
    ),
    (
        "true_false",
        "Both girls and boys are at risk of sexual exploitation.",
        True,
        "It is true: any child may be at risk, whatever their background, and that includes boys and young men.",
    ),
    (
        "single",
        "Which children may be at risk of sexual exploitation?",
        [
            ("Any child or young person, whatever their family background or circumstances", True, ""),
            (
                "Only children who are looked after",
                False,
                "Being looked after can make a child more vulnerable, but any child may be at risk, whatever "
                "their background.",
            ),
            (
                "Only girls",
                False,
                "Both girls and boys are at risk. The exploitation of boys can be missed when we expect victims "
                "to be girls.",
            ),
        ],
    ),
    (
        "multiple",
        "Which of these can be warning signs of sexual exploitation? Choose all that apply.",
        [
            ("Going missing from home or care", True, ""),
            ("Unexplained money, gifts or phones", True, ""),
            ("An older ‘boyfriend’ or ‘girlfriend’", True, ""),
            (
                "Joining a school sports team",
                False,
                "That is an ordinary part of growing up. Going missing, unexplained money, gifts or phones, and "
                "an older ‘boyfriend’ or ‘girlfriend’ are all warning signs.",
            ),
        ],
    ),
    (
        "single",
        "You notice one warning sign in a child you work with. What should you do?",
        [
            ("Record what you have seen, look at the whole picture and talk to your safeguarding lead", True, ""),
            (
                "Nothing: one sign alone means nothing",
                False,
                "One sign alone does not prove exploitation, but do not ignore it: record it, look at the whole "
                "picture and talk to your safeguarding lead.",
            ),
            (
                "Ask the child in detail who is exploiting them",
                False,
                "Listen to the child, but do not question them in detail: record what you have seen and heard "
                "and talk to your safeguarding lead.",
            ),
        ],
    ),
    (
        "true_false",
        "A young person who takes a sexual image of themselves and sends it to a friend breaks no law, because "
        "the image is of themselves.",
        False,
        "It is false: making, having or sharing a sexual image of anyone under 18 is against the law, even when "
        "the young person made it of themselves.",
    ),
    (
        "single",
        "A pupil shows you a sexual image of a classmate on their phone. What do you do?",
        [
            ("Do not copy, forward or save it, and tell your safeguarding lead", True, ""),
            (
                "Forward it to your safeguarding lead so they can see it",
                False,
                "Never copy, forward or save a sexual image of a child, even to show a colleague: that may itself "
                "be an offence. Tell your safeguarding lead what you saw.",
            ),
            (
                "Have it deleted and say no more about it",
                False,
                "The child in the image may need protecting. Tell your safeguarding lead, who will decide what "
                "to do with the police and Children's Services.",
            ),
        ],
    ),
    (
        "single",
        "You suspect a child may be at risk of sexual exploitation. Which tool in the CSE procedure do you use first?",
        [
            ("The CSE Screening Tool", True, ""),
            (
                "The Disruption Tool",
                False,
                "The Disruption Tool is for partners disrupting exploitation. When you first suspect a child may "
                "be at risk, use the CSE Screening Tool with your safeguarding lead.",
            ),
            (
                "The CSE Multi-Agency Safety Plan",
                False,
                "The safety plan comes later, built from the risk assessment. When you first suspect a child "
                "may be at risk, use the CSE Screening Tool with your safeguarding lead.",
            ),
        ],
    ),
    (
        "multiple",
        "Which of these are part of the partnership's CSE procedure? Choose all that apply.",
        [
            ("The CSE Risk Assessment Tool", True, ""),
            ("The CSE Risk Indicators Guidance Sheet for Practitioners", True, ""),
            ("Flowcharts of what to do if you suspect a child may be at risk", True, ""),
            (
                "A form for the child to sign before you share a concern",
                False,
                "There is no such form: you do not need a child's consent to share a concern when they may be at "
                "risk of significant harm.",
            ),
        ],
    ),
    (
        "true_false",
        "The partnership's Risk Assessment Tool now includes a category for exploitation other than sexual "
        "exploitation.",
        True,
        "It is true: since 2019 the Risk Assessment Tool includes a category for other kinds of exploitation, "
        "as the partnership's work widened to all exploitation.",
    ),
    (
        "single",
        "A parent is worried their son is being exploited and asks where they can get support. What do you suggest?",
        [
            ("PACE (Parents Against Child Exploitation), and the partnership's support page for parents", True, ""),
            (
                "Childline",
                False,
                "Childline is for children and young people themselves. For parents there are PACE, the NSPCC "
                "helpline and the partnership's Support for parents and carers page.",
            ),
            (
                "Nothing: support is only for the child",
                False,
                "Parents and carers need support too: the partnership has mapped the services available to them, "
                "such as PACE.",
            ),
        ],
    ),
]

# ---------------------------------------------------------------------------------------------
# Children missing from home or care — Level 1 awareness (the level 1 course "missing-e-learning")

MISSING_MODULE = {
    "course": "missing-e-learning",
    "introduction": (
        "Three short lessons on children who go missing from home or care: why it matters, what to do when "
        "a child goes missing, and what happens when they come back. Then a knowledge check of 5 questions: "
        "get 4 right to pass. You have 3 attempts, an hour apart; if you use them all, you read the lessons "
        "again before you try more. Allow about 30 minutes, and finish within 4 weeks of starting."
    ),
    "pass_mark": 80,
    "questions_per_attempt": None,
    "max_attempts": 3,
    "cooldown_hours": 1,
    "deadline_weeks": 4,
}

MISSING_LESSONS = [
    {
        "title": "Why going missing matters",
        "body": [
            (
                "paragraph",
                "<p>Going missing is one of the clearest warning signs that a child may be at risk of "
                "exploitation. Children who go missing can be sexually or criminally exploited, trafficked, or "
                "drawn into alcohol and drug misuse, and each time they go missing the risk grows.</p>",
            ),
            ("heading", "Look for the pattern"),
            (
                "paragraph",
                "<p>A pattern matters more than one episode: a child who goes missing often, or for a night at a "
                "time, or who comes back with new things or new friends, needs someone to ask why.</p>",
            ),
            (
                "paragraph",
                "<p>The partnership's CSE and Children Missing from Care or Home procedures were updated "
                "together in February 2017, and since 2019 its work covers every child who is Missing, Exploited "
                "or Trafficked (MET), not only those at risk of sexual exploitation.</p>",
            ),
        ],
    },
    {
        "title": "When a child goes missing",
        "body": [
            (
                "paragraph",
                "<p>If you cannot find a child and you are worried for them, tell the police: call 999 if the "
                "child is in immediate danger, otherwise 101. Children's homes and foster carers follow the "
                "child's placement plan and the missing from care procedure.</p>",
            ),
            ("heading", "What helps the police find a child"),
            (
                "accordion",
                [
                    ("A description", "<p>A recent photograph, and what the child was wearing.</p>"),
                    (
                        "Where they might be",
                        "<p>Friends, places they have been found before, and people they may be with, including "
                        "anyone you are worried about.</p>",
                    ),
                    ("How to reach them", "<p>Their phone numbers and social media accounts.</p>"),
                ],
            ),
            (
                "callout",
                (
                    "worried",
                    WORRIED,
                    "<p>If a child is in immediate danger, call 999. Tell Children's Services too: "
                    f"{CHILDRENS_SERVICES}.</p>",
                ),
            ),
        ],
    },
    {
        "title": "When a child comes back",
        "body": [
            (
                "paragraph",
                "<p>Every child who has been missing should be offered an independent return home interview "
                "within 72 hours of coming back: a chance to say why they went, where they were and who with, "
                "and what would help.</p>",
            ),
            (
                "paragraph",
                "<p>What children say in return interviews goes to the police's missing persons coordinator, "
                "who looks for patterns across children: the places they go and the people they are with. If "
                "there are signs of exploitation, use the CSE Screening Tool and the Risk Assessment Tool.</p>",
            ),
            (
                "callout",
                (
                    "key",
                    "Welcome them back",
                    "<p>A child who is told off when they come back is less likely to say what happened, and "
                    "more likely to go missing again. Start by saying you are glad they are safe.</p>",
                ),
            ),
        ],
    },
]

MISSING_QUESTIONS = [
    (
        "true_false",
        "A child who often goes missing may be at risk of exploitation.",
        True,
        "Look again at the lesson ‘Why going missing matters’.",
    ),
    (
        "single",
        "Within how long of coming back should a child who has been missing be offered a return home interview?",
        [
            ("72 hours", True, ""),
            ("7 days", False, "Look again at the lesson ‘When a child comes back’."),
            ("28 days", False, "Look again at the lesson ‘When a child comes back’."),
        ],
    ),
    (
        "single",
        "A child in your care is missing and you believe they are in immediate danger. Who do you call?",
        [
            ("999", True, ""),
            ("101", False, "Look again at the lesson ‘When a child goes missing’."),
            ("Childline", False, "Look again at the lesson ‘When a child goes missing’."),
        ],
    ),
    (
        "multiple",
        "Which of these help the police find a missing child? Choose all that apply.",
        [
            ("A recent photograph", True, ""),
            ("Places and people the child might be with", True, ""),
            ("The child's phone numbers", True, ""),
            ("The child's last school report", False, "Look again at the lesson ‘When a child goes missing’."),
        ],
    ),
    (
        "true_false",
        "When a child comes back, telling them off is the best way to stop them going missing again.",
        False,
        "Look again at the lesson ‘When a child comes back’.",
    ),
]

MODULES = [(CSE_MODULE, CSE_LESSONS, CSE_QUESTIONS), (MISSING_MODULE, MISSING_LESSONS, MISSING_QUESTIONS)]

# ---------------------------------------------------------------------------------------------
# Learners. A story is a list of steps, each dated so many days ago (None: straight after the
# step before, and after the wait a failed attempt asks for):
#   ("enrol", days ago), ("read", how many lessons), ("fail", days ago), ("pass", days ago)
# "read" reads the next lessons in order; a pass or a fail reads whatever is left first. Both
# courses are valid for 36 months (about 1,096 days), so a renewal is due from about 1,036 days.

# persona, module's course slug, story
PERSONA_STORIES = [
    # The learner: the CSE module passed (at the second go) nearly three years ago, so "renew by"
    # shows, and the missing module part-way.
    ("Learner (youth worker)", "cse-e-learning", [("enrol", 1068), ("read", 6), ("fail", 1066), ("pass", 1066)]),
    ("Learner (youth worker)", "missing-e-learning", [("enrol", 6), ("read", 1)]),
    ("Front-line social worker", "cse-e-learning", [("enrol", 915), ("pass", 912)]),
    ("Front-line social worker", "missing-e-learning", [("enrol", 305), ("fail", 304), ("pass", 303)]),
    ("Agency lead, Police", "cse-e-learning", [("enrol", 368), ("pass", 365)]),
]

# Generated people, drawn at random (the same every run) from those with no completion of the
# course but from its module: (module's course slug, how many, story, range of days ago it began).
# The stories are spelt out in demo.elearning._steps.
GENERATED_STORIES = [
    # Completed, over the last three years (some now due to renew).
    ("cse-e-learning", 20, "passed", (20, 1080)),
    ("cse-e-learning", 5, "failed then passed", (20, 1080)),
    # Lapsed: passed more than three years ago.
    ("cse-e-learning", 6, "passed", (1130, 1600)),
    # Lapsed, then renewed with a fresh enrolment.
    ("cse-e-learning", 3, "lapsed then renewed", (1200, 1500)),
    # Part-way: enrolled lately, some lessons read.
    ("cse-e-learning", 12, "part-way", (1, 60)),
    # Read everything, failed the check, not tried again yet.
    ("cse-e-learning", 2, "failed", (2, 30)),
    ("missing-e-learning", 6, "passed", (20, 700)),
    ("missing-e-learning", 2, "failed then passed", (20, 700)),
    ("missing-e-learning", 5, "part-way", (1, 25)),
    # Used all three attempts: the enrolment has ended.
    ("missing-e-learning", 1, "attempts used up", (10, 40)),
]
