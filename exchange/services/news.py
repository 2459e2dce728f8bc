"""Writes of the news area: posts, pinning, comments, images, attachments, edit history.

Every function checks the actor's right itself, validates, writes an audit record and notifies.
Recipients are always narrowed to `audience_members(post)`: nobody hears of a post they cannot
open. Bodies are sanitised on the way in and stored sanitised.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit import audit
from core.richtext import from_user_input, plain_text, sanitize_html
from core.uploads import ALL_KINDS, IMAGE, CheckedFile, check_upload
from districts.audience import Audience, audience_apply, audience_members
from districts.models import District, Organisation, Role
from districts.roles import roles_of
from exchange.notify import Category
from notifications import services as notifications

from ..models.news import NewsAttachment, NewsComment, NewsImage, NewsPost, NewsRevision
from ..permissions import (
    can_comment_news,
    can_delete_news_comment,
    can_edit_news,
    can_edit_news_comment,
    can_pin_news,
    can_publish_news,
    news_organisations,
)

TITLE_MAX = 200
BODY_MAX = 50_000  # characters of HTML: a long post, never a pasted database dump
COMMENT_MAX = 10_000
ALT_MAX = 250
IMAGE_MAX_BYTES = 5 * 1024 * 1024


# --- helpers ----------------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Bitte geben Sie einen Titel ein.")})
    if len(title) > TITLE_MAX:
        raise ValidationError(
            {"title": _("Der Titel ist zu lang (höchstens %(max)s Zeichen).") % {"max": TITLE_MAX}}
        )
    return title


def _clean_body(
    raw: str, *, field: str = "body", limit: int = BODY_MAX, images: str = ""
) -> tuple[str, str]:
    """(sanitised HTML, plain text); `images` is the URL prefix images may come from."""
    raw = (raw or "").strip()
    if len(raw) > limit:
        raise ValidationError(
            {field: _("Der Text ist zu lang (höchstens %(max)s Zeichen).") % {"max": limit}}
        )
    html = from_user_input(raw, image_src_prefixes=(images,) if images else ())
    text = plain_text(html)
    if not text and "<img" not in html:
        raise ValidationError({field: _("Bitte schreiben Sie einen Text.")})
    return html, text


def _clean_audience(audience: str, organisations: Any) -> None:
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Bitte wählen Sie, für wen die Neuigkeit ist.")})
    if audience == Audience.ORGANISATIONS and not organisations:
        raise ValidationError(
            {
                "organisations": _(
                    "Wählen Sie mindestens eine Organisation oder „Das ganze Netzwerk“."
                )
            }
        )


def _publishing_organisation(
    actor: Any, district: District, organisation: Organisation | None
) -> Organisation:
    allowed = news_organisations(actor, district)
    if organisation is None:
        if not allowed:
            raise PermissionDenied(_("Sie können in diesem Netzwerk keine Neuigkeiten schreiben."))
        return Organisation.objects.get(pk=allowed[0])
    if organisation.pk not in allowed:
        raise ValidationError(
            {"organisation": _("Für diese Organisation können Sie keine Neuigkeiten schreiben.")}
        )
    return organisation


def _require_visible(actor: Any, post: NewsPost) -> None:
    if not NewsPost.objects.visible_to(actor).filter(pk=post.pk).exists():
        raise PermissionDenied(_("Diese Neuigkeit ist für Sie nicht sichtbar."))


def _require_editor(actor: Any, post: NewsPost) -> None:
    if not can_edit_news(actor, post):
        raise PermissionDenied(_("Sie können diese Neuigkeit nicht bearbeiten."))


def _sender(post: NewsPost, actor: Any) -> str:
    return post.author_organisation.name if post.author_organisation else str(actor)


def _notify_post(post: NewsPost, actor: Any, recipients: Any) -> None:
    notifications.notify(
        recipients=recipients,
        category=Category.NEWS,
        message=gettext_noop("Neue Nachricht von %(organisation)s: %(title)s"),
        params={"organisation": _sender(post, actor), "title": post.title},
        target=post,
        url=post.get_absolute_url(),
        actor=actor,
        important=post.important,
    )


def _delete_files_on_commit(files: list[Any]) -> None:
    """Stored files go only once the rows are gone for good."""
    names = [(f.storage, f.name) for f in files if f]

    def delete() -> None:
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(delete)


# --- posts ------------------------------------------------------------------------------------


@transaction.atomic
def news_post_create(
    *,
    actor: Any,
    district: District,
    title: str,
    body: str,
    audience: str = Audience.NETWORK,
    organisations: list[Organisation] | None = None,
    include_volunteers: bool = False,
    organisation: Organisation | None = None,
    pinned: bool = False,
    important: bool = False,
) -> NewsPost:
    """Publish a post and notify its audience (at once by e-mail when it is important)."""
    if not can_publish_news(actor, district):
        raise PermissionDenied(_("Sie können in diesem Netzwerk keine Neuigkeiten schreiben."))
    if (pinned or important) and not can_pin_news(actor, district):
        raise PermissionDenied(
            _("Nur die Koordination kann Neuigkeiten anheften oder als wichtig markieren.")
        )
    _clean_audience(audience, organisations)
    html, text = _clean_body(body)
    post = NewsPost(
        district=district,
        title=_clean_title(title),
        body=html,
        body_text=text,
        author=actor,
        author_organisation=_publishing_organisation(actor, district, organisation),
        pinned=pinned,
        important=important,
        published_at=timezone.now(),
    )
    post.full_clean()
    post.save()
    audience_apply(
        post, audience=audience, organisations=organisations, include_volunteers=include_volunteers
    )
    audit(
        actor=actor,
        action="news.create",
        obj=post,
        changes={"audience": audience, "pinned": pinned, "important": important},
    )
    _notify_post(post, actor, audience_members(post))
    return post


@transaction.atomic
def news_post_update(
    *,
    actor: Any,
    post: NewsPost,
    title: str,
    body: str,
    audience: str,
    organisations: list[Organisation] | None = None,
    include_volunteers: bool = False,
    important: bool | None = None,
) -> NewsPost:
    """Change a post; the previous version goes into the history. People whom a wider audience
    newly reaches are told about the post."""
    post = NewsPost.objects.select_for_update().get(pk=post.pk)
    _require_editor(actor, post)
    if (
        important is not None
        and important != post.important
        and not can_pin_news(actor, post.district)
    ):
        raise PermissionDenied(_("Nur die Koordination kann Neuigkeiten als wichtig markieren."))
    _clean_audience(audience, organisations)
    new_title = _clean_title(title)
    html, text = _clean_body(body, images=post.image_url_prefix())
    reached_before = set(audience_members(post).values_list("pk", flat=True))
    changes: dict[str, Any] = {}
    if new_title != post.title or html != post.body:
        NewsRevision.objects.create(
            district=post.district,
            post=post,
            title=post.title,
            body=post.body,
            written_by=post.edited_by or post.author,
            written_at=post.edited_at or post.published_at,
            replaced_by=actor,
        )
        changes = {"title": [post.title, new_title]} if new_title != post.title else {}
        if html != post.body:
            changes["body"] = "changed"
        post.title, post.body, post.body_text = new_title, html, text
        post.edited_at, post.edited_by = timezone.now(), actor
    if important is not None and important != post.important:
        changes["important"] = [post.important, important]
        post.important = important
    post.full_clean()
    post.save()
    audience_apply(
        post, audience=audience, organisations=organisations, include_volunteers=include_volunteers
    )
    changes["audience"] = audience
    audit(actor=actor, action="news.update", obj=post, changes=changes)
    _notify_post(post, actor, audience_members(post).exclude(pk__in=reached_before))
    return post


@transaction.atomic
def news_post_delete(*, actor: Any, post: NewsPost) -> None:
    _require_editor(actor, post)
    files = [i.file for i in post.images.all()] + [a.file for a in post.attachments.all()]
    audit(actor=actor, action="news.delete", obj=post, changes={"title": post.title})
    post.delete()
    _delete_files_on_commit(files)


@transaction.atomic
def news_post_pin(*, actor: Any, post: NewsPost, pinned: bool) -> NewsPost:
    if not can_pin_news(actor, post.district):
        raise PermissionDenied(_("Nur die Koordination kann Neuigkeiten anheften."))
    if post.pinned != pinned:
        post.pinned = pinned
        post.save(update_fields=["pinned", "updated_at"])
        audit(actor=actor, action="news.pin" if pinned else "news.unpin", obj=post)
    return post


# --- comments ---------------------------------------------------------------------------------


@transaction.atomic
def news_comment_create(*, actor: Any, post: NewsPost, body: str) -> NewsComment:
    """Comment on a post; its author and earlier commenters who can see it are told."""
    _require_visible(actor, post)
    if not can_comment_news(actor, post):
        raise PermissionDenied(_("Sie können diese Neuigkeit nicht kommentieren."))
    html, _text = _clean_body(body, limit=COMMENT_MAX)
    comment = NewsComment.objects.create(
        district=post.district,
        post=post,
        author=actor,
        author_organisation_id=_writing_organisation(actor, post.district),
        body=html,
    )
    audit(actor=actor, action="news.comment", obj=comment, changes={"post": post.pk})
    earlier = NewsComment.objects.filter(post=post).exclude(pk=comment.pk).values("author_id")
    recipients = audience_members(post).filter(pk__in=earlier) | audience_members(post).filter(
        pk=post.author_id
    )
    notifications.notify(
        recipients=recipients,
        category=Category.NEWS,
        message=gettext_noop("%(name)s hat „%(title)s“ kommentiert"),
        params={"name": str(actor), "title": post.title},
        target=post,
        url=comment.get_absolute_url(),
        actor=actor,
    )
    return comment


def _writing_organisation(actor: Any, district: District) -> int | None:
    """The organisation a person writes for: a professional membership first."""
    roles = roles_of(actor, district).by_organisation()
    ranked = sorted(roles.items(), key=lambda item: (item[1] == Role.VOLUNTEER, item[0]))
    return ranked[0][0] if ranked else None


@transaction.atomic
def news_comment_update(*, actor: Any, comment: NewsComment, body: str) -> NewsComment:
    _require_visible(actor, comment.post)
    if not can_edit_news_comment(actor, comment):
        raise PermissionDenied(_("Sie können diesen Kommentar nicht bearbeiten."))
    html, _text = _clean_body(body, limit=COMMENT_MAX)
    if html != comment.body:
        comment.body, comment.edited = html, True
        comment.save(update_fields=["body", "edited"])
        audit(actor=actor, action="news.comment_update", obj=comment)
    return comment


@transaction.atomic
def news_comment_delete(*, actor: Any, comment: NewsComment) -> None:
    _require_visible(actor, comment.post)
    if not can_delete_news_comment(actor, comment):
        raise PermissionDenied(_("Sie können diesen Kommentar nicht löschen."))
    audit(actor=actor, action="news.comment_delete", obj=comment, changes={"post": comment.post_id})
    comment.delete()


# --- images and attachments -------------------------------------------------------------------


def _store(item: NewsImage | NewsAttachment, checked: CheckedFile) -> None:
    item.content_type = checked.content_type
    item.size = checked.size
    item.sha256 = checked.sha256
    item.file.save(f"upload.{checked.extension}", ContentFile(checked.data), save=False)
    item.save()


@transaction.atomic
def news_image_add(*, actor: Any, post: NewsPost, upload: Any, alt: str) -> NewsImage:
    """Add an image (PNG, JPEG, GIF, WebP, checked by content) with its required description."""
    _require_editor(actor, post)
    alt = " ".join((alt or "").split())
    if not alt:
        raise ValidationError({"alt": _("Bitte beschreiben Sie, was auf dem Bild zu sehen ist.")})
    if len(alt) > ALT_MAX:
        raise ValidationError(
            {
                "alt": _("Die Beschreibung ist zu lang (höchstens %(max)s Zeichen).")
                % {"max": ALT_MAX}
            }
        )
    try:
        checked = check_upload(upload, kinds=frozenset({IMAGE}), max_bytes=IMAGE_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    image = NewsImage(district=post.district, post=post, alt=alt, uploaded_by=actor)
    _store(image, checked)
    audit(actor=actor, action="news.image_add", obj=image, changes={"post": post.pk})
    return image


@transaction.atomic
def news_image_remove(*, actor: Any, image: NewsImage) -> None:
    """Remove an image, and its `<img>` from the post's text."""
    post = NewsPost.objects.select_for_update().get(pk=image.post_id)
    _require_editor(actor, post)
    src = re.escape(image.get_absolute_url())
    body = re.sub(rf'<img[^>]*\ssrc="{src}"[^>]*>', "", post.body)
    if body != post.body:
        post.body = sanitize_html(body, image_src_prefixes=(post.image_url_prefix(),))
        post.save(update_fields=["body", "updated_at"])
    audit(actor=actor, action="news.image_remove", obj=image, changes={"post": post.pk})
    files = [image.file]
    image.delete()
    _delete_files_on_commit(files)


@transaction.atomic
def news_attachment_add(*, actor: Any, post: NewsPost, upload: Any) -> NewsAttachment:
    """Attach a file (PDF, Office, OpenDocument, image, text or CSV, checked by content)."""
    _require_editor(actor, post)
    try:
        checked = check_upload(upload, kinds=ALL_KINDS)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    attachment = NewsAttachment(
        district=post.district, post=post, name=checked.safe_name, uploaded_by=actor
    )
    _store(attachment, checked)
    audit(actor=actor, action="news.attachment_add", obj=attachment, changes={"post": post.pk})
    return attachment


@transaction.atomic
def news_attachment_remove(*, actor: Any, attachment: NewsAttachment) -> None:
    _require_editor(actor, attachment.post)
    audit(
        actor=actor,
        action="news.attachment_remove",
        obj=attachment,
        changes={"post": attachment.post_id},
    )
    files = [attachment.file]
    attachment.delete()
    _delete_files_on_commit(files)
