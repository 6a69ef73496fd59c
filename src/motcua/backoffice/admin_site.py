"""The admin app config, kept free of model imports so it can load first among the apps.

The site itself (``admin_access.MotcuaAdminSite``) lets in officials holding the TTHC-control or
admin role; it is named here by path and imported only when the admin starts.
"""

from django.contrib.admin.apps import AdminConfig


class MotcuaAdminConfig(AdminConfig):
    default_site = "motcua.backoffice.admin_access.MotcuaAdminSite"
