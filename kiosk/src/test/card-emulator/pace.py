"""PACE for the virtual eMRTD (ICAO 9303 part 11 section 4.4), imported by vicc_epass.py.

One cipher suite, the one ID cards commonly list: id-PACE-ECDH-GM-AES-CBC-CMAC-128 with the
standardized domain parameters id 12 (NIST P-256; pycryptodome has its point arithmetic), as
JMRTD 0.7.42 runs it:
  EF.CardAccess (FID 011C in the MF, read without secure messaging) lists one PACEInfo.
  MSE:Set AT (00 22 C1 A4): 80 protocol OID, 83 password (01 MRZ, 02 CAN), 84 parameter id.
  GENERAL AUTHENTICATE (INS 86, CLA 10 chained, 00 on the last), each data field a 7C template:
    1. 7C00 -> 80 E(K_pi, s), AES-CBC with a zero IV; K_pi = KDF(SHA-1(MRZ seed) or CAN, 3)
    2. 81 PK_map(PCD) -> 82 PK_map(PICC); G' = s*G + sk_map(PICC)*PK_map(PCD)
    3. 83 PK_eph(PCD) -> 84 PK_eph(PICC) on G'; K = x of the shared point; K_enc/K_mac = KDF(K, 1/2)
    4. 85 T_PCD -> 86 T_PICC; T = CMAC(K_mac, 7F49{06 OID, 86 the other side's point})[:8]
  then secure messaging with AES-128: 16-byte SSC from 0, IV = E(K_enc, SSC), CMAC truncated to 8.
A wrong password only shows at step 4 (the tokens differ): 6300, like a real chip.

The card folder configures it: no pace.properties = a BAC-only card (the emulator as before).
  parameter_id=12   the id EF.CardAccess lists (an id JMRTD cannot do, e.g. 3, makes it fall back to BAC)
  bac=no            a PACE-only card: GET CHALLENGE (the start of BAC) is refused with 6982
  pull_at_step=3    the card leaves the field when GENERAL AUTHENTICATE step 3 arrives (process exits)
  can.txt           the six-digit card access number
"""
import hashlib, os

from Cryptodome.Cipher import AES
from Cryptodome.Hash import CMAC
from Cryptodome.PublicKey import ECC
from virtualsmartcard.SmartcardFilesystem import TransparentStructureEF
from virtualsmartcard.SWutils import SwError, SW
from virtualsmartcard.utils import C_APDU

OID_GM_AES_128 = bytes.fromhex("04007F00070202040202")  # 0.4.0.127.0.7.2.2.4.2.2
P256 = 12
# NIST P-256 base point and order (FIPS 186-4 D.1.2.3); EccPoint does the arithmetic and the on-curve check.
_G = ECC.EccPoint(0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
                  0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5, "P-256")
_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
PASSWORD_MRZ, PASSWORD_CAN = 1, 2


def tlv(tag, value):
    n = len(value)
    length = bytes([n]) if n < 0x80 else (b"\x81" + bytes([n]) if n < 256 else b"\x82" + n.to_bytes(2, "big"))
    return (tag.to_bytes(2, "big") if tag > 0xFF else bytes([tag])) + length + value


def tlvs(d):
    """(tag, value) of each BER-TLV object in d; one- or two-byte tags (7F49)."""
    i = 0
    while i < len(d):
        t = d[i]; i += 1
        if t & 0x1F == 0x1F:
            t = (t << 8) | d[i]; i += 1
        n = d[i]; i += 1
        if n & 0x80:
            k = n & 0x7F; n = int.from_bytes(d[i:i + k], "big"); i += k
        yield t, d[i:i + n]; i += n


def card_access(parameter_id):
    """EF.CardAccess: SecurityInfos (a SET) holding one PACEInfo {OID, version 2, parameter id}."""
    pace_info = tlv(0x06, OID_GM_AES_128) + tlv(0x02, b"\x02") + tlv(0x02, bytes([parameter_id]))
    return tlv(0x31, tlv(0x30, pace_info))


def kdf(secret, counter):
    """ICAO 9303 part 11 section 9.7.1 for AES-128: SHA-1(secret || counter)[:16]."""
    return hashlib.sha1(secret + counter.to_bytes(4, "big")).digest()[:16]


def pad(b):
    b += b"\x80"
    return b + b"\x00" * (-len(b) % 16)


def unpad(b):
    return b[:b.rindex(b"\x80")]


def point_bytes(p):
    return b"\x04" + int(p.x).to_bytes(32, "big") + int(p.y).to_bytes(32, "big")


