from django.urls import URLPattern, URLResolver, path

from motcua.backoffice.views import counter, digitisation, dossier, home, prints, register, steps

app_name = "backoffice"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", home.home, name="home"),
    path("tiep-nhan/", counter.counter, name="counter"),
    path("tiep-nhan/thu-tuc/", counter.procedure_search, name="counter_procedures"),
    path("ho-so/<str:code>/", dossier.dossier_page, name="dossier"),
    path("ho-so/<str:code>/thao-tac/<str:action>/", dossier.dossier_action, name="action"),
    path("ho-so/<str:code>/tai-lieu/<int:doc_id>/so-hoa/", digitisation.digitise_page, name="digitise"),
    path("ho-so/<str:code>/kho-du-lieu/<int:item_id>/", dossier.store_item, name="store_item"),
    path("ho-so/<str:code>/mau-02.pdf", prints.mau_02, name="mau_02"),
    path("ho-so/<str:code>/mau-03.pdf", prints.mau_03, name="mau_03"),
    path("ho-so/<str:code>/mau-04.pdf", prints.mau_04, name="mau_04"),
    path("ho-so/<str:code>/mau-05.pdf", prints.mau_05, name="mau_05"),
    path("ho-so/<str:code>/buoc/<int:step_id>/<str:kind>/", steps.step_action, name="step"),
    path("buoc-xu-ly/", steps.my_steps, name="my_steps"),
    path("so-theo-doi/", register.register, name="register"),
]
