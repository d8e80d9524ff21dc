"""R-SEC-3: export packages and uploaded attachments are for Watchroom's user only."""

import os
import stat

from watchroom.footage import selectors

from .test_exports import exported  # noqa: F401


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_r_sec_3_exports_and_attachments_are_0600_in_0700_folders(exported):  # noqa: F811
    _request, _export, package = exported
    assert _mode(package) == 0o600
    assert _mode(package.parent) == 0o700
    attachments = [p for p in selectors.attachments_dir().rglob("*")]
    assert any(p.is_file() for p in attachments)
    for path in [selectors.attachments_dir(), *attachments]:
        assert _mode(path) == (0o700 if path.is_dir() else 0o600), path
    for path in selectors.exports_dir().rglob("*"):
        assert _mode(path) == (0o700 if path.is_dir() else 0o600), path
