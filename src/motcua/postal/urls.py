from django.urls import URLPattern, URLResolver, path

from motcua.postal import views

app_name = "postal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("webhook/<str:operator>", views.webhook, name="webhook"),
    path("xa/", views.communes, name="communes"),
    path("ho-so/<str:code>/chuyen-phat/", views.create_delivery, name="create_delivery"),
    path("don/<int:order_id>/gui-lai/", views.retry, name="retry"),
]
