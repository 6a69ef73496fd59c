from django.urls import path

from motcua.stats import views

app_name = "stats"
urlpatterns = [
    path("cong-khai/", views.disclosure, name="disclosure"),
    path("thong-ke/", views.dashboard, name="dashboard"),
    path("thong-ke/bao-cao/", views.report, name="report"),
    path("thong-ke/bao-cao/o/", views.report_cell, name="report_cell"),
]
