from django.urls import URLPattern, URLResolver, path

from motcua.payments import views, views_receipts

app_name = "payments"
urlpatterns: list[URLPattern | URLResolver] = [
    path("doi-soat/", views.unmatched, name="unmatched"),
    path("ket-qua/<str:reference>/", views.result, name="result"),
    path("bien-lai/<int:payment_id>.pdf", views.receipt, name="receipt"),
    path("bien-lai/<int:payment_id>.xml", views_receipts.payment_receipt_xml, name="receipt_xml"),
    path("bien-lai/", views_receipts.receipt_list, name="receipts"),
    path("bien-lai/ky-hieu/", views_receipts.receipt_series_create, name="receipt_series_create"),
    path("bien-lai/so/<int:receipt_id>/", views_receipts.receipt_detail, name="receipt_detail"),
    path("bien-lai/so/<int:receipt_id>/bien-lai.pdf", views_receipts.receipt_file, {"fmt": "pdf"}, name="receipt_pdf"),
    path(
        "bien-lai/so/<int:receipt_id>/bien-lai.xml",
        views_receipts.receipt_file,
        {"fmt": "xml"},
        name="receipt_file_xml",
    ),
    path("bien-lai/so/<int:receipt_id>/huy/", views_receipts.receipt_cancel, name="receipt_cancel"),
    path("bien-lai/so/<int:receipt_id>/thay-the/", views_receipts.receipt_replace, name="receipt_replace"),
    path("quay/<str:code>/", views.counter, name="counter"),
    path("<str:code>/bat-dau/", views.start, name="start"),
    path("<str:code>/", views.fees, name="fees"),
]
