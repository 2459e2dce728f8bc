from django.urls import path

from . import views

app_name = "districts"

urlpatterns = [
    path("kreis/wechseln/", views.district_switch, name="switch"),
]
