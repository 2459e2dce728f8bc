"""Factories of the news area. They write rows directly; tests of behaviour go through the
services (see test_news_services.py)."""

from __future__ import annotations

import io
from typing import Any

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from districts.tests.factories import OrganisationFactory
from exchange.models import (
    Audience,
    NewsAttachment,
    NewsComment,
    NewsImage,
    NewsPost,
)


def png_bytes(colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(buffer, format="PNG")
    return buffer.getvalue()


class NewsPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsPost
        skip_postgeneration_save = True

    author_organisation = factory.SubFactory(OrganisationFactory)
    district = factory.LazyAttribute(lambda o: o.author_organisation.district)
    title = factory.Sequence(lambda n: f"Neuigkeit {n} aus dem Netzwerk")
    body = "<p>Ab sofort gibt es eine offene Sprechstunde.</p>"
    body_text = "Ab sofort gibt es eine offene Sprechstunde."
    audience = Audience.NETWORK
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def organisations(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.organisations.set(extracted)


class NewsCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsComment

    post = factory.SubFactory(NewsPostFactory)
    district = factory.LazyAttribute(lambda o: o.post.district)
    body = "<p>Danke für die Information!</p>"


def news_image(post: NewsPost, *, alt: str = "Ein rotes Quadrat", **kwargs: Any) -> NewsImage:
    data = png_bytes()
    image = NewsImage(
        district=post.district,
        post=post,
        alt=alt,
        content_type="image/png",
        size=len(data),
        sha256="0" * 64,
        **kwargs,
    )
    image.file.save("bild.png", ContentFile(data), save=True)
    return image


def news_attachment(
    post: NewsPost, *, name: str = "merkblatt.txt", **kwargs: Any
) -> NewsAttachment:
    data = b"Merkblatt zur Terminvergabe\n"
    attachment = NewsAttachment(
        district=post.district,
        post=post,
        name=name,
        content_type="text/plain",
        size=len(data),
        sha256="0" * 64,
        **kwargs,
    )
    attachment.file.save("anhang.txt", ContentFile(data), save=True)
    return attachment
