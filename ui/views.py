from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import bad_request as _bad_request
from django.views.defaults import page_not_found as _page_not_found
from django.views.defaults import permission_denied as _permission_denied
from django.views.defaults import server_error as _server_error

from .languages import enter_public_shell
from .registry import announced_capability
from .selectors import dashboard_panels


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("ui:dashboard")
    return TemplateResponse(request, "ui/home.html", {})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "ui/dashboard.html", {"panels": dashboard_panels(request)})


@login_required
def coming_soon_page(request: HttpRequest, slug: str) -> HttpResponse:
    return TemplateResponse(request, "ui/coming_soon.html", {"page": announced_capability(slug)})


def legal_page(request: HttpRequest, template_name: str) -> HttpResponse:
    context = {
        "operator": settings.LOTSE_OPERATOR,
        "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
        "language_cookie": settings.LANGUAGE_COOKIE_NAME,
    }
    return TemplateResponse(request, template_name, context)


# Error pages belong to the public shell: they keep the language the person chose.


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Any) -> HttpResponse:
    enter_public_shell(request)
    return _bad_request(request, exception, template_name="400.html")


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Any) -> HttpResponse:
    enter_public_shell(request)
    return _permission_denied(request, exception, template_name="403.html")


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Any) -> HttpResponse:
    enter_public_shell(request)
    return _page_not_found(request, exception, template_name="404.html")


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without a request context and without touching the database.
    return _server_error(request, template_name="500.html")
