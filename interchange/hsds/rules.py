"""The kind rules (interchange/hsds/rules.toml, or ``--rules``): which kind a service becomes,
or why it is skipped, and what a kind requires that HSDS does not carry."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from directory.choices import FeeModel, Kind
from directory.models import Listing
from interchange.hsds.report import HsdsInputError
from interchange.hsds.text import folded, has_phrase, number_or_none

RULES_FILE = Path(__file__).with_name("rules.toml")
SKIP = "skip"
# Fields the rules may set (what each kind requires and HSDS does not carry).
RULE_FIELDS = {
    Kind.ATTORNEY: ("provider_type", "doj_recognized", "serves_detained",
                    "accepts_agency_referrals", "accepting_clients"),
    Kind.CONSULATE: ("post_type", "accepts_detainee_lists"),
    Kind.WORKER_CENTER: ("center_type", "membership_required"),
    Kind.FUNDING_SOURCE: ("fund_status", "open_to_individuals", "open_to_attorneys",
                          "open_to_organizations", "detained_only"),
}  # fmt: skip
LOOK_IN = ("name", "organization", "description")


# Rules -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    kind: str
    terms: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    look_in: tuple[str, ...] = ("name", "organization")
    number: int = 0

    def describe(self) -> str:
        what = []
        if self.terms:
            what.append("taxonomy term " + " / ".join(self.terms))
        if self.words:
            what.append("words in " + "/".join(self.look_in))
        return f"rule {self.number} ({', '.join(what)})"


@dataclass(frozen=True)
class SetRule:
    kind: str
    field: str
    value: object
    words: tuple[str, ...]
    look_in: tuple[str, ...]


class Rules:
    """interchange/hsds/rules.toml, read and checked."""

    def __init__(self, path: Path | None = None, default_kind: str | None = None):
        path = path or RULES_FILE
        self.path = path
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise HsdsInputError(f"The rules file {path} cannot be read: {error}") from error
        kinds = {*Kind.values, SKIP}
        self.default = default_kind or data.get("default", SKIP)
        if self.default not in kinds:
            raise HsdsInputError(
                f"{path}: default {self.default!r} is not one of {', '.join(sorted(kinds))}."
            )
        self.rules = [
            self._rule(number, raw, kinds) for number, raw in enumerate(data.get("rule", []), 1)
        ]
        self.defaults = self._defaults(data.get("defaults", {}))
        self.sets = [self._set(number, raw) for number, raw in enumerate(data.get("set", []), 1)]
        self.fees = self._fees(data.get("fees", {}))

    def _rule(self, number: int, raw: dict, kinds: set[str]) -> Rule:
        kind = raw.get("kind")
        if kind not in kinds:
            raise HsdsInputError(f"{self.path}: rule {number}: kind {kind!r} is not known.")
        rule = Rule(
            kind,
            tuple(folded(t) for t in raw.get("terms", [])),
            tuple(folded(w) for w in raw.get("words", [])),
            tuple(raw.get("look_in", ("name", "organization"))),
            number,
        )
        if not (rule.terms or rule.words) or set(rule.look_in) - set(LOOK_IN):
            raise HsdsInputError(
                f"{self.path}: rule {number} needs terms or words, and look_in among "
                f"{', '.join(LOOK_IN)}."
            )
        return rule

    def _defaults(self, data: dict) -> dict[str, dict]:
        defaults = {}
        for kind, values in data.items():
            if kind not in Kind.values:
                raise HsdsInputError(f"{self.path}: defaults for unknown kind {kind!r}.")
            for name, value in values.items():
                self._check_value(kind, name, value, f"defaults.{kind}")
            defaults[kind] = dict(values)
        return defaults

    def _set(self, number: int, raw: dict) -> SetRule:
        kind, name, value = raw.get("kind"), raw.get("field"), raw.get("value")
        if kind not in Kind.values:
            raise HsdsInputError(f"{self.path}: set {number}: kind {kind!r} is not known.")
        self._check_value(kind, name, value, f"set {number}")
        return SetRule(
            kind,
            name,
            value,
            tuple(folded(w) for w in raw.get("words", [])),
            tuple(raw.get("look_in", ("name", "organization"))),
        )

    def _fees(self, data: dict) -> list[tuple[str, tuple[str, ...]]]:
        fees = []
        for model, words in data.items():
            if model not in FeeModel.values:
                raise HsdsInputError(f"{self.path}: fees: {model!r} is not a fee model.")
            fees.append((model, tuple(folded(w) for w in words)))
        return fees

    def _check_value(self, kind: str, name: str, value, where: str) -> None:
        if name not in RULE_FIELDS[kind]:
            raise HsdsInputError(
                f"{self.path}: {where}: {name!r} is not one of {', '.join(RULE_FIELDS[kind])}."
            )
        model_field = Listing._meta.get_field(name)
        if model_field.choices:
            if value not in [choice for choice, _label in model_field.choices]:
                raise HsdsInputError(f"{self.path}: {where}: {value!r} is not a {name}.")
        elif not isinstance(value, bool):
            raise HsdsInputError(f"{self.path}: {where}: {name} is true or false.")

    def kind_for(self, texts: dict[str, str], terms: set[str]) -> tuple[str, str]:
        """(kind or "skip", why)."""
        for rule in self.rules:
            if rule.terms and terms & set(rule.terms):
                return rule.kind, rule.describe()
            if rule.words:
                haystack = " | ".join(texts[place] for place in rule.look_in)
                for word in rule.words:
                    if has_phrase(haystack, word):
                        return rule.kind, f"{rule.describe()}: {word!r}"
        if self.default == SKIP:
            return SKIP, "no rule matched and the default is skip (interchange/hsds/rules.toml)"
        return self.default, "no rule matched: the default kind"

    def kind_values(self, kind: str, texts: dict[str, str]) -> dict:
        values = {}
        for rule in self.sets:
            if rule.kind != kind or rule.field in values:
                continue
            haystack = " | ".join(texts[place] for place in rule.look_in)
            if any(has_phrase(haystack, word) for word in rule.words):
                values[rule.field] = rule.value
        for name, value in self.defaults.get(kind, {}).items():
            values.setdefault(name, value)
        return values

    def fee_model(self, options: list[dict]) -> str:
        for option in options:
            label = folded(option.get("option"))
            for model, words in self.fees:
                if any(has_phrase(label, word) for word in words):
                    return model
            if number_or_none(option.get("amount")) == 0:
                return FeeModel.FREE
        return ""
