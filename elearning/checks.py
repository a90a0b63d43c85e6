"""The knowledge check's questions as plain values, and the marking of an attempt.

A module's questions are stream blocks (``elearning.blocks``); here each becomes a ``Question``
with its block id, its options' ids and which are right, so drawing, showing and marking an
attempt read one shape whatever the kind of question.
"""

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    options: tuple[Option, ...]

    @property
    def multiple(self):
        return self.kind == "multiple_choice"

    @property
    def correct_ids(self):
        return {option.id for option in self.options if option.correct}

    def is_right(self, chosen):
        return set(chosen) == self.correct_ids


def questions_of(module):
    """The module's question bank as ``{id: Question}``, in the order written."""
    bank = {}
    for child in module.questions:
        value = child.value
        if child.block_type == "true_false":
            feedback = value.get("feedback") or ""
            options = tuple(
                Option(id=key, text=label, correct=value["answer"] == key, feedback=feedback)
                for key, label in (("true", "True"), ("false", "False"))
            )
        else:
            options = tuple(
                Option(
                    id=str(option.id),
                    text=option.value["text"],
                    correct=bool(option.value["correct"]),
                    feedback=option.value.get("feedback") or "",
                )
                for option in value["options"].bound_blocks
            )
        bank[str(child.id)] = Question(id=str(child.id), kind=child.block_type, text=value["question"], options=options)
    return bank


def draw(module, rng=random):
    """The question ids for a new attempt: ``questions_per_attempt`` of them at random (every
    question when it is empty), in a random order."""
    ids = list(questions_of(module))
    return rng.sample(ids, min(module.questions_asked, len(ids)))


@dataclass(frozen=True)
class MarkedQuestion:
    question: Question
    chosen: tuple[str, ...]
    right: bool

    @property
    def chosen_options(self):
        return [option for option in self.question.options if option.id in self.chosen]

    @property
    def feedback(self):
        """What the learner reads for a wrong answer: the feedback of each wrong option they chose
        (or of a right one they missed, when they chose none that was wrong)."""
        texts = [option.feedback for option in self.chosen_options if not option.correct and option.feedback]
        if not texts:
            missed = [o.feedback for o in self.question.options if o.correct and o.id not in self.chosen and o.feedback]
            texts = missed[:1]
        return list(dict.fromkeys(texts))


def mark(attempt, bank):
    """Each question of a submitted ``attempt`` with what was chosen and whether it was right.
    A question since taken out of the bank is left out of the review (its mark stays in the score)."""
    return [
        MarkedQuestion(
            question=bank[qid],
            chosen=tuple(attempt.answers.get(qid, ())),
            right=bank[qid].is_right(attempt.answers.get(qid, ())),
        )
        for qid in attempt.question_ids
        if qid in bank
    ]


def score(question_ids, answers, bank):
    """The percentage of ``question_ids`` answered right, rounded down (79.9% does not pass 80%)."""
    if not question_ids:
        return 0
    right = sum(1 for qid in question_ids if qid in bank and bank[qid].is_right(answers.get(qid, ())))
    return right * 100 // len(question_ids)
