"""Real identity providers on loopback for the sign-on tests.

``SamlIdentityProvider`` is pysaml2 acting as an IdP (as KOMBIT's Context Handler would): it serves its
single sign-on endpoint over HTTP on 127.0.0.1, verifies the platform's signed AuthnRequest against the SP
metadata the platform serves, and answers with a signed assertion for the person the test says is logging in.
The key pairs are made fresh for each test run with ``cryptography``.
"""

from __future__ import annotations

import datetime
import html
import re
import secrets
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


def write_key_pair(directory: Path, name: str) -> tuple[Path, Path]:
    """A 2048-bit RSA key and a self-signed certificate (PEM), as files pysaml2 and xmlsec1 read."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = directory / f"{name}.key", directory / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """wsgiref writes every request to stderr; the test output stays readable without it."""


@dataclass
class LoopbackServer:
    app: Callable[..., Iterable[bytes]]
    server: WSGIServer = field(init=False)

    def __post_init__(self) -> None:
        self.server = make_server("127.0.0.1", 0, self.app, handler_class=_QuietHandler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Person:
    """Who logs in at the identity provider, and what it asserts about them."""

    subject: str
    attributes: dict[str, list[str]]
    authn_context: str = "https://data.gov.dk/concept/core/nsis/loa/Substantial"


class SamlIdentityProvider:
    def __init__(self, workdir: Path, sp_metadata: str) -> None:
        from saml2 import BINDING_HTTP_REDIRECT
        from saml2.config import IdPConfig
        from saml2.server import Server

        from ssp.sso.saml import xmlsec_binary

        self.person: Person | None = None
        self.http = LoopbackServer(self._wsgi)
        key, cert = write_key_pair(workdir, "idp")
        self.entity_id = f"{self.http.base_url}/idp/metadata"
        config = IdPConfig()
        config.load(
            {
                "entityid": self.entity_id,
                "xmlsec_binary": xmlsec_binary(),
                "service": {
                    "idp": {
                        "endpoints": {"single_sign_on_service": [(f"{self.http.base_url}/sso", BINDING_HTTP_REDIRECT)]},
                        "policy": {"default": {"attribute_restrictions": None, "lifetime": {"minutes": 5}}},
                        "name_id_format": ["urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"],
                        "want_authn_requests_signed": True,
                    }
                },
                "metadata": {"inline": [sp_metadata]},
                "key_file": str(key),
                "cert_file": str(cert),
                "allow_unknown_attributes": True,
            }
        )
        self.server = Server(config=config)
        self.requests_seen = 0
        # A test may switch signing off to prove the platform refuses unsigned assertions.
        self.sign_assertion = True

    def metadata(self) -> str:
        from saml2.metadata import create_metadata_string

        return create_metadata_string(None, config=self.server.config, sign=False).decode()

    def _wsgi(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
        from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID

        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        # Verifies the SP's signature over the redirect-bound request, with the key in the SP metadata.
        request = self.server.parse_authn_request(
            query["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        self.requests_seen += 1
        person = self.person
        assert person is not None, "the test names the person logging in before following the redirect"
        message = request.message
        response = self.server.create_authn_response(
            identity=person.attributes,
            in_response_to=message.id,
            destination=message.assertion_consumer_service_url,
            sp_entity_id=message.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=person.subject),
            authn={"class_ref": person.authn_context, "authn_auth": self.entity_id},
            sign_assertion=self.sign_assertion,
            sign_response=False,
        )
        http = self.server.apply_binding(
            BINDING_HTTP_POST, str(response), message.assertion_consumer_service_url, query.get("RelayState", ""),
            response=True,
        )  # fmt: skip
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [http["data"].encode()]


def follow_to_identity_provider(location: str) -> dict[str, str]:
    """GET the IdP's SSO address as a browser would; returns the auto-post form's fields (SAMLResponse, RelayState)."""
    assert urlsplit(location).hostname == "127.0.0.1"
    with urllib.request.urlopen(location, timeout=10) as answer:  # noqa: S310 (loopback http by construction)
        page = answer.read().decode()
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    return {name: html.unescape(value) for name, value in fields.items()}


@pytest.fixture
def saml_identity_provider(tmp_path: Path, settings: Any, client: Any, db: None) -> Iterator[SamlIdentityProvider]:
    """A pysaml2 IdP on loopback, registered in the platform by uploading its metadata as an administrator would."""
    from ssp.sso.models import NSIS_SUBSTANTIAL_AND_HIGH, IdentityProvider, Protocol

    sp_key, sp_cert = write_key_pair(tmp_path, "sp")
    settings.SSP_SAML_KEY_FILE, settings.SSP_SAML_CERT_FILE = str(sp_key), str(sp_cert)
    settings.SITE_URL = "http://testserver"
    sp_metadata = client.get("/sso/saml/metadata/").content.decode()
    idp = SamlIdentityProvider(tmp_path, sp_metadata)
    IdentityProvider.objects.create(
        name="Fælleskommunal Adgangsstyring (test)",
        protocol=Protocol.SAML,
        entity_id=idp.entity_id,
        saml_metadata=idp.metadata(),
        second_factor_values=NSIS_SUBSTANTIAL_AND_HIGH,
    )
    yield idp
    idp.http.stop()


# -- OpenID Connect --------------------------------------------------------------------------------------------


@dataclass
class _Client:
    """The platform as a registered OIDC client (authlib's ClientMixin, implemented by duck typing)."""

    client_id: str
    client_secret: str
    redirect_uri: str

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(s for s in scope.split() if s in {"openid", "profile", "email"})

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri == self.redirect_uri

    def check_client_secret(self, client_secret: str) -> bool:
        return client_secret == self.client_secret

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in {"client_secret_post", "client_secret_basic"}

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class _Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    person: Person
    nonce: str | None

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> None:
        return None

    def get_acr(self) -> str:
        return self.person.authn_context

    def get_amr(self) -> None:
        return None


class OidcProvider:
    """An OpenID Connect provider on loopback, built from authlib's authorization server (code flow, RS256).

    authlib does the protocol (request validation, code exchange, client authentication, the signed ID token);
    this class only keeps clients, codes and tokens in memory and says who is logged in. The ID token carries
    the person's claims, including the OIO-BPP privilege list and the NSIS level as ``acr``.
    """

    def __init__(self, *, client_id: str, client_secret: str, redirect_uri: str) -> None:
        from authlib.integrations.flask_oauth2 import AuthorizationServer
        from authlib.oauth2.rfc6749 import grants
        from authlib.oidc.core.grants import OpenIDCode
        from flask import Flask, jsonify, request
        from joserfc.jwk import RSAKey

        self.person: Person | None = None
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig", "alg": "RS256"})
        self.client = _Client(client_id, client_secret, redirect_uri)
        self.codes: dict[str, _Code] = {}
        self.tokens: dict[str, Person] = {}
        self.http = LoopbackServer(self._dispatch)
        self.issuer = self.http.base_url
        provider = self
        app = Flask("ssp-test-oidc-provider")

        def save_token(token: dict[str, Any], req: Any) -> None:
            provider.tokens[token["access_token"]] = req.user

        server = AuthorizationServer(app, query_client=self._query_client, save_token=save_token)

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code: str, req: Any) -> None:
                provider.codes[code] = _Code(
                    code, req.payload.client_id, req.payload.redirect_uri, req.payload.scope, req.user,
                    req.payload.data.get("nonce"),
                )  # fmt: skip

            def query_authorization_code(self, code: str, client: _Client) -> _Code | None:
                found = provider.codes.get(code)
                return found if found is not None and found.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code: _Code) -> None:
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code: _Code) -> Person:
                return authorization_code.person

        class IdToken(OpenIDCode):
            def exists_nonce(self, nonce: str, req: Any) -> bool:
                return any(code.nonce == nonce for code in provider.codes.values())

            def resolve_client_private_key(self, client: _Client) -> Any:
                return provider.key

            def get_client_claims(self, client: _Client) -> dict[str, Any]:
                return {"iss": provider.issuer, "aud": [client.client_id]}

            def get_encode_header(self, client: _Client) -> dict[str, str]:
                return {"alg": "RS256", "kid": "test-key-1"}

            def generate_user_info(self, user: Person, scope: str) -> dict[str, Any]:
                return {"sub": user.subject, **{k: v[0] if len(v) == 1 else v for k, v in user.attributes.items()}}

        server.register_grant(CodeGrant, [IdToken(require_nonce=True)])

        @app.get("/authorize")
        def authorize() -> Any:
            # The person the test named has logged in and consents: the provider answers with a code.
            grant = server.get_consent_grant(end_user=provider.person)
            return server.create_authorization_response(grant=grant, grant_user=provider.person)

        @app.post("/token")
        def token() -> Any:
            return server.create_token_response()

        @app.get("/jwks")
        def jwks() -> Any:
            return jsonify({"keys": [provider.key.as_dict(private=False)]})

        @app.get("/userinfo")
        def userinfo() -> Any:
            person = provider.tokens.get(request.headers.get("Authorization", "").removeprefix("Bearer "))
            if person is None:
                return jsonify({"error": "invalid_token"}), 401
            return jsonify({"sub": person.subject})

        self.app = app

    def _query_client(self, client_id: str) -> _Client | None:
        return self.client if client_id == self.client.client_id else None

    def _dispatch(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        return self.app(environ, start_response)

    def endpoint(self, name: str) -> str:
        return f"{self.issuer}/{name}"


def authorize_at_provider(location: str) -> str:
    """GET the provider's authorization address without following its redirect; returns the redirect."""
    assert urlsplit(location).hostname == "127.0.0.1"

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(location, timeout=10)
    except urllib.error.HTTPError as answer:
        assert answer.code == 302, answer.read()[:500]
        return str(answer.headers["Location"])
    raise AssertionError("the provider did not redirect back")


@pytest.fixture
def oidc_provider(settings: Any, db: None) -> Iterator[OidcProvider]:
    """An authlib OIDC provider on loopback, configured in the platform as an operator would (settings + record)."""
    from ssp.sso.models import NSIS_SUBSTANTIAL_AND_HIGH, IdentityProvider, Protocol

    secret = secrets.token_urlsafe(24)
    provider = OidcProvider(
        client_id="ssp-platform", client_secret=secret, redirect_uri="http://testserver/sso/oidc/callback/"
    )
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "ssp-platform", secret
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = provider.endpoint("authorize")
    settings.OIDC_OP_TOKEN_ENDPOINT = provider.endpoint("token")
    settings.OIDC_OP_USER_ENDPOINT = provider.endpoint("userinfo")
    settings.OIDC_OP_JWKS_ENDPOINT = provider.endpoint("jwks")
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "ssp.sso.backends.FederatedOIDCBackend"]
    IdentityProvider.objects.create(
        name="OIDC-broker (test)",
        protocol=Protocol.OIDC,
        entity_id=provider.issuer,
        second_factor_values=NSIS_SUBSTANTIAL_AND_HIGH,
    )
    yield provider
    provider.http.stop()
