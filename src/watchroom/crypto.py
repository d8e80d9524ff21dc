"""Credentials (camera passwords, authenticator secrets) are stored encrypted (R-SEC-3)
with a key kept in the data folder, never in the database: a copy of the database alone
reveals no password."""

from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from watchroom.env import secret_file


@cache
def _fernet(path: str) -> Fernet:
    return Fernet(secret_file(Path(path), lambda: Fernet.generate_key().decode()).encode())


def _current() -> Fernet:
    return _fernet(str(settings.WATCHROOM["CREDENTIALS_KEY"]))


def encrypt(plain: str) -> str:
    return _current().encrypt(plain.encode()).decode() if plain else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError("the credentials key does not match this database") from None
