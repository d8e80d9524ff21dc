from django.apps import AppConfig
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class DevicesConfig(AppConfig):
    name = "watchroom.devices"
    label = "devices"
    verbose_name = gettext_lazy("Equipment")

    def ready(self):
        from watchroom.core import extensions

        extensions.add_place_hold(area_with_cameras)
        extensions.add_home_figures(home_figures)
        extensions.add_place_links(area_floor_plan_link)


# Lent to core (core.extensions), which does not import devices. Models are imported
# when asked, since this module is loaded before the models are (app loading).

def area_with_cameras(place) -> tuple[str, str] | None:
    """R-EQUIP-1: an area watched by enabled cameras is not deactivated."""
    from watchroom.core.models import Area
    from watchroom.core.services import active_names

    if not isinstance(place, Area):
        return None
    cameras = place.cameras.filter(enabled=True)
    return ("R-EQUIP-1", active_names(cameras)) if cameras.exists() else None


def home_figures() -> list[tuple]:
    from watchroom.devices.models import Camera, Recorder

    return [("devices.view_camera", _("Cameras"), Camera.objects, "devices:camera_list"),
            ("devices.view_recorder", _("Recorders"), Recorder.objects,
             "devices:recorder_list")]


def area_floor_plan_link(user, place) -> list[dict]:
    from watchroom.devices.views.floor_plans import area_links

    return area_links(user, place)
