from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Netzwerk")

    def ready(self) -> None:
        from ui.registry import register_capability

        from . import signals

        signals.connect()
        register_capability("network", _("Netzwerk"), "network:index", order=10)
