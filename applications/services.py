"""Writes of online registration: applications, their rounds and documents, decisions."""

import datetime
import secrets
from collections.abc import Callable
from difflib import SequenceMatcher

from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import (
    EDITABLE_APPLICATION_STATUSES,
    ApplicationDocument,
    ApplicationKind,
    ApplicationRound,
    ApplicationStatus,
    RegistrationApplication,
)
from applications.selectors import renewal_open
from lks_registry.models import (
    Document,
    Institution,
    InstitutionMember,
    LegalBasis,
    LegalForm,
    LegalScope,
    OfficeSettings,
    RegistrySettings,
)
from lks_registry.services import add_years, institution_save, new_reference
from lks_registry.upload_allowance import upload_allowance_check
from notifications.services import email_queue

APPLICATION_LOCKED = _("This application is being reviewed and cannot be changed now.")
DOCUMENTS_MISSING = _("Upload the required documents first: %(documents)s.")
NOT_WAITING = _("This application is not waiting for a decision (it is “%(status)s”).")
REASON_REQUIRED = _("Write the reason or the note for the institution.")


class ApplicationError(Exception):
    def __init__(self, message, field_errors=None):
        super().__init__(str(message))
        self.message = message
        self.field_errors = field_errors or {}


def _json_ready(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple):
        return [_json_ready(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def application_form_data(form, board_formset) -> dict:
    """The answers as JSON: kept per round, and fed back into the same form to edit or approve."""
    answers = {
        name: _json_ready(value) for name, value in form.cleaned_data.items() if name != "version"
    }
    answers["board"] = [
        {key: row[key] for key in ("name", "position", "address", "phone")}
        for row in board_formset.cleaned_data
        if row and not row.get("DELETE")
    ]
    return answers


def form_post_data(answers: dict) -> dict:
    """Turn stored answers back into what the institution form and board formset accept."""
    from django.utils.datastructures import MultiValueDict

    board = answers.get("board", [])
    data = {key: value for key, value in answers.items() if key != "board" and value is not None}
    data.update(
        {
            "board-TOTAL_FORMS": str(len(board)),
            "board-INITIAL_FORMS": "0",
            "board-MIN_NUM_FORMS": "0",
            "board-MAX_NUM_FORMS": "1000",
        }
    )
    for index, row in enumerate(board):
        for key, value in row.items():
            data[f"board-{index}-{key}"] = value
    multi = MultiValueDict(
        {key: value if isinstance(value, list) else [value] for key, value in data.items()}
    )
    return multi


@transaction.atomic
def application_save(
    *, form, board_formset, application=None, institution=None, kind=ApplicationKind.NEW
):
    """Start an application (or update a draft/returned one) from the validated public form. From
    an institution's account it is a change request or a renewal (daftar ulang) of it."""
    answers = application_form_data(form, board_formset)
    if application is None:
        if kind == ApplicationKind.RENEWAL and not renewal_open(institution):
            days = RegistrySettings.current().renewal_opens_days_before
            raise ApplicationError(RENEWAL_NOT_OPEN % {"days": days})
        application = RegistrationApplication(
            number=new_reference("PD"),
            token=secrets.token_urlsafe(32),
            institution=institution,
            kind=kind,
        )
    elif application.status not in EDITABLE_APPLICATION_STATUSES:
        raise ApplicationError(APPLICATION_LOCKED)
    application.data = answers
    application.name = answers["name"]
    application.npwp = answers.get("npwp", "")
    application.kelurahan_id = answers["kelurahan"]
    application.email = answers.get("email") or application.email
    if address_on_register(application):
        application.confirmed_email = application.email
    application.save()
    return application


def address_on_register(application) -> bool:
    """A change request or renewal sent to the register's own address of the institution needs
    no confirmation: the address is Dinsos's record, not the applicant's word."""
    institution = application.institution
    return bool(
        institution and institution.email and institution.email.lower() == application.email.lower()
    )


@transaction.atomic
def application_add_document(
    *, application, document_type, uploaded_file, content_type, valid_until=None
):
    """Upload a document. A new upload of a type replaces the current one of that type (which is
    kept, marked replaced, as the history), unless the type allows several files."""
    application = RegistrationApplication.objects.select_for_update().get(pk=application.pk)
    if application.status not in EDITABLE_APPLICATION_STATUSES:
        raise ApplicationError(APPLICATION_LOCKED)
    # An applicant has no account: the day's allowance is the application's.
    upload_allowance_check(stored=[application.documents.all()], size=uploaded_file.size)
    now = timezone.now()
    if not document_type.allows_several:
        application.documents.filter(document_type=document_type, replaced_at__isnull=True).update(
            replaced_at=now
        )
    return ApplicationDocument.objects.create(
        application=application,
        document_type=document_type,
        file=uploaded_file,
        original_name=uploaded_file.name[:255],
        content_type=content_type,
        size=uploaded_file.size,
        valid_until=valid_until,
        uploaded_at=now,
    )


def application_missing_documents(application) -> list:
    """The document types still to upload. A new registration needs every type its legal type
    requires; a renewal those whose file on the register has expired (its own end date passed)
    or that the register lacks."""
    legal_form = LegalForm.objects.select_related("legal_type").get(
        pk=application.data["legal_form"]
    )
    uploaded = set(application.current_documents().values_list("document_type_id", flat=True))
    required = list(legal_form.legal_type.required_document_types.all())
    if application.kind == ApplicationKind.RENEWAL and application.institution_id:
        on_file = application.institution.documents.current()
        expired = on_file.expired(timezone.localdate())
        still_valid = set(
            on_file.exclude(pk__in=expired).values_list("document_type_id", flat=True)
        )
        required = [t for t in required if t.pk not in still_valid] + [
            document.document_type
            for document in expired.select_related("document_type")
            if document.document_type not in required
        ]
    return [t for t in required if t.pk not in uploaded]


@transaction.atomic
def application_submit(
    *, application, tracking_url: str, confirm_url: str, require_documents: bool = True
):
    """Send the application to Dinsos. A change request from a registered institution needs no
    new documents: its documents are already on file. The applicant is e-mailed the receipt, or,
    while the address is not confirmed, only the link to confirm it (confirm_url)."""
    application = RegistrationApplication.objects.select_for_update().get(pk=application.pk)
    if application.status not in EDITABLE_APPLICATION_STATUSES:
        raise ApplicationError(APPLICATION_LOCKED)
    missing = application_missing_documents(application) if require_documents else []
    if missing:
        raise ApplicationError(DOCUMENTS_MISSING % {"documents": ", ".join(map(str, missing))})
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.save(update_fields=["status", "submitted_at"])
    ApplicationRound.objects.create(application=application, data=application.data)
    if application.email_confirmed:
        _mail_receipt(application, tracking_url)
    else:
        _mail_confirmation(application, confirm_url)
    return application


def _mail_receipt(application, tracking_url):
    _mail_applicant(
        application,
        _("Registration application %(number)s received") % {"number": application.number},
        _(
            "%(office)s has received the registration application of %(name)s.\n"
            "Application number: %(number)s\n"
            "Follow its status (keep this link private): %(url)s"
        )
        % {
            "office": OfficeSettings.current().office_name,
            "name": application.name,
            "number": application.number,
            "url": tracking_url,
        },
    )


def _mail_decision(application, message, tracking_url):
    _mail_applicant(
        application,
        _("Registration application %(number)s: %(status)s")
        % {"number": application.number, "status": application.get_status_display()},
        _("The status of your application is now: %(status)s.\n%(message)s\nDetails: %(url)s")
        % {"status": application.get_status_display(), "message": message, "url": tracking_url},
    )


def _mail_applicant(application, subject, body):
    """Every message to an applicant but the confirmation link: sent only to a confirmed
    address, so the public form cannot make Dinsos mail anyone who did not ask for it."""
    if not application.email_confirmed:
        return
    email = application.email
    transaction.on_commit(
        lambda: email_queue(to=[email], subject=subject, body=body, related=application)
    )


# --- Confirming the applicant's e-mail address.

EMAIL_CONFIRMATION_SALT = "applications.email-confirmation"
CONFIRMATION_INVALID = _(
    "This confirmation link is not valid (it may be cut off, or the address of the application "
    "has changed since). Open your application's page to ask for a new link."
)
CONFIRMATION_EXPIRED = _(
    "This confirmation link has expired. Open your application's page to ask for a new link."
)
NOTHING_TO_CONFIRM = _("This e-mail address is already confirmed, or the application is not sent.")
RESEND_TOO_SOON = _(
    "A confirmation link was sent at %(time)s. Look in the mailbox (and its spam folder); a new "
    "link can be asked for from %(next)s."
)


def email_confirmation_token(application) -> str:
    """The signed value of the confirmation link: the application and the address it was sent
    to, with the time of signing (the link expires after EMAIL_CONFIRMATION_DAYS)."""
    return signing.TimestampSigner(salt=EMAIL_CONFIRMATION_SALT).sign_object(
        {"id": application.pk, "email": application.email.lower()}
    )


def application_for_confirmation(signed: str):
    """The application a confirmation link is for, or ApplicationError: a forged, cut or
    expired link, or one for an address the application no longer has."""
    signer = signing.TimestampSigner(salt=EMAIL_CONFIRMATION_SALT)
    try:
        value = signer.unsign_object(
            signed, max_age=datetime.timedelta(days=settings.EMAIL_CONFIRMATION_DAYS)
        )
    except signing.SignatureExpired:
        raise ApplicationError(CONFIRMATION_EXPIRED) from None
    except signing.BadSignature:
        raise ApplicationError(CONFIRMATION_INVALID) from None
    application = RegistrationApplication.objects.filter(pk=value["id"]).first()
    if application is None or application.email.lower() != value["email"]:
        raise ApplicationError(CONFIRMATION_INVALID)
    return application


def _mail_confirmation(application, confirm_url):
    """The only message sent to an unconfirmed address: no text of the applicant's in it."""
    application.confirmation_sent_at = timezone.now()
    application.save(update_fields=["confirmation_sent_at"])
    email = application.email
    subject = _("Confirm your e-mail address for Registri LKS")
    body = _(
        "This address was given for registration application %(number)s at %(office)s.\n"
        "If it was you, confirm the address within %(days)s days: %(url)s\n"
        "If it was not you, ignore this message: nothing more will be sent to you."
    ) % {
        "number": application.number,
        "office": OfficeSettings.current().office_name,
        "days": settings.EMAIL_CONFIRMATION_DAYS,
        "url": confirm_url,
    }
    transaction.on_commit(
        lambda: email_queue(to=[email], subject=subject, body=body, related=application)
    )


@transaction.atomic
def application_confirmation_resend(*, application, confirm_url):
    """The confirmation link again (lost, expired), at most once per
    EMAIL_CONFIRMATION_RESEND_MINUTES for an application."""
    application = RegistrationApplication.objects.select_for_update().get(pk=application.pk)
    if application.email_confirmed or application.submitted_at is None:
        raise ApplicationError(NOTHING_TO_CONFIRM)
    wait = datetime.timedelta(minutes=settings.EMAIL_CONFIRMATION_RESEND_MINUTES)
    sent_at = application.confirmation_sent_at
    if sent_at and timezone.now() < sent_at + wait:
        raise ApplicationError(
            RESEND_TOO_SOON
            % {
                "time": timezone.localtime(sent_at).strftime("%H:%M"),
                "next": timezone.localtime(sent_at + wait).strftime("%H:%M"),
            }
        )
    _mail_confirmation(application, confirm_url)
    return application


@transaction.atomic
def application_email_confirm(*, application, tracking_url, invite=None):
    """The applicant proved the address is theirs. What was held back is sent now: the receipt
    of a waiting application, or the last decision (and, for an approved one, the invitation
    to the institution's account)."""
    application = RegistrationApplication.objects.select_for_update().get(pk=application.pk)
    if application.email_confirmed:
        return application
    application.confirmed_email = application.email
    application.save(update_fields=["confirmed_email"])
    if application.status == ApplicationStatus.SUBMITTED:
        _mail_receipt(application, tracking_url)
    elif application.status != ApplicationStatus.DRAFT:
        last = application.rounds.exclude(decision="").order_by("-decided_at", "-pk").first()
        _mail_decision(application, last.message if last else "", tracking_url)
        if application.status == ApplicationStatus.APPROVED and invite and application.institution:
            institution, email = application.institution, application.email
            transaction.on_commit(lambda: invite(institution, email))
    return application


def duplicate_candidates(application) -> list:
    """Register entries that may be the same body: same NPWP, or a very similar name in the
    same kelurahan (compared in Python: the embedded PostgreSQL has no pg_trgm)."""
    matches = []
    if application.npwp:
        matches += list(Institution.objects.filter(npwp=application.npwp))
    neighbours = Institution.objects.filter(kelurahan_id=application.kelurahan_id)
    name = application.name.lower()
    for institution in neighbours:
        if (
            institution not in matches
            and SequenceMatcher(None, name, institution.name.lower()).ratio() >= 0.8
        ):
            matches.append(institution)
    return [m for m in matches if m.pk != application.institution_id]


RENEWAL_NOT_OPEN = _(
    "The daftar ulang is not open for this institution: it opens %(days)s days before the tanda "
    "daftar ends, and not for a revoked or closed institution."
)


def renewed_validity(institution) -> datetime.date:
    """The new end of a renewed tanda daftar: the old end plus the set validity (default 5
    years), so renewing early loses no day and renewing late gains none."""
    years = RegistrySettings.current().registration_validity_years
    return add_years(institution.registration_valid_until, years)


#: Apps built on applications add what follows an approval (supervision closes its field
#: findings), so this module does not import them. Each is called as hook(application) in the
#: approval's transaction.
APPROVAL_HOOKS: list[Callable] = []


@transaction.atomic
def application_decide(*, application_id, decision, message, user, tracking_url, invite):
    """Approve, reject or return an application. Approval creates (or, for a change request,
    updates) the institution, gives a new one its registration number and validity, copies the
    documents and invites the institution to an account."""
    from lks_registry.forms import BoardFormSet, InstitutionForm, labelled_errors  # noqa: I001 (circular

    application = RegistrationApplication.objects.select_for_update().get(pk=application_id)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ApplicationError(NOT_WAITING % {"status": application.get_status_display()})
    if decision in (ApplicationStatus.REJECTED, ApplicationStatus.REVISION) and not message.strip():
        raise ApplicationError(REASON_REQUIRED)
    current_round = application.rounds.order_by("-submitted_at", "-pk").first()

    if decision == ApplicationStatus.APPROVED:
        institution = application.institution or Institution()
        data = form_post_data(application.data)
        if institution.pk:
            # What Dinsos filled in stays as it is (the application form does not carry it); a
            # renewal extends the validity from the old end date, not from the approval day.
            valid_until = institution.registration_valid_until
            if application.kind == ApplicationKind.RENEWAL:
                valid_until = renewed_validity(institution)
            data.update(
                {
                    "version": institution.version,
                    "registration_number": institution.registration_number,
                    "registered_on": institution.registered_on.isoformat()
                    if institution.registered_on
                    else "",
                    "registration_valid_until": valid_until.isoformat() if valid_until else "",
                    "legal_basis": institution.legal_basis_id or "",
                }
            )
        else:
            today = timezone.localdate()
            current_basis = LegalBasis.current_for(LegalScope.REGISTRATION)
            data.update(
                {
                    # Left empty: institution_save gives the register's next number.
                    "registration_number": "",
                    "registered_on": today.isoformat(),
                    "legal_basis": current_basis.pk if current_basis else "",
                }
            )
        form = InstitutionForm(data, instance=institution)
        board = BoardFormSet(data, instance=institution, prefix="board")
        if not (form.is_valid() and board.is_valid()):
            raise ApplicationError(
                _("The application cannot become a register entry as it is: %(errors)s")
                % {
                    "errors": "; ".join(
                        f"{label}: {' '.join(messages)}" if label else " ".join(messages)
                        for label, messages in labelled_errors(form)
                    )
                }
            )
        if institution.pk:
            institution.board.all().delete()
        institution = institution_save(
            form=form,
            board_formset=board,
            expected_version=institution.version if institution.pk else None,
        )
        for document in application.current_documents():
            if not document.document_type.allows_several:
                # The new file replaces the one on record (kept, marked replaced), as an upload.
                institution.documents.current().filter(document_type=document.document_type).update(
                    superseded_at=timezone.now()
                )
            copy = Document(
                institution=institution,
                document_type=document.document_type,
                original_name=document.original_name,
                content_type=document.content_type,
                size=document.size,
                valid_until=document.valid_until,
            )
            copy.file.save(document.original_name, document.file, save=False)
            copy.save()
        application.institution = institution
        # An unconfirmed address is invited once it is confirmed (application_email_confirm).
        if invite and application.email_confirmed:
            transaction.on_commit(lambda: invite(institution, application.email))

    application.status = decision
    application.save(update_fields=["status", "institution"])
    if decision == ApplicationStatus.APPROVED:
        for hook in APPROVAL_HOOKS:
            hook(application)
    if current_round:
        current_round.decision = decision
        current_round.message = message.strip()
        current_round.decided_by = user
        current_round.decided_at = timezone.now()
        current_round.save()
    _mail_decision(application, message, tracking_url)
    return application


def institution_account_for(*, institution, email: str):
    """The login of an approved institution. The e-mail's own account is reused only when it
    belongs to nobody else; an account of another institution, or of staff, is never moved or
    given the institution role (that would take it away from its institution): the new
    institution gets an account of its own, with the same e-mail for the password link."""
    from django.contrib.auth.models import Group, User

    from lks_registry import roles
    from lks_registry.services import institution_member_link

    existing = User.objects.filter(username=email.lower()).first()
    free = (
        existing is not None
        and not existing.is_staff
        and not existing.is_superuser
        and not InstitutionMember.objects.filter(user=existing)
        .exclude(institution=institution)
        .exists()
        and not existing.groups.exclude(name=roles.INSTITUTION).exists()
    )
    if free:
        user = existing
    else:
        user = User.objects.filter(
            institution_membership__institution=institution, email__iexact=email
        ).first() or User(username=f"lembaga-{institution.pk}", email=email)
    if user.pk is None:
        user.first_name = institution.name[:150]
        # A random password nobody knows: the institution chooses its own through the link
        # (Django sends reset links only to accounts with a usable password).
        user.set_password(secrets.token_urlsafe(32))
        user.save()
    user.groups.add(Group.objects.get(name=roles.INSTITUTION))
    institution_member_link(user=user, institution=institution)
    return user
