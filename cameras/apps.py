from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CamerasConfig(AppConfig):
    name = "cameras"
    verbose_name = _("Camera register")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from skynet.middleware import stamp_session

        from . import signals  # noqa: F401  (connects the roll-up's receivers)

        user_logged_in.connect(stamp_session, dispatch_uid="stamp_session")
