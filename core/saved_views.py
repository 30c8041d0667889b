"""Saved views: a user names a list's current filters and sort, and finds them again in a menu
on that list; an administrator may share a view with everyone. Any list page with a FilterSet
(core.generic.FilteredListView) takes them; the filters are checked by that list's FilterSet
when the view is saved."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import Resolver404, get_script_prefix, resolve
from django.utils.translation import gettext as _
from django.views import View

from .generic import form_errors
from .models import SavedView

SHARE_PERMISSION = "core.share_savedview"


def views_for(user, path: str):
    """Return the saved views a user finds on the list at `path`: their own and the shared."""
    return SavedView.objects.filter(Q(user=user) | Q(shared=True), path=path).order_by(
        "-shared", "name", "pk"
    )


def list_filterset(path: str):
    """Return the FilterSet of the list page at `path`, or None for a page that is not a list."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return getattr(getattr(match.func, "view_class", None), "filterset_class", None)


class SavedViewForm(forms.ModelForm):
    class Meta:
        model = SavedView
        fields = ["name", "path", "query", "shared"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.user = user

    def clean_query(self):
        query = QueryDict(self.cleaned_data["query"], mutable=True)
        query.pop("page", None)  # a view keeps the filters and the order, not a page
        return query.urlencode()

    def clean(self):
        cleaned = super().clean()
        filterset = list_filterset(cleaned.get("path", ""))
        if filterset is None:
            raise forms.ValidationError(_("Only the filters of a list can be saved as a view."))
        checked = filterset(QueryDict(cleaned.get("query", "")))
        if not checked.is_valid():
            raise forms.ValidationError(form_errors(checked.form))
        user = self.instance.user  # not a field of the form: its constraint is checked here
        if SavedView.objects.filter(
            user=user, path=cleaned.get("path"), name=cleaned.get("name")
        ).exists():
            self.add_error("name", _("You have a view of that name on this list already."))
        if cleaned.get("shared") and not user.has_perm(SHARE_PERMISSION):
            self.add_error("shared", _("Only an administrator shares a view with everyone."))
        return cleaned


class SavedViewCreateView(View):
    """Save the list's current filters under a name; back to the list, now under that view."""

    def post(self, request):
        form = SavedViewForm(request.POST, user=request.user)
        path = request.POST.get("path", "")
        back = get_script_prefix().rstrip("/") + (path if list_filterset(path) else "/")
        view = None
        if form.is_valid():
            try:
                with transaction.atomic():  # a savepoint: the request goes on after a refusal
                    view = form.save()
            except IntegrityError:  # the same name saved a moment before, by another click
                form.add_error("name", _("You have a view of that name on this list already."))
        if view is None:
            for error in form.errors.values():
                messages.error(request, " ".join(error))
            return redirect(f"{back}?{request.POST.get('query', '')}".rstrip("?"))
        messages.success(request, _("Saved the view “%(name)s”.") % {"name": view.name})
        return redirect(view.get_absolute_url())


class SavedViewDeleteView(View):
    """Delete a saved view: one's own; a shared one, by those who may share."""

    def post(self, request, pk):
        view = get_object_or_404(SavedView, pk=pk)
        if view.user_id != request.user.pk and not (
            view.shared and request.user.has_perm(SHARE_PERMISSION)
        ):
            raise PermissionDenied(_("This view is someone else's."))
        view.delete()
        messages.success(request, _("Deleted the view “%(name)s”.") % {"name": view.name})
        return redirect(get_script_prefix().rstrip("/") + view.path)
