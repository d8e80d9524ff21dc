"""API for places, people and policy profiles. Writes go through the services."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from watchroom.core import selectors, services
from watchroom.core.choices import Role
from watchroom.core.models import (
    Area,
    Department,
    MonitoringRoom,
    PolicyProfile,
    Site,
    StaffProfile,
)
from watchroom.core.roles import roles_of

User = get_user_model()
NO_DELETE = ["get", "post", "patch", "head", "options"]


class ServiceViewSet(viewsets.ModelViewSet):
    """Creates and updates call `create_service` / `update_service` with the actor."""

    http_method_names = NO_DELETE
    create_service = None
    update_service = None
    update_kwarg = ""

    def perform_create(self, serializer):
        serializer.instance = type(self).create_service(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = type(self).update_service(
            actor=self.request.user, **{self.update_kwarg: serializer.instance},
            **serializer.validated_data,
        )


class PolicyProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = PolicyProfile
        fields = "__all__"


class SiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "code", "name", "address", "policy"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "site", "phone"]


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "site", "code", "name", "department", "privacy_sensitive", "description"]


class RoomSerializer(serializers.ModelSerializer):
    class Meta:
        model = MonitoringRoom
        fields = ["id", "site", "code", "name", "location", "phone", "capacity"]


class StaffSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = StaffProfile
        fields = ["id", "username", "full_name", "employee_no", "department", "title", "phone",
                  "rooms", "roles"]

    def get_roles(self, obj) -> list[str]:
        return roles_of(obj.user)


class StaffCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, max_length=128)
    full_name = serializers.CharField(max_length=60)
    employee_no = serializers.CharField(max_length=30)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), required=False, allow_null=True
    )
    title = serializers.CharField(max_length=60, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)


class PolicyProfileViewSet(ServiceViewSet):
    queryset = PolicyProfile.objects.all()
    serializer_class = PolicyProfileSerializer
    create_service = services.policy_profile_create
    update_service = services.policy_profile_update
    update_kwarg = "profile"


class SiteViewSet(ServiceViewSet):
    queryset = selectors.sites()
    serializer_class = SiteSerializer
    create_service = services.site_create
    update_service = services.site_update
    update_kwarg = "site"


class DepartmentViewSet(ServiceViewSet):
    queryset = Department.objects.select_related("site")
    serializer_class = DepartmentSerializer
    create_service = services.department_create
    update_service = services.department_update
    update_kwarg = "department"


class AreaViewSet(ServiceViewSet):
    queryset = Area.objects.select_related("site", "department")
    serializer_class = AreaSerializer
    create_service = services.area_create
    update_service = services.area_update
    update_kwarg = "area"


class RoomViewSet(ServiceViewSet):
    queryset = selectors.rooms()
    serializer_class = RoomSerializer
    create_service = services.room_create
    update_service = services.room_update
    update_kwarg = "room"


class StaffViewSet(viewsets.ModelViewSet):
    """Staff are listed and created here; roles change through the services only."""

    http_method_names = ["get", "post", "head", "options"]
    queryset = selectors.staff()

    def get_serializer_class(self):
        return StaffCreateSerializer if self.action == "create" else StaffSerializer

    @extend_schema(request=StaffCreateSerializer, responses={201: StaffSerializer})
    def create(self, request, *args, **kwargs):
        serializer = StaffCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        staff = services.staff_create(actor=request.user, **serializer.validated_data)
        return Response(StaffSerializer(staff).data, status=status.HTTP_201_CREATED)


ROUTES = [
    ("policy-profiles", PolicyProfileViewSet, "policy-profile"),
    ("sites", SiteViewSet, "site"),
    ("departments", DepartmentViewSet, "department"),
    ("areas", AreaViewSet, "area"),
    ("rooms", RoomViewSet, "room"),
    ("staff", StaffViewSet, "staff"),
]
