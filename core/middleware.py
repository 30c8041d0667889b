"""Sessions that end after a spell of inactivity, and the rules every request keeps."""

import time

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.defaultfilters import filesizeformat
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext

REFRESH_SECONDS = 60
REFRESHED_AT = "refreshed_at"


def refresh_seconds() -> int:
    """Return how often a used session is pushed back: once a minute, or within half the idle
    timeout when that is shorter, so that a user active more often than the timeout is never
    signed out (a 1-minute timeout refreshes every 30 s)."""
    return max(1, min(REFRESH_SECONDS, settings.SESSION_COOKIE_AGE // 2))


class SessionRefreshMiddleware:
    """Push a signed-in session's expiry back at most once a minute while it is in use.

    Django offers either a save on every request (SESSION_SAVE_EVERY_REQUEST: three statements
    per page, the largest share of a list page's database time) or a save only when the session
    changes (so an active user would be signed out SESSION_COOKIE_AGE after signing in). Marking
    the session changed once a minute gives the idle timeout to the minute for one write a minute.
    No maintained library does only this; django-session-timeout (last release 2020) also keeps
    its own clock beside the session's expiry.

    It must come after SessionMiddleware, which saves a changed session on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.session.session_key:
            now = int(time.time())
            if now - request.session.get(REFRESHED_AT, 0) >= refresh_seconds():
                request.session[REFRESHED_AT] = now
        return response


def stamp_session(sender, request, user, **kwargs):
    """Signing in saves the session: its first minute needs no refresh (user_logged_in)."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED_AT] = int(time.time())


class UploadLimitMiddleware:
    """Refuse a request body larger than settings.UPLOAD_MAX_BYTES from its Content-Length,
    with 413, before anything reads it (the CSRF check would read a whole upload to disk)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.UPLOAD_MAX_BYTES
        if length > limit:
            message = gettext("The request is %(size)s; the most this register takes is %(limit)s.")
            return HttpResponse(
                message % {"size": filesizeformat(length), "limit": filesizeformat(limit)},
                status=413, content_type="text/plain; charset=utf-8",
            )  # fmt: skip
        return self.get_response(request)


def say_signed_out(sender, request, user, **kwargs):
    """Tell whoever signed out, on the sign-in page they land on (user_logged_out)."""
    if request is not None:
        messages.info(request, gettext("You have signed out."), fail_silently=True)


class RequestGuardMiddleware:
    """Two rules for every request, checked once here rather than in every view.

    - A NUL character in the query string is refused with 400 before any view runs: no
      database stores one, and a file that had begun to stream could not say so any more.
    - What a signed-in user sees (pages and files) is private to them: `Cache-Control:
      private, no-store`, so no shared cache or browser history keeps a copy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
            return HttpResponseBadRequest(
                gettext("A parameter of this address holds a NUL character (%00); remove it."),
                content_type="text/plain; charset=utf-8",
            )
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
