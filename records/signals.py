"""What ``records`` announces to the apps above it (certificates listens).

``completions_recorded`` is sent as ``send(sender=Completion, completions=[...])`` with the new
completions, inside the transaction that wrote them: whatever a listener writes (a certificate)
commits or rolls back with them, so nobody can see a completion without it. A listener that
raises undoes the completions too. It is sent once per call of ``record_completion`` or
``record_completions`` that added anything; a completion found already there is not announced.

``completion_withdrawn`` is sent as ``send(sender=Completion, completion=..., by=..., reason=...)``
inside ``withdraw_completion``'s transaction, before the row is deleted.
"""

from django.dispatch import Signal

completions_recorded = Signal()
completion_withdrawn = Signal()
