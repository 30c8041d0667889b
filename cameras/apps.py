from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CamerasConfig(AppConfig):
    name = "cameras"
    verbose_name = _("Camera register")

    def ready(self):
        from . import signals  # noqa: F401  (connects the roll-up's and history's receivers)
