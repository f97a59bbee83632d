package dev.clara.trainer;

import dev.clara.kafka.testing.TestKafkaClient;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.Topics;
import dev.clara.proto.v1.EncodedPiece;
import dev.clara.proto.v1.Split;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes small synthetic pieces to clara.tokens, under a composer of the test's own so tests do not see each other's. */
final class SyntheticCorpus {
    static final String ENCODING = "notewise-sf12-r62";

    private SyntheticCorpus() {
    }

    /** Arpeggios over a few chords: a pattern a tiny LSTM learns within a few epochs. */
    static List<String> piece(int variant, int bars) {
        int[][] chords = {{27, 31, 34}, {29, 32, 36}, {31, 34, 38}, {26, 29, 33}};
        List<String> tokens = new ArrayList<>();
        for (int bar = 0; bar < bars; bar++) {
            int[] chord = chords[(bar + variant) % chords.length];
            for (int key : chord) {
                tokens.add("p" + key);
                tokens.add("wait4");
                tokens.add("endp" + key);
            }
            tokens.add("wait12");
        }
        return tokens;
    }

    /** {@code pieces} training pieces plus one test piece, all by {@code composer}. */
    static void publish(String composer, int pieces, int bars) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i <= pieces; i++) {
                String id = composer + "/piece-" + i;
                List<String> tokens = piece(i, bars);
                EncodedPiece piece = EncodedPiece.newBuilder().setPieceId(id).setComposer(composer)
                        .setSplit(i == pieces ? Split.SPLIT_TEST : Split.SPLIT_TRAIN).setEncoding(ENCODING)
                        .setTokens(String.join(" ", tokens)).setTokenCount(tokens.size()).build();
                producer.send(new ProducerRecord<>(Topics.TOKENS, Topics.tokensKey(id, ENCODING), ProtoJson.write(piece)))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    static KafkaProducer<String, String> producer() {
        return TestKafkaClient.shared().producer();
    }

    static void send(String topic, String key, String value) throws Exception {
        TestKafkaClient.shared().send(topic, key, value);
    }

    /** Reads {@code topic} from the beginning until {@code until} holds for a kept record or the timeout passes. */
    static List<ConsumerRecord<String, String>> readUntil(String topic, Predicate<ConsumerRecord<String, String>> keep,
                                                          Predicate<ConsumerRecord<String, String>> until, Duration timeout) {
        return TestKafkaClient.shared().read(topic, keep, kept -> !kept.isEmpty() && until.test(kept.get(kept.size() - 1)),
                timeout);
    }
}
