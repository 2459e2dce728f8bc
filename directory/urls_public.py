"""The public directory at /<district>/<language>/ (no sign-in)."""

from django.urls import URLPattern, path

from . import views_public as views

app_name = "public"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("suche/", views.search, name="search"),
    path("angebot/<int:pk>/", views.offer, name="offer"),
    path("angebot/<int:pk>/drucken/", views.offer_print, name="offer_print"),
    path("angebot/<int:pk>/qr.svg", views.offer_qr, name="offer_qr"),
    path("ort/<int:pk>/", views.place, name="place"),
    path("termine/", views.events, name="events"),
    path("termine/<int:pk>/", views.event, name="event"),
    path("karte/", views.map_page, name="map"),
    path("karte/daten.json", views.map_data, name="map_data"),
]

# Community submissions (owned by the staff/translation helper: directory/views_submit.py).
from . import views_submit  # noqa: E402

urlpatterns += [
    path("vorschlagen/", views_submit.submit, name="submit"),
    path("vorschlagen/danke/", views_submit.submit_thanks, name="submit_thanks"),
]
