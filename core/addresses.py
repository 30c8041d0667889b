"""The client's address, as sign-in lockouts count it (django-axes' AXES_CLIENT_IP_CALLABLE).

Behind N trusted reverse proxies, each appends the address it was reached from to
X-Forwarded-For, so the client is the N-th entry from the right; whatever stands left of it was
sent by the client and proves nothing. Hand-written (a dozen lines) because django-ipware's
proxy count means another thing: it returns no address for the one-entry header nginx sends
when the client sent none, and the innermost proxy's entry behind two proxies.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """Return the address the outermost trusted proxy saw, else REMOTE_ADDR."""
    trusted = settings.TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR")
    if not trusted:
        return remote  # no proxy: a forwarded header is the client's own claim
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [e for e in entries if e]
    if len(entries) < trusted:
        return remote
    candidate = entries[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
