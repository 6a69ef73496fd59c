from django.urls import URLPattern, URLResolver, path

from motcua.notifications import views

app_name = "notifications"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.notice_list, name="list"),
    path("da-doc/", views.notice_read_all, name="read_all"),
    path("<int:notice_id>/da-doc/", views.notice_read, name="read"),
    path("cai-dat/", views.preferences, name="preferences"),
]
