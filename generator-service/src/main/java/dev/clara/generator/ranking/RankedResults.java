package dev.clara.generator.ranking;

import dev.clara.generator.config.RankerConfig;
import dev.clara.proto.InvalidEventException;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.v1.RankedResult;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The ranked results this instance has read from clara.ranked (every instance reads all of them), for
 * {@code GetResult} (which may wait for one) and {@code WatchResults}.
 */
@ApplicationScoped
public class RankedResults {
    public static final String CHANNEL = "ranked";
    private static final Logger LOG = Logger.getLogger(RankedResults.class);

    private final Map<String, RankedResult> results;
    private final Map<String, List<CompletableFuture<RankedResult>>> waiting = new HashMap<>();
    private final BroadcastProcessor<RankedResult> stream = BroadcastProcessor.create();

    public RankedResults(RankerConfig config) {
        int capacity = config.cachedResults();
        this.results = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RankedResult> eldest) {
                return size() > capacity;
            }
        };
    }

    @Incoming(CHANNEL)
    public void consume(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            accept(ProtoJson.read(new String(record.value(), StandardCharsets.UTF_8), RankedResult.newBuilder()));
        } catch (InvalidEventException e) {
            LOG.warnf("skipping unreadable clara.ranked record %s: %s", record.key(), e.getMessage());
        }
    }

    void accept(RankedResult result) {
        List<CompletableFuture<RankedResult>> toComplete;
        synchronized (this) {
            results.put(result.getRequestId(), result);
            toComplete = waiting.remove(result.getRequestId());
        }
        if (toComplete != null) {
            toComplete.forEach(future -> future.complete(result));
        }
        stream.onNext(result);
    }

    public synchronized Optional<RankedResult> get(String requestId) {
        return Optional.ofNullable(results.get(requestId));
    }

    /** Completes with the result as soon as it is known (at once if it already is). */
    public synchronized CompletableFuture<RankedResult> await(String requestId) {
        RankedResult known = results.get(requestId);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        CompletableFuture<RankedResult> future = new CompletableFuture<>();
        waiting.computeIfAbsent(requestId, id -> new ArrayList<>()).add(future);
        future.whenComplete((r, e) -> forget(requestId, future));
        return future;
    }

    private synchronized void forget(String requestId, CompletableFuture<RankedResult> future) {
        List<CompletableFuture<RankedResult>> list = waiting.get(requestId);
        if (list != null) {
            list.remove(future);
            if (list.isEmpty()) {
                waiting.remove(requestId);
            }
        }
    }

    /** Results from now on. */
    public Multi<RankedResult> watch() {
        return stream;
    }
}
