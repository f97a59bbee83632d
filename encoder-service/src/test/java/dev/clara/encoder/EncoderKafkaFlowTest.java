package dev.clara.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.clara.kafka.testing.EmbeddedKafkaTestResource;
import dev.clara.kafka.testing.TestKafkaClient;
import dev.clara.kafka.testing.RequiresKafka;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.Topics;
import dev.clara.proto.v1.DeadLetter;
import dev.clara.proto.v1.EncodedPiece;
import dev.clara.proto.v1.EnsembleHint;
import dev.clara.proto.v1.MidiSubmitted;
import dev.clara.proto.v1.Split;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The encoder through a real Kafka broker: what a producer of clara.midi sees on clara.tokens and clara.dlq. */
@QuarkusTest
@RequiresKafka
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class EncoderKafkaFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aCorruptFileGoesToTheDeadLetterTopicAndTheGoodFileAfterItIsStillEncoded() throws Exception {
        String run = UUID.randomUUID().toString();
        String bad = "bad-" + run;
        String good = "good-" + run;
        submit(bad, "not a MIDI file at all".getBytes(), EnsembleHint.ENSEMBLE_AUTO);
        submit(good, TestMidi.pianoScale(16), EnsembleHint.ENSEMBLE_AUTO);

        DeadLetter letter = deadLetter(bad);
        assertThat(letter.getErrorCode()).isEqualTo("NOT_MIDI");
        assertThat(letter.getReason()).isNotBlank();
        assertThat(letter.getSource()).isEqualTo(Topics.MIDI);
        assertThat(letter.getService()).isEqualTo("encoder-service");
        assertThat(ProtoJson.<MidiSubmitted>read(letter.getOriginal().toStringUtf8(), MidiSubmitted.newBuilder()).getPieceId())
                .isEqualTo(bad);

        Map<String, EncodedPiece> byEncoding = tokens(good, 2);
        assertThat(byEncoding).containsOnlyKeys("notewise-sf12-r62", "chordwise-sf4-r62");
        EncodedPiece notewise = byEncoding.get("notewise-sf12-r62");
        assertThat(notewise.getComposer()).isEqualTo("tester");
        assertThat(notewise.getNoteCount()).isEqualTo(16);
        // 16 quarter notes at 100 BPM.
        assertThat(notewise.getDurationSeconds()).isCloseTo(9.6, org.assertj.core.data.Offset.offset(0.01));
        assertThat(notewise.getTokens()).startsWith("p27 wait12 endp27 p29 wait12");
        assertThat(notewise.getTokenCount()).isEqualTo(notewise.getTokens().split(" ").length);
        assertThat(notewise.getSplit()).isIn(Split.SPLIT_TRAIN, Split.SPLIT_TEST);
        assertThat(byEncoding.get("chordwise-sf4-r62").getTokens().split(" ")).hasSize(16 * 4);
    }

    @Test
    void eachKindOfBadInputGetsItsOwnCodeAndTheConsumerKeepsGoing() throws Exception {
        String run = UUID.randomUUID().toString();
        Map<String, byte[]> bad = Map.of(
                "truncated-" + run, TestMidi.truncated(),
                "no-notes-" + run, TestMidi.drumsOnly(),
                "tick-" + run, TestMidi.tickOverflow(),
                "long-" + run, TestMidi.longSilence());
        for (var entry : bad.entrySet()) {
            submit(entry.getKey(), entry.getValue(), EnsembleHint.ENSEMBLE_AUTO);
        }
        TestKafkaClient.shared().send(Topics.MIDI, "json-" + run, "{\"pieceId\": \"json-" + run + "\", \"midi\": ");
        TestKafkaClient.shared().send(Topics.MIDI, "chamber-" + run, ProtoJson.write(MidiSubmitted.newBuilder()
                .setPieceId("chamber-" + run).setEnsemble(EnsembleHint.ENSEMBLE_CHAMBER)
                .setMidi(ByteString.copyFrom(TestMidi.pianoScale(8))).build()));
        String after = "after-" + run;
        submit(after, TestMidi.pianoScale(8), EnsembleHint.ENSEMBLE_AUTO);

        assertThat(deadLetter("truncated-" + run).getErrorCode()).isEqualTo("TRUNCATED");
        assertThat(deadLetter("no-notes-" + run).getErrorCode()).isEqualTo("NO_NOTES");
        assertThat(deadLetter("tick-" + run).getErrorCode()).isEqualTo("TICK_OVERFLOW");
        DeadLetter tooLong = deadLetter("long-" + run);
        assertThat(tooLong.getErrorCode()).isEqualTo("TOO_MANY_TOKENS");
        assertThat(tooLong.getReason()).contains("chordwise-sf4-r62");
        DeadLetter json = deadLetter("json-" + run);
        assertThat(json.getErrorCode()).isEqualTo("INVALID_EVENT");
        assertThat(json.getReason()).contains("not a valid JSON MidiSubmitted");
        assertThat(deadLetter("chamber-" + run).getErrorCode()).isEqualTo("UNSUPPORTED_INSTRUMENTATION");
        // Nothing after the bad records was lost.
        assertThat(tokens(after, 2)).hasSize(2);
        // A rejected piece wrote no tokens at all.
        assertThat(TestKafkaClient.shared().await(Topics.TOKENS, r -> r.key().startsWith("long-" + run), 1, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void aViolinAndPianoPieceAlsoGetsTheChamberEncodings() throws Exception {
        String id = "duo-" + UUID.randomUUID();
        submit(id, TestMidi.violinAndPiano(), EnsembleHint.ENSEMBLE_AUTO);
        Map<String, EncodedPiece> byEncoding = tokens(id, 4);
        assertThat(byEncoding).containsOnlyKeys("notewise-sf12-r62", "chordwise-sf4-r62",
                "notewise-sf12-r62-chamber", "chordwise-sf4-r62-chamber");
        assertThat(byEncoding.get("notewise-sf12-r62-chamber").getTokens()).contains("v").contains("endv");
        assertThat(byEncoding.get("notewise-sf12-r62-chamber").getHasSolo()).isTrue();
        assertThat(byEncoding.get("notewise-sf12-r62").getTokens()).doesNotContain("v");
        assertThat(byEncoding.get("chordwise-sf4-r62-chamber").getTokens()).startsWith("v");
    }

    @Test
    void resubmittingAPieceWritesTheSameKeysSoCompactionKeepsOnlyTheNewTokens() throws Exception {
        String id = "again-" + UUID.randomUUID();
        submit(id, TestMidi.pianoScale(4), EnsembleHint.ENSEMBLE_AUTO);
        tokens(id, 2);
        submit(id, TestMidi.pianoScale(8), EnsembleHint.ENSEMBLE_AUTO);
        List<ConsumerRecord<String, String>> records = TestKafkaClient.shared().await(Topics.TOKENS,
                r -> r.key().startsWith(id + "|"), 4, WAIT);
        assertThat(records).hasSize(4);
        assertThat(records.stream().map(ConsumerRecord::key).distinct())
                .containsExactlyInAnyOrder(Topics.tokensKey(id, "notewise-sf12-r62"), Topics.tokensKey(id, "chordwise-sf4-r62"));
        // Per key the later record, the one compaction keeps, holds the resubmitted piece.
        Map<String, EncodedPiece> latest = records.stream().collect(Collectors.toMap(ConsumerRecord::key,
                r -> parse(r.value()), (first, second) -> second));
        assertThat(latest.values()).allSatisfy(piece -> assertThat(piece.getNoteCount()).isEqualTo(8));
    }

    private static void submit(String pieceId, byte[] midi, EnsembleHint ensemble) throws Exception {
        MidiSubmitted event = MidiSubmitted.newBuilder().setPieceId(pieceId).setComposer("tester").setTitle(pieceId)
                .setEnsemble(ensemble).setMidi(ByteString.copyFrom(midi)).build();
        TestKafkaClient.shared().send(Topics.MIDI, pieceId, ProtoJson.write(event));
    }

    private static DeadLetter deadLetter(String pieceId) throws Exception {
        List<ConsumerRecord<String, String>> records = TestKafkaClient.shared().await(Topics.DLQ, r -> pieceId.equals(r.key()), 1, WAIT);
        assertThat(records).as("dead letter for " + pieceId).hasSize(1);
        return ProtoJson.read(records.get(0).value(), DeadLetter.newBuilder());
    }

    private static Map<String, EncodedPiece> tokens(String pieceId, int expected) {
        List<ConsumerRecord<String, String>> records = TestKafkaClient.shared().await(Topics.TOKENS,
                r -> r.key().startsWith(pieceId + "|"), expected, WAIT);
        assertThat(records).as("token records of " + pieceId).hasSize(expected);
        return records.stream().map(r -> parse(r.value()))
                .collect(Collectors.toMap(EncodedPiece::getEncoding, p -> p, (a, b) -> b));
    }

    private static EncodedPiece parse(String json) {
        try {
            return ProtoJson.read(json, EncodedPiece.newBuilder());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
