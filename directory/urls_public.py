"""The public directory at /<district>/<language>/ (no sign-in)."""

from django.urls import URLPattern, path

from .views import public, submit

app_name = "public"

urlpatterns: list[URLPattern] = [
    path("", public.home, name="home"),
    path("suche/", public.search, name="search"),
    path("angebot/<int:pk>/", public.offer, name="offer"),
    path("angebot/<int:pk>/drucken/", public.offer_print, name="offer_print"),
    path("angebot/<int:pk>/qr.svg", public.offer_qr, name="offer_qr"),
    path("ort/<int:pk>/", public.place, name="place"),
    path("termine/", public.events, name="events"),
    path("termine/<int:pk>/", public.event, name="event"),
    path("karte/", public.map_page, name="map"),
    path("karte/daten.json", public.map_data, name="map_data"),
    # Community submissions, directory/views/submit.py
    path("vorschlagen/", submit.submit, name="submit"),
    path("vorschlagen/danke/", submit.submit_thanks, name="submit_thanks"),
]
