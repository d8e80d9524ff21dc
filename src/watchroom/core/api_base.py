"""The one base for API viewsets over a service: list, read, create and change, never
delete (records are retired or deactivated, not removed); each write is the same service
call the pages make, with the signed-in user as the actor."""

from rest_framework import mixins, viewsets
from rest_framework.exceptions import MethodNotAllowed


class ServiceViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin,
                     mixins.UpdateModelMixin, mixins.ListModelMixin,
                     viewsets.GenericViewSet):
    """Creates call `create_service(actor=…, **fields)`; changes call
    `update_service(actor=…, <update_kwarg>=the object, **fields)`."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    create_service = None
    update_service = None
    update_kwarg = ""

    def initial(self, request, *args, **kwargs):
        # A method the resource does not have is 405 for everyone, before any
        # permission check.
        if request.method.lower() not in self.http_method_names:
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = type(self).create_service(
            actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = type(self).update_service(
            actor=self.request.user, **{self.update_kwarg: serializer.instance},
            **serializer.validated_data)
