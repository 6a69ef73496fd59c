from django.urls import path

from motcua.feedback import views_officials, views_public, views_ratings

app_name = "feedback"
urlpatterns = [
    path("", views_public.published_list, name="published"),
    path("<int:pk>/", views_public.published_detail, name="published_detail"),
    path("<int:pk>/binh-chon/", views_public.vote, name="vote"),
    path("gui/", views_public.submit, name="submit"),
    path("gui/da-gui/", views_public.submitted, name="submitted"),
    path("cua-toi/", views_public.mine, name="mine"),
    path("cua-toi/<int:pk>/", views_public.mine_detail, name="mine_detail"),
    path("danh-gia/thong-ke/", views_ratings.stats, name="rating_stats"),
    path("danh-gia/<str:code>/", views_ratings.rate, name="rate"),
    path("kiosk/<str:code>/", views_ratings.kiosk, name="kiosk"),
    path("xu-ly/", views_officials.worklist, name="worklist"),
    path("xu-ly/<int:pk>/", views_officials.handle, name="handle"),
]
