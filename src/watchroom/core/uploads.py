"""Uploads held to a bound: a view that accepts a file of at most N bytes keeps at most
N + 1 bytes of it in memory and reads past the rest, so a huge upload costs neither
memory nor disk, and the service that checks the size sees that it is too large and
refuses it (audited) like any other bad file."""

import io
from functools import wraps

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.views.decorators.csrf import csrf_exempt, csrf_protect


class BoundedUploadHandler(FileUploadHandler):
    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.keep = limit + 1

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        room = self.keep - self.buffer.tell()
        if room > 0:
            self.buffer.write(raw_data[:room])
        return None

    def file_complete(self, file_size):
        size = self.buffer.tell()
        self.buffer.seek(0)
        return InMemoryUploadedFile(self.buffer, self.field_name, self.file_name,
                                    self.content_type, size, self.charset,
                                    self.content_type_extra)


def bounded_uploads(limit: int):
    """The view's files are read through BoundedUploadHandler. The handlers must be set
    before the body is parsed, so the CSRF check (which parses it) runs after."""
    def decorate(view):
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def bounded(request, *args, **kwargs):
            request.upload_handlers = [BoundedUploadHandler(request, limit=limit)]
            return protected(request, *args, **kwargs)
        return bounded
    return decorate
