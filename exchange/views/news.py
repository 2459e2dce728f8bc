"""Pages of the news area under /austausch/neuigkeiten/.

Every page fetches its post through `get_visible_or_404`: a post outside the person's audience,
and everything hanging off it (images, attachments, comments, history), looks missing. Actions
the person may not take on a post they can see look missing too.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.scoping import get_visible_or_404
from core.uploads import download_response
from districts.audience import audience_label
from districts.models import District
from ui.forms import saved_through
from ui.kit import guarded, is_htmx, owned_or_404, request_district

from ..forms.news import NewsAttachmentForm, NewsCommentForm, NewsImageForm, NewsPostForm
from ..models.news import NewsAttachment, NewsComment, NewsImage, NewsPost
from ..permissions import (
    can_comment_news,
    can_delete_news_comment,
    can_edit_news,
    can_edit_news_comment,
    can_pin_news,
    can_publish_news,
    news_organisations,
)
from ..selectors import news as selectors
from ..services import news as services
from .common import member_required

PAGE_SIZE = 20
LIST = "exchange/news/list.html"
DETAIL = "exchange/news/detail.html"


# --- helpers ----------------------------------------------------------------------------------


def _post(request: HttpRequest, pk: int) -> NewsPost:
    return get_visible_or_404(NewsPost, request.user, pk=pk, district=request_district(request))


def _post_form(request: HttpRequest, district: District, **kwargs: Any) -> NewsPostForm:
    return NewsPostForm(
        request.POST if request.method == "POST" else None,
        district=district,
        organisation_ids=news_organisations(request.user, district),
        coordinator=can_pin_news(request.user, district),
        **kwargs,
    )


def _detail_context(
    request: HttpRequest, post: NewsPost, comment_form: NewsCommentForm | None = None, **extra: Any
) -> dict[str, Any]:
    user = request.user
    data = selectors.news_post_detail(post)
    for comment in data["comments"]:
        comment.editable = can_edit_news_comment(user, comment)
        comment.deletable = can_delete_news_comment(user, comment)
    commenting = can_comment_news(user, post)
    if commenting and comment_form is None:
        comment_form = NewsCommentForm()
    return {
        "post": post,
        "audience": audience_label(post),
        "can_edit": can_edit_news(user, post),
        "can_pin": can_pin_news(user, post.district),
        "can_comment": commenting,
        "comment_form": comment_form,
        **data,
        **extra,
    }


# --- posts ------------------------------------------------------------------------------------


@member_required
def news_list(request: HttpRequest) -> HttpResponse:
    district = request_district(request)
    page = Paginator(selectors.news_posts(request.user, district), PAGE_SIZE).get_page(
        request.GET.get("seite")
    )
    posts = list(page.object_list)
    for post in posts:
        post.summary = selectors.summary(post)  # type: ignore[attr-defined]
    return TemplateResponse(
        request,
        LIST,
        {"page": page, "posts": posts, "can_publish": can_publish_news(request.user, district)},
    )


@guarded(can_publish_news)
def news_create(request: HttpRequest) -> HttpResponse:
    district = request_district(request)
    form = _post_form(request, district)
    if request.method == "POST":
        post = saved_through(
            form,
            lambda: services.news_post_create(
                actor=request.user, district=district, **form.service_data()
            ),
        )
        if post is not None:
            messages.success(request, _("Ihre Neuigkeit ist veröffentlicht."))
            return redirect(post)
    return TemplateResponse(request, "exchange/news/form.html", {"form": form})


@member_required
def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    return TemplateResponse(request, DETAIL, _detail_context(request, post))


@member_required
def news_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = owned_or_404(NewsPost, request, pk, can_edit_news)
    initial = {
        "title": post.title,
        "body": post.body,
        "audience": post.audience,
        "organisations": list(post.organisations.all()),
        "include_volunteers": post.include_volunteers,
        "important": post.important,
    }
    images = [
        {"src": image.get_absolute_url(), "alt": image.alt}
        for image in NewsImage.objects.filter(post=post)
    ]
    form = _post_form(request, post.district, initial=initial, editing=True, images=images)
    if request.method == "POST":

        def update() -> NewsPost:
            data = form.service_data()
            data.pop("pinned", None)
            return services.news_post_update(actor=request.user, post=post, **data)

        if saved_through(form, update) is not None:
            messages.success(request, _("Die Neuigkeit ist gespeichert."))
            return redirect(post)
    return TemplateResponse(request, "exchange/news/form.html", {"form": form, "post": post})


@member_required
def news_delete(request: HttpRequest, pk: int) -> HttpResponse:
    post = owned_or_404(NewsPost, request, pk, can_edit_news)
    if request.method == "POST":
        services.news_post_delete(actor=request.user, post=post)
        messages.success(request, _("Die Neuigkeit ist gelöscht."))
        return redirect("exchange:news_list")
    return TemplateResponse(request, "exchange/news/delete.html", {"post": post})


@require_POST
@member_required
def news_pin(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not can_pin_news(request.user, post.district):
        raise Http404
    pinned = request.POST.get("pinned") == "1"
    services.news_post_pin(actor=request.user, post=post, pinned=pinned)
    messages.success(
        request,
        _("Die Neuigkeit ist angeheftet.")
        if pinned
        else _("Die Neuigkeit ist nicht mehr angeheftet."),
    )
    return redirect(post)


@member_required
def news_history(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    return TemplateResponse(
        request,
        "exchange/news/history.html",
        {"post": post, "revisions": selectors.news_revisions(post)},
    )


# --- images and attachments -------------------------------------------------------------------


@member_required
def news_files(request: HttpRequest, pk: int) -> HttpResponse:
    """Add images and attachments to a post; the page lists what is there, with removal."""
    post = owned_or_404(NewsPost, request, pk, can_edit_news)
    image_form, attachment_form = NewsImageForm(prefix="bild"), NewsAttachmentForm(prefix="anhang")
    if request.method == "POST":
        if request.POST.get("kind") == "image":
            image_form = NewsImageForm(request.POST, request.FILES, prefix="bild")
            added = saved_through(
                image_form,
                lambda: services.news_image_add(
                    actor=request.user,
                    post=post,
                    upload=image_form.cleaned_data["file"],
                    alt=image_form.cleaned_data["alt"],
                ),
            )
        else:
            attachment_form = NewsAttachmentForm(request.POST, request.FILES, prefix="anhang")
            added = saved_through(
                attachment_form,
                lambda: services.news_attachment_add(
                    actor=request.user, post=post, upload=attachment_form.cleaned_data["file"]
                ),
            )
        if added is not None:
            messages.success(request, _("„%(name)s“ ist hinzugefügt.") % {"name": added})
            return redirect("exchange:news_files", pk=post.pk)
    return TemplateResponse(
        request,
        "exchange/news/files.html",
        {
            "post": post,
            "images": NewsImage.objects.filter(post=post),
            "attachments": NewsAttachment.objects.filter(post=post),
            "image_form": image_form,
            "attachment_form": attachment_form,
        },
    )


C = TypeVar("C", NewsImage, NewsAttachment, NewsComment)


def _of_post(model: type[C], request: HttpRequest, pk: int, child_pk: int) -> C:
    """An image, attachment or comment of the post `pk` that the person can see (404 else):
    through the one fetch helper, so the post's audience decides."""
    return get_visible_or_404(
        model, request.user, pk=child_pk, post_id=pk, district=request_district(request)
    )


