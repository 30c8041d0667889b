"""The bulk edit page: cameras picked on the list (or all that match its filters) → the change
and its reason → a preview of what changes → confirm (cameras/bulk.py does the work)."""

import secrets

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from core.generic import filtered, form_errors, today
from core.permissions import Requires

from . import bulk
from .filters import CameraFilterSet
from .forms import BulkEditForm
from .models import Camera

SESSION_KEY = "camera_bulk_edit"


class CameraBulkEditView(Requires, View):
    permission_required = "cameras.change_camera"
    template_name = "cameras/camera_bulk.html"

    def post(self, request):
        selection, problem = self.selection(request.POST)
        if problem:
            return self.render(selection=None, problems=[problem], status=400)
        step = request.POST.get("step", "")
        form = BulkEditForm(request.POST if step else None)
        if not step:
            return self.render(form=form, selection=selection)
        if not form.is_valid():
            return self.render(form=form, selection=selection, status=400)
        if step != "preview":
            return self.confirm(request, form, selection)
        action, value = form.cleaned_data["action"], form.value()
        planned = bulk.plan(
            selection["cameras"], action, value, today=today(), on=form.effective_day(),
            correction=form.cleaned_data["correction"],
        )  # fmt: skip
        if planned.problems:  # refused as a whole, naming each camera and why
            return self.render(form=form, selection=selection, plan=planned, status=400)
        token = secrets.token_urlsafe(16)
        request.session[SESSION_KEY] = {
            "token": token, "change": self.change(form, selection),
            "versions": {str(pk): v for pk, v in planned.versions.items()},
        }  # fmt: skip
        return self.render(form=form, selection=selection, plan=planned, token=token)

    @staticmethod
    def change(form, selection) -> dict:
        """What a preview showed: the change, its value and reason, and which cameras."""
        value = form.data.get(BulkEditForm.VALUE_FIELD[form.cleaned_data["action"]], "")
        return {"action": form.cleaned_data["action"], "value": str(value).strip(),
                "reason": form.cleaned_data["reason"], "pks": selection["pks"],
                "effective_on": str(form.cleaned_data.get("effective_on") or ""),
                "correction": form.cleaned_data["correction"],
                "query": selection["query"]}  # fmt: skip

    def confirm(self, request, form, selection):
        """Write exactly what was previewed: the same change to the same cameras, each at the
        version the preview saw; anything else is refused (409) and writes nothing."""
        pending = request.session.pop(SESSION_KEY, None)
        if not pending or pending.get("token") != request.POST.get("token"):
            problem = _("That preview has expired; preview the change again.")
            return self.render(form=form, selection=selection, problems=[problem], status=409)
        if pending.get("change") != self.change(form, selection):
            problem = _("The change is not the one previewed; preview it again.")
            return self.render(form=form, selection=selection, problems=[problem], status=409)
        previewed = {int(pk): v for pk, v in pending["versions"].items()}
        planned = bulk.plan(
            Camera.objects.filter(pk__in=previewed), form.cleaned_data["action"], form.value(),
            today=today(), on=form.effective_day(), correction=form.cleaned_data["correction"],
        )  # fmt: skip
        planned.versions = previewed  # each must still be at the version the preview saw
        if planned.problems:  # a camera changed meanwhile so that it cannot take the change
            return self.render(form=form, selection=selection, plan=planned, status=409)
        try:
            change_set = bulk.apply(
                planned, user=request.user, reason=form.cleaned_data["reason"],
                value_text=str(form.value()),
            )  # fmt: skip
        except bulk.Refused as refusal:  # a camera changed after the preview
            planned.problems = refusal.problems
            return self.render(form=form, selection=selection, plan=planned, status=409)
        count = change_set.camera_count
        messages.success(request, ngettext(
            "Changed %(n)s camera (%(change)s).", "Changed %(n)s cameras (%(change)s).", count
        ) % {"n": f"{count:,}", "change": change_set})  # fmt: skip
        query = selection["query"]
        return redirect(reverse("cameras:camera_list") + (f"?{query}" if query else ""))

    @staticmethod
    def selection(params) -> tuple[dict | None, str]:
        """Return the cameras chosen on the list (pk=… or pks=1,2,…), or all that match its
        filters (all=1 with query=…), and a problem ("" if none)."""
        if params.get("all"):
            query = params.get("query", "")
            cameras, filterset = filtered(CameraFilterSet, QueryDict(query), Camera.objects.all())
            if filterset.errors:
                return None, form_errors(filterset.form)
            return {"cameras": cameras, "pks": "", "query": query, "all": True}, ""
        raw = params.getlist("pk") or params.get("pks", "").split(",")
        keys = [key.strip() for key in raw if key.strip()]
        if not keys:
            return None, _("Select the cameras to change on the list first.")
        if len(keys) > bulk.MAX_CAMERAS or not all(k.isdigit() and len(k) < 19 for k in keys):
            return None, _("The selection cannot be read; select the cameras on the list again.")
        pks = sorted({int(key) for key in keys})
        cameras = Camera.objects.filter(pk__in=pks)
        if cameras.count() != len(pks):
            return None, _("A selected camera no longer exists; select the cameras again.")
        joined = ",".join(map(str, pks))
        return {"cameras": cameras, "pks": joined, "query": "", "all": False, "count": len(pks)}, ""

    def render(self, *, form=None, selection=None, plan=None, token="", problems=(), status=200):
        # refusals of cameras, or of the request (expired, unreadable, too many cameras)
        about_cameras = not problems and plan is not None and not plan.whole
        problems = list(problems) or (plan.problems if plan else [])
        if selection and "count" not in selection:
            selection["count"] = selection["cameras"].count()
        return render(self.request, self.template_name, {
            "form": form, "selection": selection, "plan": plan, "token": token,
            "problems": problems[: bulk.LISTED], "problem_count": len(problems),
            "about_cameras": about_cameras,
            "problems_hidden": max(0, len(problems) - bulk.LISTED),
            "hidden_listed": max(0, plan.changed - len(plan.listed)) if plan else 0,
        }, status=status)  # fmt: skip
