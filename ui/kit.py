"""The view kit every app builds its views from (ADR 0011).

- `current_district` / `request_district`: the district a signed-in person works in now, as the
  `districts` middleware put it on the request;
- `guarded(allowed)`: a view for signed-in people for whom `allowed(user, district)` holds;
  others get 403, and people who are not signed in go to the sign-in page;
- `owned_or_404`: an object of the current district that the person may also act on, with the
  same 404 for "missing", "another district" and "visible but not yours";
- `submitted` / `act`: a form or a POST-only action through its service, the service's refusal
  mapped onto the form or flashed, its success flashed (a `Notice` as information instead);
- `is_htmx`: an htmx request that wants a fragment.

The kit knows no domain app: it reads `request.district`, and predicates come from the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, NoReturn, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms import BaseForm
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from core.scoping import get_visible_or_404

from .forms import apply_service_errors

if TYPE_CHECKING:
    from districts.models import District

M = TypeVar("M", bound=models.Model)
View = Callable[..., HttpResponseBase]

# What a service's PermissionDenied becomes in a view: a 403 ("forbidden", the default, so a
# refusal is never silently swallowed), a 404 ("not_found", where even the existence of the
# object is not to be told), or an error on the form or in the messages ("error").
Denial = Literal["forbidden", "not_found", "error"]


def current_district(request: HttpRequest) -> District | None:
    """The district of the request, or None (anonymous, or no membership anywhere)."""
    district = getattr(request, "district", None)
    return district if district else None


def request_district(request: HttpRequest) -> District:
    """The district of a guarded view; 404 where there is none."""
    district = current_district(request)
    if district is None:
        raise Http404
    return district


def guarded(allowed: Callable[[Any, District | None], bool]) -> Callable[[View], View]:
    """Signed-in people for whom `allowed(user, district)` holds; everyone else 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not allowed(request.user, current_district(request)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator


def owned_or_404(
    model: type[M], request: HttpRequest, pk: Any, allowed: Callable[[Any, M], bool]
) -> M:
    """A visible object of the current district that `allowed(user, obj)` lets the person act
    on; 404 alike for missing, other district and "visible but not yours"."""
    obj = get_visible_or_404(model, request.user, pk=pk, district=current_district(request))
    if not allowed(request.user, obj):
        raise Http404
    return obj


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request that wants a fragment (not a history restore, which needs the page)."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def _handled(denial: Denial) -> tuple[type[Exception], ...]:
    return (ValidationError, PermissionDenied) if denial == "error" else (ValidationError,)


def _refused(exc: PermissionDenied, denial: Denial) -> NoReturn:
    if denial == "not_found":
        raise Http404 from exc
    raise exc


def _through(
    call: Callable[[], Any],
    denial: Denial,
    refused: Callable[[ValidationError | PermissionDenied], None],
) -> tuple[bool, Any]:
    """(True, result) once the service went through; (False, None) after `refused` got its
    ValidationError (or its PermissionDenied, where `denial` is "error")."""
    try:
        return True, call()
    except _handled(denial) as exc:
        refused(exc)  # type: ignore[arg-type]
        return False, None
    except PermissionDenied as exc:
        _refused(exc, denial)


class Notice(NamedTuple):
    """A success that is worth telling, but not as a plain success: the service went through
    and left the person waiting (on a waiting list, for a job in the background)."""

    message: str
    level: int = messages.INFO


Success = str | Notice | Callable[[Any], "str | Notice"]


def _flash_success(request: HttpRequest, success: Success | None, result: Any) -> None:
    if success is None:  # the page the person lands on says what happened
        return
    said = success(result) if callable(success) else success
    if isinstance(said, Notice):
        messages.add_message(request, said.level, said.message)
    else:
        messages.success(request, said)


def submitted(
    request: HttpRequest,
    form: BaseForm,
    call: Callable[[], Any],
    success: Success,
    *,
    denial: Denial = "forbidden",
) -> bool:
    """True once a valid POSTed form went through its service and its success was flashed
    (`success` may be a function of the service's result). The service's ValidationError lands
    on the form's fields; a PermissionDenied is handled as `denial` says."""
    if request.method != "POST" or not form.is_valid():
        return False
    done, result = _through(call, denial, lambda exc: apply_service_errors(form, exc))
    if done:
        _flash_success(request, success, result)
    return done


def flash_errors(request: HttpRequest, exc: ValidationError | PermissionDenied) -> None:
    """A service's refusal as error messages."""
    if isinstance(exc, ValidationError):
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(exc) or _("Das dürfen Sie nicht."))


def act(
    request: HttpRequest,
    call: Callable[[], Any],
    success: Success | None,
    *,
    denial: Denial = "forbidden",
) -> bool:
    """A POST-only action through its service: True with its success flashed, False with its
    ValidationError flashed; a PermissionDenied is handled as `denial` says."""
    done, result = _through(call, denial, lambda exc: flash_errors(request, exc))
    if done:
        _flash_success(request, success, result)
    return done
