from django.urls import URLPattern, URLResolver, path

from motcua.registers import views

app_name = "registers"
urlpatterns: list[URLPattern | URLResolver] = [
    path("nhat-ky/", views.log, name="log"),
    path("dong-y/<int:consent_id>/rut/", views.withdraw, name="withdraw"),
]
