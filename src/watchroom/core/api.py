"""API for places, people and policy profiles. Writes go through the services."""

from django.contrib.auth import authenticate, get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from watchroom.core import selectors, services
from watchroom.core.api_base import ServiceViewSet
from watchroom.core.api_permissions import RolePermissions
from watchroom.core.choices import ChangeKind, Role
from watchroom.core.login_throttle import refuse_if_slowed
from watchroom.core.models import (
    ApiToken,
    Area,
    Department,
    MonitoringRoom,
    PendingChange,
    PolicyProfile,
    Site,
    StaffProfile,
)
from watchroom.core.people import person_name
from watchroom.core.roles import roles_of
from watchroom.core.services import api_tokens, changes

User = get_user_model()
# No PUT either: places, people and profiles change by PATCH only.
NO_DELETE = ["get", "post", "patch", "head", "options"]


class PolicyProfileSerializer(serializers.ModelSerializer):
    """Every figure named (no "__all__"); the kind is set at creation and the service
    refuses to change it, the figures' bounds are the service's too (policy_bounds)."""

    class Meta:
        model = PolicyProfile
        fields = ["id", "kind", "name", "shift_starts", "shift_hours", "min_staff_per_shift",
                  "lateness_grace_minutes", "handover_early_minutes",
                  "clock_tolerance_seconds", "retention_days", "playback_check_minutes",
                  "camera_offline_seconds",
                  "integrity_verify_days", "approval_valid_hours", "max_request_camera_hours",
                  "approval_chains",
                  "escalation_minutes", "incident_hold_before_minutes",
                  "password_max_age_days", "default_room_capacity",
                  "api_token_days", "checkpoint_minutes", "fault_repair_hours",
                  "health_check_minutes", "maintenance_days", "lens_cleaning_days",
                  "storage_check_days", "ups_check_days", "replacement_approver"]
        read_only_fields = ["id"]


class SiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "code", "name", "address", "policy", "active"]
        read_only_fields = ["active"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "site", "phone", "active"]
        read_only_fields = ["active"]


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "site", "code", "name", "department", "privacy_sensitive", "description",
                  "active"]
        read_only_fields = ["active"]


class RoomSerializer(serializers.ModelSerializer):
    class Meta:
        model = MonitoringRoom
        fields = ["id", "site", "code", "name", "location", "phone", "capacity", "active"]
        read_only_fields = ["active"]


class StaffSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    active = serializers.BooleanField(source="user.is_active", read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = StaffProfile
        fields = ["id", "username", "full_name", "employee_no", "department", "title", "phone",
                  "rooms", "roles", "active", "must_change_password"]
        read_only_fields = ["must_change_password"]

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
    http_method_names = NO_DELETE


class SiteViewSet(ServiceViewSet):
    queryset = selectors.sites()
    serializer_class = SiteSerializer
    create_service = services.site_create
    update_service = services.site_update
    update_kwarg = "site"
    http_method_names = NO_DELETE


class DepartmentViewSet(ServiceViewSet):
    queryset = Department.objects.select_related("site")
    serializer_class = DepartmentSerializer
    create_service = services.department_create
    update_service = services.department_update
    update_kwarg = "department"
    http_method_names = NO_DELETE


class AreaViewSet(ServiceViewSet):
    queryset = Area.objects.select_related("site", "department")
    serializer_class = AreaSerializer
    create_service = services.area_create
    update_service = services.area_update
    update_kwarg = "area"
    http_method_names = NO_DELETE


class RoomViewSet(ServiceViewSet):
    queryset = selectors.rooms()
    serializer_class = RoomSerializer
    create_service = services.room_create
    update_service = services.room_update
    update_kwarg = "room"
    http_method_names = NO_DELETE


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
        # R-SEC-2: a password the administrator chose is changed at the first sign-in.
        staff = services.staff_create(actor=request.user, temporary_password=True,
                                      **serializer.validated_data)
        return Response(StaffSerializer(staff).data, status=status.HTTP_201_CREATED)


class ApiTokenSerializer(serializers.ModelSerializer):
    active = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = ["id", "user", "name", "created_at", "expires_at", "last_used_at",
                  "revoked_at", "revoked_by", "active"]

    def get_active(self, token) -> bool:
        return token.is_active()


class ObtainTokenSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, style={"input_type": "password"},
                                     trim_whitespace=False)
    code = serializers.CharField(max_length=8, required=False, allow_blank=True, default="",
                                 help_text="The authenticator code, for an account that has one.")
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class IssuedTokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class ObtainTokenView(APIView):
    """R-SEC-2: a token for a user name and password (and the authenticator code of an
    account that has one); it expires after the profile's `api_token_days`."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(request=ObtainTokenSerializer, responses={200: IssuedTokenSerializer})
    def post(self, request):
        body = ObtainTokenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        refuse_if_slowed(data["username"])
        user = authenticate(request._request, username=data["username"],
                            password=data["password"])
        if user is None:
            raise ValidationError({"detail": _("The user name or password is wrong.")})
        token, key = api_tokens.api_token_issue(actor=user, name=data["name"], code=data["code"])
        return Response({"token": key, "expires_at": token.expires_at})


class ApiTokenViewSet(viewsets.ReadOnlyModelViewSet):
    """R-SEC-2: one's own API tokens (an administrator sees everyone's); revoke one."""

    serializer_class = ApiTokenSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema, made without a user
            return ApiToken.objects.none()
        return api_tokens.tokens_visible_to(self.request.user)

    @extend_schema(request=None, responses=ApiTokenSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        token = api_tokens.api_token_revoke(actor=request.user, token=self.get_object())
        return Response(ApiTokenSerializer(token).data)


class PendingChangeSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.full_name", read_only=True, default="")
    proposed_by_name = serializers.SerializerMethodField()

    class Meta:
        model = PendingChange
        fields = ["id", "kind", "status", "staff", "staff_name", "role", "area", "profile",
                  "values", "reason", "proposed_by", "proposed_by_name", "proposed_at",
                  "decided_by", "decided_at", "comment"]
        read_only_fields = fields

    def get_proposed_by_name(self, obj) -> str:
        return person_name(obj.proposed_by)


class ChangeProposalSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ChangeKind.choices)
    staff = serializers.PrimaryKeyRelatedField(queryset=StaffProfile.objects.all(),
                                               required=False)
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all(), required=False)
    profile = serializers.PrimaryKeyRelatedField(queryset=PolicyProfile.objects.all(),
                                                 required=False)
    values = serializers.DictField(required=False)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                   default="")

    def validate(self, data):
        needs = {ChangeKind.GRANT_ROLE: ("staff", "role"),
                 ChangeKind.REMOVE_ROLE: ("staff", "role"),
                 ChangeKind.AREA_NOT_SENSITIVE: ("area",),
                 ChangeKind.POLICY: ("profile", "values")}
        missing = [name for name in needs[data["kind"]] if data.get(name) in (None, "")]
        if missing:
            raise serializers.ValidationError({name: _("This field is required.")
                                               for name in missing})
        return data


class ChangeDecisionSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    comment = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                    default="")


class ChangePermissions(RolePermissions):
    """Reading and proposing need the page's permission; the services decide who may
    propose (an administrator) and who may confirm (a leader)."""

    perms_map = {**RolePermissions.perms_map, "POST": ["core.view_pendingchange"]}


class PendingChangeViewSet(viewsets.ReadOnlyModelViewSet):
    """Two-person changes (R-SEC-1): an administrator proposes, a leader confirms."""

    queryset = selectors.pending_changes()
    serializer_class = PendingChangeSerializer
    permission_classes = [ChangePermissions]

    @extend_schema(request=ChangeProposalSerializer, responses={201: PendingChangeSerializer})
    def create(self, request):
        form = ChangeProposalSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        kind, reason = data["kind"], data["reason"]
        if kind in (ChangeKind.GRANT_ROLE, ChangeKind.REMOVE_ROLE):
            change = changes.change_propose_role(actor=request.user, staff=data["staff"],
                                          role=data["role"],
                                          grant=kind == ChangeKind.GRANT_ROLE, reason=reason)
        elif kind == ChangeKind.AREA_NOT_SENSITIVE:
            change = changes.change_propose_area_not_sensitive(
                actor=request.user, area=data["area"], reason=reason)
        else:
            figures = PolicyProfileSerializer(data["profile"], data=data["values"],
                                              partial=True)
            figures.is_valid(raise_exception=True)
            change = changes.change_propose_policy(actor=request.user, profile=data["profile"],
                                            reason=reason, **figures.validated_data)
        return Response(PendingChangeSerializer(change).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ChangeDecisionSerializer, responses={200: PendingChangeSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        form = ChangeDecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        change = changes.change_confirm(actor=request.user, change=self.get_object(),
                                 code=form.validated_data["code"],
                                 comment=form.validated_data["comment"])
        return Response(PendingChangeSerializer(change).data)

    @extend_schema(request=ChangeDecisionSerializer, responses={200: PendingChangeSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        form = ChangeDecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        change = changes.change_reject(actor=request.user, change=self.get_object(),
                                comment=form.validated_data["comment"])
        return Response(PendingChangeSerializer(change).data)


ROUTES = [
    ("tokens", ApiTokenViewSet, "api-token-record"),
    ("policy-profiles", PolicyProfileViewSet, "policy-profile"),
    ("sites", SiteViewSet, "site"),
    ("departments", DepartmentViewSet, "department"),
    ("areas", AreaViewSet, "area"),
    ("rooms", RoomViewSet, "room"),
    ("staff", StaffViewSet, "staff"),
    ("changes", PendingChangeViewSet, "change"),
]
