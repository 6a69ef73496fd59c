from django.contrib import admin
from django.urls import include, path

from motcua.api.root import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("open311/v2/", include("motcua.open311.urls")),
    path("backoffice/", include("motcua.backoffice.urls")),
    path("thanh-toan/", include("motcua.payments.urls")),
    path("buu-chinh/", include("motcua.postal.urls")),
    path("csdl/", include("motcua.registers.urls")),
    path("dvcqg/", include("motcua.national_portal.urls")),
    path("lgsp/", include("motcua.exchange.urls")),
    path("phan-anh/", include("motcua.feedback.urls")),
    path("thong-bao/", include("motcua.notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("motcua.stats.urls")),
    path("", include("motcua.web.urls")),
    path("", include("motcua.portal.urls")),
]

handler404 = "motcua.web.errors.page_not_found"
handler500 = "motcua.web.errors.server_error"
