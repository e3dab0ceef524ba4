"""Chip Authentication and Active Authentication for vicc_epass.py (ICAO 9303 part 11, sections 6.1 and 6.2).

A genuine chip holds the private keys whose public halves are in DG14 (CA) and DG15 (AA); a clone has
the same DG14/DG15 (so passive authentication passes) but not the keys. The keys come from the fixture
folder, written by the tests' TestCard next to the LDS files:
  ca_key.der  PKCS#8 EC private key (P-256) for CA, EAC v1 style: MSE:Set KAT, then 3DES secure messaging
  aa_key.der  PKCS#8 RSA private key for AA: INTERNAL AUTHENTICATE signed with ISO/IEC 9796-2 scheme 1, SHA-1
A fixture made as a clone simply holds other keys; `--clone` on the command line ignores the files and
uses fresh keys, to turn any card folder into a clone by hand.

install() adds the two commands to the SAM class without touching the secure-messaging code: CA only
replaces the SM keys and the SSC of the current security environment, after the MSE:Set KAT answer has
been protected with the old keys (9303 part 11, 6.2: the chip switches after its response).
"""
import hashlib, os, sys

from Cryptodome.PublicKey import ECC, RSA
from virtualsmartcard.SWutils import SwError, SW

_KDF_ENC, _KDF_MAC = 1, 2


def _tlvs(d):
    i = 0
    while i < len(d):
        t = d[i]; i += 1; n = d[i]; i += 1
        if n & 0x80:
            k = n & 0x7F; n = int.from_bytes(d[i:i + k], "big"); i += k
        yield t, d[i:i + n]; i += n


def _load(fx, name, importer, fresh):
    if "--clone" in sys.argv:
        return fresh()
    path = os.path.join(fx, name)
    return importer(open(path, "rb").read()) if os.path.exists(path) else None


def _kdf(secret, counter):
    """ICAO 9303 part 11, 9.7.1: 3DES keys are the first 16 bytes of SHA-1(secret || counter)."""
    return hashlib.sha1(secret + counter.to_bytes(4, "big")).digest()[:16]


def _iso9796_2_sign(key, message2):
    """ISO/IEC 9796-2 scheme 1, partial recovery, SHA-1, implicit trailer: 6A || M1 || H(M1 || M2) || BC."""
    size = (key.n.bit_length() + 7) // 8
    m1 = os.urandom(size - 20 - 2)
    f = b"\x6a" + m1 + hashlib.sha1(m1 + message2).digest() + b"\xbc"
    # CRT, as a chip does it: a plain pow(f, d, n) takes ~50 ms in Python and would skew the benchmark.
    x = int.from_bytes(f, "big")
    mp, mq = pow(x, key.d % (key.p - 1), key.p), pow(x, key.d % (key.q - 1), key.q)
    return (mp + (mq - mp) * key.u % key.q * key.p).to_bytes(size, "big")


def install(sam_class, fx):
    ca_key = _load(fx, "ca_key.der", ECC.import_key, lambda: ECC.generate(curve="P-256"))
    aa_key = _load(fx, "aa_key.der", RSA.import_key, lambda: RSA.generate(2048))
    previous_mse = sam_class.manage_security_environment
    previous_protect = sam_class.protect_result

    def manage_security_environment(self, p1, p2, data):
        if (p1, p2) != (0x41, 0xA6):  # not "Set KAT": leave it to the rest of the card (PACE's Set AT)
            return previous_mse(self, p1, p2, data)
        if ca_key is None:
            raise SwError(SW["ERR_INSNOTSUPPORTED"])
        dos = dict(_tlvs(bytes(data)))
        q = dos.get(0x91, b"")
        if len(q) != 65 or q[0] != 0x04:
            raise SwError(SW["ERR_INCORRECTPARAMETERS"])
        try:
            terminal = ECC.EccPoint(int.from_bytes(q[1:33], "big"), int.from_bytes(q[33:], "big"), curve="P-256")
        except ValueError:  # not on the curve
            raise SwError(SW["ERR_INCORRECTPARAMETERS"])
        secret = int((terminal * ca_key.d).x).to_bytes(32, "big")
        self._ca_pending = (_kdf(secret, _KDF_ENC), _kdf(secret, _KDF_MAC))
        return SW["NORMAL"], b""

    def protect_result(self, sw, result):
        out = previous_protect(self, sw, result)
        pending = getattr(self, "_ca_pending", None)
        if pending is not None:
            self._ca_pending = None
            se = self.current_SE
            se.ct.key, se.cct.key = pending
            se.ssc = 0
        return out

    def internal_authenticate(self, p1, p2, data):
        if aa_key is None:  # a chip without AA (vicc's own handler is Python-2 code)
            raise SwError(SW["ERR_INSNOTSUPPORTED"])
        if len(data) != 8:
            raise SwError(SW["ERR_WRONGLENGTH"])
        return SW["NORMAL"], _iso9796_2_sign(aa_key, bytes(data))

    sam_class.manage_security_environment = manage_security_environment
    sam_class.protect_result = protect_result
    sam_class.internal_authenticate = internal_authenticate
    return [n for n, k in (("CA", ca_key), ("AA", aa_key)) if k is not None]
