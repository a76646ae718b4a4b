"""Demo translations made as a translator makes them in wagtail-localize: shared by the demo's
listings and its pages."""

from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


def translate(
    instance, locale: Locale, texts: dict[str, str], user, publish: bool = True
) -> Translation:
    """Translate ``instance`` into ``locale`` the way a translator would in wagtail-localize:
    fill in the strings we know, then publish the translation (others fall back to the source),
    or leave it a draft."""
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        translated = texts.get(segment.string.data)
        if translated:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": translated, "translation_type": "manual"},
            )
    translation, _created = source.translations.get_or_create(
        target_locale=locale, defaults={"enabled": True}
    )
    # Publish now rather than in wagtail-localize's on_commit callback: deferred to the end of a
    # batch, that callback saves each page as it was before its children were translated,
    # resetting the tree's child counts. The system publishes (the vetting stamp comes from the
    # source, copied on sync).
    translation.save_target(user=user, publish=False)
    if publish:
        translation.get_target_instance().get_latest_revision().publish()
    return translation
