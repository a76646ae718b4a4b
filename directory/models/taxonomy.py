"""Taxonomies: controlled lists that are data, not code.

Each term has a stable ``token`` (what the API and filters use) and a translatable ``title``. A
term's translations are rows in other locales sharing its ``translation_key``; listings always
point at the default-locale row (the canonical term), so a filter by token never depends on the
language, and titles are looked up in the reader's language when shown.

Counties are the exception: Census reference data keyed by FIPS code. Their names are proper
names, the same in every language, so they are not translated (see docs/architecture.md).
"""

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import TranslatableMixin

from directory.choices import TopicGroup


def default_language_code() -> str:
    """The default content language, as Wagtail's Locale.get_default() finds it, without a query."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def canonical_terms() -> dict:
    """``limit_choices_to`` for relations to terms: only the default locale's rows."""
    return {"locale__language_code": default_language_code()}


class TermQuerySet(models.QuerySet):
    def canonical(self) -> "TermQuerySet":
        return self.filter(**canonical_terms())

    def titles_in(self, language_code: str) -> dict[str, str]:
        """Map each term's token to its title in ``language_code``, falling back to the default."""
        return self.tokens_and_titles(language_code)[1]

    def tokens_and_titles(self, language_code: str) -> tuple[dict[int, str], dict[str, str]]:
        """In one query: canonical term pk -> token, and token -> title in ``language_code``
        (the default language's title where there is no translation)."""
        default = default_language_code()
        rows = self.filter(locale__language_code__in={default, language_code}).values_list(
            "pk", "translation_key", "token", "title", "locale__language_code"
        )
        tokens, keys, titles = {}, {}, {}
        for pk, key, token, title, language in rows:
            if language == default:
                tokens[pk], keys[key] = token, token
            if language == language_code or key not in titles:
                titles[key] = title
        return tokens, {keys[key]: titles[key] for key in keys}


class Term(TranslatableMixin, models.Model):
    token = models.SlugField(
        _("token"),
        max_length=64,
        help_text=_("Stable code used by the API and in links; do not change it once in use."),
    )
    title = models.CharField(_("title"), max_length=200)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    objects = TermQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "title"]

    def __str__(self) -> str:
        return self.title

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        clash = type(self).objects.filter(token=self.token, locale_id=self.locale_id)
        if self.token and clash.exclude(pk=self.pk).exists():
            raise ValidationError({"token": _("Another term already uses this token.")})


def _unique_token_per_locale(model_name: str) -> list[models.UniqueConstraint]:
    return [
        models.UniqueConstraint(fields=["token", "locale"], name=f"{model_name}_token_per_locale")
    ]


class Topic(Term):
    """A practice area (removal defense, U visa...) or service (wage claims, raid hotline)."""

    group = models.CharField(
        _("group"), max_length=20, choices=TopicGroup.choices, default=TopicGroup.PRACTICE_AREA
    )

    class Meta(Term.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = _unique_token_per_locale("topic")


class Language(Term):
    """A language spoken by a listing's staff, by its ISO 639-3 code (e.g. spa, mam, quc)."""

    class Meta(Term.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = _unique_token_per_locale("language")

    def clean(self):
        super().clean()
        if self.token and pycountry.languages.get(alpha_3=self.token) is None:
            raise ValidationError({"token": _("Use an ISO 639-3 language code, such as mam.")})


class Industry(Term):
    class Meta(Term.Meta):
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        constraints = _unique_token_per_locale("industry")


class FundType(Term):
    class Meta(Term.Meta):
        verbose_name = _("fund type")
        verbose_name_plural = _("fund types")
        constraints = _unique_token_per_locale("fundtype")


class Country(Term):
    """A country, by its ISO 3166-1 alpha-2 code (e.g. MX)."""

    class Meta(Term.Meta):
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = _unique_token_per_locale("country")

    def clean(self):
        super().clean()
        if self.token and pycountry.countries.get(alpha_2=self.token.upper()) is None:
            raise ValidationError({"token": _("Use an ISO 3166-1 country code, such as MX.")})


class State(Term):
    """A US state, DC or territory, by its USPS code (e.g. NJ)."""

    fips = models.CharField(_("FIPS code"), max_length=2, blank=True)

    class Meta(Term.Meta):
        verbose_name = _("state")
        verbose_name_plural = _("states")
        constraints = _unique_token_per_locale("state")


class County(models.Model):
    """A county or county-equivalent (2020 Census), keyed by its five-digit FIPS code."""

    fips = models.CharField(_("FIPS code"), max_length=5, primary_key=True)
    state = models.CharField(_("state"), max_length=2, db_index=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["state", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.state}"
