"""Admin access from officials' roles, without ``is_staff`` or ``is_superuser``.

- ``RolePermissionBackend`` grants model permissions from the user's active ``OfficialRole`` rows:
  the TTHC-control officer (cán bộ kiểm soát TTHC) views and imports the catalogue and edits the
  calendar overrides; the system administrator also manages the organisation and the accounts.
- ``MotcuaAdminSite`` lets in active users that are staff or hold one of those roles; what they
  see inside is decided by the permissions above. Its login page (``/admin/login/``) signs them in
  by the same rule (Django's own admin login form takes staff accounts only).

Wiring (settings.py): add ``"motcua.backoffice.admin_access.RolePermissionBackend"`` to
``AUTHENTICATION_BACKENDS`` and replace ``"django.contrib.admin"`` with
``"motcua.backoffice.admin_site.MotcuaAdminConfig"`` in ``INSTALLED_APPS``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

ADMIN_ROLES = frozenset({"tthc_control", "admin"})


def _crud(app: str, model: str, actions: tuple[str, ...] = ("view", "add", "change", "delete")) -> set[str]:
    return {f"{app}.{action}_{model}" for action in actions}


# Catalogue rows are read-only in the admin; "add_procedureversion" is the JSON import right
# (catalogue/admin.py IMPORT_PERMISSION). Decree 63/2010 and Circular 02/2017/TT-VPCP: the
# TTHC-control unit keeps the procedure catalogue up to date.
_TTHC_CONTROL = (
    {f"catalogue.view_{m}" for m in ("field", "procedure", "procedureversion", "documentrequirement", "feeline")}
    | {"catalogue.add_procedureversion"}
    | _crud("calendars", "calendaroverride")
    | {"processes.view_processdefinition", "processes.view_processstep"}
)
_ADMIN = (
    _TTHC_CONTROL
    | _crud("organisation", "agency")
    | _crud("organisation", "receivingpoint")
    | _crud("organisation", "officialrole")
    | {"organisation.view_agencycode", "organisation.view_adminunit"}
    | _crud("accounts", "user")
    | {"accounts.view_eidconflict", "accounts.change_eidconflict"}  # resolve e-ID conflicts
    | _crud("exchange", "servicegrant", ("view", "add", "change"))  # who may call our gateway services
)
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {"tthc_control": frozenset(_TTHC_CONTROL), "admin": frozenset(_ADMIN)}


def admin_roles(user: Any) -> set[str]:
    """Return the admin-relevant roles ``user`` holds actively (at any agency)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return set()
    cache = "_motcua_admin_roles"
    if not hasattr(user, cache):
        # Function-local: this module loads with the admin app, before the models are ready.
        from motcua.organisation.models import OfficialRole

        roles = set(
            OfficialRole.objects.filter(user=user, active=True, role__in=ADMIN_ROLES).values_list("role", flat=True)
        )
        setattr(user, cache, roles)
    return set(getattr(user, cache))


class RolePermissionBackend(BaseBackend):
    """Grant model permissions from officials' roles. It never authenticates anyone."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        return None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if obj is not None:
            return set()
        perms: set[str] = set()
        for role in admin_roles(user_obj):
            perms |= ROLE_PERMISSIONS[role]
        return perms

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return any(p.startswith(app_label + ".") for p in self.get_all_permissions(user_obj))


def may_use_admin(request: HttpRequest) -> bool:
    """Active staff, or an active official holding the TTHC-control or admin role."""
    return _may_use_admin(request.user)


def _may_use_admin(user: Any) -> bool:
    return bool(user.is_active and (user.is_staff or admin_roles(user)))


class AdminLoginForm(AdminAuthenticationForm):
    """The admin login form: staff, or officials whose role opens the admin (``may_use_admin``)."""

    def confirm_login_allowed(self, user: Any) -> None:
        if not user.is_active or not _may_use_admin(user):
            # The same answer as a wrong password: the form does not tell which accounts exist.
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class MotcuaAdminSite(admin.AdminSite):
    site_header = _("Quản trị MotCua")
    site_title = _("Quản trị MotCua")
    index_title = _("Quản trị hệ thống")
    login_form = AdminLoginForm

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        """The admin's "view site" link leads to the back office."""
        return {**super().each_context(request), "site_url": reverse("backoffice:home")}

    def has_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request)
