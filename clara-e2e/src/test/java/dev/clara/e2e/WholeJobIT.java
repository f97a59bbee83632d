package dev.clara.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.clara.cli.ClaraHome;
import dev.clara.cli.DownCommand;
import dev.clara.cli.LocalStack;
import dev.clara.cli.StackComponent;
import dev.clara.cli.UpCommand;
import dev.clara.kafka.testing.TestKafkaClient;
import dev.clara.music.Note;
import dev.clara.music.Piece;
import dev.clara.music.midi.MidiWriter;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.Topics;
import dev.clara.proto.v1.CorpusPrompt;
import dev.clara.proto.v1.GenerateEvent;
import dev.clara.proto.v1.GenerateRequest;
import dev.clara.proto.v1.GeneratorGrpc;
import dev.clara.proto.v1.GetResultRequest;
import dev.clara.proto.v1.Hyperparameters;
import dev.clara.proto.v1.MidiSubmitted;
import dev.clara.proto.v1.ModelKind;
import dev.clara.proto.v1.RankedResult;
import dev.clara.proto.v1.RunState;
import dev.clara.proto.v1.Split;
import dev.clara.proto.v1.StartTrainingResponse;
import dev.clara.proto.v1.TrainProgress;
import dev.clara.proto.v1.TrainRequest;
import dev.clara.proto.v1.TrainerGrpc;
import dev.clara.proto.v1.WatchTrainingRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole job on the real local stack: the embedded broker and the five packaged services as separate processes;
 * MIDI submitted by a plain Kafka producer, models trained and music generated over gRPC, the ranked result read back.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class WholeJobIT {
    private static LocalStack stack;
    private static String bootstrap;
    private static String generatorVersion;

    @BeforeAll
    static void up() throws Exception {
        Path root = Path.of(System.getProperty("clara.home", "..")).toAbsolutePath().normalize();
        Path run = root.resolve("clara-e2e").resolve("target").resolve("e2e-run");
        deleteRecursively(run);
        stack = new LocalStack(new ClaraHome(root, run), new PrintStream(System.out, true));
        try {
            bootstrap = UpCommand.bringUp(stack, null, Duration.ofMinutes(5), List.of());
        } catch (Exception e) {
            printLogs(run);
            throw e;
        }
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) {
            DownCommand.stopAll(stack);
        }
    }

    /** A little piece: a figure over a bass, in a register and rhythm of its "composer". */
    static byte[] piece(boolean high, int variant) {
        List<Note> notes = new ArrayList<>();
        int base = high ? 72 : 48;
        double step = high ? 0.25 : 0.5;
        for (int i = 0; i < 96; i++) {
            int pitch = base + new int[] {0, 4, 7, 12, 7, 4}[(i + variant) % 6];
            notes.add(Note.piano(pitch, i * step, i * step + step));
            if (i % 8 == 0) {
                notes.add(Note.piano(base - 12 + variant, i * step, i * step + 8 * step));
            }
        }
        return new MidiWriter().write(Piece.of((high ? "high" : "low") + variant, notes));
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void midiInOverKafkaModelsTrainedAndMusicGeneratedOverGrpcAndTheRankedResultComesBack() throws Exception {
        Set<String> ids = new HashSet<>();
        try (KafkaProducer<String, String> producer = new TestKafkaClient(bootstrap).producer()) {
            for (String composer : List.of("high", "low")) {
                for (int i = 0; i < 6; i++) {
                    String id = composer + "/piece-" + i;
                    ids.add(id);
                    MidiSubmitted event = MidiSubmitted.newBuilder().setPieceId(id).setComposer(composer)
                            .setMidi(ByteString.copyFrom(piece(composer.equals("high"), i))).build();
                    producer.send(new ProducerRecord<>(Topics.MIDI, id, ProtoJson.write(event))).get(30, TimeUnit.SECONDS);
                }
            }
        }
        assertThat(encodedPieces(ids)).containsExactlyInAnyOrderElementsOf(ids);

        ManagedChannel trainerChannel = channel(StackComponent.SERVICES.get(1));
        ManagedChannel generatorChannel = channel(StackComponent.SERVICES.get(2));
        try {
            TrainerGrpc.TrainerBlockingStub trainer = TrainerGrpc.newBlockingStub(trainerChannel);
            generatorVersion = train(trainer, ModelKind.MODEL_KIND_GENERATOR, Hyperparameters.newBuilder()
                    .setEmbeddingSize(32).setHiddenSize(64).setNumLayers(2).setBptt(32).setBatchSize(8).setEpochs(2)
                    .setMaxSeconds(60).setSeed(1).setAugment(false).build());
            Hyperparameters classifier = Hyperparameters.newBuilder().setBptt(32).setBatchSize(8).setEpochs(2)
                    .setFrozenEpochs(1).setMachineSamples(8).setMinPiecesPerClass(3).setMaxSeconds(60).setSeed(1)
                    .setAugment(false).build();
            train(trainer, ModelKind.MODEL_KIND_CRITIC, classifier);
            train(trainer, ModelKind.MODEL_KIND_COMPOSER, classifier);
            awaitModelsLoaded();

            GeneratorGrpc.GeneratorBlockingStub generator = GeneratorGrpc.newBlockingStub(generatorChannel);
            GenerateRequest request = GenerateRequest.newBuilder().setRequestId("e2e-" + System.currentTimeMillis())
                    .setCount(4).setLengthTokens(120).setModelVersion(generatorVersion).setSeed(9)
                    .setCorpusPrompt(CorpusPrompt.newBuilder().setSplit(Split.SPLIT_TRAIN)).setPromptSize(16).build();
            int samples = 0;
            Iterator<GenerateEvent> events = generator.withDeadlineAfter(5, TimeUnit.MINUTES).generate(request);
            while (events.hasNext()) {
                if (events.next().hasSample()) {
                    samples++;
                }
            }
            assertThat(samples).isEqualTo(4);

            RankedResult result = generator.withDeadlineAfter(4, TimeUnit.MINUTES).getResult(GetResultRequest.newBuilder()
                    .setRequestId(request.getRequestId()).setWaitMs(180_000).build());
            assertThat(result.getComplete()).as(String.join("; ", result.getMissingList())).isTrue();
            assertThat(result.getSamplesList()).hasSize(4);
            assertThat(result.getSamplesList()).allSatisfy(sample -> {
                assertThat(sample.hasPHuman()).isTrue();
                assertThat(sample.getComposersList()).extracting(c -> c.getComposer()).containsExactlyInAnyOrder("high", "low");
            });
            assertThat(result.getModelVersion()).isEqualTo(generatorVersion);
            assertThat(result.hasInceptionScore()).isTrue();
        } finally {
            trainerChannel.shutdownNow();
            generatorChannel.shutdownNow();
        }
    }

    /**
     * The critic goes down while a request is being scored and comes back: it reads on from its committed offset,
     * scores the samples it missed, and the ranker, which kept the request's state, publishes one complete result.
     */
    @Test
    @org.junit.jupiter.api.Order(2)
    void aCriticRestartedMidRequestLosesNothingAndTheResultArrivesOnce() throws Exception {
        assertThat(generatorVersion).as("the first test trains the models").isNotNull();
        StackComponent critic = StackComponent.SERVICES.get(3);
        String requestId = "restart-" + System.currentTimeMillis();
        stack.stop(critic, Duration.ofSeconds(30));
        try (KafkaProducer<String, String> producer = new TestKafkaClient(bootstrap).producer()) {
            GenerateRequest request = GenerateRequest.newBuilder().setRequestId(requestId).setCount(3).setLengthTokens(80)
                    .setModelVersion(generatorVersion).setSeed(4).build();
            producer.send(new ProducerRecord<>(Topics.GENERATE_REQUESTS, requestId, ProtoJson.write(request))).get(30, TimeUnit.SECONDS);
        }
        // Its samples are out and the composer has scored them while the critic is down.
        assertThat(records(Topics.SAMPLES, r -> requestId.equals(r.key()), 3, Duration.ofMinutes(3))).hasSize(3);
        assertThat(records(Topics.SCORES, r -> r.key().startsWith(requestId) && r.value().contains("SCORER_COMPOSER"), 3,
                Duration.ofMinutes(2))).hasSize(3);
        stack.start(critic, List.of("-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dclara.model-store.root=" + stack.home().modelStore(), "-Dai.djl.offline=true"));
        stack.awaitHealthy(critic, Duration.ofMinutes(3));

        List<ConsumerRecord<String, String>> ranked = records(Topics.RANKED, r -> requestId.equals(r.key()), 1, Duration.ofMinutes(3));
        assertThat(ranked).hasSize(1);
        RankedResult result = ProtoJson.read(ranked.get(0).value(), RankedResult.newBuilder());
        assertThat(result.getComplete()).as(String.join("; ", result.getMissingList())).isTrue();
        assertThat(result.getSamplesList()).hasSize(3).allSatisfy(sample -> assertThat(sample.hasPHuman()).isTrue());
        // Once: no second result for the request.
        assertThat(records(Topics.RANKED, r -> requestId.equals(r.key()), 2, Duration.ofSeconds(5))).hasSize(1);
    }

    /**
     * The generator (which runs the ranker) restarts while a request waits for its composer scores: the ranker's
     * state comes back from its changelog, and the result is published once, complete, when the scores arrive.
     */
    @Test
    @org.junit.jupiter.api.Order(3)
    void theRankerKeepsARequestAcrossAGeneratorRestart() throws Exception {
        assertThat(generatorVersion).as("the first test trains the models").isNotNull();
        StackComponent generator = StackComponent.SERVICES.get(2);
        StackComponent composer = StackComponent.SERVICES.get(4);
        List<String> properties = List.of("-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dquarkus.kafka-streams.bootstrap-servers=" + bootstrap,
                "-Dclara.model-store.root=" + stack.home().modelStore(), "-Dai.djl.offline=true");
        String requestId = "ranker-" + System.currentTimeMillis();
        stack.stop(composer, Duration.ofSeconds(30));
        try (KafkaProducer<String, String> producer = new TestKafkaClient(bootstrap).producer()) {
            GenerateRequest request = GenerateRequest.newBuilder().setRequestId(requestId).setCount(2).setLengthTokens(60)
                    .setModelVersion(generatorVersion).setSeed(5).build();
            producer.send(new ProducerRecord<>(Topics.GENERATE_REQUESTS, requestId, ProtoJson.write(request))).get(30, TimeUnit.SECONDS);
        }
        assertThat(records(Topics.SCORES, r -> r.key().startsWith(requestId) && r.value().contains("SCORER_CRITIC"), 2,
                Duration.ofMinutes(3))).hasSize(2);
        stack.stop(generator, Duration.ofSeconds(30));
        stack.start(generator, properties);
        stack.awaitHealthy(generator, Duration.ofMinutes(3));
        stack.start(composer, properties);
        stack.awaitHealthy(composer, Duration.ofMinutes(3));

        List<ConsumerRecord<String, String>> ranked = records(Topics.RANKED, r -> requestId.equals(r.key()), 1, Duration.ofMinutes(3));
        assertThat(ranked).hasSize(1);
        RankedResult result = ProtoJson.read(ranked.get(0).value(), RankedResult.newBuilder());
        assertThat(result.getComplete()).as(String.join("; ", result.getMissingList())).isTrue();
        assertThat(result.getSamplesList()).hasSize(2).allSatisfy(sample -> {
            assertThat(sample.hasPHuman()).isTrue();
            assertThat(sample.getComposersCount()).isEqualTo(2);
        });
        assertThat(records(Topics.RANKED, r -> requestId.equals(r.key()), 2, Duration.ofSeconds(5))).hasSize(1);
    }

    /** Reads a topic from the start (committed records only) until {@code count} records match or time runs out. */
    private static List<ConsumerRecord<String, String>> records(String topic,
            java.util.function.Predicate<ConsumerRecord<String, String>> match, int count, Duration timeout) {
        return new TestKafkaClient(bootstrap).await(topic, match, count, timeout);
    }

    private static ManagedChannel channel(StackComponent service) {
        return ManagedChannelBuilder.forAddress("localhost", service.port()).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
    }

    private static Set<String> encodedPieces(Set<String> ids) {
        Set<String> seen = new HashSet<>();
        new TestKafkaClient(bootstrap).read(Topics.TOKENS, record -> seen.add(record.key().substring(0, record.key().indexOf('|'))),
                kept -> seen.containsAll(ids), Duration.ofSeconds(90));
        return seen;
    }

    private static String train(TrainerGrpc.TrainerBlockingStub trainer, ModelKind kind, Hyperparameters hyperparameters) {
        StartTrainingResponse started = trainer.startTraining(TrainRequest.newBuilder().setKind(kind)
                .setHyperparameters(hyperparameters).build());
        TrainProgress last = null;
        Iterator<TrainProgress> progress = trainer.withDeadlineAfter(5, TimeUnit.MINUTES)
                .watchTraining(WatchTrainingRequest.newBuilder().setRunId(started.getRunId()).build());
        while (progress.hasNext()) {
            last = progress.next();
        }
        assertThat(last).isNotNull();
        assertThat(last.getState()).as(kind + ": " + last.getMessage()).isEqualTo(RunState.RUN_STATE_SUCCEEDED);
        return last.getVersionId();
    }

    /** Readiness reports the loaded version; the three model-serving services must have theirs. */
    private static void awaitModelsLoaded() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (StackComponent service : StackComponent.SERVICES.subList(2, 5)) {
            while (true) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + service.port() + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && !response.body().replace(" ", "").contains("\"version\":\"none\"")) {
                    break;
                }
                assertThat(System.nanoTime()).as(service.name() + " never loaded its model: " + response.body()).isLessThan(deadline);
                Thread.sleep(300);
            }
        }
    }

    private static void printLogs(Path run) throws IOException {
        if (!Files.isDirectory(run.resolve("logs"))) {
            return;
        }
        try (Stream<Path> logs = Files.list(run.resolve("logs"))) {
            for (Path log : logs.toList()) {
                List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
                System.out.println("== " + log + "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
