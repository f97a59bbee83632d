package dev.clara.encoder.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Callable;

/** The encoder's Prometheus meters: pieces by outcome and error code, per entry point, and encoding time. */
@ApplicationScoped
public class EncoderMetrics {
    private final MeterRegistry registry;
    private final Timer encodeTimer;

    public EncoderMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.encodeTimer = Timer.builder("clara.encoder.encode")
                .description("Reading and encoding one piece in every asked encoding").register(registry);
    }

    public <T> T timeEncoding(Callable<T> work) throws Exception {
        return encodeTimer.recordCallable(work);
    }

    /** {@code via}: kafka or grpc; {@code code}: OK or the rejection's error code. */
    public void piece(String via, String code) {
        registry.counter("clara.encoder.pieces", "via", via, "outcome", "OK".equals(code) ? "encoded" : "rejected",
                "code", code).increment();
    }
}
