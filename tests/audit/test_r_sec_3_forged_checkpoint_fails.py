"""R-SEC-3: a checkpoint file is trusted only for its Ed25519 signature."""

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from watchroom.audit import checkpoints, signing
from watchroom.audit.services import checkpoint_create


@pytest.fixture
def document(record, system):
    record(3)
    return json.loads(checkpoints.export(checkpoint_create(actor=system)))


def _check(doc):
    return checkpoints.verify_document(json.dumps(doc))


def test_the_genuine_file_verifies(document):
    assert _check(document).ok


def test_a_changed_hash_fails(document):
    document["hash"] = "f" * 64
    assert "signature is not valid" in _check(document).reason


def test_a_changed_sequence_number_fails(document):
    document["seq"] -= 1
    assert not _check(document).ok


def test_a_bad_signature_fails(document):
    raw = bytearray(base64.b64decode(document["signature"]))
    raw[0] ^= 0x01
    document["signature"] = base64.b64encode(bytes(raw)).decode()
    assert "signature is not valid" in _check(document).reason


def test_a_file_signed_with_another_key_fails(document):
    other = Ed25519PrivateKey.generate()
    message = checkpoints.message(document["seq"], document["hash"], document["created"],
                                  document["number"], document["prev"])
    document["signature"] = signing.b64(other.sign(message))
    document["public_key"] = signing.b64(signing.public_raw(other.public_key()))
    assert "another key" in _check(document).reason


def test_a_malformed_file_fails(document):
    assert not checkpoints.verify_document("not json").ok
    del document["signature"]
    assert "malformed" in _check(document).reason
