"""How many certificate lookups one client may make: the verify page's guard against anyone
trying codes by the thousand.

A fixed window per client, counted in Django's default cache (the database cache in
production, so the count holds across app servers). The client is its ``REMOTE_ADDR``; the key
holds a keyed hash of it, never the address itself, so the cache keeps no one's IP address.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

KEY_SALT = "certificates.throttle"


def _key(request):
    client = request.META.get("REMOTE_ADDR", "") or "unknown"
    return f"certificates:verify:{salted_hmac(KEY_SALT, client).hexdigest()}"


def allow_lookup(request):
    """Counts one lookup by the client of ``request``; False once it is over the limit
    (``CERTIFICATE_VERIFY_LOOKUPS`` in ``CERTIFICATE_VERIFY_WINDOW_SECONDS``)."""
    key = _key(request)
    window = settings.CERTIFICATE_VERIFY_WINDOW_SECONDS
    # add() starts the window only if none is open; incr() then counts within it.
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the window closed between the two calls
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= settings.CERTIFICATE_VERIFY_LOOKUPS
