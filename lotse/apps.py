from django.apps import AppConfig


class LotseConfig(AppConfig):
    """The project itself: what no single app owns (the announced capabilities)."""

    name = "lotse"
    verbose_name = "Lotse"

    def ready(self) -> None:
        from .capabilities import announce

        announce()
