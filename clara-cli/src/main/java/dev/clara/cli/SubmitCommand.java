package dev.clara.cli;

import com.google.protobuf.ByteString;
import dev.clara.proto.InvalidEventException;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.Topics;
import dev.clara.proto.v1.DeadLetter;
import dev.clara.proto.v1.EncodedPiece;
import dev.clara.proto.v1.EnsembleHint;
import dev.clara.proto.v1.MidiSubmitted;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Publish MIDI files to clara.midi and report, per file, \"encoded\" or \"rejected: reason\" "
                + "by watching clara.tokens and clara.dlq. A folder is walked for .mid/.midi files; the composer "
                + "defaults to each file's parent folder name and the piece id is composer/file-name.")
public class SubmitCommand implements Callable<Integer> {
    /** Files over this are refused here with the encoder's own reason, rather than travelling to be rejected. */
    static final long MAX_MIDI_BYTES = 16L * 1024 * 1024;

    @Mixin
    Endpoints endpoints;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "MIDI files or folders of them.")
    List<Path> paths;

    @Option(names = "--composer", paramLabel = "NAME", description = "Composer of every submitted file (default: the parent folder's name).")
    String composer;

    @Option(names = "--ensemble", paramLabel = "KIND", defaultValue = "auto",
            description = "auto, piano or chamber (default: ${DEFAULT-VALUE}).")
    String ensemble;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long to wait for the encoder's answers (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = {"-q", "--quiet"}, description = "Print only the summary and the rejected files.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        List<Submission> submissions = collect(paths, composer);
        if (submissions.isEmpty()) {
            System.err.println("no .mid or .midi files found in " + paths);
            return 2;
        }
        Map<String, String> outcome = submit(endpoints.bootstrap, submissions, parseEnsemble(ensemble),
                Duration.ofSeconds(timeoutSeconds), quiet);
        long rejected = outcome.values().stream().filter(v -> !v.startsWith("encoded")).count();
        System.out.printf("%d submitted, %d encoded, %d rejected or unanswered%n", submissions.size(),
                submissions.size() - rejected, rejected);
        return rejected == 0 ? 0 : 1;
    }

    /** A file to send and the piece id and composer it goes under. */
    record Submission(Path file, String pieceId, String composer) {
    }

    static List<Submission> collect(List<Path> paths, String composerOverride) throws IOException {
        List<Submission> submissions = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("no such file or folder: " + path);
            }
            List<Path> files;
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    files = walk.filter(Files::isRegularFile).filter(SubmitCommand::isMidi).sorted().toList();
                }
            } else {
                files = List.of(path);
            }
            for (Path file : files) {
                Path parent = file.toAbsolutePath().getParent();
                String folder = parent == null || parent.getFileName() == null ? "unknown" : parent.getFileName().toString();
                String composer = composerOverride != null ? composerOverride : folder;
                String name = file.getFileName().toString().replaceFirst("(?i)\\.midi?$", "");
                submissions.add(new Submission(file, composer + "/" + name, composer));
            }
        }
        return submissions;
    }

    private static boolean isMidi(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".mid") || name.endsWith(".midi");
    }

    static EnsembleHint parseEnsemble(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "auto" -> EnsembleHint.ENSEMBLE_AUTO;
            case "piano" -> EnsembleHint.ENSEMBLE_PIANO;
            case "chamber" -> EnsembleHint.ENSEMBLE_CHAMBER;
            default -> throw new IllegalArgumentException("--ensemble must be auto, piano or chamber, not " + value);
        };
    }

    /**
     * Sends every file and waits for each piece's first token record or dead letter.
     *
     * @return piece id → "encoded ..." or "rejected: reason" (or "no answer ...")
     */
    static Map<String, String> submit(String bootstrap, List<Submission> submissions, EnsembleHint ensemble,
                                      Duration timeout, boolean quiet) throws Exception {
        Map<String, String> outcome = new LinkedHashMap<>();
        Map<String, Submission> pending = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> answers = KafkaClients.tailing(bootstrap, Topics.TOKENS, Topics.DLQ);
             KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap);
             ProgressBar bar = new ProgressBar("encoding", submissions.size())) {
            for (Submission submission : submissions) {
                byte[] midi = Files.readAllBytes(submission.file());
                if (midi.length > MAX_MIDI_BYTES) {
                    report(outcome, submission, "rejected: TOO_LARGE: " + midi.length + " bytes is over the 16 MiB limit", quiet, bar);
                    continue;
                }
                MidiSubmitted event = MidiSubmitted.newBuilder()
                        .setPieceId(submission.pieceId()).setComposer(submission.composer())
                        .setTitle(submission.file().getFileName().toString()).setEnsemble(ensemble)
                        .setSource(submission.file().toString()).setMidi(ByteString.copyFrom(midi)).build();
                producer.send(new ProducerRecord<>(Topics.MIDI, submission.pieceId(), ProtoJson.write(event)));
                pending.put(submission.pieceId(), submission);
            }
            producer.flush();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : answers.poll(Duration.ofMillis(250))) {
                    answer(record, pending, outcome, quiet, bar);
                }
                bar.update(submissions.size() - pending.size(), pending.isEmpty() ? "" : pending.size() + " waiting");
            }
        }
        for (Submission submission : pending.values()) {
            report(outcome, submission, "no answer within " + timeout.toSeconds() + " s (is encoder-service up?)", quiet, null);
        }
        return outcome;
    }

    private static void answer(ConsumerRecord<String, String> record, Map<String, Submission> pending,
                               Map<String, String> outcome, boolean quiet, ProgressBar bar) {
        try {
            if (record.topic().equals(Topics.TOKENS)) {
                EncodedPiece piece = ProtoJson.read(record.value(), EncodedPiece.newBuilder());
                Submission submission = pending.remove(piece.getPieceId());
                if (submission != null) {
                    report(outcome, submission, String.format(Locale.ROOT, "encoded (%s: %d tokens, %d notes, %.0f s, %s)",
                            piece.getEncoding(), piece.getTokenCount(), piece.getNoteCount(), piece.getDurationSeconds(),
                            piece.getSplit() == dev.clara.proto.v1.Split.SPLIT_TEST ? "test" : "train"), quiet, bar);
                }
            } else {
                DeadLetter letter = ProtoJson.read(record.value(), DeadLetter.newBuilder());
                Submission submission = letter.getSource().equals(Topics.MIDI) ? pending.remove(letter.getKey()) : null;
                if (submission != null) {
                    report(outcome, submission, "rejected: " + letter.getErrorCode() + ": " + letter.getReason(), quiet, bar);
                }
            }
        } catch (InvalidEventException e) {
            // Someone else's malformed record on a shared topic is not ours to report.
        }
    }

    private static void report(Map<String, String> outcome, Submission submission, String result, boolean quiet,
                               ProgressBar bar) {
        outcome.put(submission.pieceId(), result);
        if (!quiet || !result.startsWith("encoded")) {
            String line = submission.file() + ": " + result;
            if (bar == null) {
                System.out.println(line);
            } else {
                bar.log(System.out, line);
            }
        }
    }
}
