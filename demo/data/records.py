"""Demo completions: who has done which course, how long ago and how it was recorded
(loaded by ``demo.records``)."""

from records.choices import CompletionSource

ATTENDANCE = CompletionSource.ATTENDANCE
IMPORT = CompletionSource.IMPORT

# persona, course slug, months ago, how it was recorded. Completions from passing an e-learning
# module are made by passing it (demo.elearning); the teacher's came from the outside provider
# the partnership used before, and half the generated people's are imports from it too.
PERSONA_COMPLETIONS = [
    ("Front-line social worker", "cse-awareness", 26, ATTENDANCE),
    ("Front-line social worker", "cse-full-day-workshop", 14, ATTENDANCE),
    ("Teacher", "cse-e-learning", 50, IMPORT),  # expired
    ("Teacher", "working-together", 20, ATTENDANCE),  # does not expire
    ("Agency lead, Police", "cse-full-day-workshop", 40, ATTENDANCE),  # lapsed for level 4
    ("Agency lead, Health", "cse-awareness", 8, ATTENDANCE),
]

# course slug, share of generated people who have done it, only for the specialist roles, source
GENERATED_COMPLETIONS = [
    ("cse-e-learning", 0.5, False, IMPORT),
    ("cse-awareness", 0.2, False, ATTENDANCE),
    ("cse-full-day-workshop", 0.5, True, ATTENDANCE),
]
OLDEST_DAYS_AGO = 5 * 365
