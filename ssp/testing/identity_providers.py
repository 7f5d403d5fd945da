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
import threading
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
    settings.SSP_BASE_URL = "http://testserver"
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
