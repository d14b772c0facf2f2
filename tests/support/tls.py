"""A test CA and a server certificate for 127.0.0.1 and localhost, made once per test process with the openssl CLI,
for the real TLS servers of the tests."""

import atexit
import shutil
import ssl
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class Certificates:
    ca_file: str  # what a client trusts
    cert_file: str  # the server's certificate, for 127.0.0.1 and localhost, signed by the CA
    key_file: str


@cache
def certificates() -> Certificates:
    """A CA and a server certificate, made once per test process with the openssl CLI."""
    folder = Path(tempfile.mkdtemp(prefix="flightdeck-smtp-tls-"))
    atexit.register(shutil.rmtree, folder, True)
    ca, ca_key, cert, key, csr = (str(folder / n) for n in ("ca.pem", "ca.key", "cert.pem", "cert.key", "cert.csr"))
    extensions = folder / "server.ext"
    extensions.write_text(
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n"
        "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
    )
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    for command in (
        [
            "openssl",
            "req",
            "-x509",
            *ec,
            "-keyout",
            ca_key,
            "-out",
            ca,
            "-days",
            "2",
            "-subj",
            "/CN=Flightdeck test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
        ["openssl", "req", "-new", *ec, "-keyout", key, "-out", csr, "-subj", "/CN=localhost"],
        [
            "openssl",
            "x509",
            "-req",
            "-in",
            csr,
            "-CA",
            ca,
            "-CAkey",
            ca_key,
            "-CAcreateserial",
            "-out",
            cert,
            "-days",
            "2",
            "-extfile",
            str(extensions),
        ],
    ):
        subprocess.run(command, check=True, capture_output=True, timeout=60)
    return Certificates(ca, cert, key)


def server_context() -> ssl.SSLContext:
    made = certificates()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(made.cert_file, made.key_file)
    return context
