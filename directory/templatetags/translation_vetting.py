"""Tags for wagtail-localize's translation editor of a listing, which renders that page with a
context of its own: ``{% translation_vetting %}`` draws the vetting bar
(directory/translations_admin.py), and ``{% snippet_status_panels %}`` repairs its status
panel for a translation in a workflow."""

from django import template
from django.urls import reverse
from wagtail.admin.admin_url_finder import quote
from wagtail.admin.ui.side_panels import StatusSidePanel
from wagtail.models import Page, WorkflowMixin
from wagtail.snippets.side_panels import SnippetStatusSidePanel

from directory.translations_admin import vetting_context

register = template.Library()


@register.inclusion_tag("directory/translation_vetting.html", takes_context=True)
def translation_vetting(context) -> dict:
    request = context["request"]
    return {"request": request, **vetting_context(request, context.get("instance"))}


@register.simple_tag(takes_context=True)
def snippet_status_panels(context) -> str:
    """wagtail-localize gives a translated snippet's editor Wagtail's plain status panel, which
    lacks the snippet's workflow URLs: once the translation is in vetting the page fails
    ("Reverse for '' not found"). Give it the snippet's own panel and those URLs, as
    Wagtail's snippet edit view does."""
    instance = context.get("instance")
    if not isinstance(instance, WorkflowMixin) or isinstance(instance, Page):
        return ""  # no workflow URLs to give (pages get their own panel)
    viewset = instance.snippet_viewset
    pk = quote(instance.pk)
    context["revisions_compare_url_name"] = viewset.get_url_name("revisions_compare")
    context["workflow_history_url"] = reverse(viewset.get_url_name("workflow_history"), args=[pk])
    panels = context.get("side_panels") or []
    for index, panel in enumerate(panels):
        if type(panel) is StatusSidePanel:
            replacement = SnippetStatusSidePanel.__new__(SnippetStatusSidePanel)
            replacement.__dict__.update(panel.__dict__)
            panels[index] = replacement
    return ""
