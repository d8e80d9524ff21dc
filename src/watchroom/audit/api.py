"""Read-only API over the audit trail and its signed checkpoints (R-SEC-3)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from watchroom.audit import selectors
from watchroom.audit.models import AuditCheckpoint, AuditEvent
from watchroom.audit.names import CATEGORIES
from watchroom.core.api_params import datetime_param


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["seq", "ts", "actor", "actor_user_id", "action", "target_type", "target_id",
                  "target_label", "data", "prev_hash", "hash"]
        read_only_fields = fields


class AuditCheckpointSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditCheckpoint
        fields = ["id", "number", "prev_hash", "created", "seq", "hash", "key_id", "signature"]
        read_only_fields = fields


EVENT_FILTERS = [
    OpenApiParameter("actor", OpenApiTypes.STR, description="Actor, exact (case-insensitive)."),
    OpenApiParameter("action", OpenApiTypes.STR,
                     description="Action, exact; a value ending in '.' or '*' is a prefix."),
    OpenApiParameter("category", OpenApiTypes.STR,
                     description="A category of actions: " + ", ".join(
                         key for key, _name, _prefixes in CATEGORIES) + "."),
    OpenApiParameter("target_type", OpenApiTypes.STR, description="Target type, e.g. core.site."),
    OpenApiParameter("target_id", OpenApiTypes.STR, description="Target ID."),
    OpenApiParameter("since", OpenApiTypes.DATETIME, description="Events at or after (ISO 8601)."),
    OpenApiParameter("until", OpenApiTypes.DATETIME, description="Events at or before (ISO 8601)."),
]


@extend_schema_view(
    list=extend_schema(summary="Audit events, newest first", parameters=EVENT_FILTERS),
    retrieve=extend_schema(summary="One audit event"),
)
class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The append-only, hash-chained audit trail."""

    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventSerializer
    lookup_field = "seq"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if self.action != "list":
            return AuditEvent.objects.all()
        params = self.request.query_params
        return selectors.event_search(
            actor=params.get("actor", ""),
            action=params.get("action", ""),
            category=params.get("category", ""),
            target_type=params.get("target_type", ""),
            target_id=params.get("target_id", ""),
            since=datetime_param(params, "since"),
            until=datetime_param(params, "until"),
        )


@extend_schema_view(
    list=extend_schema(summary="Signed checkpoints of the audit chain"),
    retrieve=extend_schema(summary="One signed checkpoint"),
)
class AuditCheckpointViewSet(viewsets.ReadOnlyModelViewSet):
    """Ed25519-signed statements of the chain's head at a moment."""

    queryset = AuditCheckpoint.objects.all()
    serializer_class = AuditCheckpointSerializer

    def get_queryset(self):
        return selectors.checkpoint_search()


ROUTES = [
    ("audit/events", AuditEventViewSet, "audit-event"),
    ("audit/checkpoints", AuditCheckpointViewSet, "audit-checkpoint"),
]
