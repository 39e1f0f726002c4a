"""Access checks every view uses: anonymous users go to the login page, signed-in users without
the permission get 403, and records outside what a user may see are 404 (so an institution user
cannot reach another institution by changing an id in the URL)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

VIEW_REGISTRY = "lks_registry.view_institution"
ADD_INSTITUTION = "lks_registry.add_institution"
EDIT_INSTITUTION = "lks_registry.change_institution"
CHANGE_STATUS = "lks_registry.change_operating_status"
UPLOAD_DOCUMENT = "lks_registry.add_document"
VIEW_DOCUMENT = "lks_registry.view_document"
VIEW_ALL_INSTITUTIONS = "lks_registry.view_all_institutions"


def visible_institutions(user, queryset=None):
    """The institutions this user may see: all for Dinsos staff, only its own for an
    institution's account."""
    from lks_registry.models import Institution

    queryset = Institution.objects.all() if queryset is None else queryset
    if user.has_perm(VIEW_ALL_INSTITUTIONS):
        return queryset
    return queryset.filter(members__user=user)


def permission_required(perm: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def is_institution_account(user) -> bool:
    """An institution's own account: signed in and without the staff-wide view. A superuser holds
    every permission, so "may change its own contact" alone would hand it the institution's own
    screens for every institution; it is staff, never an institution account."""
    return user.is_authenticated and not user.has_perm(VIEW_ALL_INSTITUTIONS)


def institution_account_required(perm: str):
    """For the pages of an institution's own account: anyone else (staff, superusers) gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (request.user.has_perm(perm) and is_institution_account(request.user)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
