from django.contrib.auth.decorators import login_required, permission_required


def allowed(*perms: str):
    """The one guard for pages: signed-in users holding every one of `perms` (none
    named: any signed-in user); others get the 403 page (or the sign-in page)."""
    def decorate(view):
        if perms:
            view = permission_required(perms, raise_exception=True)(view)
        return login_required(view)

    return decorate
