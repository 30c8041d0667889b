"""Template context shared by every page."""

from .roles import is_administrator as _is_administrator


def roles(request):
    """Say whether to show the admin link; the admin checks again on every request."""
    user = getattr(request, "user", None)
    return {"is_administrator": bool(user and user.is_authenticated and _is_administrator(user))}
