"""What ``records`` announces to the apps above it (certificates listens).

``completion_recorded`` is sent once a new completion is committed, as
``send(sender=Completion, completion=...)``: a listener never sees a completion that a rolled-back
transaction took away again.
"""

from django.dispatch import Signal

completion_recorded = Signal()
