"""The dependency between footage and recording goes one way: footage asks recording
(holds, segments, the playback `Grant`); recording never imports footage, not even
lazily inside a function."""

import ast
from pathlib import Path

import watchroom.recording

RECORDING = Path(watchroom.recording.__file__).parent


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names)


def test_recording_imports_nothing_of_footage():
    found = sorted(f"{path.relative_to(RECORDING)}: {name}"
                   for path in RECORDING.rglob("*.py") if "migrations" not in path.parts
                   for name in _imports(path) if name.startswith("watchroom.footage"))
    assert found == []
