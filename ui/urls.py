from django.urls import path

from . import views
from .registry import announced

app_name = "ui"

urlpatterns = [
    path("", views.home, name="home"),
    path("uebersicht/", views.dashboard, name="dashboard"),
    path(
        "rechtliches/impressum/",
        views.legal_page,
        {"template_name": "ui/legal/imprint.html"},
        name="imprint",
    ),
    path(
        "rechtliches/datenschutz/",
        views.legal_page,
        {"template_name": "ui/legal/privacy.html"},
        name="privacy",
    ),
    path(
        "rechtliches/barrierefreiheit/",
        views.legal_page,
        {"template_name": "ui/legal/accessibility.html"},
        name="accessibility",
    ),
]

# "kommt bald" pages of the capabilities whose app is not built yet (see ui/registry.py).
urlpatterns += [
    path(page.path, views.coming_soon_page, {"slug": page.slug}, name=page.slug)
    for page in announced()
]
