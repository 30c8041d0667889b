"""What every app records the same way: CSV downloads and imports (change sets).

Both tables were created by the cameras app (migration 0004); they moved here with their
tables as they are (db_table kept); core migration 0001 moves their content types and the
permissions declared here, so every role keeps what it was granted.
"""

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix
from django.utils.translation import gettext_lazy as _


class ImportRecord(models.Model):
    """One import of a file: a change set naming the file, its checksum and what it did."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, null=True
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    row_count = models.PositiveIntegerField(_("rows"))
    created_count = models.PositiveIntegerField(_("created"))
    updated_count = models.PositiveIntegerField(_("updated"))
    # The day its changes took effect (rows may name their own); a correction says why.
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    correction = models.BooleanField(_("correction"), default=False)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        db_table = "cameras_importrecord"
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-imported_at", "-pk"]
        # The change history is read through change sets and the rows' own history tables.
        permissions = [("view_history", _("Can read the change history"))]

    def __str__(self):
        return f"{self.file_name} ({self.sha256[:12]}…)"

    @property
    def change_set(self) -> str:
        """The key its history rows carry, which the camera list filters by."""
        return f"import-{self.pk}"


class ExportRecord(models.Model):
    """One CSV download: who took which file, with which filters, and how many rows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, null=True
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=300)
    query = models.TextField(_("filters"), blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    row_count = models.PositiveIntegerField(
        _("rows"), null=True, blank=True, help_text=_("Empty when the download did not finish.")
    )

    class Meta:
        db_table = "cameras_exportrecord"
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-started_at", "-pk"]
        permissions = [("export_csv", _("Can download CSV files"))]

    def __str__(self):
        return f"{self.file_name} ({self.user})"


class SavedView(models.Model):
    """A list's filters and order kept under a name: its user's own, or shared with everyone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="saved_views",
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=100)
    path = models.CharField(_("list"), max_length=200)  # the list page, e.g. /cameras/
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    shared = models.BooleanField(_("shared with everyone"), default=False)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "path", "name"], name="saved_view_name_unique_per_list",
                violation_error_message=_("You have a view of that name on this list already."),
            ),
        ]  # fmt: skip
        permissions = [("share_savedview", _("Can share a saved view with everyone"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        path = get_script_prefix().rstrip("/") + self.path  # kept without the app's prefix
        return f"{path}?{self.query}" if self.query else path
