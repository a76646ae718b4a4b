"""What the write API's login tokens need stored: one number per user. A token carries the
number it was issued under; logging out (or an administrator's "sign out everywhere") bumps it,
so every token issued before stops working at once, without a list of tokens kept anywhere."""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class TokenGeneration(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_token_generation",
        verbose_name=_("user"),
    )
    generation = models.PositiveIntegerField(_("generation"), default=0)

    class Meta:
        verbose_name = _("API token generation")
        verbose_name_plural = _("API token generations")

    def __str__(self) -> str:
        return f"{self.user}: {self.generation}"

    @classmethod
    def of(cls, user) -> int:
        row = cls.objects.filter(user=user).values_list("generation", flat=True).first()
        return row or 0

    @classmethod
    def bump(cls, user) -> None:
        """Every token of ``user`` issued so far stops working."""
        row, created = cls.objects.get_or_create(user=user, defaults={"generation": 1})
        if not created:
            cls.objects.filter(pk=row.pk).update(generation=F("generation") + 1)
