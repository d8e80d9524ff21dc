from django.contrib.auth.decorators import login_required, permission_required


def allowed(perm: str):
    """A page for signed-in users holding `perm`; others get 403 (or the log-in page)."""
    def decorate(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorate
