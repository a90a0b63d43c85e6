"""What the register leaves behind besides the bookings' own attendance: the ledger of late
cancellations, no-shows and leaving early that partnerships charge agencies from, and the lifts
of the three-no-shows block.

Apart from ``bookings.models`` (which imports these, so Django finds them); only
``bookings.services`` writes them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum

from bookings.choices import LedgerReason, LedgerStatus


class LedgerEntryQuerySet(models.QuerySet):
    def for_agencies(self, agencies):
        return self.filter(agency__in=agencies)

    def led_by(self, lead):
        """Entries an agency lead may see: their own agencies' only."""
        return self.filter(agency__leaderships__user=lead).distinct()

    def in_period(self, start=None, end=None):
        """Entries for sessions starting on or after ``start`` and before ``end`` (datetimes)."""
        entries = self
        if start is not None:
            entries = entries.filter(session__starts_at__gte=start)
        if end is not None:
            entries = entries.filter(session__starts_at__lt=end)
        return entries

    def totals(self):
        """Sums by status, in one query: ``{"due": Decimal, "waived": ..., "invoiced": ...}``."""
        sums = self.order_by().aggregate(
            **{status: Sum("amount", filter=Q(status=status)) for status in LedgerStatus.values}
        )
        return {status: sums[status] or 0 for status in LedgerStatus.values}


class LedgerEntry(models.Model):
    """One charge to an agency: a late cancellation, a no-show or leaving early."""

    booking = models.ForeignKey("bookings.Booking", on_delete=models.PROTECT, related_name="ledger_entries")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "people.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    session = models.ForeignKey("bookings.Session", on_delete=models.PROTECT, related_name="ledger_entries")
    reason = models.CharField(max_length=20, choices=LedgerReason.choices)
    amount = models.DecimalField(max_digits=7, decimal_places=2)
    status = models.CharField(max_length=20, choices=LedgerStatus.choices, default=LedgerStatus.DUE)
    waive_reason = models.TextField(blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    waived_at = models.DateTimeField(null=True, blank=True)
    invoiced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["session__starts_at", "id"]
        verbose_name_plural = "ledger entries"
        constraints = [
            # A correction of the register moves the one entry rather than adding another.
            models.UniqueConstraint(fields=["booking"], name="one_ledger_entry_per_booking"),
            models.CheckConstraint(
                condition=~Q(status=LedgerStatus.WAIVED) | ~Q(waive_reason=""), name="waived_entry_has_a_reason"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="ledger_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.person} on {self.session_id}"


class BookingBlockLift(models.Model):
    """An administrator's decision to let a person book for themselves again after three
    no-shows; no-shows before ``lifted_at`` no longer count towards a block."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    lifted_at = models.DateTimeField()

    class Meta:
        ordering = ["-lifted_at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="block_lift_has_a_reason")]

    def __str__(self):
        return f"Booking block lifted for {self.person}"
