"""R-SEC-3 / R-SEC-5: a strict Content-Security-Policy on every response, and cookies
marked Secure whenever the request came over HTTPS. The pages may fetch from this site
and from the recorder's live server (the wall's live streams), nowhere else."""

import secrets

from django.conf import settings

# Scripts and styles only from this site, or inline when they carry the response's
# nonce. Style attributes (bar widths) are allowed: they cannot run code.
POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self' 'nonce-{nonce}'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; media-src 'self' blob:; connect-src 'self' {live}; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# The interactive API documentation loads Swagger UI from its CDN.
DOCS_POLICY = POLICY.replace(
    "script-src 'self'", "script-src 'self' https://cdn.jsdelivr.net"
).replace("style-src 'self'", "style-src 'self' https://cdn.jsdelivr.net")
DOCS_PATH = "/api/docs/"


def _host_and_port(request) -> tuple[str, str]:
    host = request.get_host()
    if host.endswith("]") or ":" not in host:
        return host, ""
    name, _sep, port = host.rpartition(":")
    return name, port


def live_origin(request, live_url: str = "") -> str:
    """Where the browser reaches the recorder's live server: LIVE_PUBLIC_URL, else the
    page's own host on the live port (the port a recorder reports in `live_url`,
    "host:port", when the setting lets it choose one)."""
    public = (settings.WATCHROOM.get("LIVE_PUBLIC_URL") or "").rstrip("/")
    if public:
        return public
    port = str(settings.WATCHROOM.get("LIVE_PORT", 8010))
    reported = live_url.rpartition(":")[2] if live_url else ""
    if reported.isdigit() and reported != "0" and port == "0":
        port = reported
    scheme = "https" if request.is_secure() else "http"
    return f"{scheme}://{_host_and_port(request)[0]}:{port}"


def live_source(request) -> str:
    """The live server as a CSP source: its origin, any port of the page's host when
    the recorder chooses its port."""
    public = (settings.WATCHROOM.get("LIVE_PUBLIC_URL") or "").rstrip("/")
    if public:
        scheme, _sep, rest = public.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}"
    origin = live_origin(request)
    return origin[:origin.rfind(":")] + ":*" if origin.endswith(":0") else origin


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        policy = DOCS_POLICY if request.path == DOCS_PATH else POLICY
        response.setdefault("Content-Security-Policy", policy.format(
            nonce=request.csp_nonce, live=live_source(request)))
        if request.is_secure():
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
                if name in response.cookies:
                    response.cookies[name]["secure"] = True
        return response
