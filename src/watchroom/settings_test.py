"""The real settings, with the data folder in a fresh temporary directory unless
WATCHROOM_TEST_DATA names one, so that tests never touch ./var."""

import os
import tempfile

os.environ["WATCHROOM_DATA"] = os.environ.get("WATCHROOM_TEST_DATA") or tempfile.mkdtemp(
    prefix="watchroom-test-"
)

from django.contrib.auth.hashers import Argon2PasswordHasher

from watchroom.settings import *  # noqa: F403


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 as in production, with a small memory cost so that hundreds of test
    logins stay fast."""

    memory_cost = 1024
    parallelism = 1


PASSWORD_HASHERS = ["watchroom.settings_test.QuickArgon2PasswordHasher"]

# A file, not SQLite's shared in-memory database: the recorder's threads write while
# a test reads, and shared-cache table locks fail at once instead of waiting.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"]["NAME"] = os.environ.get(  # noqa: F405
        "WATCHROOM_TEST_SQLITE") or os.path.join(os.environ["WATCHROOM_DATA"], "test.sqlite3")

# Notifications are delivered in the committing thread, so tests can see them.
WATCHROOM["NOTIFY_INLINE"] = True  # noqa: F405

# The tests' RTSP server listens on 127.0.0.1 and the demo's test patterns are
# udp://127.0.0.1: both are this machine, refused unless switched on.
WATCHROOM["CAMERA_LOOPBACK"] = True  # noqa: F405
WATCHROOM["CAMERA_TEST_SOURCES"] = True  # noqa: F405
