from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class HealthConfig(AppConfig):
    name = "watchroom.health"
    label = "health"
    verbose_name = gettext_lazy("Camera health")

    def ready(self):
        from watchroom.core import extensions

        extensions.add_place_links(camera_links)


def camera_links(user, place) -> list[dict]:
    """A camera's page links to its reference picture, blocks and changes (lent to
    devices through core.extensions)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from watchroom.core.selectors import in_knowledge_scope
    from watchroom.devices.models import Camera
    from watchroom.health.selectors.blocks import block_apply_refusal

    if not isinstance(place, Camera):
        return []
    links = []
    if user.has_perm("health.view_referenceimage") and in_knowledge_scope(user, place.area):
        links.append({"url": reverse("health:reference_camera", args=[place.pk]),
                      "label": _("Reference picture")})
    links.append({"url": reverse("health:block_list") + f"?camera={place.pk}",
                  "label": _("This camera's blocks")})
    if block_apply_refusal(user, place) is None:
        links.append({"url": reverse("health:block_apply") + f"?camera={place.pk}",
                      "label": _("Apply to block a camera")})
    if user.has_perm("health.view_camerachange"):
        links.append({"url": reverse("health:change_list") + f"?camera={place.pk}",
                      "label": _("This camera's changes")})
    return links
