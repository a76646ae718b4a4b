"""Partner API keys (API.md, *Visibility tiers*).

A key reads ``amp_<prefix>.<secret>``: the prefix (8 hex digits) finds the row and is shown in the
admin to tell keys apart; only a SHA-256 hash of the whole key is stored. The secret part carries
256 random bits, so a fast hash is enough (no password stretching is needed for a random secret),
and the full key exists only in the answer to the admin who created it.
"""

import hashlib
import hmac
import logging
import re
import secrets
from datetime import date
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.db_faults import is_read_only

logger = logging.getLogger(__name__)

KEY_PREFIX = "amp_"
KEY_RE = re.compile(r"^amp_(?P<prefix>[0-9a-f]{8})\.(?P<secret>[A-Za-z0-9_-]{20,100})$")
RATE_RE = re.compile(
    r"^\s*(?P<count>\d{1,7})\s*(?:/\s*(?P<period>s|sec|second|m|min|minute|h|hour|d|day))?\s*$"
)
DEFAULT_PORTS = {"http": 80, "https": 443}


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def normalize_rate(value: str) -> str:
    """``"120/min"`` stays as DRF reads it; a bare number is per hour. Raises ValidationError."""
    match = RATE_RE.match(value or "")
    if not match or int(match["count"]) < 1:
        raise ValidationError(
            _('Enter a number of requests per hour (e.g. 5000) or per period (e.g. "120/min").'),
            code="invalid_rate",
        )
    return f"{int(match['count'])}/{match['period'] or 'hour'}"


def normalize_origin(value: str) -> str:
    """``scheme://host[:port]`` as a browser sends it in ``Origin``: lower case, no default port,
    no path. Raises ValidationError."""
    text = value.strip()
    invalid = ValidationError(
        _("%(origin)s is not an origin: write scheme://host[:port], e.g. https://example.org."),
        code="invalid_origin",
        params={"origin": text},
    )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise invalid from error
    if (
        parts.scheme.lower() not in DEFAULT_PORTS
        or not parts.hostname
        or parts.username is not None
        or parts.password is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or "*" in text
    ):
        raise invalid
    scheme, host = parts.scheme.lower(), parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"  # IPv6
    if port is not None and port != DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}:{port}"
    return f"{scheme}://{host}"


def parse_origins(text: str) -> list[str]:
    """The allowed origins, one a line; raises one ValidationError listing every bad line."""
    origins, errors = [], []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        try:
            origin = normalize_origin(line)
        except ValidationError as error:
            errors.extend(error.error_list)
            continue
        if origin not in origins:
            origins.append(origin)
    if errors:
        raise ValidationError(errors)
    return origins


class PartnerKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def for_key(self, key: str) -> "PartnerKey | None":
        """The active key row for ``key``, or None (unknown, malformed or revoked)."""
        match = KEY_RE.match(key or "")
        if not match:
            return None
        found = self.active().filter(prefix=match["prefix"]).first()
        if found is None or not hmac.compare_digest(found.hashed_key, hash_key(key)):
            return None
        return found

    def registered_origins(self) -> set[str]:
        """Every origin an active key may call the API from."""
        origins: set[str] = set()
        for text in (
            self.active().exclude(allowed_origins="").values_list("allowed_origins", flat=True)
        ):
            origins.update(line.strip() for line in text.splitlines() if line.strip())
        return origins


