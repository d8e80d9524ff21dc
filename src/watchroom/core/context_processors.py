from watchroom.core.navigation import menu_for
from watchroom.core.roles import role_label, roles_of


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": [], "user_roles": []}
    return {"menu": menu_for(user), "user_roles": [role_label(r) for r in roles_of(user)]}
