from django.urls import URLPattern, URLResolver, path

from motcua.national_portal import views

app_name = "national_portal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("ho-so", views.push, name="push"),
    path("ket-qua/<int:doc_id>/<str:signature>", views.result_file, name="result_file"),
    path("nhat-ky/", views.log, name="log"),
    path("dong-bo/<int:sync_id>/gui-lai/", views.resend, name="resend"),
]
