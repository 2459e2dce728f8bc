"""Models of the exchange, one module per area; every area imports its models here."""

from districts.audience import Audience, AudienceModel, AudienceQuerySet  # noqa: F401

from .discussions import *  # noqa: F401,F403
from .library import *  # noqa: F401,F403
from .meetings import *  # noqa: F401,F403
from .news import *  # noqa: F401,F403
