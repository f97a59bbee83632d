package dev.clara.trainer.service;

/** A training request that cannot run, with a stable code (for clara.dlq) and the reason for a human. */
public class RefusedRequestException extends Exception {
    private final String code;

    public RefusedRequestException(String code, String reason) {
        super(reason);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
