from django.urls import URLPattern, URLResolver, path, re_path

from motcua.exchange import views

app_name = "exchange"
urlpatterns: list[URLPattern | URLResolver] = [
    path("r1/ho-so/<str:code>/trang-thai", views.dossier_status, name="dossier_status"),
    path("r1/ho-so/<str:code>/ket-qua", views.dossier_result, name="dossier_result"),
    path("r1/ho-so/<str:code>/ket-qua/<int:document_id>", views.result_file, name="result_file"),
    re_path(r"^(?P<rest>.*)$", views.unknown, name="unknown"),
]
