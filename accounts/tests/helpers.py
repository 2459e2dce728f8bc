"""Small helpers for signing in through the real allauth views in tests."""

from __future__ import annotations

import os
import time
from typing import Any

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.webauthn.internal.auth import WebAuthn
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client
from fido2.cose import ES256
from fido2.utils import sha256, websafe_encode
from fido2.webauthn import (
    Aaguid,
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

from .factories import DEFAULT_PASSWORD

LOGIN_URL = "/konto/login/"
MFA_URL = "/konto/2fa/authenticate/"


def totp_code(secret: str) -> str:
    """The code an authenticator app would show right now."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def post_login(client: Client, email: str, password: str = DEFAULT_PASSWORD, **extra: Any) -> Any:
    return client.post(LOGIN_URL, {"login": email, "password": password}, **extra)


def signed_in_user_id(client: Client) -> Any:
    return client.session.get("_auth_user_id")


def add_security_key(user: Any) -> Authenticator:
    """Register a software security key for `user`, as a browser would store it after
    `navigator.credentials.create()` (attestation "none", for the test server)."""
    key = ec.generate_private_key(ec.SECP256R1())
    credential = AttestedCredentialData.create(
        Aaguid.NONE, os.urandom(16), ES256.from_cryptography_key(key.public_key())
    )
    flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.AT
    auth_data = AuthenticatorData.create(sha256(b"testserver"), flags, 0, credential)
    attestation = AttestationObject.create("none", auth_data, {})
    client_data = CollectedClientData.create("webauthn.create", os.urandom(16), "http://testserver")
    credential_id = websafe_encode(credential.credential_id)
    response = {
        "id": credential_id,
        "rawId": credential_id,
        "type": "public-key",
        "response": {
            "clientDataJSON": websafe_encode(client_data),
            "attestationObject": websafe_encode(attestation),
        },
        "clientExtensionResults": {},
    }
    return WebAuthn.add(user, "Testschlüssel", response).instance
