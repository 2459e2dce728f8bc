from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from core.scoping import get_visible_or_404

from .middleware import SESSION_KEY
from .models import District


@login_required
@require_POST
def district_switch(request: HttpRequest) -> HttpResponse:
    district = get_visible_or_404(District, request.user, pk=request.POST.get("district"))
    request.session[SESSION_KEY] = district.pk
    return redirect("ui:dashboard")
