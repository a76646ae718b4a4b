"""An Open Referral HSDS 3.0 read view of the directory, under ``/api/hsds/``.

The directory's core is aligned with HSDS, so this is a mapping, not a second model: one public
listing is one HSDS service, provided by one organization, at one location. ``ids`` says how
HSDS ids are derived, ``taxonomy`` turns the directory's vocabularies into HSDS taxonomies,
``mapping`` turns listings into HSDS objects, ``views`` serves them with HSDS's paging envelope,
and ``openapi`` describes the answers to drf-spectacular. See docs/api.md, *HSDS*.
"""
