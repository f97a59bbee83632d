package dev.clara.cli;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;

/** Plain-text gRPC channels to the services, sized for MIDI files and long token texts. */
final class GrpcChannels {
    private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private GrpcChannels() {
    }

    static ManagedChannel open(String hostPort) {
        return ManagedChannelBuilder.forTarget(hostPort).usePlaintext().maxInboundMessageSize(MAX_MESSAGE_BYTES).build();
    }

    static void close(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A one-line explanation of a failed call for the terminal. */
    static String describe(StatusRuntimeException e, String service, String hostPort) {
        return switch (e.getStatus().getCode()) {
            case UNAVAILABLE -> service + " is not reachable at " + hostPort + " (is the stack up? try ./clara up)";
            case DEADLINE_EXCEEDED -> service + " did not answer in time";
            default -> e.getStatus().getCode() + ": " + e.getStatus().getDescription();
        };
    }
}
