from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Angebote für Neuzugewanderte")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started  # noqa: PLC0415

        from ui.registry import register_capability  # noqa: PLC0415

        from . import search, signals  # noqa: F401, PLC0415 (connects the search-index receivers)

        register_capability("directory", _("Angebote"), "directory:index", order=30)

        from districts.models import TargetGroup, Topic  # noqa: PLC0415
        from districts.vocabulary import code_counter, register_usage  # noqa: PLC0415

        from .models import Offer  # noqa: PLC0415

        def codes(field: str) -> Any:
            def rows(district_id: int) -> Any:
                offers = Offer.objects.filter(district_id=district_id)
                return offers.values_list(field, flat=True).iterator()

            return rows

        register_usage(Topic, _("Angebote im Wegweiser"), code_counter(codes("topics"), Topic))
        register_usage(
            TargetGroup,
            _("Angebote im Wegweiser"),
            code_counter(codes("target_groups"), TargetGroup),
        )

        request_started.connect(search.open_stamp_memo, dispatch_uid="directory_stamp_memo_open")
        request_finished.connect(search.close_stamp_memo, dispatch_uid="directory_stamp_memo_close")
