from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Angebote für Neuzugewanderte")

    def ready(self) -> None:
        from . import signals  # noqa: F401, PLC0415 (connects the search-index receivers)
