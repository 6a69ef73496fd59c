"""E-mail through Django's mail backend (SMTP in production, a folder by default)."""

from __future__ import annotations

import hashlib
import smtplib

from django.core.mail import EmailMessage, get_connection

from motcua.notifications import conf
from motcua.notifications.channels.base import DeliveryError, PermanentDeliveryError
from motcua.notifications.models import Notification


def message_id(notification: Notification) -> str:
    """A Message-ID fixed per notification, so a receiving server can spot a repeat."""
    domain = conf.email_from().rpartition("@")[2] or "motcua.local"
    digest = hashlib.sha256(notification.key.encode()).hexdigest()[:16]
    return f"<{notification.reference}.{digest}@{domain}>"


class EmailBackend:
    # SMTP has no request id: a send interrupted after DATA may have gone out, so it is not repeated.
    idempotent = False

    def send(self, notification: Notification) -> str:
        mid = message_id(notification)
        msg = EmailMessage(
            subject=notification.subject,
            body=notification.body,
            from_email=conf.email_from(),
            to=[notification.recipient],
            headers={"Message-ID": mid},
        )
        try:
            with get_connection(fail_silently=False, **conf.email_connection_options()) as connection:
                msg.connection = connection
                msg.send()
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _msg in exc.recipients.values()]
            error = f"recipient refused: {', '.join(str(c) for c in codes)}"
            if codes and all(500 <= c < 600 for c in codes):
                raise PermanentDeliveryError(error) from exc
            raise DeliveryError(error) from exc
        except smtplib.SMTPAuthenticationError as exc:  # our configuration: retried until it is fixed
            raise DeliveryError(f"SMTP login refused ({exc.smtp_code})") from exc
        except smtplib.SMTPResponseException as exc:
            error = f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"
            if 500 <= exc.smtp_code < 600:
                raise PermanentDeliveryError(error) from exc
            raise DeliveryError(error) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
        return mid
