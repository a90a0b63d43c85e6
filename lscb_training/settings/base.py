"""Settings shared by every environment.

Secure by default: anything that weakens security (DEBUG, a known SECRET_KEY, console email)
is switched on only in ``dev.py`` or ``test.py``. Values that differ between deployments come
from the environment.
"""

import os
from decimal import Decimal
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("LSCB_VAR_DIR", BASE_DIR / "var"))


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Old keys still accepted while rotating (space-separated): they also read MFA secrets until
# `manage.py reencrypt_mfa_secrets` has moved them to the new key.
SECRET_KEY_FALLBACKS = os.environ.get("SECRET_KEY_FALLBACKS", "").split()
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "lscb_training",
    "people",
    "courses",
    "records",
    "bookings",
    "elearning",
    "certificates",
    "compliance",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "people.apps.PeopleUsersAppConfig",  # wagtail.users, with the person fields in its user admin
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lscb_training.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware: it tells the person why they are being sent to set up MFA.
    "people.middleware.RequireMFAForStaffMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "lscb_training.admin_ids.BadIdMiddleware",
]

ROOT_URLCONF = "lscb_training.urls"
WSGI_APPLICATION = "lscb_training.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lscb_training.context_processors.settings",
            ],
        },
    },
]

# SQLite is the embedded default. WAL lets readers carry on while a booking writes, and
# IMMEDIATE transactions take the write lock at BEGIN, so two bookings queue instead of
# failing with "database is locked" half-way through.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def database_from_env(default_sqlite_path):
    """PostgreSQL or SQLite from ``DATABASE_URL``, else SQLite at ``default_sqlite_path``.

    Either way a connection is kept for ``CONN_MAX_AGE`` seconds (60 unless set) and checked
    before each request reuses it: on SQLite, opening one and running the WAL pragmas cost about
    four times a whole trivial request.
    """
    url = os.environ.get("DATABASE_URL")
    conn_max_age = int(os.environ.get("CONN_MAX_AGE", "60"))
    if url:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    else:
        config = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
            "CONN_MAX_AGE": conn_max_age,
            "CONN_HEALTH_CHECKS": True,
        }
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    elif "postgresql" in config["ENGINE"]:
        # PostgreSQL's JIT compiler spent 573 of 742 ms compiling one compliance summary query
        # (bench/compliance.py); the site's queries are short, so it never pays for itself here.
        config["OPTIONS"] = {"options": "-c jit=off", **config.get("OPTIONS", {})}
    return config


DATABASES = {"default": database_from_env(VAR_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTH_PASSWORD_VALIDATORS = [
    # People here have a full name, not Django's first and last names, which the validator
    # would otherwise compare against (and find empty).
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("full_name", "email")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Certificates' PDFs hold people's names: kept outside MEDIA_ROOT, which is served to anyone,
# and sent only by the certificates app's views to those allowed to see them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "certificates": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Email. Production sets EMAIL_HOST and friends; dev prints mail to the console.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CSE Training <training@lscb.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work. Wagtail queues its own tasks (search index, reference index) on "default";
# Immediate keeps them working without a worker. Our own work (email) goes to "background",
# which in production is the database queue drained by `manage.py db_worker`.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# Booking (bookings.services). Working days exclude weekends and England and Wales bank holidays.
# Cancelling a confirmed place fewer than this many working days before the session is late;
# from then on a freed place is no longer offered to the waiting list. A course may set its own
# (CoursePage.late_cancellation_working_days); this is the default for the rest.
BOOKING_LATE_CANCEL_WORKING_DAYS = int(os.environ.get("BOOKING_LATE_CANCEL_WORKING_DAYS", "3"))
# How long a person offered a freed place has to accept it (never past the session's start).
BOOKING_OFFER_HOURS = int(os.environ.get("BOOKING_OFFER_HOURS", "48"))
# A request awaiting a lead's approval is released after this many working days undecided.
BOOKING_APPROVAL_WORKING_DAYS = int(os.environ.get("BOOKING_APPROVAL_WORKING_DAYS", "5"))
# How long a booking waits for another booking of the same session on PostgreSQL before the
# person is told the site is busy and asked to try again.
BOOKING_LOCK_TIMEOUT = os.environ.get("BOOKING_LOCK_TIMEOUT", "3s")
# The session list warns of a session below its minimum numbers this many days before it starts.
BOOKING_MINIMUM_WARNING_DAYS = int(os.environ.get("BOOKING_MINIMUM_WARNING_DAYS", "14"))
# The register (bookings.attendance): someone who arrived up to this many minutes late counts as
# having attended, and their completion is recorded.
BOOKING_LATE_GRACE_MINUTES = int(os.environ.get("BOOKING_LATE_GRACE_MINUTES", "30"))
# The ledger (bookings.ledger): charged to the agency for a late cancellation, a no-show or
# leaving early, unless the course sets its own fee or the agency is not charged.
BOOKING_DEFAULT_FEE = Decimal(os.environ.get("BOOKING_DEFAULT_FEE", "60.00"))

# Accounts: django-allauth, email login, mandatory verification, MFA.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "people.forms.SignupForm"
ACCOUNT_ADAPTER = "people.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    name: f"people.account_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "change_password": "ChangePasswordForm",
        "add_email": "AddEmailForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
# ACCOUNT_RATE_LIMITS is left unset on purpose: allauth's defaults (failed logins, signups,
# password resets, confirmation emails) stay on.
ACCOUNT_EMAIL_SUBJECT_PREFIX = "CSE Training: "
MFA_ADAPTER = "people.adapters.MFAAdapter"  # encrypts authenticator secrets at rest
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "LSCB CSE Training"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/profile/"
LOGOUT_REDIRECT_URL = "/"

# Paths that only staff and agency leads reach; RequireMFAForStaffMiddleware sends anyone
# without an authenticator to set one up before showing them.
MFA_REQUIRED_PATH_PREFIXES = ["/admin/", "/django-admin/", "/leads/"]

# Wagtail
WAGTAIL_SITE_NAME = "LSCB CSE Training"
# "CSE" and "cse" are one topic: a second tag would split the what's-on and resource filters.
TAGGIT_CASE_INSENSITIVE = True
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Wagtail's database backend, with a fix for double quotes on SQLite (see the module).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "lscb_training.search_backend"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_I18N_ENABLED = False
# Draftail, answering content it cannot read with a message beside the field (not a 500).
WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "lscb_training.rich_text.RichTextArea"}}
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# Wagtail would show avatars from Gravatar, sending an MD5 hash of every listed person's
# email to a third party (docs/data_protection.md); without it the admin shows its own icon.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Security headers that hold in every environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# Content-Security-Policy (django-csp). Public pages load scripts, styles, images and fonts
# from this site only, and run no inline script: a script injected into a page does not run.
# The TOTP set-up page's QR code is a data: image.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The two admins (lscb_training.middleware) get what Wagtail's admin needs: its inline
# scripts and styles, blob: previews of uploads, and its page preview framed by itself.
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "frame-ancestors": [SELF],
    }
}

# Each line printed once, by the root's console handler. Django's default logging gives the
# "django" logger a console handler of its own when DEBUG is on, and its records then also
# propagated to the root's: under `make run` every warning printed twice. So "django" keeps
# Django's level and mail to ADMINS but prints through the root; the development server's
# request lines keep their own timestamped handler, as in Django's default.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

# Which completions earn a certificate, by how they were recorded (records.choices.CompletionSource).
# An outside provider's e-learning usually comes with the provider's own certificate, so imported
# completions are left out unless the partnership wants its own issued too.
CERTIFICATE_SOURCES = {"attendance", "e_learning", "manual"}

# The public verify page (certificates.verify_views) answers at most this many lookups per
# client (by REMOTE_ADDR) in each window, so codes cannot be tried by the thousand. Counted in
# the default cache, which is the database cache in production, so every app server shares it.
CERTIFICATE_VERIFY_LOOKUPS = int(os.environ.get("CERTIFICATE_VERIFY_LOOKUPS", "20"))
CERTIFICATE_VERIFY_WINDOW_SECONDS = int(os.environ.get("CERTIFICATE_VERIFY_WINDOW_SECONDS", "600"))
