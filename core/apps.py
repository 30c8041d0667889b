from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app of the register shares; it knows no domain and imports no other app."""

    default = True
    name = "core"
    verbose_name = _("Records")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from .middleware import say_signed_out, stamp_session

        user_logged_in.connect(stamp_session, dispatch_uid="stamp_session")
        user_logged_out.connect(say_signed_out, dispatch_uid="say_signed_out")


class CoreAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the register's site (for administrators only)."""

    default = False
    default_site = "core.adminsite.RegisterAdminSite"


class SignInProtectionConfig(AxesAppConfig):
    """django-axes under a name staff read (its own is the bare label, "Axes", untranslated)."""

    default = False
    verbose_name = _("Sign-in protection")
