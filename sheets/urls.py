"""The sheets' URLs: the API endpoint (mounted by amparo/urls.py in the API's namespace, so it
is ``api:referral-sheet``), the short link (language-neutral: its code holds the language) and
the staff page and the public directory search (under the site's language prefixes, like
the CMS pages)."""

from django.urls import path

from sheets import staff, views
from sheets.directory import DirectoryView

api_urlpatterns = [
    path("@referral-sheet", views.ReferralSheetView.as_view(), name="referral-sheet"),
]

urlpatterns = [
    path("s/<str:code>", views.SheetLinkView.as_view(), name="sheet-link"),
]

staff_urlpatterns = [
    path("staff/referrals/", staff.StaffReferralsView.as_view(), name="staff-referrals"),
]

# The public directory search, beside the staff page (both under the language prefixes).
directory_urlpatterns = [
    path("directory/", DirectoryView.as_view(), name="directory"),
]