class PartnerKey(models.Model):
    class Tier(models.TextChoices):
        PUBLIC = "public", _("Public (public fields, own rate limit and origins)")
        PARTNER = "partner", _("Partner (adds partner-only fields)")

    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the key is for, e.g. “Newark embed”.")
    )
    organization = models.ForeignKey(
        "lists.Organization",
        verbose_name=_("organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_keys",
        help_text=_("The organization that holds the key, if it is one of the directory's."),
    )
    # What the admin wrote before keys could belong to an organization (kept as written), or a
    # partner that keeps no lists here.
    organization_name = models.CharField(
        _("organization name"),
        max_length=200,
        blank=True,
        help_text=_("The partner's name, when it is not one of the organizations above."),
    )
    tier = models.CharField(
        _("tier"),
        max_length=10,
        choices=Tier.choices,
        default=Tier.PUBLIC,
        help_text=_(
            "Public keys may sit in a web page and are bound to their origins; partner keys are "
            "secrets for servers and see partner-only fields (a consulate's liaison contact)."
        ),
    )
    allowed_origins = models.TextField(
        _("allowed origins"),
        blank=True,
        help_text=_(
            "Web sites whose pages may call the API with this key (CORS), one a line, as "
            "scheme://host[:port], e.g. https://partner.example.org. Empty: no browser access."
        ),
    )
    rate_limit = models.CharField(
        _("rate limit"),
        max_length=20,
        blank=True,
        help_text=_(
            "Requests per hour (e.g. 5000) or per period (e.g. “120/min”). Empty: the "
            "default for the tier."
        ),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick to revoke the key: it answers 401 at once.")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # The day only: no per-request record of what a partner asked for is kept.
    last_used = models.DateField(_("last used"), null=True, blank=True, editable=False)
    prefix = models.CharField(_("key prefix"), max_length=8, unique=True, editable=False)
    hashed_key = models.CharField(max_length=64, editable=False)

    objects = PartnerKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def holder(self) -> str:
        """Who holds the key: its organization, else the name written for it."""
        return self.organization.name if self.organization_id else self.organization_name

    @property
    def display_prefix(self) -> str:
        return f"{KEY_PREFIX}{self.prefix}…" if self.prefix else ""

    def clean(self) -> None:
        errors = {}
        try:
            self.allowed_origins = "\n".join(parse_origins(self.allowed_origins))
        except ValidationError as error:
            errors["allowed_origins"] = error.error_list
        if self.rate_limit.strip():
            try:
                self.rate_limit = normalize_rate(self.rate_limit)
            except ValidationError as error:
                errors["rate_limit"] = error.error_list
        else:
            self.rate_limit = ""
        if errors:
            raise ValidationError(errors)

    def new_key(self) -> str:
        """Give this row a new key and return it: the only time the full key exists."""
        while True:
            prefix = secrets.token_hex(4)
            if not PartnerKey.objects.filter(prefix=prefix).exists():
                break
        key = f"{KEY_PREFIX}{prefix}.{secrets.token_urlsafe(32)}"
        self.prefix, self.hashed_key = prefix, hash_key(key)
        return key

    def origins(self) -> list[str]:
        return [line.strip() for line in self.allowed_origins.splitlines() if line.strip()]

    def allows_origin(self, origin: str) -> bool:
        return origin in self.origins()

    @property
    def is_partner(self) -> bool:
        return self.tier == self.Tier.PARTNER

    def note_use(self) -> None:
        """Record the day of use: at most one attempt a day per key and process, and never at
        the cost of the read it accompanies.

        Why a guarded write here and not a count in the cache flushed by a command: the default
        cache is per process (a command cannot flush it), and with a router the write simply
        goes to the primary. Only when the whole site reads from a read-only database (a replica,
        a server in recovery, a role granted only SELECT) is the write refused; then the day is
        not recorded, one warning says why, and the request answers as usual. The write runs in
        its own savepoint (a refused statement must not abort a request's transaction on
        PostgreSQL) and skips a row another transaction holds (an admin saving the key), so it
        never waits. Any other database error is raised: a read-only kind is all it forgives.
        """
        today = timezone.localdate()
        if self.last_used == today or _noted_use.get(self.prefix) == today:
            return
        _noted_use[self.prefix] = today
        self.last_used = today
        try:
            with transaction.atomic():
                unlocked = PartnerKey.objects.filter(pk=self.pk).select_for_update(skip_locked=True)
                if unlocked.values_list("pk", flat=True).first() is not None:
                    PartnerKey.objects.filter(pk=self.pk).update(last_used=today)
        except DatabaseError as error:
            if not is_read_only(error):
                raise
            logger.warning("API key %s: its day of use is not recorded (%s)", self.prefix, error)


# Key prefix (random, never reused as a pk may be) -> the day this process last noted its use
# (written or refused).
_noted_use: dict[str, date] = {}


def request_key(request) -> PartnerKey | None:
    """The authenticated key of a DRF request, if any (partners/authentication.py sets it as
    ``request.auth``); the throttles and the API's tiers read it."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, PartnerKey) else None
