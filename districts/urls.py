from django.urls import path

from . import views

app_name = "districts"

urlpatterns = [
    path("kreis/wechseln/", views.district_switch, name="switch"),
    path("einladung/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("verwaltung/", views.manage, name="manage"),
    path("verwaltung/organisationen/", views.organisation_list, name="organisation_list"),
    path("verwaltung/organisationen/neu/", views.organisation_create, name="organisation_create"),
    path("verwaltung/organisationen/<int:pk>/", views.organisation_edit, name="organisation_edit"),
    path(
        "verwaltung/organisationen/<int:pk>/status/",
        views.organisation_set_active,
        name="organisation_set_active",
    ),
    path("verwaltung/gemeinden/", views.municipality_list, name="municipality_list"),
    path("verwaltung/gemeinden/neu/", views.municipality_create, name="municipality_create"),
    path("verwaltung/gemeinden/<int:pk>/", views.municipality_edit, name="municipality_edit"),
    path(
        "verwaltung/gemeinden/<int:pk>/loeschen/",
        views.municipality_delete,
        name="municipality_delete",
    ),
    path("verwaltung/mitglieder/", views.member_list, name="member_list"),
    path("verwaltung/mitglieder/<int:pk>/", views.member_edit, name="member_edit"),
    path(
        "verwaltung/mitglieder/<int:pk>/beenden/",
        views.member_deactivate,
        name="member_deactivate",
    ),
    path(
        "verwaltung/mitglieder/<int:pk>/reaktivieren/",
        views.member_reactivate,
        name="member_reactivate",
    ),
    path("verwaltung/einladungen/", views.invitation_list, name="invitation_list"),
    path("verwaltung/einladungen/neu/", views.invitation_create, name="invitation_create"),
    path(
        "verwaltung/einladungen/<int:pk>/erneut-senden/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "verwaltung/einladungen/<int:pk>/zurueckziehen/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
