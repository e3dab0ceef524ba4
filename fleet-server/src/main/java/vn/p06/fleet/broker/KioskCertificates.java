package vn.p06.fleet.broker;

import java.security.cert.X509Certificate;

/**
 * The broker's view of kiosk certificates: the TLS handshake already proved that the client holds
 * the key of a certificate our CA signed; this says whether that certificate may log in as the
 * client id it asks for. Answered from memory: a storm of reconnects costs no password hashing.
 */
@FunctionalInterface
public interface KioskCertificates {

    enum Verdict { ACCEPTED, OTHER_KIOSK, UNKNOWN_CERTIFICATE, REVOKED }

    Verdict check(X509Certificate certificate, String clientId);
}
