"""Registers the partners' admin: the "Partners" menu with the API keys."""

from wagtail import hooks

from partners.viewsets import PartnersViewSetGroup


@hooks.register("register_admin_viewset")
def register_partners_viewsets():
    return PartnersViewSetGroup()
