package dev.clara.nn.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The identity of one stored model, as {@code version.json} holds it and {@code clara.models}
 * announces it.
 *
 * @param versionId unique within a store; also the version's directory name
 * @param kind what the model does
 * @param parentVersion the version this one was fine-tuned from, or null
 * @param createdAt when the version was made
 * @param encodingId the token encoding the model reads and writes, e.g. {@code notewise-sf12-r62}
 */
public record ModelVersion(String versionId, ModelKind kind, String parentVersion, Instant createdAt, String encodingId) {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    public ModelVersion {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(encodingId, "encodingId");
        if (versionId == null || !SAFE_ID.matcher(versionId).matches()) {
            throw new IllegalArgumentException("a version id must be 1–128 letters, digits, '.', '_' or '-', "
                    + "not starting with a separator: '" + versionId + "'");
        }
        if (encodingId.isBlank() || encodingId.contains("\n")) {
            throw new IllegalArgumentException("the encoding id must be one non-blank line: '" + encodingId + "'");
        }
    }

    /**
     * A new version named {@code <kind>-<UTC time>-<4 hex digits>}, sortable by time and unlikely to
     * collide when two trainers finish in the same second.
     */
    public static ModelVersion create(ModelKind kind, String encodingId, String parentVersion, Clock clock) {
        Instant now = clock.instant();
        String id = String.format(Locale.ROOT, "%s-%s-%04x", kind.wireName(), STAMP.format(now),
                ThreadLocalRandom.current().nextInt(0x10000));
        return new ModelVersion(id, kind, parentVersion, now, encodingId);
    }

    public static ModelVersion create(ModelKind kind, String encodingId, String parentVersion) {
        return create(kind, encodingId, parentVersion, Clock.systemUTC());
    }
}
