#!/usr/bin/python3
"""Virtual eMRTD for the kiosk's card tests: vsmartcard's vicc as an ICAO ePass whose file system is
built from LDS files made by the tests with JMRTD (EF.COM, DG1, DG2, DG13, DG14, DG15, EF.SOD).

The project's own copy of shared/reference/card/vicc_epass.py, with DG13-DG15 added. It works around
Debian's python3-virtualsmartcard ePass, which is Python-2 code: no TD1 key, py2 secure messaging,
EF.SOD at the wrong FID, ord() on bytes, and Nagle/delayed-ACK stalls of ~40 ms per APDU.
Secure messaging accepts extended-length READ BINARY (2-byte Le in DO97), so large block reads can be measured.
PACE (pace.py) when the folder has pace.properties; else BAC only (no EF.CardAccess -> 6A82).
Chip and active authentication come from chip_auth.py when the fixture holds their keys.

Usage: vicc_epass.py FIXTURE_DIR [port] [-v] [--clone]    FIXTURE_DIR holds the *.bin files and bac_seed.txt
                                                           (pace.properties, can.txt for PACE: see pace.py;
                                                           ca_key.der / aa_key.der for CA/AA: see chip_auth.py)
"""
import hashlib, logging, os, socket, sys, tempfile

# vicc imports Crypto.*; Debian ships pycryptodome as Cryptodome. Shim it without touching the system.
_shim = tempfile.mkdtemp(prefix="vicc-shim-")
os.symlink("/usr/lib/python3/dist-packages/Cryptodome", os.path.join(_shim, "Crypto"))
sys.path[:0] = [_shim, "/usr/lib/python3/site-packages/virtualsmartcard"]

from virtualsmartcard.CardGenerator import CardGenerator
from virtualsmartcard.SmartcardFilesystem import MF, DF, TransparentStructureEF
from virtualsmartcard.cards.ePass import PassportSAM
from virtualsmartcard.VirtualSmartcard import VirtualICC
from virtualsmartcard.utils import C_APDU
from virtualsmartcard.SWutils import SwError, SW
import virtualsmartcard.CryptoUtils as vsCrypto
from Cryptodome.Cipher import DES, DES3
import pace

fx = sys.argv[1]
port = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 35963
rd = lambda n: open(os.path.join(fx, n), "rb").read()

# (FID, SFI, file) per ICAO 9303 part 10
FILES = [(0x011E, 0x1E, "EF_COM.bin"), (0x0101, 0x01, "DG1.bin"), (0x0102, 0x02, "DG2.bin"),
         (0x010D, 0x0D, "DG13.bin"), (0x010E, 0x0E, "DG14.bin"), (0x010F, 0x0F, "DG15.bin"),
         (0x011D, 0x1D, "EF_SOD.bin")]


class SeedPassportSAM(PassportSAM):
    """BAC keys from docNo+cd+dob+cd+doe+cd (TD1 cards too; upstream assumes a TD3 88-char MRZ)."""
    def __init__(self, mf, seed):
        self._seed = seed
        PassportSAM.__init__(self, mf)

    def _PassportSAM__computeKeys(self):
        self.KSeed = hashlib.sha1(self._seed).digest()[:16]
        self.KEnc = self.derive_key(self.KSeed, 1)
        self.KMac = self.derive_key(self.KSeed, 2)


# ---- ICAO 9303 BAC secure messaging (3DES, retail MAC); upstream SEutils SM code is py2-only ----
def _pad(b):
    b = b + b"\x80"
    return b + b"\x00" * ((8 - len(b) % 8) % 8)


def _mac(k, data):
    h = DES.new(k[:8], DES.MODE_CBC, iv=bytes(8)).encrypt(data)[-8:]
    return DES.new(k[:8], DES.MODE_ECB).encrypt(DES.new(k[8:16], DES.MODE_ECB).decrypt(h))


def _tlvs(d):
    i = 0
    while i < len(d):
        s, t = i, d[i]; i += 1; l = d[i]; i += 1
        if l & 0x80:
            n = l & 0x7F; l = int.from_bytes(d[i:i + n], "big"); i += n
        yield t, d[s:i + l], d[i:i + l]; i += l


