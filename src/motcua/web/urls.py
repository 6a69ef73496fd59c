from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from motcua.web import eid, views

app_name = "web"
urlpatterns = [
    path("dang-nhap/", views.MotcuaLoginView.as_view(), name="login"),
    path("dang-xuat/", views.MotcuaLogoutView.as_view(), name="logout"),
    path("dang-ky/", views.register, name="register"),
    path("oidc/login/", eid.oidc_login, name="oidc_login"),
    path("oidc/callback/", eid.oidc_callback, name="oidc_callback"),
    path("favicon.ico", RedirectView.as_view(url=static("web/favicon.svg"), permanent=True), name="favicon"),
]
