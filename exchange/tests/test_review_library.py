"""Review findings of the library area: each test failed before its fix."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from districts.roles import forget_roles
from exchange.models import Folder
from exchange.models.library import FOLDER_DEPTH_MAX
from exchange.selectors.library import flatten, folder_tree
from exchange.services import library as services


def test_moving_a_folder_keeps_its_subfolders_within_the_depth_limit(network: Any) -> None:
    def chain(name: str, levels: int) -> list[Folder]:
        folders: list[Folder] = []
        for level in range(levels):
            folders.append(
                services.folder_create(
                    actor=network.coordinator,
                    district=network.district,
                    name=f"{name}{level}",
                    parent=folders[-1] if folders else None,
                )
            )
        return folders

    deep, moved = chain("A", FOLDER_DEPTH_MAX - 1), chain("X", 2)
    with pytest.raises(ValidationError):
        services.folder_update(
            actor=network.coordinator, folder=moved[0], name="X0", parent=deep[-1]
        )
    with pytest.raises(ValidationError):
        services.folder_move(actor=network.coordinator, folder=moved[0], parent=deep[-1])
    tree = flatten(folder_tree(network.coordinator, network.district))
    assert max(node.depth for node in tree) < FOLDER_DEPTH_MAX
    # One level less fits.
    services.folder_move(actor=network.coordinator, folder=moved[0], parent=deep[-2])


def test_an_uploader_who_is_now_only_a_volunteer_can_no_longer_change_the_document(network):
    from districts.models import Role
    from exchange.permissions import can_manage_document
    from exchange.tests.factories_library import FolderFactory, make_document

    document = make_document(
        folder=FolderFactory(district=network.district),
        author=network.staff,
        organisation=network.other_org,
        include_volunteers=True,
    )
    assert can_manage_document(network.staff, document)
    network.staff.memberships.update(role=Role.VOLUNTEER)
    forget_roles(network.staff)  # a new request
    assert not can_manage_document(network.staff, document)
