"""The open directory API, versioned: /api/v1/…, its OpenAPI document and a page describing it."""

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from . import docs, views

app_name = "api"

DISTRICT = "v1/districts/<slug:slug>/"

urlpatterns = [
    path("", docs.ApiDocsView.as_view(), name="docs"),
    path(
        "v1/schema/",
        SpectacularJSONAPIView.as_view(authentication_classes=[], throttle_classes=[]),
        name="schema",
    ),
    path("v1/districts/", views.DistrictListView.as_view(), name="district_list"),
    path(DISTRICT + "topics/", views.TopicListView.as_view(), name="topic_list"),
    path(DISTRICT + "offers/", views.OfferListView.as_view(), name="offer_list"),
    path(DISTRICT + "offers/<int:pk>/", views.OfferDetailView.as_view(), name="offer_detail"),
    path(
        DISTRICT + "offers/<int:pk>/events.ics",
        views.OfferCalendarView.as_view(),
        name="offer_events_ics",
    ),
    path(DISTRICT + "places/", views.PlaceListView.as_view(), name="place_list"),
    path(DISTRICT + "places/<int:pk>/", views.PlaceDetailView.as_view(), name="place_detail"),
    path(DISTRICT + "events/", views.EventListView.as_view(), name="event_list"),
    path(DISTRICT + "events/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path(DISTRICT + "events.ics", views.DistrictCalendarView.as_view(), name="events_ics"),
    path(DISTRICT + "export.json", views.ExportJsonView.as_view(), name="export_json"),
    path(DISTRICT + "export.csv", views.ExportCsvView.as_view(), name="export_csv"),
]
