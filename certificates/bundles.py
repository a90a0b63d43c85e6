"""All the certificates of one session as a single ZIP, streamed as it is written.

``zipfile`` writes to a file that cannot seek (it then puts each member's sizes after its data),
so the archive goes to a small sink that the generator empties after every chunk: memory holds
one chunk of one PDF, never the archive. Members are deflated at the fastest level although PDFs
are compressed already: readers that stream (Java's ZipInputStream, some phone apps) refuse a
stored member whose sizes come after its data.
"""

import zipfile

from django.utils import timezone
from django.utils.text import slugify

from bookings.models import Booking
from certificates.models import Certificate
from certificates.pdf import Surroundings, open_stored_pdf

CHUNK_BYTES = 64 * 1024


def session_certificates(session):
    """The certificates that attending ``session`` earned (each attended booking's completion
    has one), revoked ones left out, by name."""
    completions = Booking.objects.filter(session=session, completion__isnull=False).values("completion_id")
    return (
        Certificate.objects.filter(completion__in=completions, revoked_at__isnull=True)
        .select_related("person", "course")
        .order_by("person__full_name", "code")
    )


def member_name(certificate):
    return f"{slugify(certificate.person.full_name) or 'certificate'}-{certificate.code}.pdf"


def zip_file_name(session):
    day = timezone.localtime(session.starts_at).date()
    return f"certificates-{slugify(session.course.title)}-{day:%Y-%m-%d}.zip"


class _Sink:
    """A write-only file without ``tell`` or ``seek``: zipfile then streams."""

    def __init__(self):
        self.chunks = []

    def write(self, data):
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self):
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def zip_chunks(certificates, surroundings=None):
    """Yields the bytes of a ZIP holding each certificate's stored PDF (made first if it has
    none), one chunk at a time."""
    return (chunk for chunk in _zip_chunks(certificates, surroundings) if chunk)


def _zip_chunks(certificates, surroundings):
    surroundings = surroundings or Surroundings.load()
    sink = _Sink()
    stamp = timezone.localtime().timetuple()[:6]
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for certificate in certificates:
            info = zipfile.ZipInfo(member_name(certificate), date_time=stamp)
            with open_stored_pdf(certificate, surroundings) as source, archive.open(info, "w") as member:
                while chunk := source.read(CHUNK_BYTES):
                    member.write(chunk)
                    yield sink.take()
            yield sink.take()
    yield sink.take()
