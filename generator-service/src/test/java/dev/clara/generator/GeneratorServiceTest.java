package dev.clara.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.clara.kafka.testing.EmbeddedKafkaTestResource;
import dev.clara.kafka.testing.TestKafkaClient;
import dev.clara.kafka.testing.RequiresKafka;
import dev.clara.music.encoding.EncodingSpec;
import dev.clara.music.encoding.NotewiseGrammar;
import dev.clara.music.midi.MidiReader;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.Topics;
import dev.clara.proto.v1.DeadLetter;
import dev.clara.proto.v1.GenerateEvent;
import dev.clara.proto.v1.GenerateRequest;
import dev.clara.proto.v1.GeneratorGrpc;
import dev.clara.proto.v1.Sample;
import dev.clara.proto.v1.SamplingSettings;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generator through real gRPC calls and a real Kafka broker, with a tiny random model. */
@QuarkusTest
@RequiresKafka
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
@QuarkusTestResource(TinyGeneratorResource.class)
class GeneratorServiceTest {
    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @jakarta.inject.Inject
    dev.clara.generator.service.GeneratorModels models;

    private ManagedChannel channel;
    private GeneratorGrpc.GeneratorBlockingStub generator;

    @BeforeEach
    void connect() throws InterruptedException {
        // As readiness does for a load balancer: wait until the model in the store is loaded.
        for (int i = 0; i < 300 && models.latestVersion().isEmpty(); i++) {
            Thread.sleep(100);
        }
        channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().maxInboundMessageSize(64 << 20).build();
        generator = GeneratorGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    private static GenerateRequest.Builder request(String id, int count, int length, long seed) {
        return GenerateRequest.newBuilder().setRequestId(id).setCount(count).setLengthTokens(length).setSeed(seed)
                .setPromptTokens("p30 wait6 endp30 p34");
    }

    private List<Sample> generate(GenerateRequest request) {
        List<Sample> samples = new ArrayList<>();
        Iterator<GenerateEvent> events = generator.withDeadlineAfter(120, TimeUnit.SECONDS).generate(request);
        boolean started = false;
        while (events.hasNext()) {
            GenerateEvent event = events.next();
            started |= event.hasStarted();
            if (event.hasSample()) {
                samples.add(event.getSample());
            }
        }
        assertThat(started).isTrue();
        return samples;
    }

    @Test
    void aGrpcRequestStreamsTheAskedSamplesWhichDecodeToValidMidiAndRepeatWithTheSeed() throws Exception {
        String id = "grpc-" + UUID.randomUUID();
        List<Sample> samples = generate(request(id, 3, 60, 7).build());

        assertThat(samples).hasSize(3).extracting(Sample::getIndex).containsExactly(0, 1, 2);
        for (Sample sample : samples) {
            assertThat(sample.getModelVersion()).isEqualTo(TinyGeneratorResource.versionId);
            assertThat(sample.getTokenCount()).isEqualTo(60);
            assertThat(sample.getSeed()).isEqualTo(7);
            // The grammar mask: every token the sample holds was allowed where it stands.
            NotewiseGrammar grammar = new NotewiseGrammar(EncodingSpec.NOTEWISE);
            for (String token : List.of("p30", "wait6", "endp30", "p34")) {
                grammar.accept(token);
            }
            for (String token : sample.getTokens().split(" ")) {
                assertThat(grammar.allows(token)).as(token + " in " + sample.getTokens()).isTrue();
                grammar.accept(token);
            }
            // Valid MIDI that reads back (a sample of waits alone has no note, which the reader refuses; ours have notes).
            assertThat(MidiReader.forPiano().read(sample.getMidi().toByteArray()).noteCount()).isPositive();
        }
        List<Sample> again = generate(request("again-" + id, 3, 60, 7).build());
        assertThat(again).extracting(Sample::getTokens).containsExactlyElementsOf(samples.stream().map(Sample::getTokens).toList());
        List<Sample> other = generate(request("other-" + id, 3, 60, 8).build());
        assertThat(other).extracting(Sample::getTokens).isNotEqualTo(samples.stream().map(Sample::getTokens).toList());

        // Every finished sample is also on clara.samples for the scorers.
        List<ConsumerRecord<String, String>> published = TestKafkaClient.shared().await(Topics.SAMPLES, r -> id.equals(r.key()), 3,
                Duration.ofSeconds(30));
        assertThat(published).hasSize(3);
    }

    @Test
    void aLengthInSecondsStopsEachSampleOnceItsMusicLastsThatLong() {
        // 1.5 s at the prompt's 100 BPM is 2.5 quarter notes: 30 steps of sample_freq 12.
        List<dev.clara.music.Note> notes = List.of(dev.clara.music.Note.piano(60, 0, 1), dev.clara.music.Note.piano(64, 1, 2));
        byte[] prompt = new dev.clara.music.midi.MidiWriter().write(dev.clara.music.Piece.of("prompt", notes, 100.0));
        List<Sample> samples = generate(GenerateRequest.newBuilder().setRequestId("seconds-" + UUID.randomUUID())
                .setCount(2).setLengthSeconds(1.5).setSeed(2).setPromptMidi(ByteString.copyFrom(prompt)).build());
        assertThat(samples).hasSize(2);
        for (Sample sample : samples) {
            assertThat(sample.getTempoBpm()).isEqualTo(100.0, org.assertj.core.data.Offset.offset(0.01));
            String[] tokens = sample.getTokens().split(" ");
            int steps = 0;
            for (int i = 0; i < tokens.length; i++) {
                if (tokens[i].startsWith("wait")) {
                    int before = steps;
                    steps += Integer.parseInt(tokens[i].substring(4));
                    if (i == tokens.length - 1) {
                        assertThat(before).as("the target was not reached before the last token").isLessThan(30);
                    }
                }
            }
            assertThat(steps).as(sample.getTokens()).isGreaterThanOrEqualTo(30);
            assertThat(tokens[tokens.length - 1]).startsWith("wait");
        }
    }

    @Test
    void aKafkaRequestYieldsItsSamplesOnClaraSamples() throws Exception {
        String id = "kafka-" + UUID.randomUUID();
        TestKafkaClient.shared().send(Topics.GENERATE_REQUESTS, id, ProtoJson.write(request(id, 2, 30, 3)
                .setSampling(SamplingSettings.newBuilder().setTemperature(1.2).setTopP(0.9)).build()));
        List<ConsumerRecord<String, String>> records = TestKafkaClient.shared().await(Topics.SAMPLES, r -> id.equals(r.key()), 2,
                Duration.ofSeconds(60));
        assertThat(records).hasSize(2);
        Sample sample = ProtoJson.read(records.get(0).value(), Sample.newBuilder());
        assertThat(sample.getCount()).isEqualTo(2);
        assertThat(sample.getSampling().getTemperature()).isEqualTo(1.2);
        assertThat(MidiReader.forPiano().read(sample.getMidi().toByteArray())).isNotNull();
    }

    @Test
    void badRequestsGetTheirReasonAndADeadLetterAndTheNextGoodOneIsServed() throws Exception {
        String id = "bad-" + UUID.randomUUID();
        assertThatThrownBy(() -> generate(request(id, 1000, 30, 1).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("count must be within 1..64, not 1000");
                });
        assertThatThrownBy(() -> generate(request("version-" + id, 1, 30, 1).setModelVersion("generator-nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> generate(request("prompt-" + id, 1, 30, 1)
                .setPromptMidi(ByteString.copyFromUtf8("not a midi file")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("INVALID_PROMPT").contains("NOT_MIDI");
                });
        TestKafkaClient.shared().send(Topics.GENERATE_REQUESTS, "json-" + id, "{\"count\": ");
        TestKafkaClient.shared().send(Topics.GENERATE_REQUESTS, "length-" + id, ProtoJson.write(request("length-" + id, 1, 50_000, 1).build()));

        DeadLetter grpcLetter = deadLetter(id);
        assertThat(grpcLetter.getSource()).isEqualTo("grpc:clara.v1.Generator/Generate");
        assertThat(grpcLetter.getErrorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(deadLetter("json-" + id).getErrorCode()).isEqualTo("INVALID_EVENT");
        assertThat(deadLetter("length-" + id).getReason()).contains("length_tokens must be within 1..20000, not 50000");

        assertThat(generate(request("good-" + id, 1, 20, 1).build())).hasSize(1);
    }

    @Test
    void aFullQueueIsResourceExhaustedAndACancelledCallFreesTheWorker() throws Exception {
        String id = "busy-" + UUID.randomUUID();
        // One worker, one place in the queue: a long request runs, a second waits, a third is refused.
        Context.CancellableContext first = Context.current().withCancellation();
        CompletableFuture<Integer> running = new CompletableFuture<>();
        first.run(() -> {
            Iterator<GenerateEvent> events = generator.generate(request(id + "-1", 64, 20_000, 1).build());
            CompletableFuture.runAsync(() -> {
                int n = 0;
                try {
                    while (events.hasNext()) {
                        events.next();
                        n++;
                    }
                } catch (StatusRuntimeException e) {
                    // cancelled below
                }
                running.complete(n);
            });
        });
        Thread.sleep(1500);
        CompletableFuture<List<Sample>> queued = CompletableFuture.supplyAsync(() -> generate(request(id + "-2", 1, 10, 1).build()));
        Thread.sleep(500);
        assertThatThrownBy(() -> generate(request(id + "-3", 1, 10, 1).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        first.cancel(null);
        // 64 x 20,000 tokens take many minutes here: the waiting request can only run this soon if cancelling the
        // call stopped the work.
        assertThat(queued.get(60, TimeUnit.SECONDS)).hasSize(1);
        assertThat(TestKafkaClient.shared().await(Topics.SAMPLES, r -> (id + "-1").equals(r.key()), 1, Duration.ofSeconds(2))).isEmpty();
    }

    private static DeadLetter deadLetter(String key) throws Exception {
        List<ConsumerRecord<String, String>> records = TestKafkaClient.shared().await(Topics.DLQ, r -> key.equals(r.key()), 1,
                Duration.ofSeconds(30));
        assertThat(records).as("dead letter " + key).hasSize(1);
        return ProtoJson.read(records.get(0).value(), DeadLetter.newBuilder());
    }
}
