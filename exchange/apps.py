from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Austausch")

    def ready(self) -> None:
        from ui.registry import register_capability

        from . import dashboard, notify

        register_capability("exchange", _("Austausch"), "exchange:index", order=20)
        dashboard.register()
        notify.register()

        from districts.models import Topic
        from districts.vocabulary import register_usage, through_counter

        from .models import Document, Thread

        register_usage(Topic, _("Dokumente"), through_counter(Document.topics.through, "topic_id"))
        register_usage(Topic, _("Diskussionen"), through_counter(Thread, "topic_id"))