def point(b):
    if len(b) != 65 or b[0] != 4:
        raise SwError(SW["ERR_INCORRECTPARAMETERS"])
    try:
        return ECC.EccPoint(int.from_bytes(b[1:33], "big"), int.from_bytes(b[33:], "big"), "P-256")
    except ValueError:  # not on the curve: an invalid-point attack or garbage
        raise SwError(SW["ERR_INCORRECTPARAMETERS"])


def token(k_mac, p):
    pkdo = tlv(0x7F49, tlv(0x06, OID_GM_AES_128) + tlv(0x86, point_bytes(p)))
    return CMAC.new(k_mac, msg=pkdo, ciphermod=AES).digest()[:8]


def plain_apdu(capdu, data, le, extended):
    """The unprotected command: short, or extended when Le came in two bytes or the data is long."""
    apdu = bytes([capdu.cla & 0xF3, capdu.ins, capdu.p1, capdu.p2])
    if extended or len(data) > 255:
        apdu += b"\x00"
        if data: apdu += len(data).to_bytes(2, "big") + data
        if le is not None: apdu += le.to_bytes(2, "big")
    else:
        if data: apdu += bytes([len(data)]) + data
        if le is not None: apdu += bytes([le])
    return C_APDU(apdu)


class AesSm:
    """ICAO 9303 part 11 section 9.8 secure messaging with AES keys (after PACE)."""

    def __init__(self, k_enc, k_mac):
        self.k_enc, self.k_mac, self.ssc = k_enc, k_mac, 0

    def _iv(self):
        return AES.new(self.k_enc, AES.MODE_ECB).encrypt(self.ssc.to_bytes(16, "big"))

    def _mac(self, data):
        return CMAC.new(self.k_mac, msg=pad(self.ssc.to_bytes(16, "big") + data), ciphermod=AES).digest()[:8]

    def unwrap(self, capdu):
        self.ssc += 1
        do87 = do97 = b""; mac = None; cryptogram = b""; le = None; extended = False
        for t, v in tlvs(bytes(capdu.data)):
            if t == 0x8E: mac = v
            elif t == 0x87: do87 = tlv(0x87, v); cryptogram = v[1:]
            elif t == 0x97: do97 = tlv(0x97, v); le = int.from_bytes(v, "big"); extended = len(v) == 2
        if mac != self._mac(pad(bytes([capdu.cla, capdu.ins, capdu.p1, capdu.p2])) + do87 + do97):
            raise SwError(SW["ERR_SECMESSOBJECTSINCORRECT"])
        data = unpad(AES.new(self.k_enc, AES.MODE_CBC, iv=self._iv()).decrypt(cryptogram)) if cryptogram else b""
        return plain_apdu(capdu, data, le, extended)

    def wrap(self, sw, result):
        self.ssc += 1
        do87 = b""
        if result:
            do87 = tlv(0x87, b"\x01" + AES.new(self.k_enc, AES.MODE_CBC, iv=self._iv()).encrypt(pad(bytes(result))))
        do99 = tlv(0x99, sw.to_bytes(2, "big"))
        return SW["NORMAL"], do87 + do99 + tlv(0x8E, self._mac(do87 + do99))


