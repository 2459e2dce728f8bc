from directory.models import TranslationState, pick_translation
from directory.tests.factories import OfferFactory, OfferTranslationFactory


def test_current_translation_is_picked_else_german_original(db):
    offer = OfferFactory(title="Beratung für Familien")
    OfferTranslationFactory(offer=offer, language="ar", title="استشارة للعائلات")
    rows = list(offer.translations.all())

    chosen, fallback = pick_translation(rows, "ar")
    assert chosen.title == "استشارة للعائلات" and not fallback

    chosen, fallback = pick_translation(rows, "uk")
    assert chosen.title == "Beratung für Familien" and fallback

    offer.translations.filter(language="ar").update(state=TranslationState.OUTDATED)
    chosen, fallback = pick_translation(list(offer.translations.all()), "ar")
    assert chosen.language == "de" and fallback
