package dev.clara.generator.ranking;

import dev.clara.generator.config.RankerConfig;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.Topics;
import dev.clara.proto.v1.SampleScore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The ranker: clara.samples (key request id) and clara.scores (key sample id, re-keyed by request id) meet in one
 * processor with a fault-tolerant store (changelogged; exactly-once processing), which writes clara.ranked.
 */
@ApplicationScoped
public class RankerTopology {
    static final String STORE = "ranking-by-request";
    static final char SAMPLE_TAG = 'S';
    static final char SCORE_TAG = 'C';
    static final char RANKED_TAG = 'R';
    static final char DEAD_TAG = 'D';

    @Produces
    public Topology topology(RankerConfig config) {
        RankingPolicy policy = new RankingPolicy(config.noveltyMinPHuman(), config.noveltyMinEntropyFraction());
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.String()));
        KStream<String, String> samples = builder.stream(Topics.SAMPLES, Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(value -> SAMPLE_TAG + value);
        KStream<String, String> scores = builder.stream(Topics.SCORES, Consumed.with(Serdes.String(), Serdes.String()))
                .selectKey((sampleId, value) -> requestIdOf(sampleId, value))
                .repartition(Repartitioned.<String, String>with(Serdes.String(), Serdes.String()).withName("scores-by-request"))
                .mapValues(value -> SCORE_TAG + value);
        samples.merge(scores)
                .process(() -> new RankingProcessor(policy, config.timeout(), config.checkInterval(), config.retention()), STORE)
                .split()
                .branch((key, value) -> value.charAt(0) == DEAD_TAG, Branched.withConsumer(dead -> dead
                        .mapValues(value -> value.substring(1)).to(Topics.DLQ, Produced.with(Serdes.String(), Serdes.String()))))
                .defaultBranch(Branched.withConsumer(ranked -> ranked
                        .mapValues(value -> value.substring(1)).to(Topics.RANKED, Produced.with(Serdes.String(), Serdes.String()))));
        return builder.build();
    }

    /** The request a score belongs to; an unreadable score keeps its own key and becomes a dead letter downstream. */
    static String requestIdOf(String sampleId, String json) {
        try {
            String requestId = ProtoJson.<SampleScore>read(json, SampleScore.newBuilder()).getRequestId();
            return requestId.isBlank() ? fallbackKey(sampleId) : requestId;
        } catch (Exception e) {
            return fallbackKey(sampleId);
        }
    }

    private static String fallbackKey(String sampleId) {
        return sampleId == null ? "unkeyed-score" : sampleId;
    }
}
