package dev.clara.generator.ranking;

import com.google.gson.Gson;
import dev.clara.proto.DeadLetters;
import dev.clara.proto.InvalidEventException;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.Topics;
import dev.clara.proto.v1.RankedResult;
import dev.clara.proto.v1.Sample;
import dev.clara.proto.v1.SampleScore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins each request's samples and scores in a state store and forwards one result per request: when every sample
 * has both scores, or at the timeout. Outputs are tagged: {@link RankerTopology#RANKED_TAG} for clara.ranked,
 * {@link RankerTopology#DEAD_TAG} for clara.dlq.
 */
final class RankingProcessor implements Processor<String, String, String, String> {
    private static final Gson GSON = new Gson();

    private final RankingPolicy policy;
    private final Duration timeout;
    private final Duration checkInterval;
    private final Duration retention;
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, String> store;

    RankingProcessor(RankingPolicy policy, Duration timeout, Duration checkInterval, Duration retention) {
        this.policy = policy;
        this.timeout = timeout;
        this.checkInterval = checkInterval;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.store = context.getStateStore(RankerTopology.STORE);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::checkTimeouts);
    }

    @Override
    public void process(Record<String, String> record) {
        String value = record.value();
        if (value == null || value.length() < 2) {
            return;
        }
        char tag = value.charAt(0);
        String json = value.substring(1);
        long now = System.currentTimeMillis();
        try {
            if (tag == RankerTopology.SAMPLE_TAG) {
                Sample sample = ProtoJson.read(json, Sample.newBuilder());
                update(sample.getRequestId(), now, aggregator -> aggregator.add(sample));
            } else {
                SampleScore score = ProtoJson.read(json, SampleScore.newBuilder());
                if (score.getRequestId().isBlank()) {
                    throw new InvalidEventException("the score of sample '" + score.getSampleId() + "' names no requestId");
                }
                update(score.getRequestId(), now, aggregator -> aggregator.add(score));
            }
        } catch (InvalidEventException e) {
            String topic = tag == RankerTopology.SAMPLE_TAG ? Topics.SAMPLES : Topics.SCORES;
            String letter = ProtoJson.write(DeadLetters.fromRecord("generator-service/ranker", topic, -1, -1,
                    record.key(), json.getBytes(StandardCharsets.UTF_8), "INVALID_EVENT", e.getMessage()));
            context.forward(record.withValue(RankerTopology.DEAD_TAG + letter));
        }
    }

    private void update(String requestId, long now, java.util.function.Consumer<RankedResultAggregator> change) {
        String stored = store.get(requestId);
        RankedResultAggregator aggregator = stored == null ? new RankedResultAggregator(requestId, now)
                : GSON.fromJson(stored, RankedResultAggregator.class);
        if (aggregator.published()) {
            return; // a late or repeated event after the result went out: the result is published once
        }
        change.accept(aggregator);
        if (aggregator.complete()) {
            publish(aggregator, now);
        }
        store.put(requestId, GSON.toJson(aggregator));
    }

    private void publish(RankedResultAggregator aggregator, long now) {
        RankedResult result = aggregator.result(policy, now);
        aggregator.markPublished();
        context.forward(new Record<>(aggregator.requestId(), RankerTopology.RANKED_TAG + ProtoJson.write(result), now));
    }

    private void checkTimeouts(long now) {
        List<KeyValue<String, String>> changed = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, String> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, String> entry = all.next();
                RankedResultAggregator aggregator = GSON.fromJson(entry.value, RankedResultAggregator.class);
                long age = now - aggregator.firstSeenMs();
                if (!aggregator.published() && age >= timeout.toMillis()) {
                    publish(aggregator, now);
                    changed.add(KeyValue.pair(entry.key, GSON.toJson(aggregator)));
                } else if (aggregator.published() && age >= retention.toMillis()) {
                    expired.add(entry.key);
                }
            }
        }
        changed.forEach(kv -> store.put(kv.key, kv.value));
        expired.forEach(store::delete);
    }
}
