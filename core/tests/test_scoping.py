import pytest
from django.http import Http404

from core.scoping import get_visible_or_404
from districts.models import Organisation


def test_visible_object_is_returned(network):
    org = get_visible_or_404(Organisation, network.staff, pk=network.other_org.pk)
    assert org == network.other_org


def test_other_district_looks_missing(network, other_network):
    with pytest.raises(Http404):
        get_visible_or_404(Organisation, network.staff, pk=other_network.office.pk)
    with pytest.raises(Http404):
        get_visible_or_404(Organisation, network.staff, pk=999_999)


def test_garbage_key_is_404_not_500(network):
    with pytest.raises(Http404):
        get_visible_or_404(Organisation, network.staff, pk="not-a-number")


def test_anonymous_and_operator_see_nothing(network, operator, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not Organisation.objects.visible_to(AnonymousUser()).exists()
    assert not Organisation.objects.visible_to(operator).exists()
