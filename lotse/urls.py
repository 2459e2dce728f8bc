import re

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path, reverse

from directory.api import views as api
from ui import views as ui_views

admin.site.site_header = "Lotse – Betrieb"
admin.site.site_title = "Lotse – Betrieb"
# The operator signs in through Lotse's own sign-in (with its second factor), not the admin form.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path(settings.LOTSE_ADMIN_PATH, admin.site.urls),
    path("konto/", include("accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("netzwerk/", include("network.urls")),
    path("angebote/", include("directory.urls")),
    path("austausch/", include("exchange.urls")),
    path("benachrichtigungen/", include("notifications.urls")),
    path("api/", include("directory.api.urls")),
    path("", include("districts.urls")),
    path("", include("ui.urls")),
    # Last: the public directory of a district, /<district-slug>/<language>/…
    re_path(
        r"^(?P<district_slug>[-a-z0-9]+)/(?P<lang>{})/".format(
            "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
        ),
        include("directory.urls_public"),
    ),
]


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The API answers in JSON also where none of its routes matches (an id that is no number)."""
    if request.path.startswith(reverse("api:docs")):
        return api.not_found(request, exception)
    return ui_views.page_not_found(request, exception)


handler400 = "ui.views.bad_request"
handler403 = "ui.views.permission_denied"
handler404 = page_not_found
handler500 = "ui.views.server_error"
