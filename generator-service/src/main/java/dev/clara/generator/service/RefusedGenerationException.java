package dev.clara.generator.service;

import io.grpc.Status;

/** A generation request that cannot be served, with the gRPC status it maps to and a stable code for clara.dlq. */
public class RefusedGenerationException extends Exception {
    private final Status.Code status;
    private final String code;

    public RefusedGenerationException(Status.Code status, String code, String reason) {
        super(reason);
        this.status = status;
        this.code = code;
    }

    public static RefusedGenerationException invalid(String code, String reason) {
        return new RefusedGenerationException(Status.Code.INVALID_ARGUMENT, code, reason);
    }

    public Status.Code status() {
        return status;
    }

    public String code() {
        return code;
    }

    public io.grpc.StatusRuntimeException toStatus() {
        return Status.fromCode(status).withDescription(code + ": " + getMessage()).asRuntimeException();
    }
}
