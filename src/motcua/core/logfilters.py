"""Logging filters wired in settings.LOGGING."""

from __future__ import annotations

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """Keep a refused or missing request (4xx) to its one line: drop the exception's traceback.

    Django (5.x) logs every PermissionDenied, Http404 and BadRequest on ``django.request`` as a
    warning *with* the traceback of the exception the view raised. A 403 is an answer, not a
    fault: the line "Forbidden (Permission denied): /path" says all an operator needs. Server
    errors (5xx) keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500 and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True
