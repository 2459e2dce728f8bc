"""Random input to the profile, contact and relation forms: never a 500, nothing changed when
the input is refused."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from network.models import Contact, Profile, Relation
from network.services.profiles import profile_get_or_create

pytestmark = pytest.mark.django_db

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
text = st.text(max_size=60)
values = st.one_of(
    text,
    st.integers().map(str),
    st.sampled_from(["", "0", "-1", "1e9", "50,5", "de", "public", "in", "out", "funding"]),
)


def form_data(keys):
    return st.fixed_dictionaries(
        {}, optional={key: st.one_of(values, st.lists(values, max_size=3)) for key in keys}
    )


PROFILE_KEYS = [
    "description", "description_audience", "topics", "target_groups", "languages",
    "topics_audience", "street", "postcode", "city", "latitude", "longitude", "address_audience",
    "opening_hours", "opening_hours_audience", "contact_audience", "remove_logo",
]  # fmt: skip


def profile_state(organisation):
    profile = Profile.objects.get(organisation=organisation)
    state = model_to_dict(profile, exclude=["id", "logo"])
    state["topics"] = sorted(t.pk for t in state["topics"])
    state["target_groups"] = sorted(t.pk for t in state["target_groups"])
    return state


@FUZZ
@given(data=form_data(PROFILE_KEYS))
@example(data={"topics": [str(2**63)], "target_groups": [str(2**63)]})
def test_profile_form_fuzz(client, network, data):
    profile_get_or_create(actor=network.coordinator, organisation=network.office)
    before = profile_state(network.office)
    client.force_login(network.coordinator)
    response = client.post(reverse("network:profile_edit", args=[network.office.pk]), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert profile_state(network.office) == before


@FUZZ
@given(
    data=form_data(
        ["name", "function", "email", "phone", "languages", "topics", "user", "is_public"]
    )
)
@example(data={"name": "Ana", "topics": [str(2**63)], "user": str(2**63)})
def test_contact_form_fuzz(client, network, data):
    count = Contact.objects.count()
    client.force_login(network.org_admin)
    response = client.post(reverse("network:contact_create", args=[network.other_org.pk]), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Contact.objects.count() == count


@FUZZ
@given(data=form_data(["kind", "direction", "other", "since", "note"]), pick=st.booleans())
@example(data={"kind": "funding", "other": str(2**63)}, pick=False)
def test_relation_form_fuzz(client, network, data, pick):
    if pick:
        data = {**data, "other": str(network.office.pk)}
    count = Relation.objects.count()
    client.force_login(network.org_admin)
    response = client.post(reverse("network:relation_create", args=[network.other_org.pk]), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Relation.objects.count() == count
