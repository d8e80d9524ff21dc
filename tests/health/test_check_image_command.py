"""`watchroom health check-image` prints each check's verdict with its score and
threshold as JSON, exits 1 on a fault, takes a site's thresholds, and needs no database."""

import json
import os
import subprocess
import sys

import cv2

from tests.support.health_sources import decode

# A database that cannot be reached: the command must not need one.
NO_DATABASE = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}


def run(*args):
    return subprocess.run([sys.executable, "-m", "watchroom.cli", "health", "check-image",
                           *map(str, args)], capture_output=True, text=True, env=NO_DATABASE,
                          timeout=120)


def picture(clip, tmp_path, kind, index=0):
    path = tmp_path / f"{kind}-{index}.png"
    cv2.imwrite(str(path), decode(str(clip(kind)), index + 1)[index])
    return path


def test_a_covered_picture_is_named_with_every_score_and_threshold(clip, tmp_path):
    done = run(picture(clip, tmp_path, "covered"), "--reference",
               picture(clip, tmp_path, "normal"))
    assert done.returncode == 1, done.stderr
    verdict = json.loads(done.stdout)
    assert verdict["fault"] == "covered"
    assert verdict["fault_name"] == "遮挡"
    checks = {c["check"]: c for c in verdict["checks"]}
    assert checks["covered"]["status"] == "fail"
    assert checks["covered"]["score"] > checks["covered"]["threshold"]
    assert checks["frozen"]["status"] == "skipped"  # one picture: nothing to compare
    assert all(c["name"] and c["fails"] in ("below", "above") for c in checks.values())


def test_a_healthy_picture_passes_and_several_pictures_measure_frozen(clip, tmp_path):
    frames = [picture(clip, tmp_path, "normal", i) for i in (0, 5, 10)]
    done = run(*frames, "--reference", frames[0])
    assert done.returncode == 0, done.stdout + done.stderr
    verdict = json.loads(done.stdout)
    assert verdict["fault"] is None
    assert {c["status"] for c in verdict["checks"]} == {"pass"}


def test_a_site_threshold_changes_the_verdict(clip, tmp_path):
    frame = picture(clip, tmp_path, "normal")
    done = run(frame, "--threshold", "dark=200")
    assert done.returncode == 1
    assert json.loads(done.stdout)["fault"] == "dark"
    wrong = run(frame, "--threshold", "darkness=3")
    assert wrong.returncode == 2
    assert "unknown thresholds: darkness" in wrong.stderr
    missing = run(frame.with_name("missing.png"))
    assert missing.returncode == 2
    assert "cannot read a picture" in missing.stderr