class Pace:
    """The chip side of PACE; `sm` is the AES session once step 4 passed (None otherwise)."""

    def __init__(self, mrz_seed, can, parameter_id, pull_at_step=0):
        self.pull_at_step = pull_at_step
        self.passwords = {PASSWORD_MRZ: hashlib.sha1(mrz_seed).digest()}
        if can:
            self.passwords[PASSWORD_CAN] = can
        self.parameter_id = parameter_id
        self.sm = None
        self._reset()

    def _reset(self):
        self.step, self.k_pi, self.s, self.g, self.pcd_pk, self.picc_pk = 0, None, None, None, None, None
        self.k_enc = self.k_mac = None

    def end_session(self):
        """Power-up, reset, or another protocol starting: the PACE channel is gone."""
        self.sm = None
        self._reset()

    def mse_set_at(self, data):
        self.end_session()
        fields = dict(tlvs(bytes(data)))
        password = int.from_bytes(fields.get(0x83, b""), "big")
        if fields.get(0x80) != OID_GM_AES_128 or int.from_bytes(fields.get(0x84, b"\x0c"), "big") != P256 \
                or self.parameter_id != P256:
            raise SwError(SW["ERR_INCORRECTPARAMETERS"])
        if password not in self.passwords:
            raise SwError(SW["ERR_REFNOTUSABLE"])
        self.k_pi = kdf(self.passwords[password], 3)
        self.step = 1
        return SW["NORMAL"], b""

    def general_authenticate(self, p1, p2, data):
        try:
            return SW["NORMAL"], tlv(0x7C, self._step(bytes(data)))
        except SwError:
            self._reset()  # any failure ends the run; the terminal starts over with MSE:Set AT
            raise
        except (IndexError, ValueError):  # a malformed data field must not kill the emulator
            self._reset()
            raise SwError(SW["ERR_INCORRECTPARAMETERS"])

    def _step(self, data):
        outer = dict(tlvs(data))
        if 0x7C not in outer or self.step == 0:
            raise SwError(SW["ERR_CONDITIONNOTSATISFIED"])
        got = dict(tlvs(outer[0x7C]))
        step, self.step = self.step, self.step + 1
        if step == self.pull_at_step:
            os._exit(0)  # like a card pulled in the middle of the protocol: no answer, the reader loses it
        if step == 1:  # encrypted nonce
            self.s = os.urandom(16)
            return tlv(0x80, AES.new(self.k_pi, AES.MODE_CBC, iv=bytes(16)).encrypt(self.s))
        if step == 2 and 0x81 in got:  # generic mapping
            sk_map = 1 + int.from_bytes(os.urandom(40), "big") % (_N - 1)
            self.g = _G * int.from_bytes(self.s, "big") + point(got[0x81]) * sk_map
            return tlv(0x82, point_bytes(_G * sk_map))
        if step == 3 and 0x83 in got:  # key agreement on the mapped generator
            self.pcd_pk = point(got[0x83])
            sk = 1 + int.from_bytes(os.urandom(40), "big") % (_N - 1)
            shared = int((self.pcd_pk * sk).x).to_bytes(32, "big")
            self.k_enc, self.k_mac = kdf(shared, 1), kdf(shared, 2)
            self.picc_pk = self.g * sk
            if point_bytes(self.picc_pk) == got[0x83]:
                raise SwError(SW["ERR_INCORRECTPARAMETERS"])  # section 4.4.3.3.2: the two keys must differ
            return tlv(0x84, point_bytes(self.picc_pk))
        if step == 4 and 0x85 in got:  # mutual authentication
            if got[0x85] != token(self.k_mac, self.picc_pk):
                raise SwError(SW["WARN_NOINFO63"])  # wrong password: the keys differ
            answer = token(self.k_mac, self.pcd_pk)
            self.sm = AesSm(self.k_enc, self.k_mac)
            self._reset()
            return tlv(0x86, answer)
        raise SwError(SW["ERR_CONDITIONNOTSATISFIED"])


def install(iso_os, card_dir):
    """Adds PACE to the card when card_dir has pace.properties; returns the Pace (or None)."""
    conf_file = os.path.join(card_dir, "pace.properties")
    if not os.path.exists(conf_file):
        return None
    conf = dict(line.strip().split("=", 1) for line in open(conf_file) if "=" in line)
    parameter_id = int(conf.get("parameter_id", P256))
    can_file = os.path.join(card_dir, "can.txt")
    can = open(can_file, "rb").read().strip() if os.path.exists(can_file) else None
    pace = Pace(open(os.path.join(card_dir, "bac_seed.txt"), "rb").read().strip(), can, parameter_id,
                int(conf.get("pull_at_step", 0)))

    mf = iso_os.mf
    mf.append(TransparentStructureEF(parent=mf, fid=0x011C, shortfid=0x1C, filedescriptor=0,
                                     data=card_access(parameter_id)))
    handlers = iso_os.ins2handler
    mse = handlers[0x22]
    handlers[0x22] = lambda p1, p2, data: pace.mse_set_at(data) if (p1, p2) == (0xC1, 0xA4) else mse(p1, p2, data)
    handlers[0x86] = pace.general_authenticate
    get_challenge = handlers[0x84]

    def bac_start(p1, p2, data):
        pace.end_session()
        if conf.get("bac", "yes") == "no":
            raise SwError(SW["ERR_SECSTATUS"])
        return get_challenge(p1, p2, data)
    handlers[0x84] = bac_start

    for name in ("powerUp", "reset"):
        def on_power(previous=getattr(iso_os, name)):
            pace.end_session()
            previous()
        setattr(iso_os, name, on_power)

    # The SAM's (BAC) secure messaging stays in charge until a PACE run ends in an AES session.
    sam = iso_os.SAM
    bac_unwrap, bac_wrap = sam.parse_SM_CAPDU, sam.protect_result
    sam.parse_SM_CAPDU = lambda capdu, header_auth: pace.sm.unwrap(capdu) if pace.sm else bac_unwrap(capdu, header_auth)
    sam.protect_result = lambda sw, result: pace.sm.wrap(sw, result) if pace.sm else bac_wrap(sw, result)
    return pace
