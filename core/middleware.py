"""Sessions that end after a spell of inactivity, without a database write on every page."""

import time

REFRESH_SECONDS = 60
REFRESHED_AT = "refreshed_at"


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
            if now - request.session.get(REFRESHED_AT, 0) >= REFRESH_SECONDS:
                request.session[REFRESHED_AT] = now
        return response


def stamp_session(sender, request, user, **kwargs):
    """Signing in saves the session: its first minute needs no refresh (user_logged_in)."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED_AT] = int(time.time())
