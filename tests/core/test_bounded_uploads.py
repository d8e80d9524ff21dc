"""A view bounded to N bytes per file keeps at most N + 1 of them, however large the
upload, and still checks the CSRF token."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import JsonResponse
from django.test import Client, RequestFactory

from watchroom.core.uploads import bounded_uploads


@bounded_uploads(10)
def _sizes(request):
    return JsonResponse({name: len(f.read()) for name, f in request.FILES.items()})


def _post(body: bytes):
    request = RequestFactory().post("/x/", {"f": SimpleUploadedFile("f.bin", body)})
    request._dont_enforce_csrf_checks = True
    return _sizes(request)


def test_a_file_within_the_bound_is_kept_whole():
    assert _post(b"0123456789").content == b'{"f": 10}'


def test_a_huge_file_is_cut_one_byte_past_the_bound():
    assert _post(b"x" * (20 * 1024 * 1024)).content == b'{"f": 11}'


def test_the_csrf_token_is_still_checked(db, make_staff):
    from tests.live.scene import picture
    from watchroom.core.choices import Role

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff(Role.OPERATOR).user)
    response = client.post("/wall/report/", {
        "camera": 1, "seen": "x",
        "picture": SimpleUploadedFile("p.jpg", picture(), content_type="image/jpeg")})
    assert response.status_code == 403 and b"CSRF" in response.content
