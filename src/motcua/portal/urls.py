"""The citizen portal (Cổng dịch vụ công), mounted at the site root."""

from django.urls import URLPattern, URLResolver, path

from motcua.portal.views import account, catalogue, datastore, submission, tracking, verification

app_name = "portal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", catalogue.home, name="home"),
    path("thu-tuc/", catalogue.procedure_list, name="procedures"),
    path("thu-tuc/<str:code>/", catalogue.procedure_detail, name="procedure"),
    path("nop-ho-so/da-nop/<str:code>/", submission.done, name="submit_done"),
    path("nop-ho-so/ban-nhap/<int:draft_id>/xoa/", submission.delete, name="draft_delete"),
    path(
        "nop-ho-so/ban-nhap/<int:draft_id>/tep/<str:requirement>/xoa/", submission.remove_file, name="draft_remove_file"
    ),
    path("nop-ho-so/ban-nhap/<int:draft_id>/<int:number>/", submission.step, name="draft_step"),
    path("nop-ho-so/<str:code>/", submission.start, name="submit"),
    path("tai-khoan/", account.account, name="account"),
    path("tai-khoan/ho-so/<str:code>/", account.dossier_page, name="dossier"),
    path("tai-khoan/ho-so/<str:code>/bo-sung/", account.supplement_upload, name="supplement_upload"),
    path("tai-khoan/ho-so/<str:code>/gui-bo-sung/", account.supplement_send, name="supplement_send"),
    path("tai-khoan/ho-so/<str:code>/rut/", account.withdraw, name="withdraw"),
    path("kho-du-lieu/", datastore.store_page, name="store"),
    path("kho-du-lieu/<int:item_id>/tai-ve/", datastore.store_download, name="store_download"),
    path("kho-du-lieu/<int:item_id>/xoa/", datastore.store_delete, name="store_delete"),
    path("kho-du-lieu/cho-phep/", datastore.store_grant, name="store_grant"),
    path("kho-du-lieu/cho-phep/<int:grant_id>/thu-hoi/", datastore.store_revoke, name="store_revoke"),
    path("tra-cuu/", tracking.track_form, name="track"),
    path("tra-cuu/<str:code>/", tracking.track_detail, name="track_detail"),
    path("xac-thuc/", verification.verify, name="verify"),
]
