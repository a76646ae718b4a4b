"""The Open Referral HSDS 3.0 import (``manage.py import_hsds``)."""
