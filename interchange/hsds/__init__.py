"""The Open Referral HSDS 3.0 import (``manage.py import_hsds``; docs/architecture.md, *HSDS
import*). Its face: the names the command and the tests use. Inside, ``package`` reads the input
(a tabular data package or JSON), ``rules`` chooses each service's kind (``rules.toml``),
``mapping`` maps a service onto a listing, ``importer`` plans and writes, ``report`` says what
happened, ``schema`` checks JSON against the official schemas."""

from interchange.hsds.importer import PROGRESS_EVERY, HsdsImport
from interchange.hsds.report import HsdsInputError
from interchange.hsds.rules import RULES_FILE, SKIP, Rules

__all__ = ["PROGRESS_EVERY", "RULES_FILE", "SKIP", "HsdsImport", "HsdsInputError", "Rules"]
