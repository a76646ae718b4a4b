"""Where PostgreSQL keeps a search document's parts (migration 0019): the tsvector in the row,
which every search tests for each candidate, the texts it is made from out of it."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="storage is PostgreSQL's"),
    pytest.mark.django_db,
]


def storage() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute "
            "WHERE attrelid = 'directory_searchdocument'::regclass AND attnum > 0 "
            "AND NOT attisdropped"
        )
        return dict(cursor.fetchall())


def test_the_vector_stays_in_the_row_and_the_texts_leave_it_first():
    found = storage()
    assert found["vector"] == "m"  # MAIN: compressed in the row before it would move out
    assert {found[c] for c in ("title", "terms", "body", "words")} == {"e"}  # EXTERNAL


def test_the_term_id_arrays_stay_in_the_row():
    # EXTENDED, they went to TOAST (the vector keeps each row over the threshold), and a term
    # facet read four TOAST pages a match (migration 0022).
    found = storage()
    assert {found[c] for c in ("topic_ids", "language_ids", "fund_type_ids")} == {"m"}
