package dev.clara.service;

import dev.clara.proto.InvalidEventException;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.Topics;
import dev.clara.proto.v1.EncodedPiece;
import dev.clara.proto.v1.Split;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the corpus of one encoding as a snapshot of clara.tokens: from the beginning of every partition up to the
 * end offsets taken when the read starts, so pieces submitted during a run do not change it. Later records of a key
 * replace earlier ones, as compaction would.
 */
public final class TokenCorpusReader {
    private final String bootstrapServers;

    public TokenCorpusReader(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * @param composers keep only these composers (empty: all)
     * @param cancelled checked between polls
     */
    public List<CorpusPiece> read(String encodingId, Set<String> composers, Duration timeout, BooleanSupplier cancelled)
            throws TimeoutException {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("enable.auto.commit", "false");
        props.put("max.partition.fetch.bytes", Integer.toString(16 * 1024 * 1024));
        props.put("client.id", "clara-corpus-snapshot");
        Map<String, CorpusPiece> byKey = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.TOKENS, timeout).stream()
                    .map(p -> new TopicPartition(Topics.TOKENS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            String suffix = "|" + encodingId;
            while (!reachedEnd(consumer, partitions, end)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("reading " + Topics.TOKENS + " took longer than " + timeout.toSeconds() + " s");
                }
                if (cancelled.getAsBoolean()) {
                    return List.of();
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))
                            || record.key() == null || !record.key().endsWith(suffix)) {
                        continue;
                    }
                    if (record.value() == null) {
                        byKey.remove(record.key());
                        continue;
                    }
                    toPiece(record.value(), encodingId, composers).ifPresent(piece -> byKey.put(record.key(), piece));
                }
            }
        }
        return new ArrayList<>(byKey.values());
    }

    private static boolean reachedEnd(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions,
                                      Map<TopicPartition, Long> end) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < end.get(partition)) {
                return false;
            }
        }
        return true;
    }

    private static java.util.Optional<CorpusPiece> toPiece(String json, String encodingId, Set<String> composers) {
        try {
            EncodedPiece piece = ProtoJson.read(json, EncodedPiece.newBuilder());
            if (!piece.getEncoding().equals(encodingId) || piece.getTokens().isEmpty()
                    || (!composers.isEmpty() && !composers.contains(piece.getComposer()))) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new CorpusPiece(piece.getPieceId(), piece.getComposer(),
                    piece.getSplit() == Split.SPLIT_TEST, List.of(piece.getTokens().trim().split("\\s+"))));
        } catch (InvalidEventException e) {
            // The encoder is the only writer; a record it did not write is not part of the corpus.
            return java.util.Optional.empty();
        }
    }
}
