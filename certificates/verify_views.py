"""The public verify pages: a form where anyone types a certificate's code, and a page per code
(the target of the QR code printed on the certificate).

The page shows what an inspector or employer needs to trust the certificate and no more: its
status today in words (``certificates.status``), the holder's name, the course and its level,
the date and the issuing partnership. Never an email address, agency or score, and never why a
certificate was revoked. No sign-in is needed.

Nothing here helps anyone guess codes: a code that cannot be one and a code that is not
issued get the same page, word for word, with the same status (404), and lookups are limited
per client (``certificates.throttle``). The pages are not cached (the status is live) and ask
search engines not to index them.
"""

from django import forms
from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from certificates.codes import normalise
from certificates.models import Certificate
from certificates.status import status_of
from certificates.throttle import allow_lookup
from courses.models import TrainingLevelPage, parent_path


class VerifyForm(forms.Form):
    code = forms.CharField(
        label="Certificate code",
        help_text="It is printed on the certificate under the QR code, for example CSE-7K3Q-9XMD.",
        error_messages={"required": "Enter the certificate code"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )


def _private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _not_found(request):
    """The one answer for a code that cannot be one and for one never issued."""
    return _private(render(request, "certificates/verify_not_found.html", {"form": VerifyForm()}, status=404))


def _too_many(request):
    minutes = max(1, settings.CERTIFICATE_VERIFY_WINDOW_SECONDS // 60)
    response = render(request, "certificates/verify_too_many.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(settings.CERTIFICATE_VERIFY_WINDOW_SECONDS)
    return _private(response)


@never_cache
def verify_form(request):
    """``/verify/``, and ``/verify/?code=...`` from its own form, which goes to the code's page:
    lower case, spaces and a missing prefix are all fine. What cannot be a code goes there too,
    as typed, so it gets the very page, and the count, an unknown code gets."""
    if "code" not in request.GET:
        return _private(render(request, "certificates/verify_form.html", {"form": VerifyForm()}))
    form = VerifyForm(request.GET)
    if not form.is_valid():
        return _private(render(request, "certificates/verify_form.html", {"form": form}, status=400))
    typed = form.cleaned_data["code"]
    code = normalise(typed) or typed[:60].replace("/", "") or "-"
    return redirect("certificates:verify", code=code)


def level_label(number, title):
    """ "Level 2: Half-day workshops", whether the level's title already starts "Level 2" or not."""
    if number is None:
        return ""
    prefix = f"Level {number}"
    return title if title.startswith(prefix) else f"{prefix}: {title}"


@never_cache
def verify(request, code):
    """``/verify/<code>/``: the certificate's status and what it proves, or "no certificate
    with this code"."""
    canonical = normalise(code)
    if canonical is not None and canonical != code:
        return redirect("certificates:verify", code=canonical)  # as printed, for one address per code
    if not allow_lookup(request):
        return _too_many(request)
    if canonical is None:
        return _not_found(request)
    level = TrainingLevelPage.objects.filter(path=parent_path("course__path"))
    certificate = (
        Certificate.objects.filter(code=canonical)
        .select_related("person", "course")
        .annotate(level_number=level.values("number")[:1], level_title=level.values("title")[:1])
        .first()
    )
    if certificate is None:
        return _not_found(request)
    return _private(
        render(
            request,
            "certificates/verify.html",
            {
                "certificate": certificate,
                "status": status_of(certificate),
                "holder": certificate.person.full_name,
                "level": level_label(certificate.level_number, certificate.level_title or ""),
            },
        )
    )
