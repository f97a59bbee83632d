package dev.clara.scoring;

/** Input that cannot be scored at all (not MIDI, too large, an unknown encoding), with a stable code. */
public class InvalidInputException extends Exception {
    private final String code;

    public InvalidInputException(String code, String reason) {
        super(reason);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
