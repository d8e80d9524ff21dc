"""Watchroom settings: every knob is an environment variable with a working default."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

from watchroom.env import (
    data_dir,
    envbool,
    envint,
    envlist,
    envsecret,
    envstr,
    private_files,
    proxy_ssl_header,
    secret_file,
)

private_files()

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir("WATCHROOM_DATA", "./var", outside=PACKAGE_DIR)
KEYS_DIR = DATA_DIR / "keys"

DEBUG = envbool("WATCHROOM_DEBUG", False)
SECRET_KEY = envsecret("WATCHROOM_SECRET_KEY") or secret_file(
    KEYS_DIR / "secret_key", get_random_secret_key
)
ALLOWED_HOSTS = envlist("WATCHROOM_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("WATCHROOM_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "watchroom.audit",
    "watchroom.core",
    "watchroom.devices",
    "watchroom.alerts",
    "watchroom.recording",
    "watchroom.twofactor",
    "watchroom.footage",
    "watchroom.duty",
    "watchroom.live",
    "watchroom.notifications",
    "watchroom.health",
    "watchroom.care",
    "watchroom.incidents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "watchroom.core.security_headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "watchroom.core.middleware.RejectNulCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "watchroom.core.password_middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "watchroom.audit.middleware.AuditContextMiddleware",
    "watchroom.core.middleware.RuleViolationMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "watchroom.urls"
WSGI_APPLICATION = "watchroom.wsgi.application"

CSRF_FAILURE_VIEW = "watchroom.core.error_views.csrf_failure"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "watchroom.core.context_processors.navigation",
            ],
            "builtins": ["watchroom.core.templatetags.people"],
        },
    },
]


def _database() -> dict:
    default_url = f"sqlite:///{DATA_DIR / 'watchroom.sqlite3'}"
    url = envstr("DATABASE_URL") or default_url
    try:
        config = dj_database_url.parse(url, conn_max_age=envint("WATCHROOM_DB_CONN_MAX_AGE", 60))
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} is not a database address Watchroom understands "
            f"(use sqlite:///path or postgres://user@host:port/name): {exc}"
        ) from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": envint("WATCHROOM_SQLITE_TIMEOUT", 30, minimum=1),
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
            ),
        }
        config.setdefault("TEST", {})["NAME"] = envstr("WATCHROOM_TEST_SQLITE")
    elif engine in ("django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis"):
        config["CONN_HEALTH_CHECKS"] = True
    else:
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r}: Watchroom runs on SQLite or PostgreSQL only."
        )
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "watchroom.core.auth_backend.WatchroomBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = envint("WATCHROOM_SESSION_SECONDS", 12 * 3600, minimum=300)
SESSION_COOKIE_HTTPONLY = True
# R-SEC-3: cookies are Secure on every HTTPS request (core.security_headers); this
# forces them Secure on plain HTTP too. Behind a proxy that ends TLS, set
# WATCHROOM_BEHIND_HTTPS_PROXY so that its X-Forwarded-Proto is believed.
SESSION_COOKIE_SECURE = envbool("WATCHROOM_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = proxy_ssl_header()
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# R-SEC-2: accounts are protected against guessing.
AXES_FAILURE_LIMIT = envint("WATCHROOM_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = envint("WATCHROOM_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
# Lock one user name at one address only: an outsider guessing cannot lock the room's
# workstation out; repeated failures for a user name from anywhere slow it down instead
# (core.login_throttle, WATCHROOM["LOGIN_SLOWDOWN_*"]).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = envstr("WATCHROOM_TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Files a browser asks for at the site's root (/favicon.ico).
WHITENOISE_ROOT = PACKAGE_DIR / "webroot"
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "watchroom.core.api_auth.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["watchroom.core.api_permissions.RolePermissions"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "watchroom.core.api_params.BoundedLimitOffsetPagination",
    "DEFAULT_PARSER_CLASSES": [
        "watchroom.core.api_parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "watchroom.core.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Watchroom API",
    "DESCRIPTION": (
        "Monitoring-room records: places, people, equipment, recordings, alerts and the "
        "audit trail."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # R-SEC-5: the schema describes what the system can do; signed-in staff only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "EquipmentStatusEnum": "watchroom.devices.choices.EquipmentStatus",
        "DecisionEnum": "watchroom.recording.choices.Decision",
        "RoleEnum": "watchroom.core.choices.Role",
        "AbsenceKindEnum": "watchroom.duty.models.AbsenceKind",
        "CheckKindEnum": "watchroom.duty.models.CheckKind",
        "ChangeKindEnum": "watchroom.core.choices.ChangeKind",
        "IncidentCategoryEnum": "watchroom.incidents.choices.IncidentCategory",
        "LogCategoryEnum": "watchroom.duty.choices.LogCategory",
    },
}

# E-mail for notifications (R-FOOT-2); without an SMTP host, only the in-app inbox.
EMAIL_HOST = envstr("WATCHROOM_SMTP_HOST", "") or ""
EMAIL_PORT = envint("WATCHROOM_SMTP_PORT", 25, minimum=1)
EMAIL_HOST_USER = envstr("WATCHROOM_SMTP_USER", "") or ""
EMAIL_HOST_PASSWORD = envstr("WATCHROOM_SMTP_PASSWORD", "") or ""
EMAIL_USE_TLS = envbool("WATCHROOM_SMTP_TLS", False)
DEFAULT_FROM_EMAIL = envstr("WATCHROOM_MAIL_FROM", "watchroom@localhost")
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.dummy.EmailBackend")

TASKS = {
    "default": {
        "BACKEND": envstr("WATCHROOM_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

WATCHROOM = {
    "AUDIT_SIGNING_KEY": KEYS_DIR / "audit_ed25519.pem",
    "CREDENTIALS_KEY": KEYS_DIR / "credentials.key",
    # Recording (R-REC): where segments live, how long each is, which recorder this node is.
    "RECORDINGS_DIR": Path(
        envstr("WATCHROOM_RECORDINGS", str(DATA_DIR / "recordings"))
    ).expanduser().resolve(),
    "QUARANTINE_DIR": DATA_DIR / "quarantine",
    "SEGMENT_SECONDS": envint("WATCHROOM_SEGMENT_SECONDS", 60, minimum=1),
    "RECORDER_NODE": envstr("WATCHROOM_RECORDER_NODE", "") or "",
    "RECORDING_MIN_FREE_MB": envint("WATCHROOM_RECORDING_MIN_FREE_MB", 512, minimum=0),
    # Camera addresses (see devices.addresses): this machine's own addresses, and the
    # demo's udp://127.0.0.1 test patterns, only where switched on; the recorder opens
    # udp: addresses only with CAMERA_TEST_SOURCES (otherwise rtsp/rtsps only).
    "CAMERA_LOOPBACK": envbool("WATCHROOM_CAMERA_LOOPBACK", False),
    "CAMERA_TEST_SOURCES": envbool("WATCHROOM_CAMERA_TEST_SOURCES", False),
    "BACKUP_TARGET": envstr("WATCHROOM_BACKUP_TARGET", "") or "",
    "BACKUP_S3_ENDPOINT": envstr("WATCHROOM_BACKUP_S3_ENDPOINT", "") or "",
    # Live view: the recorder serves each camera's stream on this address (bound on
    # LIVE_HOST); browsers reach it at LIVE_PUBLIC_URL (empty: the page's own host on
    # LIVE_PORT), with a ticket the web application signs after the scope check.
    "LIVE_HOST": envstr("WATCHROOM_LIVE_HOST", "127.0.0.1") or "127.0.0.1",
    "LIVE_PORT": envint("WATCHROOM_LIVE_PORT", 8010, minimum=0),
    "LIVE_PUBLIC_URL": envstr("WATCHROOM_LIVE_PUBLIC_URL", "") or "",
    # R-FOOT-5: a viewing session ends after this many minutes without a segment fetched.
    "VIEWING_IDLE_MINUTES": envint("WATCHROOM_VIEWING_IDLE_MINUTES", 10, minimum=1),
    # Copies fetched back from the backup store and decoded each day (R-REC-5).
    "BACKUP_SAMPLE": envint("WATCHROOM_BACKUP_SAMPLE", 5, minimum=1),
    # Footage requests: uploaded documents and export packages.
    "ATTACHMENTS_DIR": DATA_DIR / "attachments",
    # Areas' floor plans (PNG or JPEG), the replaced ones kept beside the current.
    "FLOOR_PLANS_DIR": DATA_DIR / "floorplans",
    # Camera health (R-EQUIP-3): each probe's small picture; the image checks' thresholds
    # where the site's cameras need others than the defaults ("blurred=0.25,frozen=0.6",
    # tried first with `watchroom health check-image --threshold`); the account whose
    # viewing session the probe opens to take a recorded camera's picture from the
    # recorder's live server (empty: a short pull from the camera itself).
    # The time server Watchroom's own recorder's clock is measured against (R-DUTY-5),
    # "host" or "host:port" (SNTP); empty: the kernel's own synchronisation state.
    "TIME_SERVER": envstr("WATCHROOM_TIME_SERVER", "") or "",
    "HEALTH_PICTURES_DIR": DATA_DIR / "health-pictures",
    "HEALTH_THRESHOLDS": envstr("WATCHROOM_HEALTH_THRESHOLDS", "") or "",
    "HEALTH_PROBE_USER": envstr("WATCHROOM_HEALTH_PROBE_USER", "") or "",
    # The sweep's probes at a time: they mostly wait on the network (a DESCRIBE, then
    # about two GOPs for three keyframes); their decoding and checks take a core each,
    # at most HEALTH_CPU_SLOTS at a time (0: as many as the machine has cores).
    "HEALTH_PARALLEL": envint("WATCHROOM_HEALTH_PARALLEL", 24, minimum=1),
    "HEALTH_CPU_SLOTS": envint("WATCHROOM_HEALTH_CPU_SLOTS", 0, minimum=0),
    # "watchroom": the sweep probes only the cameras Watchroom's own recorder records (the
    # demo, whose other cameras have made-up addresses); empty: every camera in service.
    "HEALTH_SWEEP_ONLY": envstr("WATCHROOM_HEALTH_SWEEP_ONLY", "") or "",
    # Equipment manuals (PDF, pictures, office documents), each stored under its SHA-256.
    "MANUALS_DIR": DATA_DIR / "manuals",
    # Pictures attached to duty-log entries by the wall's report key (R-INC-1).
    "LOG_PICTURES_DIR": DATA_DIR / "log-pictures",
    # Incidents' attachments (pictures, documents), each stored under its SHA-256.
    "INCIDENT_FILES_DIR": DATA_DIR / "incident-files",
    # Camera health: the reference pictures the room head approved (R-EQUIP-4), under
    # their SHA-256, replaced ones kept; the probes' pictures (a HealthCheck's `picture`
    # is relative to this folder unless absolute).
    "HEALTH_REFERENCES_DIR": DATA_DIR / "health-references",
    "EXPORTS_DIR": Path(envstr("WATCHROOM_EXPORTS", str(DATA_DIR / "exports"))).expanduser(),
    # Range playback's cache (cuts, H.264 viewing copies of H.265 footage, made ahead for
    # the next COPY_AHEAD segments): files unused for the hours named are removed, then the
    # least recently used until the cache is under the size named.
    "PLAYBACK_COPY_AHEAD": envint("WATCHROOM_PLAYBACK_COPY_AHEAD", 10, minimum=1),
    "PLAYBACK_CACHE_IDLE_HOURS": envint("WATCHROOM_PLAYBACK_CACHE_IDLE_HOURS", 24, minimum=1),
    "PLAYBACK_CACHE_MAX_MB": envint("WATCHROOM_PLAYBACK_CACHE_MAX_MB", 20480, minimum=1),
    # The live H.264 copy of an H.265 camera (for a browser that cannot decode H.265) is
    # capped at this bitrate; 0: derived from the picture size (4000 kbit/s at 1080p).
    "LIVE_H264_MAX_KBPS": envint("WATCHROOM_LIVE_H264_MAX_KBPS", 0, minimum=0),
    "WATERMARK_FONT": envstr("WATCHROOM_WATERMARK_FONT", "") or "",
    # An export's worker writes a sign of life this often; one silent for the stall time is
    # failed and retried, up to the attempts named.
    "EXPORT_HEARTBEAT_SECONDS": envint("WATCHROOM_EXPORT_HEARTBEAT_SECONDS", 10, minimum=1),
    "EXPORT_STALL_SECONDS": envint("WATCHROOM_EXPORT_STALL_SECONDS", 120, minimum=5),
    "EXPORT_MAX_ATTEMPTS": envint("WATCHROOM_EXPORT_MAX_ATTEMPTS", 3, minimum=1),
    # Notifications: the address links point to, and chat robots as kind=url pairs
    # separated by spaces (kinds: wecom, dingtalk, json).
    "BASE_URL": envstr("WATCHROOM_BASE_URL", "") or "",
    "WEBHOOKS": [tuple(item.split("=", 1)) for item in
                 (envstr("WATCHROOM_WEBHOOKS", "") or "").split() if "=" in item],
    # The outbox (notifications.outbox): the first retry waits this long, each next one
    # twice as long (at most an hour); a message is given up, with an alert, only once
    # it has had the attempts named AND is as old as the hours named.
    "NOTIFY_RETRY_SECONDS": envint("WATCHROOM_NOTIFY_RETRY_SECONDS", 30, minimum=1),
    "NOTIFY_MAX_ATTEMPTS": envint("WATCHROOM_NOTIFY_MAX_ATTEMPTS", 10, minimum=1),
    "NOTIFY_GIVE_UP_HOURS": envint("WATCHROOM_NOTIFY_GIVE_UP_HOURS", 48, minimum=0),
    # Send in the committing thread instead of through the worker (tests only).
    "NOTIFY_INLINE": False,
    # R-INC-2: how long an escalation's acknowledgement link works.
    "ESCALATION_LINK_HOURS": envint("WATCHROOM_ESCALATION_LINK_HOURS", 24, minimum=1),
    # R-SEC-2: an API token's lifetime while no policy profile exists (otherwise the
    # profile's api_token_days: the user's site's, or the shortest of all).
    "API_TOKEN_DAYS": envint("WATCHROOM_API_TOKEN_DAYS", 30, minimum=1),
    # R-SEC-2: after this many wrong passwords for a user name (any address), each
    # sign-in waits twice as long as the last, up to the maximum.
    "LOGIN_SLOWDOWN_AFTER": envint("WATCHROOM_LOGIN_SLOWDOWN_AFTER", 3, minimum=1),
    "LOGIN_SLOWDOWN_MAX_SECONDS": envint("WATCHROOM_LOGIN_SLOWDOWN_MAX_SECONDS", 60,
                                         minimum=1),
    # R-SEC-2: this many wrong authenticator codes close an account's code step for
    # the given minutes, whatever the address.
    "CODE_FAILURE_LIMIT": envint("WATCHROOM_CODE_FAILURE_LIMIT", 5, minimum=1),
    "CODE_CLOSED_MINUTES": envint("WATCHROOM_CODE_CLOSED_MINUTES", 15, minimum=1),
    # R-SEC-5: a calendar feed link works this many days, then a new one is needed.
    "CALENDAR_LINK_DAYS": envint("WATCHROOM_CALENDAR_LINK_DAYS", 180, minimum=1),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"()": "watchroom.logformat.ZonedFormatter",
                             "format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("WATCHROOM_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "django_tasks_db": {"level": "INFO"}},
}
