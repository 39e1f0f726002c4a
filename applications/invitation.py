"""The invitation of an approved institution to its own account (after a decision, or after a
late confirmation of the applicant's e-mail address)."""

from django.contrib.auth.forms import PasswordResetForm

from applications import services


class _OneAccountResetForm(PasswordResetForm):
    """Sends the link to the one new account only, not to every account with that e-mail."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._user = user

    def get_users(self, email):
        yield self._user


def invite_institution_account(request):
    """Give the approved institution a login and e-mail it a link to choose a password."""

    def invite(institution, email):
        user = services.institution_account_for(institution=institution, email=email)
        reset = _OneAccountResetForm({"email": email}, user=user)
        if reset.is_valid():
            reset.save(
                request=request,
                use_https=request.is_secure(),
                email_template_name="registration/institution_invite_email.html",
                subject_template_name="registration/institution_invite_subject.txt",
            )

    return invite
