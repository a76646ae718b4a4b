"""The CMS pages through the API (API.md): the site root, traversal of the page tree, the
@breadcrumbs, @navigation and @translations services, languages and what the public may see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page, PageViewRestriction

from cms.models import DocumentPage, FolderPage
from tests.api.golden import assert_golden

pytestmark = pytest.mark.django_db


def page(url_path: str) -> Page:
    return Page.objects.get(url_path=url_path).specific


def english(path: str = "") -> Page:
    return page(f"/amparo/{path}")


def spanish(path: str = "") -> Page:
    """The Spanish translation of the English page at ``path``."""
    return english(path).get_translation(Locale.objects.get(language_code="es")).specific


def add(
    parent: Page, slug: str, *, publish: bool = True, model: type[Page] = DocumentPage, **fields
) -> Page:
    child = parent.add_child(
        instance=model(title=fields.pop("title", slug.title()), slug=slug, live=False, **fields)
    )
    revision = child.save_revision()
    if publish:
        revision.publish()
    return page(child.url_path)


def titles(answer) -> list[str]:
    """The titles of the items of a response, or of an answer inlined in one."""
    body = answer if isinstance(answer, dict) else answer.json()
    return [item["title"] for item in body["items"]]


# What a visitor sees


def test_site_root(client, demo_pages):
    response = client.get("/api/")
    assert response.status_code == 200
    assert_golden("pages-site", response)


def test_folder(client, demo_pages):
    assert_golden("pages-folder", client.get("/api/know-your-rights"))


def test_folder_in_spanish(client, demo_pages):
    response = client.get("/api/know-your-rights", {"language": "es"})
    assert response.json()["title"] == "Conozca sus derechos"
    assert_golden("pages-folder-es", response)


def test_document(client, demo_pages):
    response = client.get("/api/know-your-rights/threat-to-call-immigration")
    body = response.json()
    assert body["@type"] == "DocumentPage"
    assert [block["type"] for block in body["body"]] == ["paragraph"] * 3
    assert body["body"][1]["value"]["data"] == (
        "<p>Write down what was said, when, and who heard it.</p>"
    )
    assert_golden("pages-document", response)


def test_blocks_render_rich_text_with_absolute_links(client, demo_pages):
    folder = english("know-your-rights/")
    add(
        english("agency-protocols/"),
        "referrals",
        summary="How to refer a worker.",
        body=[
            ("heading", "Before you refer"),
            (
                "callout",
                {
                    "title": "Know your rights",
                    "text": f'<p>Give them <a linktype="page" id="{folder.pk}">the guides</a>.</p>',
                },
            ),
        ],
    )
    body = client.get("/api/agency-protocols/referrals").json()
    assert body["description"] == "How to refer a worker."
    assert [(block["type"], block["value"]) for block in body["body"]] == [
        ("heading", "Before you refer"),
        (
            "callout",
            {
                "title": "Know your rights",
                "text": {
                    "data": '<p>Give them <a href="http://testserver/know-your-rights/">'
                    "the guides</a>.</p>",
                    "content-type": "text/html",
                    "encoding": "utf-8",
                },
            },
        ),
    ]


def test_breadcrumbs(client, demo_pages):
    response = client.get("/api/know-your-rights/threat-to-call-immigration/@breadcrumbs")
    assert titles(response) == [
        "Know your rights",
        "If your employer threatens to call immigration",
    ]
    assert_golden("pages-breadcrumbs", response)


def test_navigation(client, demo_pages):
    response = client.get("/api/know-your-rights/@navigation")
    assert titles(response) == ["Know your rights", "Agency protocols"]
    assert_golden("pages-navigation", response)


def test_translations(client, demo_pages):
    response = client.get("/api/know-your-rights/after-a-raid/@translations")
    assert response.json()["items"] == [
        {
            "@id": "http://testserver/api/know-your-rights/after-a-raid?language=es",
            "language": "es",
        }
    ]
    assert_golden("pages-translations", response)


def test_expand_inlines_components(client, demo_pages):
    response = client.get("/api/know-your-rights/after-a-raid?expand=breadcrumbs,translations")
    components = response.json()["@components"]
    assert titles(components["breadcrumbs"]) == [
        "Know your rights",
        "After a raid at your workplace",
    ]
    assert components["translations"]["items"][0]["language"] == "es"
    assert components["navigation"] == {
        "@id": "http://testserver/api/know-your-rights/after-a-raid/@navigation"
    }
    assert_golden("pages-expand", response)


def test_site_root_services(client, demo_pages):
    assert client.get("/api/@breadcrumbs").json() == {
        "@id": "http://testserver/api/@breadcrumbs",
        "items": [],
        "root": "http://testserver/api/",
    }
    assert titles(client.get("/api/@navigation")) == ["Know your rights", "Agency protocols"]
    assert client.get("/api/@translations").json()["items"] == [
        {"@id": "http://testserver/api/?language=es", "language": "es"}
    ]
    expanded = client.get("/api/", {"expand": "navigation"}).json()["@components"]
    assert [item["title"] for item in expanded["navigation"]["items"]] == [
        "Know your rights",
        "Agency protocols",
    ]


def test_trailing_slash_is_the_same_page(client, demo_pages):
    without = client.get("/api/know-your-rights/after-a-raid")
    with_slash = client.get("/api/know-your-rights/after-a-raid/")
    assert with_slash.status_code == 200
    assert with_slash.json() == without.json()


def test_unknown_paths_are_404_in_the_error_shape(client, demo_pages):
    for url in [
        "/api/no-such-page",
        "/api/know-your-rights/no-such-page",
        "/api/know-your-rights/threat-to-call-immigration/deeper",
        "/api/@no-such-service",
        "/api/know-your-rights/@no-such-service",
        "/api/directory/no-such-kind/",
        "/api/know-your-rights//after-a-raid",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["type"] == "NotFound", url
        assert response.json()["message"], url


def test_folder_lists_children_in_batches(client, demo_pages):
    response = client.get("/api/know-your-rights", {"b_size": 1, "b_start": 1, "language": "es"})
    body = response.json()
    assert body["items_total"] == 2
    assert titles(response) == ["Después de una redada en su lugar de trabajo"]
    assert body["batching"] == {
        "@id": "http://testserver/api/know-your-rights?b_size=1&b_start=1&language=es",
        "first": "http://testserver/api/know-your-rights?b_size=1&language=es",
        "last": "http://testserver/api/know-your-rights?b_size=1&language=es&b_start=1",
        "prev": "http://testserver/api/know-your-rights?b_size=1&language=es",
    }


# Languages


def test_spanish_by_accept_language(client, demo_pages):
    response = client.get(
        "/api/know-your-rights/threat-to-call-immigration", HTTP_ACCEPT_LANGUAGE="es"
    )
    body = response.json()
    assert response["Content-Language"] == "es"
    assert body["language"] == "es"
    assert body["title"] == "Si su empleador amenaza con llamar a inmigración"
    assert body["body"][1]["value"]["data"] == (
        "<p>Anote lo que le dijeron, cuándo y quién lo escuchó.</p>"
    )
    assert body["parent"]["title"] == "Conozca sus derechos"
    # Chosen by header, so links do not pin a language: the client's header keeps choosing.
    assert body["@id"] == "http://testserver/api/know-your-rights/threat-to-call-immigration"


def test_site_root_in_spanish_names_the_languages_in_spanish(client, demo_pages):
    body = client.get("/api/", HTTP_ACCEPT_LANGUAGE="es").json()
    assert body["language"] == "es"
    # Named in the reader's language by CLDR.
    assert body["available_languages"] == [
        {"token": "en", "title": "Inglés"},
        {"token": "es", "title": "Español"},
        {"token": "ht", "title": "Criollo haitiano"},
        {"token": "pt", "title": "Portugués"},
        {"token": "zh-hans", "title": "Chino simplificado"},
        {"token": "vi", "title": "Vietnamita"},
        {"token": "tl", "title": "Tagalo"},
        {"token": "ar", "title": "Árabe"},
    ]
    assert titles(body) == ["Conozca sus derechos", "Protocolos para agencias"]


def test_spanish_by_parameter_keeps_the_language_in_links(client, demo_pages):
    body = client.get("/api/know-your-rights", {"language": "es"}).json()
    assert body["language"] == "es"
    assert body["@id"] == "http://testserver/api/know-your-rights?language=es"
    assert {item["@id"] for item in body["items"]} == {
        "http://testserver/api/know-your-rights/threat-to-call-immigration?language=es",
        "http://testserver/api/know-your-rights/after-a-raid?language=es",
    }


def test_translated_slugs_answer_both_paths(client, demo_pages):
    folder = spanish("know-your-rights/")
    folder.slug = "conozca-sus-derechos"
    folder.save_revision().publish()
    by_spanish_path = client.get("/api/conozca-sus-derechos/after-a-raid", {"language": "es"})
    by_english_path = client.get("/api/know-your-rights/after-a-raid", {"language": "es"})
    assert by_spanish_path.json() == by_english_path.json()
    assert by_spanish_path.json()["@id"] == (
        "http://testserver/api/conozca-sus-derechos/after-a-raid?language=es"
    )
    translations = client.get("/api/know-your-rights/after-a-raid/@translations").json()
    assert [item["@id"] for item in translations["items"]] == [
        "http://testserver/api/conozca-sus-derechos/after-a-raid?language=es"
    ]
    assert client.get("/api/conozca-sus-derechos").status_code == 404  # no such English page


def test_page_without_spanish_translation_is_served_in_english(client, demo_pages):
    add(english("know-your-rights/"), "wage-theft", title="If you are not paid")
    response = client.get("/api/know-your-rights/wage-theft", {"language": "es"})
    body = response.json()
    assert response.status_code == 200
    assert body["language"] == "en"
    assert body["title"] == "If you are not paid"
    # Around it, what has a Spanish translation is in Spanish.
    assert body["parent"]["title"] == "Conozca sus derechos"
    assert body["parent"]["language"] == "es"
    breadcrumbs = client.get("/api/know-your-rights/wage-theft/@breadcrumbs?language=es")
    assert titles(breadcrumbs) == ["Conozca sus derechos", "If you are not paid"]
    assert client.get("/api/know-your-rights/wage-theft/@translations").json()["items"] == []
    # The Spanish folder lists it, in English, after its translated pages.
    folder = client.get("/api/know-your-rights", {"language": "es"}).json()
    assert [(item["title"], item["language"]) for item in folder["items"]] == [
        ("Si su empleador amenaza con llamar a inmigración", "es"),
        ("Después de una redada en su lugar de trabajo", "es"),
        ("If you are not paid", "en"),
    ]


def test_unpublished_translation_falls_back_to_english(client, demo_pages):
    spanish("know-your-rights/after-a-raid/").unpublish()
    body = client.get("/api/know-your-rights/after-a-raid", {"language": "es"}).json()
    assert body["language"] == "en"
    assert body["title"] == "After a raid at your workplace"
    translations = client.get("/api/know-your-rights/after-a-raid/@translations").json()
    assert translations["items"] == []


# What the public may not see


def test_draft_page_is_not_found_nor_listed(client, demo_pages):
    add(english("know-your-rights/"), "draft-guide", publish=False, title="Draft guide")
    assert client.get("/api/know-your-rights/draft-guide").status_code == 404
    assert "Draft guide" not in titles(client.get("/api/know-your-rights"))
    navigation = client.get("/api/@navigation").json()
    assert "Draft guide" not in [
        child["title"] for item in navigation["items"] for child in item["items"]
    ]


def test_unpublished_page_and_its_children_are_not_found_nor_listed(client, demo_pages):
    english("know-your-rights/").unpublish()
    spanish("know-your-rights/").unpublish()
    assert client.get("/api/know-your-rights").status_code == 404
    # Its children are still live, but in an unpublished section.
    assert client.get("/api/know-your-rights/after-a-raid").status_code == 404
    assert titles(client.get("/api/")) == ["Agency protocols"]
    assert titles(client.get("/api/@navigation")) == ["Agency protocols"]


def test_restricted_pages_are_not_found_nor_listed(client, demo_pages):
    for folder in (english("agency-protocols/"), spanish("agency-protocols/")):
        PageViewRestriction.objects.create(
            page=folder, restriction_type=PageViewRestriction.PASSWORD, password="staff-only"
        )
    for url in [
        "/api/agency-protocols",
        "/api/agency-protocols/responding-within-48-hours",
        "/api/agency-protocols/responding-within-48-hours/@breadcrumbs",
    ]:
        assert client.get(url).status_code == 404, url
    assert titles(client.get("/api/")) == ["Know your rights"]
    assert titles(client.get("/api/", {"language": "es"})) == ["Conozca sus derechos"]
    assert titles(client.get("/api/@navigation")) == ["Know your rights"]


def test_restricted_child_is_not_listed(client, demo_pages):
    child = english("know-your-rights/after-a-raid/")
    PageViewRestriction.objects.create(page=child, restriction_type=PageViewRestriction.LOGIN)
    body = client.get("/api/know-your-rights").json()
    assert titles(body) == ["If your employer threatens to call immigration"]
    assert body["items_total"] == 1


# Caching


def test_unpublishing_changes_the_etag(client, demo_pages):
    first = client.get("/api/know-your-rights")
    assert client.get("/api/know-your-rights", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    english("know-your-rights/after-a-raid/").unpublish()
    second = client.get("/api/know-your-rights", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert titles(second) == ["If your employer threatens to call immigration"]


def test_restricting_a_page_changes_the_etag(client, demo_pages):
    first = client.get("/api/know-your-rights")
    PageViewRestriction.objects.create(
        page=english("know-your-rights/"), restriction_type=PageViewRestriction.LOGIN
    )
    second = client.get("/api/know-your-rights", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 404


# Bad requests


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"sort_on": "title"}, "sort_on"),
        ({"expand": "breadcrumbs,bogus"}, "expand"),
        ({"b_size": "1000"}, "b_size"),
        ({"b_start": "-1"}, "b_start"),
        ({"language": "xx"}, "language"),
    ],
)
@pytest.mark.parametrize("url", ["/api/", "/api/know-your-rights"])
def test_bad_parameters_are_400_naming_the_parameter(client, demo_pages, url, query, field):
    response = client.get(url, query)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "BadRequest"
    assert field in body["message"]
    assert [error["field"] for error in body["errors"]] == [field]


def test_services_take_no_batching_parameters(client, demo_pages):
    response = client.get("/api/know-your-rights/@breadcrumbs", {"b_size": "5"})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "b_size", "message": "Unknown parameter."}]


# Costs


def test_folder_queries_do_not_grow_with_its_children(client, demo_pages):
    home = english()
    small, large = add(home, "small", model=FolderPage), add(home, "large", model=FolderPage)
    add(small, "only-child")
    for number in range(5):
        add(large, f"child-{number}")

    def queries(url: str) -> int:
        client.get(url)  # warm: the first request after an edit moves the public version
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        return len(context.captured_queries)

    assert len(client.get("/api/large").json()["items"]) == 5
    assert queries("/api/small") == queries("/api/large")
    assert queries("/api/small?language=es") == queries("/api/large?language=es")


def test_navigation_queries_do_not_grow_with_the_pages(
    client, demo_pages, django_capture_on_commit_callbacks
):
    def queries() -> int:
        client.get("/api/@navigation")
        with CaptureQueriesContext(connection) as context:
            client.get("/api/@navigation")
        return len(context.captured_queries)

    before = queries()
    # As committed: the change's own refresh records the public version's next due moment.
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(4):
            add(english("agency-protocols/"), f"protocol-{number}")
        add(english(), "more", model=FolderPage)
    assert queries() == before


# The schema


def test_openapi_describes_the_page_services(client):
    schema = client.get("/api/@openapi", HTTP_ACCEPT="application/json").json()
    content = schema["paths"]["/api/{path}"]["get"]
    assert {p["name"] for p in content["parameters"]} == {
        "path",
        "expand",
        "b_start",
        "b_size",
        "language",
    }
    assert all(p.get("description") for p in content["parameters"])
    root = schema["paths"]["/api/@breadcrumbs"]["get"]
    assert {p["name"] for p in root["parameters"]} == {"language"}
    assert "/api/{path}/@translations" in schema["paths"]
    assert "/api/{path}/" not in schema["paths"]
