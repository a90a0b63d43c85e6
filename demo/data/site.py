"""The demo site's own content, as literal data: the partnership's settings, the home page, and
the accessibility statement and privacy notice the footer links to. ``demo.site`` loads them.

Page bodies are lists of sections: a string starting with "<" is a paragraph of rich text, any
other string a heading.
"""

PARTNERSHIP_NAME = "Fellside Safeguarding Children Partnership"
SHORT_NAME = "Fellside CSE Training"
CONTACT_EMAIL = "training@fellside-scp.example.org"
# 01632 960xxx is reserved by Ofcom for drama and examples, so it never reaches a real person.
CONTACT_PHONE = "01632 960 123"
STATEMENT_DATE = "22 November 2026"

SITE_SETTINGS = {
    "partnership_name": PARTNERSHIP_NAME,
    "short_name": SHORT_NAME,
    "contact_email": CONTACT_EMAIL,
    "contact_phone": CONTACT_PHONE,
    "certificate_signatory_name": "Dr Ruth Ellwood",
    "certificate_signatory_title": "Independent Scrutineer, Fellside Safeguarding Children Partnership",
}

HOME_INTRODUCTION = (
    "Child sexual exploitation training for everyone in Fellside who works with children and "
    "young people: find the right level for your role, book a workshop, do the e-learning and "
    "keep your certificates in one place."
)

# The home page points newcomers at the training section, What's on and sign-up, and at the help
# for anyone worried about a child (pages demo.catalogue adds).
HOME_BODY = f"""
<p>Child sexual exploitation (CSE) is a form of child sexual abuse. It happens when a person or
group takes advantage of an imbalance of power to coerce, manipulate or deceive a child or young
person under 18 into sexual activity. It can happen to any child, girls and boys alike, and it
does not always involve physical contact: it can happen online.</p>
<ul>
<li><a href="/training/">Find the training for your role</a></li>
<li><a href="/whats-on/">See what's on: workshop dates and venues</a></li>
<li><a href="/accounts/signup/">Create an account to book training</a></li>
</ul>
<h2>Four levels of training</h2>
<p>The {PARTNERSHIP_NAME} offers training at four levels, so that everyone gets what their
role needs and no more.</p>
<ol>
<li><b>Level 1: e-learning.</b> For all professionals working with children and young people.
It raises general awareness of the main issues in the sexual exploitation of children and young
people. Work through it online, at your own pace.</li>
<li><b>Level 2: half-day awareness-raising workshops.</b> For all professionals: what CSE looks
like, and your role in spotting it and acting on it.</li>
<li><b>Level 3: full-day workshops.</b> For practitioners who work directly with children who
have experienced sexual exploitation or sexual violence, or who are at risk of exploitation. They
give you the knowledge and skills to help keep those children safe.</li>
<li><b>Level 4: full-day specialist workshops.</b> Only for front-line social workers,
specialist child abuse investigators, youth justice practitioners, personal advisers and
Independent Reviewing Officers. They focus on managing risk, attachment and managing
disclosures.</li>
</ol>
<h2>Beyond sexual exploitation</h2>
<p>Children can be exploited in other ways too, including criminal exploitation and trafficking.
Our training now covers children who go missing, are exploited or are trafficked, as well as
harmful sexual behaviour.</p>
<h2>How to book</h2>
<p><a href="/accounts/signup/">Create an account</a> with your work email address, tell us your
agency and job role, and confirm your email address. You can then book workshops, do the
e-learning and download your certificates. Your agency's safeguarding lead can see whether their
staff are up to date with the training their roles need.</p>
<h2>If you are worried about a child</h2>
<p>Do not wait for training: follow your agency's safeguarding procedures and the partnership's
<a href="/cse-procedures/">CSE and missing from home procedures</a>. If a child is in immediate
danger, call 999.</p>
<p>Parents and carers can find out where to get help in
<a href="/parent-carer-support/">support for parents and carers</a>.</p>
"""

