"""Controlled values that are code, not data: they drive behaviour (kinds, states of a listing)
or are short fixed lists the API documents. Taxonomies editors extend live in models/taxonomy.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ATTORNEY = "attorney", _("Attorney or legal service provider")
    CONSULATE = "consulate", _("Consulate")
    WORKER_CENTER = "worker-center", _("Worker center")
    FUNDING_SOURCE = "funding-source", _("Funding source")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    TEMPORARILY_CLOSED = "temporarily-closed", _("Temporarily closed")
    INACTIVE = "inactive", _("Inactive")


class ServiceArea(models.TextChoices):
    LOCAL = "local", _("Its own address only")
    COUNTIES = "counties", _("Counties")
    STATES = "states", _("States")
    NATIONAL = "national", _("National")


class FeeModel(models.TextChoices):
    FREE = "free", _("Free")
    SLIDING_SCALE = "sliding-scale", _("Sliding scale")
    LOW_COST = "low-cost", _("Low cost")
    MARKET = "market", _("Market rate")


class PhoneType(models.TextChoices):
    MAIN = "main", _("Main line")
    INTAKE = "intake", _("Intake")
    HOTLINE = "hotline", _("Hotline")
    PROTECTION = "protection", _("Protection department")
    EMERGENCY = "emergency", _("24-hour emergency line")
    TEXT = "text", _("Text messages")
    FAX = "fax", _("Fax")


class VerificationMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("Email exchange")
    IN_PERSON = "in-person", _("In person")
    OFFICIAL_SOURCE = "official-source", _("Official source (bar, EOIR, government site)")
    PARTNER = "partner", _("Confirmed by a partner organization")


class ProviderType(models.TextChoices):
    PRIVATE_ATTORNEY = "private-attorney", _("Private attorney")
    NONPROFIT = "nonprofit", _("Nonprofit legal services")
    LAW_SCHOOL_CLINIC = "law-school-clinic", _("Law school clinic")
    DOJ_RECOGNIZED = "doj-recognized", _("DOJ-recognized organization")
    ACCREDITED_REPRESENTATIVE = "accredited-representative", _("Accredited representative")


class BarStatus(models.TextChoices):
    ACTIVE = "active", _("Active, in good standing")
    INACTIVE = "inactive", _("Inactive")
    SUSPENDED = "suspended", _("Suspended")


class PostType(models.TextChoices):
    EMBASSY = "embassy", _("Embassy consular section")
    CONSULATE_GENERAL = "consulate-general", _("Consulate general")
    CONSULATE = "consulate", _("Consulate")
    CONSULAR_AGENCY = "consular-agency", _("Consular agency")
    MOBILE = "mobile", _("Mobile consulate")


class CenterType(models.TextChoices):
    WORKER_CENTER = "worker-center", _("Worker center")
    UNION = "union", _("Union")
    DAY_LABOR_CENTER = "day-labor-center", _("Day-labor center")
    COSH = "cosh", _("COSH group (occupational safety and health)")


class FundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class TopicGroup(models.TextChoices):
    PRACTICE_AREA = "practice-area", _("Practice area")
    SERVICE = "service", _("Service")
