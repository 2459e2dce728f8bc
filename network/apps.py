from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Netzwerk")

    def ready(self) -> None:
        from ui.registry import register_capability

        register_capability("network", _("Netzwerk"), "network:index", order=10)

        from districts.models import TargetGroup, Topic
        from districts.vocabulary import register_usage, through_counter

        from .models import Agreement, Contact, Profile

        for label, through, model, column in (
            (_("Steckbriefe"), Profile.topics.through, Topic, "topic_id"),
            (_("Ansprechpersonen"), Contact.topics.through, Topic, "topic_id"),
            (_("Vereinbarungen"), Agreement.topics.through, Topic, "topic_id"),
            (_("Steckbriefe"), Profile.target_groups.through, TargetGroup, "targetgroup_id"),
        ):
            register_usage(model, label, through_counter(through, column))
