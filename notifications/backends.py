"""The e-mail backend behind every message the application sends (EMAIL_BACKEND): Django's
send_mail, password-reset and invitation mails alike. It only stores the message in the outbox
and queues its sending, so saving a change never waits for, or fails on, the mail server. The
queue then sends it through EMAIL_DELIVERY_BACKEND (SMTP in production) and retries."""

from django.core.mail.backends.base import BaseEmailBackend

from notifications import services


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            services.email_store(message, related=getattr(message, "related", None))
        return len(email_messages)
