"""R-SEC-3 / R-SEC-5: a strict Content-Security-Policy on every response, and cookies
marked Secure whenever the request came over HTTPS."""

import secrets

from django.conf import settings

# Scripts and styles only from this site, or inline when they carry the response's
# nonce. Style attributes (bar widths) are allowed: they cannot run code.
POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self' 'nonce-{nonce}'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; media-src 'self' blob:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# The interactive API documentation loads Swagger UI from its CDN.
DOCS_POLICY = POLICY.replace(
    "script-src 'self'", "script-src 'self' https://cdn.jsdelivr.net"
).replace("style-src 'self'", "style-src 'self' https://cdn.jsdelivr.net")
DOCS_PATH = "/api/docs/"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        policy = DOCS_POLICY if request.path == DOCS_PATH else POLICY
        response.setdefault("Content-Security-Policy", policy.format(nonce=request.csp_nonce))
        if request.is_secure():
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
                if name in response.cookies:
                    response.cookies[name]["secure"] = True
        return response
