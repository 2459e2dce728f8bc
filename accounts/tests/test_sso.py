"""Single sign-on through OpenID Connect against a stand-in identity provider on 127.0.0.1."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import override_settings

from accounts.models import User

from .factories import UserFactory
from .helpers import signed_in_user_id

pytestmark = pytest.mark.django_db

CLIENT_ID = "lotse-test"
CLIENT_SECRET = "geheim"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Provider:
    """What the stand-in provider will say about the person who signs in."""

    def __init__(self) -> None:
        self.claims: dict = {}
        self.codes: dict[str, str] = {}  # code -> PKCE challenge
        self.issuer = ""


def make_handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def _json(self, data: dict, status: int = 200) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/.well-known/openid-configuration":
                base = provider.issuer
                self._json(
                    {
                        "issuer": base,
                        "authorization_endpoint": f"{base}/authorize",
                        "token_endpoint": f"{base}/token",
                        "userinfo_endpoint": f"{base}/userinfo",
                        "jwks_uri": f"{base}/jwks",
                        "token_endpoint_auth_methods_supported": ["client_secret_post"],
                    }
                )
            elif self.path == "/jwks":
                jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key()))
                self._json({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]})
            elif self.path == "/userinfo":
                if self.headers.get("Authorization") != "Bearer zugangs-token":
                    self._json({"error": "invalid_token"}, 401)
                else:
                    self._json(provider.claims)
            else:
                self._json({"error": "not_found"}, 404)

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            challenge = provider.codes.pop(form.get("code", ""), None)
            verifier = form.get("code_verifier", "")
            computed = (
                base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                .rstrip(b"=")
                .decode()
            )
            if (
                self.path != "/token"
                or form.get("client_id") != CLIENT_ID
                or form.get("client_secret") != CLIENT_SECRET
                or challenge is None
                or computed != challenge
            ):
                self._json({"error": "invalid_grant"}, 400)
                return
            now = int(time.time())
            id_token = jwt.encode(
                {
                    **provider.claims,
                    "iss": provider.issuer,
                    "aud": CLIENT_ID,
                    "iat": now,
                    "exp": now + 300,
                },
                KEY,
                algorithm="RS256",
                headers={"kid": "k1"},
            )
            self._json(
                {"access_token": "zugangs-token", "token_type": "Bearer", "id_token": id_token}
            )

    return Handler


@pytest.fixture
def idp():
    provider = Provider()
    server = HTTPServer(("127.0.0.1", 0), make_handler(provider))
    provider.issuer = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "lotse-sso",
                    "name": "Landkreis-Anmeldung",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {"server_url": provider.issuer},
                }
            ],
        }
    }
    with override_settings(SOCIALACCOUNT_PROVIDERS=settings):
        yield provider
    server.shutdown()
    server.server_close()


def sign_in_via_sso(client, provider: Provider):
    response = client.post("/konto/oidc/lotse-sso/login/?process=login")
    assert response.status_code == 302
    authorize = urlparse(response["Location"])
    assert f"{authorize.scheme}://{authorize.netloc}" == provider.issuer
    query = {k: v[0] for k, v in parse_qs(authorize.query).items()}
    assert query["client_id"] == CLIENT_ID
    assert query["code_challenge_method"] == "S256"
    provider.codes["code-1"] = query["code_challenge"]
    return client.get(
        "/konto/oidc/lotse-sso/login/callback/", {"code": "code-1", "state": query["state"]}
    )


def test_sso_button_shown_only_when_configured(client, idp):
    html = client.get("/konto/login/").content.decode()
    assert "Anmelden mit Landkreis-Anmeldung" in html
    assert 'action="/konto/oidc/lotse-sso/login/' in html


def test_invited_person_signs_in_via_sso(client, idp):
    user = UserFactory(email="erika.muster@kreis.example")
    idp.claims = {"sub": "idp-42", "email": "Erika.Muster@kreis.example", "email_verified": True}
    response = sign_in_via_sso(client, idp)
    assert response.status_code == 302
    assert response["Location"] == "/uebersicht/"
    assert str(signed_in_user_id(client)) == str(user.pk)
    assert SocialAccount.objects.get(user=user).uid == "idp-42"
    # The second time the stored link is used.
    client.logout()
    assert sign_in_via_sso(client, idp)["Location"] == "/uebersicht/"
    assert SocialAccount.objects.count() == 1


def test_unknown_person_is_refused_and_no_account_created(client, idp):
    idp.claims = {"sub": "idp-7", "email": "fremd@kreis.example", "email_verified": True}
    users_before = User.objects.count()
    response = sign_in_via_sso(client, idp)
    assert response.status_code == 403
    assert "Kein Lotse-Konto gefunden" in response.content.decode()
    assert User.objects.count() == users_before
    assert not SocialAccount.objects.exists()
    assert signed_in_user_id(client) is None


def test_unverified_address_is_not_matched(client, idp):
    UserFactory(email="erika.muster@kreis.example")
    idp.claims = {"sub": "idp-43", "email": "erika.muster@kreis.example", "email_verified": False}
    response = sign_in_via_sso(client, idp)
    assert response.status_code == 403
    assert signed_in_user_id(client) is None
    assert not SocialAccount.objects.exists()
