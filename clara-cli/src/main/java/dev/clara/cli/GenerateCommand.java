package dev.clara.cli;

import com.google.protobuf.ByteString;
import dev.clara.proto.v1.CorpusPrompt;
import dev.clara.proto.v1.GenerateEvent;
import dev.clara.proto.v1.GenerateRequest;
import dev.clara.proto.v1.GeneratorGrpc;
import dev.clara.proto.v1.RankedResult;
import dev.clara.proto.v1.Sample;
import dev.clara.proto.v1.SamplingSettings;
import dev.clara.proto.v1.Split;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Compose new pieces (gRPC Generate, streamed): writes one MIDI file and its token text per sample "
                + "into the output folder with a progress bar, then prints the ranked table once the critic and "
                + "composer have scored the batch. Sampling defaults to Clara's mix (random-freq 0.8, trunc 3).")
public class GenerateCommand implements Callable<Integer> {
    @Option(names = "--generator-address", paramLabel = "HOST:PORT", defaultValue = "${env:CLARA_GENERATOR:-localhost:8103}",
            description = "generator-service gRPC address (default: ${DEFAULT-VALUE}; env CLARA_GENERATOR).")
    String generatorAddress;

    @Option(names = "--count", paramLabel = "N", defaultValue = "4", description = "Samples, generated together (default: ${DEFAULT-VALUE}).")
    int count;

    @ArgGroup(exclusive = true)
    Length length;

    static class Length {
        @Option(names = "--length", paramLabel = "TOKENS", description = "New tokens per sample (default: the service's, 500).")
        Integer tokens;

        @Option(names = "--seconds", paramLabel = "S", description = "Seconds of music per sample.")
        Double seconds;
    }

    @ArgGroup(exclusive = true)
    Prompt prompt;

    static class Prompt {
        @Option(names = "--prompt", paramLabel = "FILE.mid", description = "Start from this MIDI file.")
        Path midi;

        @Option(names = "--prompt-tokens", paramLabel = "FILE.txt", description = "Start from this token text.")
        Path tokens;

        @Option(names = "--train-prompt", description = "Start from random excerpts of the training split (default: the test split, as Clara's --use_test_prompt).")
        boolean train;
    }

    @Option(names = "--prompt-size", paramLabel = "TOKENS", description = "Prompt tokens kept (default: the service's, 64).")
    Integer promptSize;

    @Option(names = "--random-freq", paramLabel = "F", description = "Clara's mix: how often to draw among the top tokens instead of taking the argmax.")
    Double randomFreq;
    @Option(names = "--trunc", paramLabel = "K", description = "Clara's mix: how many top tokens to draw among.")
    Integer trunc;
    @Option(names = "--temperature", paramLabel = "T", description = "Plain sampling with this temperature.")
    Double temperature;
    @Option(names = "--top-k", paramLabel = "K", description = "Plain sampling among the K most likely.")
    Integer topK;
    @Option(names = "--top-p", paramLabel = "P", description = "Plain sampling among the smallest set reaching probability P.")
    Double topP;
    @Option(names = "--unmasked", description = "Turn off the grammar mask (impossible tokens may then appear, as in Clara).")
    boolean unmasked;

    @Option(names = "--seed", paramLabel = "S", description = "Makes the request reproducible, sample for sample.")
    Long seed;

