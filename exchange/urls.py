from .views import discussions, home, library, meetings, news

app_name = "exchange"

urlpatterns = [
    *home.urlpatterns,
    *news.urlpatterns,
    *discussions.urlpatterns,
    *library.urlpatterns,
    *meetings.urlpatterns,
]
