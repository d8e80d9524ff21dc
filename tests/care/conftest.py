import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Assertions read the English source text, whatever the catalogue holds."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")
