from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    name = "districts"
    verbose_name = _("Kreise und Mitgliedschaften")

    def ready(self) -> None:
        from . import roles  # noqa: F401 - connects the signals that keep role answers fresh