# The body seed_demo wrote before the home page had links. demo.site replaces it with HOME_BODY
# only while the page still has it word for word, so an editor's own wording is never touched.
HOME_BODY_WITHOUT_LINKS = f"""
<p>Child sexual exploitation (CSE) is a form of child sexual abuse. It happens when a person or
group takes advantage of an imbalance of power to coerce, manipulate or deceive a child or young
person under 18 into sexual activity. It can happen to any child, girls and boys alike, and it
does not always involve physical contact: it can happen online.</p>
<h2>Four levels of training</h2>
<p>The {PARTNERSHIP_NAME} offers training at four levels, so that everyone gets what their
role needs and no more.</p>
<ol>
<li><b>Level 1: e-learning.</b> For all professionals working with children and young people.
It raises general awareness of the main issues in the sexual exploitation of children and young
people. Work through it online, at your own pace.</li>
<li><b>Level 2: half-day awareness-raising workshops.</b> For all professionals: what CSE looks
like, and your role in spotting it and acting on it.</li>
<li><b>Level 3: full-day workshops.</b> For practitioners who work directly with children who
have experienced sexual exploitation or sexual violence, or who are at risk of exploitation. They
give you the knowledge and skills to help keep those children safe.</li>
<li><b>Level 4: full-day specialist workshops.</b> Only for front-line social workers,
specialist child abuse investigators, youth justice practitioners, personal advisers and
Independent Reviewing Officers. They focus on managing risk, attachment and managing
disclosures.</li>
</ol>
<h2>Beyond sexual exploitation</h2>
<p>Children can be exploited in other ways too, including criminal exploitation and trafficking.
Our training now covers children who go missing, are exploited or are trafficked, as well as
harmful sexual behaviour.</p>
<h2>How to book</h2>
<p>Create an account with your work email address, tell us your agency and job role, and confirm
your email address. You can then book workshops, do the e-learning and download your
certificates. Your agency's safeguarding lead can see whether their staff are up to date with the
training their roles need.</p>
<p>If you are worried that a child is being exploited, do not wait for training: follow your
agency's safeguarding procedures and, if a child is in immediate danger, call 999.</p>
"""

ACCESSIBILITY_BODY = [
    f"""<p>This accessibility statement applies to the {SHORT_NAME} website, run by the
{PARTNERSHIP_NAME}. It does not cover the administration screens used by our staff.</p>
<p>We want as many people as possible to be able to use this website. For example, that means
you should be able to:</p>
<ul>
<li>change colours, contrast levels and fonts using your browser or device settings</li>
<li>zoom in up to 400% without the text spilling off the screen</li>
<li>navigate most of the website using just a keyboard</li>
<li>navigate most of the website using speech recognition software</li>
<li>listen to most of the website using a screen reader</li>
</ul>
<p>We have also made the text as simple as possible to understand.</p>""",
    "How accessible this website is",
    """<p>We know some parts of this website are not fully accessible:</p>
<ul>
<li>some documents shared at past Practitioner Forums are PDF, Word or PowerPoint files that
were not written to be accessible and may not work well with a screen reader</li>
<li>certificates are PDF files; the information on them is also shown on the certificate
verification page</li>
</ul>""",
    "Feedback and contact information",
    f"""<p>If you need information on this website in a different format, such as accessible PDF,
large print, easy read, audio recording or braille, email
<a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a> or call {CONTACT_PHONE}.</p>
<p>We will consider your request and get back to you within 5 working days.</p>
<p>If you need an adjustment to attend a workshop, for example a hearing loop, step-free access
or a British Sign Language interpreter, tell us when you book or contact us as above.</p>""",
    "Reporting accessibility problems with this website",
    f"""<p>We are always looking to improve the accessibility of this website. If you find any
problems not listed on this page or think we are not meeting accessibility requirements, email
<a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>.</p>""",
    "Enforcement procedure",
    """<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public
Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the
'accessibility regulations'). If you are not happy with how we respond to your complaint,
contact the Equality Advisory and Support Service (EASS).</p>""",
    "Technical information about this website's accessibility",
    """<p>The Fellside Safeguarding Children Partnership is committed to making its website
accessible, in accordance with the Public Sector Bodies (Websites and Mobile Applications)
(No. 2) Accessibility Regulations 2018.</p>""",
    "Compliance status",
    """<p>This website is partially compliant with the Web Content Accessibility Guidelines
version 2.2 AA standard, due to the non-compliances listed below.</p>""",
    "Non-accessible content",
    """<p>The content listed below is non-accessible for the following reasons.</p>
<p><b>Non-compliance with the accessibility regulations.</b> Some documents shared at
Practitioner Forums do not have proper headings, text alternatives for images or a logical
reading order. This fails WCAG 2.2 success criteria 1.1.1 (non-text content) and 1.3.1 (info
and relationships). We ask everyone who presents at a forum for an accessible version and
replace documents as we receive them.</p>
<p><b>Content that is not within the scope of the accessibility regulations.</b> PDFs and other
documents published before 23 September 2018 that are not essential to using our services,
such as the resources from the January 2017 and January 2018 Practitioner Forums, do not need
to be made accessible. If you need one of them in another format, contact us.</p>""",
    "What we are doing to improve accessibility",
    """<p>Whenever the website is changed, automated browser tests walk through its main pages
and check each one against WCAG 2.2 A and AA with axe-core. We will test each new journey
(booking, e-learning, certificates) with a keyboard and a screen reader as it is built.</p>""",
    "Preparation of this accessibility statement",
    f"""<p>This statement was prepared on {STATEMENT_DATE}. It was last reviewed on
{STATEMENT_DATE}.</p>
<p>This website was last tested on {STATEMENT_DATE}. The test was carried out by the
partnership's own development team: automated checks with axe-core on every page the browser
tests visit, and tests of keyboard use and of the layout at 320 pixels wide.</p>""",
]

