package dev.clara.encoder.service;

/** A piece the encoder refuses, with a stable code (for clara.dlq) and a reason for a human. */
public class RejectedPieceException extends Exception {
    private final String code;

    public RejectedPieceException(String code, String reason) {
        super(reason);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
