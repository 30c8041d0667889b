"""Optimistic locking: a second person saving an edit made on stale data is refused.

Hand-written (a dozen lines) rather than django-concurrency: that library's version field and
admin integration do more than the register needs, and its raw-SQL triggers variant would not
cover the COPY-based import either; here the import bumps the version itself.
"""

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class StaleEdit(Exception):
    """The row changed in the database since the form that edits it was opened."""


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # The claim, the row and what signals write for it (roll-up, history) succeed together.
        with transaction.atomic():
            self._save_versioned(*args, **kwargs)

    def _save_versioned(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None:
            # Claim the row at the version this edit started from; nobody else can then.
            claimed = (
                type(self)
                ._base_manager.filter(pk=self.pk, version=self.version)
                .update(version=F("version") + 1)
            )
            if not claimed:
                raise StaleEdit(
                    _("%(object)s was changed by someone else after you opened it.")
                    % {"object": self}
                )
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)
