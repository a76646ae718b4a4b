"""Notices other apps show on a listing's edit page, without the directory knowing them.

An app registers a ``listing_edit_notices`` hook: a function of (request, listing) returning
HTML, or '' for nothing. The lists app uses it to tell vetters which organizations list the
listing (whom a change affects). Arrows keep pointing down: those apps import the directory,
never the reverse.
"""

from django.utils.functional import cached_property
from django.utils.html import format_html_join
from wagtail import hooks
from wagtail.admin.panels import Panel

HOOK = "listing_edit_notices"


class ListingNoticesPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        @cached_property
        def notices(self) -> list[str]:
            if self.instance is None or self.instance.pk is None:
                return []
            found = (notice(self.request, self.instance) for notice in hooks.get_hooks(HOOK))
            return [html for html in found if html]

        def is_shown(self) -> bool:
            return bool(self.notices)

        def render_html(self, parent_context=None) -> str:
            return format_html_join("", "{}", ((html,) for html in self.notices))
