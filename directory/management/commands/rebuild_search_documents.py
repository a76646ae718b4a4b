"""``manage.py rebuild_search_documents``: rewrite every listing's search document, after a
change of the synonyms (directory/synonyms.py) or of a catalog's translations."""

from django.core.management.base import BaseCommand

from directory import documents


class Command(BaseCommand):
    help = "Rewrite every listing's search document (after changing synonyms or catalogs)."

    def handle(self, *args, **options):
        documents.refresh_all(log=self.stdout.write)
