import pytest

from tests.support.health_sources import decode, make_clip


@pytest.fixture(scope="session")
def clip(tmp_path_factory):
    """make(kind, variant=0) → a 640×360 clip of that kind, made once per session."""
    folder = tmp_path_factory.mktemp("health-clips")

    def make(kind: str, variant: int = 0):
        return make_clip(folder / f"{kind}-{variant}.ts", kind, variant=variant)

    return make


@pytest.fixture(scope="session")
def reference(clip):
    """The approved picture of the scene: the healthy camera's first picture."""
    return decode(str(clip("normal")), 1)[0]
