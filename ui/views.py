from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.defaults import (
    bad_request as _bad_request,
)
from django.views.defaults import (
    page_not_found as _page_not_found,
)
from django.views.defaults import (
    permission_denied as _permission_denied,
)
from django.views.defaults import (
    server_error as _server_error,
)


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("ui:dashboard")
    return redirect("account_login")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "ui/dashboard.html", {})


def bad_request(request: HttpRequest, exception: Any) -> HttpResponse:
    return _bad_request(request, exception, template_name="400.html")


def permission_denied(request: HttpRequest, exception: Any) -> HttpResponse:
    return _permission_denied(request, exception, template_name="403.html")


def page_not_found(request: HttpRequest, exception: Any) -> HttpResponse:
    return _page_not_found(request, exception, template_name="404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    return _server_error(request, template_name="500.html")
