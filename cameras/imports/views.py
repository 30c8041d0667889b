"""The camera import page for staff: upload, preview what would change, confirm.

Between the preview and the confirmation the uploaded file waits in a private temporary folder
under a random name; only the session knows the name, with the file's SHA-256, so a confirmation
writes exactly the file that was previewed, and only for the person who uploaded it.
"""

import hashlib
import os
import re
import secrets
import stat
import tempfile
import time
from math import ceil
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View

from core.forms import EffectiveDayField, RocDateField, correction_field

from ..columns import HEADER, REQUIRED
from ..filters import camera_list_url
from ..models import ColumnMapping, ImportJob
from . import file_header, import_cameras, jobs
from .checks import LISTED
from .jobs import import_options
from .mapping import FIELDS, own_format, parse_columns, recognised

SESSION_KEY = "camera_import"
PROBLEMS_SHOWN = 500
PENDING_HOURS = 24  # an unconfirmed upload is deleted after this
PENDING_FILES = 20  # at most this many uploads wait for confirmation at once (a user has one)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def max_upload_bytes() -> int:
    """Return the largest file the page accepts (settings.CAMERA_IMPORT_MAX_BYTES, 50 MiB)."""
    return getattr(settings, "CAMERA_IMPORT_MAX_BYTES", 50 * 1024 * 1024)


class CameraImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file or Excel workbook (.xlsx)"))
    encoding = forms.ChoiceField(
        label=gettext_lazy("Encoding"),
        choices=[
            ("auto", gettext_lazy("Detect (UTF-8 or Big5)")),
            ("utf-8", "UTF-8"),
            ("cp950", "Big5 (CP950)"),
        ],
        initial="auto",
    )
    create_sites = forms.BooleanField(
        label=gettext_lazy("Create missing sites"),
        required=False,
        help_text=gettext_lazy("A new site is placed in the precinct its row names."),
    )

    effective_on = EffectiveDayField(
        help_text=gettext_lazy("The day the file's changes took effect; empty: today. A row's "
                               "own effective_on column wins over it.")
    )  # fmt: skip
    correction = correction_field(
        gettext_lazy("The register was wrong: rewrite the cameras' past (from the day above, "
                     "else from each camera's install day).")
    )  # fmt: skip
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, max_length=200)
    in_service_on = RocDateField(
        label=gettext_lazy("In service on, at latest"), required=False,
        help_text=gettext_lazy("For rows without an install day: the day the cameras are known "
                               "to have been in service; their install day stays unknown."),
    )  # fmt: skip
    sheet = forms.CharField(
        label=gettext_lazy("Sheet"), required=False, max_length=100,
        help_text=gettext_lazy("A workbook's sheet to read; empty: the first."),
    )  # fmt: skip
    columns = forms.CharField(
        label=gettext_lazy("Column mapping"), required=False, max_length=2000,
        help_text=gettext_lazy("For a department's own list: which of its columns holds which "
                               "field, as 編號=asset_tag,所屬單位=unit,安裝地址=site_address."),
    )  # fmt: skip
    batch = forms.CharField(
        label=gettext_lazy("Batch of every row"), required=False, max_length=40,
        help_text=gettext_lazy("With a column mapping: a batch code for every row."),
    )  # fmt: skip
    create_units = forms.BooleanField(
        label=gettext_lazy("Create missing precincts and stations"), required=False,
        help_text=gettext_lazy("With a column mapping: named as the list writes them."),
    )  # fmt: skip

    def clean_columns(self):
        text = self.cleaned_data["columns"].strip()
        if not text:
            return None
        try:
            return parse_columns(text)
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("correction") and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why the records were wrong: a correction needs it."))
        return cleaned

    def options(self) -> dict:
        """Return the import's options as the session keeps them (JSON: a day in ISO)."""
        day = self.cleaned_data["effective_on"]
        return {
            "encoding": self.cleaned_data["encoding"],
            "create_sites": self.cleaned_data["create_sites"],
            "effective_on": day.isoformat() if day else None,
            "correction": self.cleaned_data["correction"],
            "reason": self.cleaned_data["reason"].strip(),
            "in_service_on": since.isoformat()
            if (since := self.cleaned_data["in_service_on"])
            else None,
            "sheet": self.cleaned_data["sheet"].strip() or None,
            "columns": self.cleaned_data["columns"],
            "batch": self.cleaned_data["batch"].strip() or None,
            "create_units": self.cleaned_data["create_units"],
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload


def _pending_folder() -> Path:
    """Return the private folder for uploads awaiting confirmation.

    It lives in the shared temp directory, so it must be a real folder of ours that nobody
    else can read: a symlink or someone else's folder planted there first is refused.
    """
    folder = Path(tempfile.gettempdir()) / f"skynet-camera-imports-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise PermissionError(f"{folder} is not a private folder of this user")
    return folder


class TooManyPending(Exception):
    """Enough uploads wait for confirmation already: the disk is not filled by previews."""


def _keep(data: bytes, previous: dict | None) -> dict:
    """Store an uploaded file until it is confirmed; return what the session remembers.

    The user's previous upload that was never confirmed is deleted first (a new preview
    supersedes it), then those older than PENDING_HOURS; past PENDING_FILES, none is kept.
    """
    folder = _pending_folder()
    if previous and TOKEN.match(previous.get("token", "")):
        (folder / f"{previous['token']}.csv").unlink(missing_ok=True)
    cutoff = time.time() - PENDING_HOURS * 3600
    waiting = []
    for job in folder.glob("job-*"):  # a background import's, never taken up by a worker
        if job.stat().st_mtime < time.time() - PENDING_HOURS * 3600:
            job.unlink(missing_ok=True)
    for old in folder.glob("*.csv"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
        else:
            waiting.append(old)
    if len(waiting) >= PENDING_FILES:
        raise TooManyPending
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.csv").write_bytes(data)
    return {"token": token, "sha256": hashlib.sha256(data).hexdigest()}


def _read(pending: dict) -> bytes | None:
    """Return the stored file if it is still there and unchanged."""
    if not TOKEN.match(pending.get("token", "")):
        return None
    try:
        data = (_pending_folder() / f"{pending['token']}.csv").read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != pending.get("sha256"):
        return None
    return data


def _take(pending: dict) -> bytes | None:
    """Return the stored file if it is still there and unchanged, and delete it."""
    data = _read(pending)
    if TOKEN.match(pending.get("token", "")):
        (_pending_folder() / f"{pending['token']}.csv").unlink(missing_ok=True)
    return data


class CameraImportView(PermissionRequiredMixin, View):
    """Upload → preview (created, updated, rejected, every problem) → confirm."""

    # Importing creates and changes cameras: the import right and both camera rights.
    permission_required = ("cameras.import_cameras", "cameras.add_camera", "cameras.change_camera")
    raise_exception = True
    template_name = "cameras/camera_import.html"

    def get(self, request):
        if "page" in request.GET:
            return self.preview_page(request)
        return self.render(CameraImportForm())

    def preview_page(self, request):
        """Another page of the pending preview: the file is checked again, nothing kept."""
        pending = request.session.get(SESSION_KEY)
        data = _read(pending) if pending else None
        if data is None:
            messages.error(request, _("That preview has expired; upload the file again."))
            return redirect("cameras:camera_import")
        page = request.GET["page"]
        number = int(page) if re.fullmatch(r"[1-9][0-9]{0,8}", page) else 0  # not "²"
        result = None
        if number:
            result = import_cameras(
                data, commit=False, listed_from=(number - 1) * LISTED, **import_options(pending)
            )
        pages = max(1, ceil(result.listed / LISTED)) if result else None
        if not number or number > pages:
            error = _("page: “%(page)s” is not a page of this preview.") % {"page": page}
            return self.render(CameraImportForm(), status=400, error=error)
        still = pending if result.ok and result.listed else None  # changed meanwhile: nothing
        return self.render(CameraImportForm(), result=result, pending=still,
                           name=pending["name"])  # fmt: skip

    def post(self, request):
        if "confirm" in request.POST:
            return self.confirm(request)
        if "apply_mapping" in request.POST:
            return self.apply_mapping(request)
        form = CameraImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form, status=400)
        if form.cleaned_data["create_sites"] and not request.user.has_perm("cameras.add_site"):
            raise PermissionDenied(_("Creating sites needs the right to add sites."))
        if form.cleaned_data["create_units"] and not request.user.has_perms(
            ["cameras.add_precinct", "cameras.add_station"]
        ):
            raise PermissionDenied(
                _("Creating precincts and stations needs the rights to add them.")
            )
        upload = form.cleaned_data["file"]
        data = b"".join(upload.chunks())
        options = form.options()
        header = None if options["columns"] else file_header(data, options)
        if header is not None and not own_format(header):  # a department's list: map it first
            try:
                kept = _keep(data, request.session.get(SESSION_KEY))
            except TooManyPending:
                return self.too_many(form)
            pending = {**kept, **options, "name": upload.name, "headers": header}
            request.session[SESSION_KEY] = pending
            return self.render_mapping(form, pending)
        return self.check(form, data, options, upload.name)

    def check(self, form, data: bytes, options: dict, name: str, kept=None):
        """Preview the file (a long one: hand it to the worker); keep it for the confirmation."""
        if jobs.rows_in(data, options.get("sheet")) > jobs.BACKGROUND_ROWS:  # the worker's
            language = {"language": get_language()}  # its problems in the user's words
            job = jobs.start(data, folder=_pending_folder(), user=self.request.user,
                             file_name=name, options={**options, **language})  # fmt: skip
            return redirect(job)
        result = import_cameras(data, commit=False, **import_options(options))
        pending = None
        if result.ok and (result.created or result.updated):
            try:
                kept = kept or _keep(data, self.request.session.get(SESSION_KEY))
            except TooManyPending:
                return self.too_many(form)
            pending = {**kept, **options, "name": name}
            self.request.session[SESSION_KEY] = pending
        return self.render(form, result=result, pending=pending, name=name)

    def too_many(self, form):
        form.add_error(None, _(
            "Too many imports wait for confirmation just now; confirm or cancel yours, "
            "or try again later."
        ))  # fmt: skip
        return self.render(form, status=503)

    def apply_mapping(self, request):
        """The mapping step's answer: a field for each column (or none), maybe saved under a
        name; then the file is checked as any other."""
        pending = request.session.get(SESSION_KEY)
        data = _read(pending) if pending and pending.get("headers") else None
        if data is None or pending.get("token") != request.POST.get("token"):
            messages.error(request, _("That preview has expired; upload the file again."))
            return redirect("cameras:camera_import")
        columns, wrong = {}, []
        for index, header in enumerate(pending["headers"]):
            field = request.POST.get(f"map-{index}", "")
            if field and field not in FIELDS:
                wrong.append(header)
            elif field and header.strip():
                columns[header.strip()] = field
        name = request.POST.get("mapping_name", "").strip()
        if wrong or not columns or len(name) > 100:
            error = (
                _("%(columns)s: not a field of the register.") % {"columns": "、".join(wrong)}
                if wrong else _("The name of a mapping holds at most 100 characters.")
                if len(name) > 100 else _("Choose a field for at least one column.")
            )  # fmt: skip
            return self.render_mapping(CameraImportForm(), pending, status=400, error=error)
        if name:
            ColumnMapping.objects.update_or_create(name=name, defaults={
                "headers": pending["headers"], "columns": columns, "user": request.user,
            })  # fmt: skip
        kept = {"token": pending["token"], "sha256": pending["sha256"]}
        options = {k: v for k, v in pending.items() if k not in ("token", "sha256", "name",
                                                                  "headers")}  # fmt: skip
        batch = request.POST.get("batch", "").strip()[:40] or None  # the step's own box
        return self.check(CameraImportForm(), data,
                          {**options, "columns": columns, "batch": batch},
                          pending["name"], kept=kept)  # fmt: skip

    def render_mapping(self, form, pending: dict, *, status=200, error=""):
        """Ask which field each column of a department's list holds: pre-filled from the
        mapping saved for the same headers, else from the headers it recognises."""
        headers = pending["headers"]
        saved = ColumnMapping.objects.filter(headers=headers).first()
        chosen = saved.columns if saved else recognised(headers)
        rows = [(index, header, chosen.get(header.strip(), ""))
                for index, header in enumerate(headers) if header.strip()]  # fmt: skip
        return render(self.request, self.template_name, {
            "form": form, "mapping": rows, "fields": FIELDS, "saved": saved,
            "pending": pending, "name": pending["name"], "error": error,
            "max_bytes": max_upload_bytes(), "columns": HEADER, "required_columns": REQUIRED,
        }, status=status)  # fmt: skip

    def confirm(self, request):
        pending = request.session.pop(SESSION_KEY, None)
        if not pending or pending.get("token") != request.POST.get("token"):
            messages.error(request, _("That preview has expired; upload the file again."))
            return redirect("cameras:camera_import")
        data = _take(pending)
        if data is None:
            messages.error(request, _("That preview has expired; upload the file again."))
            return redirect("cameras:camera_import")
        result = import_cameras(
            data, user=request.user, file_name=pending["name"], **import_options(pending)
        )
        if not result.written:
            return self.render(CameraImportForm(), result=result, name=pending["name"], status=409)
        messages.success(
            request,
            _(
                "Imported %(name)s. Cameras created: %(created)s, updated: %(updated)s, "
                "unchanged: %(unchanged)s; new sites: %(sites)s."
            )
            % {
                "name": pending["name"],
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "sites": len(result.new_sites),
            },
        )
        return redirect(camera_list_url(change_set=result.change_set))  # its cameras

    def render(self, form, *, status=200, result=None, pending=None, name="", error=""):
        problems = result.problems if result else []
        listed = result.listed if result else 0
        first = result.listed_from if result else 0
        page = first // LISTED + 1
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "error": error,
                "result": result,
                "pending": pending,
                "name": name,
                "problems": problems[:PROBLEMS_SHOWN],
                "problems_hidden": max(0, len(problems) - PROBLEMS_SHOWN),
                "changes": result.changes if result else [],
                "listed": {
                    "first": first + 1,
                    "last": min(first + LISTED, listed),
                    "count": listed,
                    "previous": page - 1 if page > 1 else None,
                    "next": page + 1 if first + LISTED < listed else None,
                },  # fmt: skip
                "columns": HEADER,
                "required_columns": REQUIRED,
                "max_bytes": max_upload_bytes(),
            },
            status=status,
        )


class ImportJobView(PermissionRequiredMixin, View):
    """A background import's page: how far the worker has got, then what it did. It reloads
    itself every few seconds while the job runs (no script), and survives a reload."""

    permission_required = ("cameras.import_cameras",)
    raise_exception = True

    def get(self, request, pk):
        job = ImportJob.objects.filter(pk=pk).first()
        if job is None or (job.user_id != request.user.pk and not request.user.is_superuser):
            raise Http404(_("No such import."))
        state = jobs.state(job, _pending_folder())
        return render(request, "cameras/import_job.html", {"job": job, **state})
