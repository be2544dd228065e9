"""gunicorn's access log without private links: /r/<token>/… is written as /r/…/…."""

import re

from gunicorn.glogging import Logger

PRIVATE_LINK = re.compile(r"/r/[^/?#\s\"]+")
HIDDEN = "/r/…"


def redact(text):
    return PRIVATE_LINK.sub(HIDDEN, text) if isinstance(text, str) else text


class RedactingLogger(Logger):
    """Every atom of an access log line (request line, path, referrer, headers) loses its tokens."""

    def atoms(self, resp, req, environ, request_time):
        return {name: redact(value) for name, value in super().atoms(resp, req, environ, request_time).items()}
