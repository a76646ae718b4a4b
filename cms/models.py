"""Page types for the CMS side of the site: a home page, folders and documents.

They are translatable (Wagtail's i18n with wagtail-localize), so a know-your-rights guide can be
published in every language the directory serves.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock


class HomePage(Page):
    """The site's root page in each language."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = ["cms.FolderPage", "cms.DocumentPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")


class FolderPage(Page):
    """A section that lists its child pages, e.g. 'Know your rights' or 'Agency protocols'."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = ["cms.FolderPage", "cms.DocumentPage"]

    class Meta:
        verbose_name = _("folder")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().specific()
        return context


class DocumentPage(Page):
    """A guide, know-your-rights sheet or agency protocol."""

    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    subpage_types = []

    class Meta:
        verbose_name = _("document")
