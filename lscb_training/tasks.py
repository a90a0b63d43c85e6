"""Background work shared by every app.

Email leaves the request: a slow or failing mail server never holds up or breaks a sign-up or
a booking. With the database queue (production), the task row is written in the same
transaction as the change that caused it, so a change that rolls back sends nothing and a
committed one is never lost; `manage.py db_worker --backend background` sends it.
"""

from django_tasks import task

from django.core.mail import EmailMultiAlternatives


@task(backend="background")
def send_email(subject, body, from_email, to, alternatives=(), headers=None, cc=(), attachments=()):
    return deliver_email(subject, body, from_email, to, alternatives, headers, cc, attachments)


def deliver_email(subject, body, from_email, to, alternatives=(), headers=None, cc=(), attachments=()):
    """Builds and sends one message, in the worker. ``alternatives`` are ``[content, mimetype]``
    pairs; ``attachments`` ``[content, filename, mimetype]`` triples (text, as task arguments
    are JSON). Apps whose tasks must first record the sending (``bookings.notices``) call this
    from their own task."""
    message = EmailMultiAlternatives(subject, body, from_email, to, cc=list(cc), headers=headers)
    for content, mimetype in alternatives:
        message.attach_alternative(content, mimetype)
    for content, filename, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message.send()


def queue_email(message):
    """Queues an already rendered ``EmailMessage`` for the background worker to send."""
    send_email.enqueue(
        subject=str(message.subject),
        body=message.body,
        from_email=message.from_email,
        to=list(message.to),
        alternatives=[[content, mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        headers=dict(message.extra_headers),
    )
