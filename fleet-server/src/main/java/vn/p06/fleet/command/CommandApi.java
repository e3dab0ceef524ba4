package vn.p06.fleet.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import vn.p06.fleet.broker.KioskCredentials;
import vn.p06.fleet.http.HttpError;
import vn.p06.fleet.http.Permission;
import vn.p06.fleet.http.Request;
import vn.p06.fleet.http.Response;
import vn.p06.fleet.http.Router;
import vn.p06.fleet.store.KioskRecord;
import vn.p06.fleet.store.KioskRepository;

/**
 * Remote commands over HTTP (the shared REST contract), and the upload through which a kiosk hands
 * in a command's result (screenshot, collected logs). The upload is authenticated with the kiosk's
 * own MQTT user name and secret as HTTP Basic, and a kiosk may only post results for its own commands.
 */
public final class CommandApi {
    static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final CommandService commands;
    private final KioskRepository kiosks;
    private final KioskCredentials credentials;

    public CommandApi(CommandService commands, KioskRepository kiosks, KioskCredentials credentials) {
        this.commands = commands;
        this.kiosks = kiosks;
        this.credentials = credentials;
    }

    public void register(Router router) {
        router.post("/api/kiosks/{id}/commands", Permission.FLEET_OPERATE, this::send)
              .get("/api/kiosks/{id}/commands", Permission.FLEET_READ,
                      request -> Response.ok(commands.forKiosk(kiosk(request).id())))
              .get("/api/commands/{id}/result", Permission.FLEET_READ, this::result)
              // authenticated here, as the kiosk (HTTP Basic with its MQTT credentials), not as a person
              .post("/api/kiosks/{id}/commands/{commandId}/result", this::upload);
    }

    private Response send(Request request) {
        KioskRecord kiosk = kiosk(request);
        if (kiosk.revoked()) {
            throw new HttpError(HttpResponseStatus.CONFLICT, "kiosk " + kiosk.id() + " is revoked");
        }
        JsonNode body = Response.readJson(request.body(), JsonNode.class);
        String name = body.path("name").asText("");
        if (!CommandService.NAMES.contains(name)) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "name must be one of "
                    + CommandService.NAMES.stream().sorted().toList() + ": " + name);
        }
        JsonNode ttl = body.path("ttlSeconds");
        Duration timeToLive = DEFAULT_TTL;
        if (!ttl.isMissingNode() && !ttl.isNull()) {
            if (!ttl.isIntegralNumber() || ttl.asLong() < 1 || ttl.asLong() > CommandService.MAX_TTL.toSeconds()) {
                throw new HttpError(HttpResponseStatus.BAD_REQUEST,
                        "ttlSeconds must be a whole number from 1 to " + CommandService.MAX_TTL.toSeconds());
            }
            timeToLive = Duration.ofSeconds(ttl.asLong());
        }
        Map<String, String> arguments = new LinkedHashMap<>();
        JsonNode args = body.path("arguments");
        if (!args.isMissingNode() && !args.isNull()) {
            if (!args.isObject()) {
                throw new HttpError(HttpResponseStatus.BAD_REQUEST, "arguments must be an object of strings");
            }
            args.fields().forEachRemaining(field -> {
                if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                    throw new HttpError(HttpResponseStatus.BAD_REQUEST,
                            "arguments." + field.getKey() + " must be a string or a number");
                }
                arguments.put(field.getKey(), field.getValue().asText());
            });
        }
        Command command = commands.send(kiosk.id(), name, arguments, timeToLive, request.principal().name());
        return Response.json(HttpResponseStatus.ACCEPTED, command);
    }

    private Response result(Request request) {
        String id = request.pathParameter("id");
        CommandStore.Result result = commands.result(id)
                .orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "no result for command " + id));
        Response response = Response.text(result.contentType(), result.bytes());
        return result.contentType().startsWith("text/")
                ? response.withHeader("Content-Disposition", "attachment; filename=\"logs-" + id + ".txt\"")
                : response;
    }

    private Response upload(Request request) {
        String kioskId = request.pathParameter("id");
        authenticateKiosk(request, kioskId);
        String commandId = request.pathParameter("commandId");
        Command command = commands.find(commandId)
                .filter(c -> c.kioskId().equals(kioskId))
                .orElseThrow(() -> new HttpError(HttpResponseStatus.FORBIDDEN,
                        "kiosk " + kioskId + " has no command " + commandId));
        if (!CommandService.WITH_RESULT.contains(command.name())) {
            throw new HttpError(HttpResponseStatus.CONFLICT, command.name() + " commands have no result to upload");
        }
        String contentType = request.header("Content-Type").orElse("").split(";")[0].trim();
        byte[] body = request.body();
        if (body.length == 0) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "empty result");
        }
        if (command.name().equals("screenshot")) {
            if (!contentType.equals("image/png") || body.length < PNG_SIGNATURE.length
                    || !Arrays.equals(Arrays.copyOf(body, PNG_SIGNATURE.length), PNG_SIGNATURE)) {
                throw new HttpError(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "a screenshot must be a PNG (image/png)");
            }
            commands.saveResult(command, "image/png", body);
        } else {
            if (!contentType.equals("text/plain")) {
                throw new HttpError(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "collected logs must be text/plain");
            }
            commands.saveResult(command, "text/plain; charset=utf-8", body);
        }
        return Response.ok(commands.find(commandId).orElseThrow());
    }

    /** HTTP Basic with the kiosk's MQTT credentials, checked like the broker checks them. */
    private void authenticateKiosk(Request request, String kioskId) {
        String header = request.header("Authorization").orElse("");
        HttpError unauthorized = new HttpError(HttpResponseStatus.UNAUTHORIZED,
                "kiosk credentials (HTTP Basic: kiosk id and MQTT secret) missing or wrong");
        if (!header.startsWith("Basic ")) {
            throw unauthorized;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw unauthorized;
        }
        String user = decoded.substring(0, colon);
        byte[] secret = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        if (credentials.verify(user, secret) != KioskCredentials.Verdict.ACCEPTED) {
            throw unauthorized;
        }
        if (!user.equals(kioskId)) {
            throw new HttpError(HttpResponseStatus.FORBIDDEN, "kiosk " + user + " may not post results for " + kioskId);
        }
    }

    private KioskRecord kiosk(Request request) {
        String id = request.pathParameter("id");
        return kiosks.find(id).orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "no kiosk " + id));
    }
}
