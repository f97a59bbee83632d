package dev.clara.music;

import java.util.Objects;

/**
 * A MIDI file or piece that Clara refuses, with a machine-readable {@link ErrorCode} and a reason a person can act on.
 * Checked on purpose: every caller (encoder service, benchmark, trainer) must decide where a refused piece goes.
 */
public final class MidiFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String reason;

    public MidiFormatException(ErrorCode code, String reason) {
        super(code + ": " + reason);
        this.code = Objects.requireNonNull(code, "code");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public MidiFormatException(ErrorCode code, String reason, Throwable cause) {
        super(code + ": " + reason, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ErrorCode code() {
        return code;
    }

    /** The human-readable part of the message, without the code. */
    public String reason() {
        return reason;
    }
}
