from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("alle-gelesen/", views.notification_mark_all_read, name="mark_all_read"),
    path("<int:pk>/oeffnen/", views.notification_open, name="open"),
    path("<int:pk>/folgen/", views.notification_follow, name="follow"),
    path("anzahl/", views.unread_badge, name="badge"),
    path("einstellungen/", views.preference_edit, name="settings"),
    path("abmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