def _image(request: HttpRequest, pk: int, image_pk: int) -> NewsImage:
    return _of_post(NewsImage, request, pk, image_pk)


def _attachment(request: HttpRequest, pk: int, attachment_pk: int) -> NewsAttachment:
    return _of_post(NewsAttachment, request, pk, attachment_pk)


def _stored_file(item: NewsImage | NewsAttachment, filename: str) -> HttpResponseBase:
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = download_response(handle, filename=filename, content_type=item.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@member_required
def news_image(request: HttpRequest, pk: int, image_pk: int) -> HttpResponseBase:
    """An image of a post, for `<img>` in the post; only for people who can see the post."""
    image = _image(request, pk, image_pk)
    extension = (image.file.name or "").rsplit(".", 1)[-1]
    return _stored_file(image, f"bild-{image.pk}.{extension}")


@member_required
def news_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    attachment = _attachment(request, pk, attachment_pk)
    return _stored_file(attachment, attachment.name)


@require_POST
@member_required
def news_image_remove(request: HttpRequest, pk: int, image_pk: int) -> HttpResponse:
    image = _image(request, pk, image_pk)
    if not can_edit_news(request.user, image.post):
        raise Http404
    services.news_image_remove(actor=request.user, image=image)
    messages.success(request, _("Das Bild ist entfernt."))
    return redirect("exchange:news_files", pk=pk)


@require_POST
@member_required
def news_attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    attachment = _attachment(request, pk, attachment_pk)
    if not can_edit_news(request.user, attachment.post):
        raise Http404
    services.news_attachment_remove(actor=request.user, attachment=attachment)
    messages.success(request, _("Der Anhang ist entfernt."))
    return redirect("exchange:news_files", pk=pk)


# --- comments ---------------------------------------------------------------------------------


@require_POST
@member_required
def news_comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Post a comment. With htmx the comment section is swapped; without, the page reloads."""
    post = owned_or_404(NewsPost, request, pk, can_comment_news)
    form = NewsCommentForm(request.POST)
    comment = saved_through(
        form,
        lambda: services.news_comment_create(
            actor=request.user, post=post, body=form.cleaned_data["body"]
        ),
    )
    if is_htmx(request):
        context = _detail_context(
            request, post, comment_form=None if comment else form, commented=comment is not None
        )
        return TemplateResponse(request, f"{DETAIL}#comments", context)
    if comment is not None:
        messages.success(request, _("Ihr Kommentar ist veröffentlicht."))
        return redirect(comment.get_absolute_url())
    return TemplateResponse(request, DETAIL, _detail_context(request, post, comment_form=form))


def _comment(request: HttpRequest, pk: int, comment_pk: int) -> NewsComment:
    return _of_post(NewsComment, request, pk, comment_pk)


@member_required
def news_comment_edit(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    comment = _comment(request, pk, comment_pk)
    if not can_edit_news_comment(request.user, comment):
        raise Http404
    form = NewsCommentForm(
        request.POST if request.method == "POST" else None, initial={"body": comment.body}
    )
    if request.method == "POST":
        saved = saved_through(
            form,
            lambda: services.news_comment_update(
                actor=request.user, comment=comment, body=form.cleaned_data["body"]
            ),
        )
        if saved is not None:
            messages.success(request, _("Ihr Kommentar ist gespeichert."))
            return redirect(saved.get_absolute_url())
    return TemplateResponse(
        request, "exchange/news/comment_form.html", {"form": form, "comment": comment}
    )


@member_required
def news_comment_delete(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    comment = _comment(request, pk, comment_pk)
    if not can_delete_news_comment(request.user, comment):
        raise Http404
    if request.method == "POST":
        services.news_comment_delete(actor=request.user, comment=comment)
        messages.success(request, _("Der Kommentar ist gelöscht."))
        return redirect(reverse("exchange:news_detail", args=[pk]) + "#kommentare")
    return TemplateResponse(request, "exchange/news/comment_delete.html", {"comment": comment})


P = "neuigkeiten/<int:pk>/"

urlpatterns: list[URLPattern] = [
    path("neuigkeiten/", news_list, name="news_list"),
    path("neuigkeiten/neu/", news_create, name="news_create"),
    path(P, news_detail, name="news_detail"),
    path(f"{P}bearbeiten/", news_edit, name="news_edit"),
    path(f"{P}loeschen/", news_delete, name="news_delete"),
    path(f"{P}anheften/", news_pin, name="news_pin"),
    path(f"{P}verlauf/", news_history, name="news_history"),
    path(f"{P}dateien/", news_files, name="news_files"),
    path(f"{P}bilder/<int:image_pk>/", news_image, name="news_image"),
    path(f"{P}bilder/<int:image_pk>/entfernen/", news_image_remove, name="news_image_remove"),
    path(f"{P}anhaenge/<int:attachment_pk>/", news_attachment, name="news_attachment"),
    path(
        f"{P}anhaenge/<int:attachment_pk>/entfernen/",
        news_attachment_remove,
        name="news_attachment_remove",
    ),
    path(f"{P}kommentare/", news_comment_create, name="news_comment_create"),
    path(
        f"{P}kommentare/<int:comment_pk>/bearbeiten/",
        news_comment_edit,
        name="news_comment_edit",
    ),
    path(
        f"{P}kommentare/<int:comment_pk>/loeschen/",
        news_comment_delete,
        name="news_comment_delete",
    ),
]