def _len(n):
    return bytes([n]) if n < 0x80 else (b"\x81" + bytes([n]) if n < 256 else b"\x82" + n.to_bytes(2, "big"))


def sm_unwrap(self, capdu, header_auth):
    se = self.current_SE; se.ssc += 1
    do87 = do97 = b""; mac = None; data = b""; le = None; extended = False
    for t, raw, v in _tlvs(bytes(capdu.data)):
        if t == 0x8E: mac = v
        elif t == 0x87:
            do87 = raw
            data = DES3.new(se.ct.key, DES3.MODE_CBC, iv=bytes(8)).decrypt(v[1:]).rstrip(b"\x00")[:-1]
        elif t == 0x97: do97 = raw; le = int.from_bytes(v, "big"); extended = len(v) == 2
    hdr = _pad(bytes([capdu.cla, capdu.ins, capdu.p1, capdu.p2]))
    if mac != _mac(se.cct.key, _pad(se.ssc.to_bytes(8, "big") + hdr + do87 + do97)):
        raise SwError(SW["ERR_SECMESSOBJECTSINCORRECT"])
    plain = bytes([capdu.cla & 0xF3, capdu.ins, capdu.p1, capdu.p2])
    if (le is not None and extended) or len(data) > 255:   # extended-length APDU (Le in 2 bytes in DO97)
        plain += b"\x00"
        if data: plain += len(data).to_bytes(2, "big") + data
        if le is not None: plain += le.to_bytes(2, "big")
    else:
        if data: plain += bytes([len(data)]) + data
        if le is not None: plain += bytes([le])
    return C_APDU(plain)


def sm_wrap(self, sw, result):
    se = self.current_SE; se.ssc += 1
    do87 = b""
    if result:
        v = b"\x01" + DES3.new(se.ct.key, DES3.MODE_CBC, iv=bytes(8)).encrypt(_pad(bytes(result)))
        do87 = b"\x87" + _len(len(v)) + v
    do99 = b"\x99\x02" + sw.to_bytes(2, "big")
    return SW["NORMAL"], do87 + do99 + b"\x8e\x08" + _mac(se.cct.key, _pad(se.ssc.to_bytes(8, "big") + do87 + do99))


SeedPassportSAM.parse_SM_CAPDU = sm_unwrap
SeedPassportSAM.protect_result = sm_wrap
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import chip_auth  # noqa: E402  (needs the virtualsmartcard path set above)
PROOFS = chip_auth.install(SeedPassportSAM, fx)


def gen_epass(self):
    mf = MF()
    df = DF(parent=mf, fid=4, dfname=b'\xa0\x00\x00\x02\x47\x10\x01', bertlv_data=[])
    for fid, sfi, name in FILES:
        if os.path.exists(os.path.join(fx, name)):
            df.append(TransparentStructureEF(parent=df, fid=fid, shortfid=sfi, filedescriptor=0, data=rd(name)))
    mf.append(df)
    self.mf = mf
    self.sam = SeedPassportSAM(mf, rd("bac_seed.txt").strip())


CardGenerator._CardGenerator__generate_ePass = gen_epass
# py3: upstream XORs with chr(op(ord(a), ord(b))) -> TypeError on bytes in BAC MUTUAL AUTH
vsCrypto.operation_on_string = lambda s1, s2, op: bytes(op(x, y) for x, y in zip(s1, s2))

vicc = VirtualICC(None, "ePass", "localhost", port, logginglevel=logging.DEBUG if "-v" in sys.argv else logging.WARNING)
pace.install(vicc.os, fx)
# vpcd writes length and APDU as two segments: Nagle (vpcd) x delayed ACK (vicc) = ~40 ms per APDU.
vicc.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _QuickAck:
    def __init__(self, s): self._s = s

    def recv(self, n):
        self._s.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        return self._s.recv(n)

    def __getattr__(self, k): return getattr(self._s, k)


vicc.sock = _QuickAck(vicc.sock)
print("vicc ePass up on port %d with %s, proves %s" % (port, [n for _, _, n in FILES if os.path.exists(os.path.join(fx, n))],
      PROOFS), flush=True)
try:
    vicc.run()
except KeyboardInterrupt:
    pass
finally:
    try:
        os.unlink(os.path.join(_shim, "Crypto")); os.rmdir(_shim)
    except OSError:
        pass
