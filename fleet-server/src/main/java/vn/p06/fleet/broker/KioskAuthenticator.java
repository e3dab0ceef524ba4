package vn.p06.fleet.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * CONNECT policy: the fleet's service user with its per-process password, or a kiosk whose
 * client id equals its user name (so no kiosk can take over another's session) and whose secret
 * matches its enrollment, or a kiosk presenting a client certificate from the fleet CA (checked by
 * the TLS listener) whose CN is its client id and which is not revoked. A client that presents a
 * certificate is judged by it alone: a revoked certificate is not rescued by a password.
 */
final class KioskAuthenticator implements SimpleAuthenticator {
    static final String USER_ATTRIBUTE = "fleet.user";

    private final MqttBroker.ServiceCredentials service;
    private final KioskCredentials credentials;
    private final KioskCertificates certificates;
    private final BrokerRefusals refusals;
    private final Executor executor;

    KioskAuthenticator(MqttBroker.ServiceCredentials service, KioskCredentials credentials,
                       KioskCertificates certificates, BrokerRefusals refusals, Executor executor) {
        this.service = service;
        this.credentials = credentials;
        this.certificates = certificates;
        this.refusals = refusals;
        this.executor = executor;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getClientInformation().getClientId();
        String user = input.getConnectPacket().getUserName().orElse("");
        Optional<X509Certificate> certificate = input.getConnectionInformation().getClientTlsInformation()
                .flatMap(ClientTlsInformation::getClientCertificate);
        if (certificate.isPresent()) {
            // In memory and quick: no need to leave the network thread.
            boolean userMatches = user.isEmpty() || user.equals(clientId);
            String refusal = userMatches ? refusalReason(certificates.check(certificate.get(), clientId))
                    : "client-id-mismatch";
            finish(input, output, clientId, clientId, refusal);
            return;
        }
        byte[] secret = input.getConnectPacket().getPassword().map(KioskAuthenticator::bytes).orElse(new byte[0]);
        if (user.equals(service.username())) {
            boolean ok = MessageDigest.isEqual(secret, service.password().getBytes(StandardCharsets.UTF_8))
                    && clientId.startsWith("fleet-");
            finish(input, output, user, clientId, ok ? null : "wrong-password");
            return;
        }
        if (!clientId.equals(user)) {
            finish(input, output, user, clientId, "client-id-mismatch");
            return;
        }
        Async<SimpleAuthOutput> async = output.async(Duration.ofSeconds(10), TimeoutFallback.FAILURE);
        executor.execute(() -> {
            try {
                KioskCredentials.Verdict verdict = credentials.verify(user, secret);
                finish(input, output, user, clientId, refusalReason(verdict));
            } catch (RuntimeException e) {
                finish(input, output, user, clientId, "auth-error");
            } finally {
                Arrays.fill(secret, (byte) 0);
                async.resume();
            }
        });
    }

    private void finish(SimpleAuthInput input, SimpleAuthOutput output, String user, String clientId, String refusal) {
        if (refusal == null) {
            input.getConnectionInformation().getConnectionAttributeStore().putAsString(USER_ATTRIBUTE, user);
            output.authenticateSuccessfully();
        } else {
            refusals.refused(refusal, clientId);
            ConnackReasonCode code = switch (refusal) {
                case "revoked-kiosk", "certificate-revoked" -> ConnackReasonCode.BANNED;
                case "client-id-mismatch" -> ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
                case "certificate-other-kiosk", "certificate-unknown" -> ConnackReasonCode.NOT_AUTHORIZED;
                default -> ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD;
            };
            output.failAuthentication(code, refusal);
        }
    }

    private static String refusalReason(KioskCredentials.Verdict verdict) {
        return switch (verdict) {
            case ACCEPTED -> null;
            case UNKNOWN_KIOSK -> "unknown-kiosk";
            case REVOKED -> "revoked-kiosk";
            case WRONG_SECRET -> "wrong-password";
        };
    }

    private static String refusalReason(KioskCertificates.Verdict verdict) {
        return switch (verdict) {
            case ACCEPTED -> null;
            case OTHER_KIOSK -> "certificate-other-kiosk";
            case UNKNOWN_CERTIFICATE -> "certificate-unknown";
            case REVOKED -> "certificate-revoked";
        };
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