    @Option(names = "--model", paramLabel = "VERSION", description = "Generator version (default: the latest).")
    String model;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true, description = "Where to write the samples.")
    Path output;

    @Option(names = "--no-rank", description = "Do not wait for the ranked result.")
    boolean noRank;

    @Option(names = "--rank-wait", paramLabel = "SECONDS", defaultValue = "180", description = "How long to wait for the ranked result (default: ${DEFAULT-VALUE}).")
    int rankWait;

    @Override
    public Integer call() throws IOException {
        ManagedChannel channel = GrpcChannels.open(generatorAddress);
        try {
            GeneratorGrpc.GeneratorBlockingStub generator = GeneratorGrpc.newBlockingStub(channel);
            List<Sample> samples = run(generator, request(), output);
            if (!noRank && !samples.isEmpty()) {
                System.out.println("waiting for the critic and composer scores...");
                RankedResult result = ResultsCommand.await(generator, samples.get(0).getRequestId(), rankWait);
                ResultTable.print(result, System.out);
            }
            return 0;
        } catch (StatusRuntimeException e) {
            System.err.println("generate: " + GrpcChannels.describe(e, "generator-service", generatorAddress));
            return 1;
        } finally {
            GrpcChannels.close(channel);
        }
    }

    /** Streams a generation with a progress bar and writes each sample; shared with {@code demo}. */
    static List<Sample> run(GeneratorGrpc.GeneratorBlockingStub generator, GenerateRequest request, Path output) throws IOException {
        Files.createDirectories(output);
        List<Sample> samples = new ArrayList<>();
        try (ProgressBar bar = new ProgressBar("generating", 0)) {
            Iterator<GenerateEvent> events = generator.generate(request);
            while (events.hasNext()) {
                GenerateEvent event = events.next();
                switch (event.getEventCase()) {
                    case STARTED -> {
                        bar.total((long) event.getStarted().getCount() * event.getStarted().getLengthTokens());
                        bar.log(System.out, String.format(Locale.ROOT, "request %s: %d samples from %s (seed %d)",
                                event.getStarted().getRequestId(), event.getStarted().getCount(),
                                event.getStarted().getModelVersion(), event.getStarted().getSeed()));
                    }
                    case PROGRESS -> {
                        long done = event.getProgress().getTokensList().stream().mapToLong(Integer::longValue).sum();
                        bar.update(done, String.format(Locale.ROOT, "%,.0f tok/s", event.getProgress().getTokensPerSecond()));
                    }
                    case SAMPLE -> {
                        Sample sample = event.getSample();
                        samples.add(sample);
                        Path midi = output.resolve(sample.getSampleId() + ".mid");
                        Files.write(midi, sample.getMidi().toByteArray());
                        Files.writeString(output.resolve(sample.getSampleId() + ".txt"), sample.getTokens() + "\n");
                        bar.log(System.out, String.format(Locale.ROOT, "wrote %s (%d tokens, %.1f s%s)", midi,
                                sample.getTokenCount(), sample.getDurationSeconds(), grammarNote(sample)));
                    }
                    default -> { }
                }
            }
        }
        return samples;
    }

    /** What the grammar did: masked the model's impossible top choices, or (unmasked) let impossible tokens through. */
    static String grammarNote(Sample sample) {
        if (sample.getGrammarViolations() == 0) {
            return "";
        }
        return sample.getSampling().getUnmasked()
                ? ", " + sample.getGrammarViolations() + " impossible tokens let through (unmasked)"
                : ", the model's top choice was impossible at " + sample.getGrammarViolations() + " steps (masked)";
    }

    GenerateRequest request() throws IOException {
        GenerateRequest.Builder request = GenerateRequest.newBuilder().setCount(count);
        if (length != null && length.tokens != null) {
            request.setLengthTokens(length.tokens);
        } else if (length != null && length.seconds != null) {
            request.setLengthSeconds(length.seconds);
        }
        if (prompt != null && prompt.midi != null) {
            request.setPromptMidi(ByteString.copyFrom(Files.readAllBytes(prompt.midi)));
        } else if (prompt != null && prompt.tokens != null) {
            request.setPromptTokens(Files.readString(prompt.tokens));
        } else {
            request.setCorpusPrompt(CorpusPrompt.newBuilder().setSplit(prompt != null && prompt.train ? Split.SPLIT_TRAIN : Split.SPLIT_TEST));
        }
        if (promptSize != null) {
            request.setPromptSize(promptSize);
        }
        SamplingSettings.Builder sampling = SamplingSettings.newBuilder().setUnmasked(unmasked);
        if (randomFreq != null) {
            sampling.setRandomFreq(randomFreq);
        }
        if (trunc != null) {
            sampling.setTrunc(trunc);
        }
        if (temperature != null) {
            sampling.setTemperature(temperature);
        }
        if (topK != null) {
            sampling.setTopK(topK);
        }
        if (topP != null) {
            sampling.setTopP(topP);
        }
        request.setSampling(sampling);
        if (seed != null) {
            request.setSeed(seed);
        }
        if (model != null) {
            request.setModelVersion(model);
        }
        return request.build();
    }
}
