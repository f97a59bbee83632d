package dev.clara.music.bench;

import dev.clara.music.ErrorCode;
import dev.clara.music.MidiFormatException;
import dev.clara.music.Piece;
import dev.clara.music.encoding.EncodingSpec;
import dev.clara.music.encoding.TokenEncoder;
import dev.clara.music.midi.MidiReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures the corpus encoder's inner loop on one thread: MIDI bytes (already in memory) → read → quantise → encode.
 * File reading from disk is excluded so that the figure is the CPU cost the encoder service and the trainer pay.
 *
 * <pre>
 * java -cp clara-music/target/classes dev.clara.music.bench.EncodeBenchmark [folder] [encoding id] [--repeat N]
 *      [--warmup N]
 * </pre>
 * The folder is walked recursively for {@code .mid}/{@code .midi} files (default {@code ../shared/corpus/piano},
 * then {@code shared/corpus/piano}); the encoding defaults to {@code notewise-sf12-r62}; a chamber encoding reads
 * files in chamber mode. Warm-up passes (default 2: the JIT needs them, more so on one core), then N measured
 * passes (default 5); the best pass is the figure to report.
 */
public final class EncodeBenchmark {

    private final List<byte[]> files;
    private final MidiReader reader;
    private final TokenEncoder encoder;

    private EncodeBenchmark(List<byte[]> files, EncodingSpec spec) {
        this.files = files;
        this.reader = spec.chamber() ? MidiReader.forChamber() : MidiReader.forPiano();
        this.encoder = TokenEncoder.forSpec(spec);
    }

    public static void main(String[] args) throws IOException {
        Path folder = null;
        String encodingId = EncodingSpec.NOTEWISE.id();
        int repeat = 5;
        int warmUps = 2;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--repeat") && i + 1 < args.length) {
                repeat = Integer.parseInt(args[++i]);
            } else if (args[i].startsWith("--repeat=")) {
                repeat = Integer.parseInt(args[i].substring("--repeat=".length()));
            } else if (args[i].equals("--warmup") && i + 1 < args.length) {
                warmUps = Integer.parseInt(args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        if (!positional.isEmpty()) {
            folder = Path.of(positional.get(0));
        }
        if (positional.size() > 1) {
            encodingId = positional.get(1);
        }
        if (folder == null) {
            folder = Stream.of(Path.of("../shared/corpus/piano"), Path.of("shared/corpus/piano"),
                            Path.of("/work/shared/corpus/piano"))
                    .filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no corpus folder given and none found"));
        }
        EncodingSpec spec = EncodingSpec.parse(encodingId);

        List<byte[]> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.midi?$")).sorted()::iterator) {
                files.add(Files.readAllBytes(path));
            }
        }
        long bytes = files.stream().mapToLong(b -> b.length).sum();
        System.out.printf(Locale.ROOT, "%d files, %.1f MB from %s, encoding %s, %d measured passes%n",
                files.size(), bytes / 1e6, folder, spec.id(), repeat);

        EncodeBenchmark benchmark = new EncodeBenchmark(files, spec);
        for (int w = 0; w < warmUps; w++) {
            System.out.printf(Locale.ROOT, "warm-up %d: %s%n", w + 1, benchmark.pass().summary(bytes));
        }
        Pass best = null;
        for (int r = 0; r < repeat; r++) {
            Pass pass = benchmark.pass();
            System.out.printf(Locale.ROOT, "pass %d: %s%n", r + 1, pass.summary(bytes));
            if (best == null || pass.nanos < best.nanos) {
                best = pass;
            }
        }
        if (best != null) {
            System.out.printf(Locale.ROOT, "best:   %s%n", best.summary(bytes));
            System.out.printf(Locale.ROOT, "rejected: %d %s%n", best.rejectedCount(), best.rejected);
        }
    }

    private Pass pass() {
        Pass pass = new Pass();
        long start = System.nanoTime();
        for (byte[] file : files) {
            try {
                Piece piece = reader.read(file);
                List<String> tokens = encoder.encode(piece);
                pass.notes += piece.noteCount();
                pass.tokens += tokens.size();
                pass.encoded++;
            } catch (MidiFormatException e) {
                pass.rejected.merge(e.code(), 1, Integer::sum);
            }
        }
        pass.nanos = System.nanoTime() - start;
        pass.files = files.size();
        return pass;
    }

    /** The counts and time of one pass over all files. */
    private static final class Pass {
        long nanos;
        int files;
        int encoded;
        long notes;
        long tokens;
        final Map<ErrorCode, Integer> rejected = new EnumMap<>(ErrorCode.class);

        int rejectedCount() {
            return rejected.values().stream().mapToInt(Integer::intValue).sum();
        }

        String summary(long bytes) {
            double seconds = nanos / 1e9;
            return String.format(Locale.ROOT,
                    "%.3f s, %.0f files/s, %.2f M notes/s, %.2f M tokens/s, %.1f MB/s (%d encoded, %d rejected)",
                    seconds, files / seconds, notes / seconds / 1e6, tokens / seconds / 1e6, bytes / seconds / 1e6,
                    encoded, rejectedCount());
        }
    }
}
