from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    name = "districts"
    verbose_name = _("Kreise und Mitgliedschaften")

    def ready(self) -> None:
        from accounts.second_factor import register_second_factor_rule
        from ui.kit import current_district
        from ui.registry import register_nav_entry

        from . import dashboard, roles  # noqa: F401 - roles connects its signals
        from .permissions import can_see_management, must_use_second_factor

        register_second_factor_rule(must_use_second_factor)

        from django.db.models.signals import post_save

        from .models import District
        from .vocabulary import seed_vocabulary_of_new_district

        post_save.connect(
            seed_vocabulary_of_new_district,
            sender=District,
            dispatch_uid="districts.seed_vocabulary_of_new_district",
        )

        register_nav_entry(
            "management",
            _("Verwaltung"),
            "districts:manage",
            order=100,
            visible=lambda request: can_see_management(request.user, current_district(request)),
        )
        dashboard.register()
