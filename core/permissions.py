"""Permission checks for every view: on the server, whatever the page shows or hides."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.utils.translation import gettext as _
from django.views.generic import CreateView, UpdateView

from .versioning import StaleEdit


class Requires(PermissionRequiredMixin):
    """Refuse with 403 a signed-in user who lacks `permission_required`."""

    raise_exception = True


class EditRequires(Requires):
    """An edit form: the permission, a message on success, and a refused stale save."""

    def form_valid(self, form):
        try:
            response = super().form_valid(form)
        except StaleEdit as error:
            form.add_error(None, str(error) + " " + _("Reload the page to see the change."))
            return self.form_invalid(form)
        messages.success(self.request, _("Saved %(object)s.") % {"object": self.object})
        return response


def edit_views(model, form_class) -> tuple[type, type]:
    """Return the create and the edit page of `model`, needing its add_ and change_ rights."""
    opts = model._meta
    return tuple(
        type(
            f"{model.__name__}{kind}View",
            (EditRequires, base),
            {
                "model": model,
                "form_class": form_class,
                "permission_required": f"{opts.app_label}.{action}_{opts.model_name}",
            },
        )  # fmt: skip
        for kind, base, action in (("Create", CreateView, "add"), ("Update", UpdateView, "change"))
    )
