"""Sections: what other apps add to a backup (``backup.SECTIONS`` of every installed app, found
by module name), in the order their ``after`` asks. The contexts they are given live with their
direction: export.ExportContext and context.RestoreContext."""

from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

# Sections -------------------------------------------------------------------------------------


def sections() -> list:
    """Every installed app's ``backup.SECTIONS``, ordered so that a section comes after those
    it names in ``after`` (organizations before the API keys that belong to them)."""
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "backup"):
            found += getattr(import_module(f"{config.name}.backup"), "SECTIONS", [])
    by_name = {section.name: section for section in found}
    ordered: list = []

    def visit(section, path: tuple[str, ...] = ()) -> None:
        if section in ordered:
            return
        if section.name in path:
            raise ValueError(f"Backup sections refer to each other: {' -> '.join(path)}.")
        for name in section.after:
            if name in by_name:  # a section of an app not installed here comes in no file
                visit(by_name[name], (*path, section.name))
        ordered.append(section)

    for section in found:
        visit(section)
    return ordered