PRIVACY_BODY = [
    f"""<p>This notice explains what personal information the {PARTNERSHIP_NAME} holds about you
when you use the {SHORT_NAME} website, why, who can see it, how long we keep it and your
rights.</p>""",
    "Who we are",
    f"""<p>The {PARTNERSHIP_NAME} is the partnership of the local authority, the integrated care
board and the police (the safeguarding partners) with the schools, health services, charities
and other agencies that work with children in Fellside. The safeguarding partners are jointly
the data controller for this website. You can contact us at
<a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>.</p>""",
    "What we hold about you",
    """<ul>
<li>your name, your work email address and your password (stored only as a secure hash)</li>
<li>your agency, job role, team, the date you started your current role, and your line
manager's name and email address if you give them</li>
<li>a history of the agencies and roles you have held, because which training you need depends
on your role</li>
<li>whether you lead an agency's safeguarding training</li>
<li>if you set up two-factor authentication, the secret your authenticator app uses and your
recovery codes</li>
<li>when you signed up and last signed in</li>
<li>as the website grows: the workshops you book and attend, your e-learning progress, your
completed training and your certificates</li>
</ul>
<p>We do not ask for, and you should not give us, any information about children or families
you work with.</p>""",
    "Why we hold it",
    """<p>Safeguarding partners must make arrangements to safeguard and promote the welfare of
children in their area, including making sure the people who work with children are trained.
We use your information to run that training: to let you book the right courses, to record what
you have completed and to show your agency whether its staff are up to date. Our lawful basis is
public task (UK GDPR Article 6(1)(e)).</p>""",
    "Who can see it",
    """<ul>
<li>You can see and change your own details on your profile page.</li>
<li>The safeguarding or training lead of your agency can see the training records of people in
the agencies they lead, and no one else's.</li>
<li>The partnership's training administrators can see everyone's records, to run workshops and
report on training across the partnership.</li>
<li>Trainers see the names, agencies and roles of the people booked on their sessions.</li>
</ul>
<p>We do not sell your information or use it for marketing. Our public calendar feeds and
certificate checks show no more than is needed: the feeds list sessions, never who is booked.</p>
<p>Our hosting and email providers process information for us under contract, in the UK.</p>""",
    "How long we keep it",
    """<p>We keep your account while you use it. Training records are kept for six years after the
training stops counting, because agencies need them as evidence in inspections and reviews. If
you have not signed in for three years we will close your account and remove your details,
keeping only what the training records need. Accounts whose email address is never confirmed are
removed after 30 days.</p>""",
    "Your rights",
    f"""<p>You have the right to see the information we hold about you, to have it corrected, and
in some circumstances to have it erased or to object to how we use it. Email
<a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a> to make a request.</p>
<p>If you are unhappy with how we have used your information, you can complain to the
Information Commissioner's Office (ICO).</p>""",
    "Cookies",
    """<p>We use only the cookies the website needs to work: one to keep you signed in, one to
protect forms against misuse and one to show you messages after an action. We do not use
analytics or advertising cookies.</p>""",
]

PAGES = [
    (
        "accessibility",
        "Accessibility statement",
        f"How accessible the {SHORT_NAME} website is, and how to tell us about a problem.",
        ACCESSIBILITY_BODY,
    ),
    (
        "privacy",
        "Privacy notice",
        "What personal information we hold about you, why, who can see it and how long we keep it.",
        PRIVACY_BODY,
    ),
]
