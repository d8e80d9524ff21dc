"""The equipment archive over the API (R-EQUIP-1). Serializers check shapes; every
write is the same service call the pages make. Nothing is deleted: equipment is
retired through its status."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from watchroom.core.api_base import ServiceViewSet
from watchroom.core.api_params import filter_by_id
from watchroom.devices import selectors, services
from watchroom.devices.choices import EquipmentStatus
from watchroom.devices.forms import CameraImportForm
from watchroom.devices.importing import ImportRejected
from watchroom.devices.models import (
    Camera,
    Display,
    NetworkDevice,
    PowerSupply,
    Recorder,
    Storage,
)

_ARCHIVE = ["id", "code", "name", "status", "location", "supplier", "model_name", "serial_no",
            "install_date", "manual_url", "notes"]


class _EquipmentSerializer(serializers.ModelSerializer):
    class Meta:
        # Duplicates are the service's to refuse, with the archive's own messages.
        validators = []
        extra_kwargs = {name: {"validators": []} for name in ("code", "serial_no", "stream_url")}


class CameraSerializer(_EquipmentSerializer):
    password = serializers.CharField(
        write_only=True, required=False, allow_blank=True, trim_whitespace=False,
        style={"input_type": "password"},
        help_text=_("Write only. Omit to keep the stored password; an empty string clears it."),
    )
    has_password = serializers.BooleanField(read_only=True)
    department = serializers.IntegerField(
        source="area.department_id", read_only=True,
        help_text=_("The department responsible for the camera's area."),
    )

    class Meta(_EquipmentSerializer.Meta):
        model = Camera
        fields = [*_ARCHIVE, "area", "department", "recorder", "stream_url", "substream_url",
                  "onvif_address", "username", "password", "has_password", "resolution", "enabled"]


class RecorderSerializer(_EquipmentSerializer):
    password = serializers.CharField(
        write_only=True, required=False, allow_blank=True, trim_whitespace=False,
        style={"input_type": "password"},
        help_text=_("Write only. Omit to keep the stored password; an empty string clears it."),
    )
    has_password = serializers.BooleanField(read_only=True)

    class Meta(_EquipmentSerializer.Meta):
        model = Recorder
        fields = [*_ARCHIVE, "site", "kind", "address", "channels", "onvif_address",
                  "username", "password", "has_password"]


class StorageSerializer(_EquipmentSerializer):
    class Meta(_EquipmentSerializer.Meta):
        model = Storage
        fields = [*_ARCHIVE, "site", "recorder", "kind", "capacity_tb"]


class DisplaySerializer(_EquipmentSerializer):
    class Meta(_EquipmentSerializer.Meta):
        model = Display
        fields = [*_ARCHIVE, "room", "size_inches"]


class NetworkDeviceSerializer(_EquipmentSerializer):
    class Meta(_EquipmentSerializer.Meta):
        model = NetworkDevice
        fields = [*_ARCHIVE, "site", "kind", "address", "ports"]


class PowerSupplySerializer(_EquipmentSerializer):
    class Meta(_EquipmentSerializer.Meta):
        model = PowerSupply
        fields = [*_ARCHIVE, "site", "kind", "capacity_va", "battery_installed"]


class CameraImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("A CSV file (UTF-8 or GBK) or an .xlsx workbook."))


class ImportRowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    value = serializers.CharField()
    message = serializers.CharField()


class ImportRejectedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = ImportRowErrorSerializer(many=True)


_status_param = OpenApiParameter("status", str, enum=EquipmentStatus.values,
                                 description="Only equipment in this state.")


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("area", int, description="Only cameras watching this area."),
    OpenApiParameter("recorder", int, description="Only cameras on this recorder."),
    _status_param,
]))
class CameraViewSet(ServiceViewSet):
    serializer_class = CameraSerializer

    def get_queryset(self):
        queryset = selectors.camera_list()
        if self.action != "list":
            return queryset
        params = self.request.query_params
        for name in ("area", "recorder"):
            queryset = filter_by_id(queryset, params, name)
        if params.get("status"):
            queryset = queryset.filter(status=params["status"])
        return queryset

    create_service = services.camera_create
    update_service = services.camera_update
    update_kwarg = "camera"

    @extend_schema(
        request={"multipart/form-data": CameraImportSerializer},
        responses={201: CameraSerializer(many=True), 400: ImportRejectedSerializer},
        description="Import a camera list; all rows or none (R-EQUIP-1).",
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser],
            pagination_class=None)
    def import_(self, request):
        form = CameraImportForm(files=request.FILES)
        if not form.is_valid():
            return Response({"detail": " ".join(form.errors.get("file", [])), "errors": []},
                            status=status.HTTP_400_BAD_REQUEST)
        upload = form.cleaned_data["file"]
        try:
            cameras = services.camera_import(actor=request.user, file_name=upload.name,
                                             content=upload.read())
        except ImportRejected as exc:
            return Response({
                "detail": str(_("Nothing was imported.")),
                "errors": [{"row": e.row, "column": e.column, "value": e.value,
                            "message": e.message} for e in exc.row_errors],
            }, status=status.HTTP_400_BAD_REQUEST)
        return Response(CameraSerializer(cameras, many=True).data,
                        status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("site", int, description="Only recorders of this site."), _status_param,
]))
class RecorderViewSet(ServiceViewSet):
    serializer_class = RecorderSerializer

    def get_queryset(self):
        return _filtered(self, selectors.recorder_list(), "site")

    create_service = services.recorder_create
    update_service = services.recorder_update
    update_kwarg = "recorder"


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("site", int, description="Only storage of this site."), _status_param,
]))
class StorageViewSet(ServiceViewSet):
    serializer_class = StorageSerializer

    def get_queryset(self):
        return _filtered(self, selectors.storage_list(), "site")

    create_service = services.storage_create
    update_service = services.storage_update
    update_kwarg = "storage"


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("room", int, description="Only displays of this monitoring room."),
    _status_param,
]))
class DisplayViewSet(ServiceViewSet):
    serializer_class = DisplaySerializer

    def get_queryset(self):
        return _filtered(self, selectors.display_list(), "room")

    create_service = services.display_create
    update_service = services.display_update
    update_kwarg = "display"


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("site", int, description="Only network devices of this site."),
    _status_param,
]))
class NetworkDeviceViewSet(ServiceViewSet):
    serializer_class = NetworkDeviceSerializer

    def get_queryset(self):
        return _filtered(self, selectors.network_device_list(), "site")

    create_service = services.network_device_create
    update_service = services.network_device_update
    update_kwarg = "network_device"


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("site", int, description="Only power supplies of this site."),
    _status_param,
]))
class PowerSupplyViewSet(ServiceViewSet):
    serializer_class = PowerSupplySerializer

    def get_queryset(self):
        return _filtered(self, selectors.power_supply_list(), "site")

    create_service = services.power_supply_create
    update_service = services.power_supply_update
    update_kwarg = "power_supply"


def _filtered(view, queryset, parent: str):
    if view.action != "list":
        return queryset
    params = view.request.query_params
    queryset = filter_by_id(queryset, params, parent)
    if params.get("status"):
        queryset = queryset.filter(status=params["status"])
    return queryset


ROUTES = [
    ("cameras", CameraViewSet, "camera"),
    ("recorders", RecorderViewSet, "recorder"),
    ("storage", StorageViewSet, "storage"),
    ("displays", DisplayViewSet, "display"),
    ("network-devices", NetworkDeviceViewSet, "networkdevice"),
    ("power-supplies", PowerSupplyViewSet, "powersupply"),
]
