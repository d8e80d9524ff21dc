"""For the tests that read the English source text: the translation and the browser's
language set to English (imported by those modules, so the others keep Chinese)."""

import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")
