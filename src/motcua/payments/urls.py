from django.urls import URLPattern, URLResolver, path

from motcua.payments import views

app_name = "payments"
urlpatterns: list[URLPattern | URLResolver] = [
    path("doi-soat/", views.unmatched, name="unmatched"),
    path("ket-qua/<str:reference>/", views.result, name="result"),
    path("bien-lai/<int:payment_id>.pdf", views.receipt, name="receipt"),
    path("quay/<str:code>/", views.counter, name="counter"),
    path("<str:code>/bat-dau/", views.start, name="start"),
    path("<str:code>/", views.fees, name="fees"),
]
