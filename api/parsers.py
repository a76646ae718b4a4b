"""The API's JSON parser: DRF's, with every malformed body a 400 in the API's error shape.

DRF's parser lets a RecursionError through (a body of ``[[[[...`` a few thousand deep), which
Django answered with a 500, and says little more than Python's decoder about invalid UTF-8.
"""

import json

from rest_framework.parsers import JSONParser as DrfJSONParser
from rest_framework.parsers import get_encoding
from rest_framework.utils.json import strict_constant

from api.errors import BadRequest


class JSONParser(DrfJSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        raw = stream.read() if stream is not None else b""
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise body_error(f"The body is not {encoding} text.") from error
        try:
            return json.loads(text, parse_constant=strict_constant)
        except RecursionError as error:
            raise body_error("The body's JSON is nested too deeply.") from error
        except ValueError as error:
            raise body_error(f"The body is not valid JSON: {error}.") from error


def body_error(message: str) -> BadRequest:
    return BadRequest.for_field("body", message)
