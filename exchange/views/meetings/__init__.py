"""Pages of the meetings area under /austausch/treffen/: the list, a meeting with registration,
planning (create, edit, cancel), attendance, minutes, follow-up tasks, the .ics file of a meeting
and the personal calendar feed behind a secret link.

One module per concern: `detail` (list, page, registration), `planning`, `attendance`,
`minutes`, `follow_up` and `ical`; the routes are collected here."""

from django.urls import URLPattern, path

from .attendance import (
    meeting_attendance,
    meeting_attendance_csv,
    meeting_attended,
    meeting_register_person,
)
from .detail import meeting_detail, meeting_list, meeting_register, meeting_unregister
from .follow_up import meeting_task_done, meeting_task_edit, meeting_tasks
from .ical import meeting_calendar_settings, meeting_feed, meeting_ical
from .minutes import meeting_minutes, meeting_minutes_download
from .planning import meeting_cancel, meeting_create, meeting_edit

urlpatterns: list[URLPattern] = [
    path("treffen/", meeting_list, name="meeting_list"),
    path("treffen/neu/", meeting_create, name="meeting_create"),
    path("treffen/kalender/", meeting_calendar_settings, name="meeting_calendar_settings"),
    path("treffen/kalender/<str:token>.ics", meeting_feed, name="meeting_feed"),
    path("treffen/<int:pk>/", meeting_detail, name="meeting_detail"),
    path("treffen/<int:pk>/bearbeiten/", meeting_edit, name="meeting_edit"),
    path("treffen/<int:pk>/absagen/", meeting_cancel, name="meeting_cancel"),
    path("treffen/<int:pk>/anmelden/", meeting_register, name="meeting_register"),
    path("treffen/<int:pk>/abmelden/", meeting_unregister, name="meeting_unregister"),
    path("treffen/<int:pk>/kalender.ics", meeting_ical, name="meeting_ical"),
    path("treffen/<int:pk>/teilnehmende/", meeting_attendance, name="meeting_attendance"),
    path(
        "treffen/<int:pk>/teilnehmende/anmelden/",
        meeting_register_person,
        name="meeting_register_person",
    ),
    path(
        "treffen/<int:pk>/teilnehmende.csv", meeting_attendance_csv, name="meeting_attendance_csv"
    ),
    path("treffen/anmeldungen/<int:pk>/anwesend/", meeting_attended, name="meeting_attended"),
    path("treffen/<int:pk>/protokoll/", meeting_minutes, name="meeting_minutes"),
    path("treffen/protokolle/<int:pk>/", meeting_minutes_download, name="meeting_minutes_download"),
    path("treffen/<int:pk>/aufgaben/", meeting_tasks, name="meeting_tasks"),
    path("treffen/aufgaben/<int:pk>/", meeting_task_edit, name="meeting_task_edit"),
    path("treffen/aufgaben/<int:pk>/erledigt/", meeting_task_done, name="meeting_task_done"),
]
