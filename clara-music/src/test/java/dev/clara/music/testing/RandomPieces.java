package dev.clara.music.testing;

import dev.clara.music.Note;
import dev.clara.music.Part;
import dev.clara.music.Piece;
import dev.clara.music.encoding.EncodingSpec;
import dev.clara.music.encoding.Scheme;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Seeded generators of notes, pieces and specs for property tests (see {@link PropertyCheck}), with the edge cases
 * that random draws rarely hit written out: the empty piece, zero-length notes, same-pitch overlaps, both parts,
 * pitches outside every key range, starts and durations on and off the grid.
 */
public final class RandomPieces {

    /** Most notes in a generated piece. */
    public static final int MAX_NOTES = 60;
    /** Most notes in a generated writable piece. */
    public static final int MAX_WRITABLE_NOTES = 40;
    /** The grid of generated times: 1/48 quarter, which some tested sample frequencies divide and some do not. */
    public static final int GRID = 48;
    /** Latest generated start, in quarters. */
    public static final double MAX_START = 40;
    /** Longest generated duration, in quarters. */
    public static final double MAX_DURATION = 8;
    /** Ticks per quarter of writable pieces. */
    public static final int TICKS = 480;

    /** A spread of specs: both schemes, several grids and ranges, with and without chamber. */
    public static final List<EncodingSpec> SPECS = List.of(
            EncodingSpec.NOTEWISE,
            EncodingSpec.CHORDWISE,
            EncodingSpec.NOTEWISE_CHAMBER,
            EncodingSpec.CHORDWISE_CHAMBER,
            new EncodingSpec(Scheme.NOTEWISE, 1, 38, 45, false),
            new EncodingSpec(Scheme.NOTEWISE, 7, 88, 21, true),
            new EncodingSpec(Scheme.NOTEWISE, 24, 12, 60, false),
            new EncodingSpec(Scheme.CHORDWISE, 1, 38, 45, true),
            new EncodingSpec(Scheme.CHORDWISE, 12, 88, 21, false),
            new EncodingSpec(Scheme.CHORDWISE, 3, 128, 0, true));

    private RandomPieces() {
    }

    // ---------------------------------------------------------------- plain values

    /** One of {@code values}, uniformly. */
    public static <T> T oneOf(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** An int in {@code min..max}, hitting both ends and their neighbours more often than a uniform draw would. */
    public static int between(SplittableRandom random, int min, int max) {
        if (random.nextInt(10) == 0) {
            int[] edges = {min, max, Math.min(min + 1, max), Math.max(max - 1, min)};
            return edges[random.nextInt(edges.length)];
        }
        return random.nextInt(min, max + 1);
    }

    /**
     * A list size in {@code min..max}: more often small (up to 16 above {@code min}) than not, often anywhere up to
     * {@code max}, and sometimes exactly {@code min} or {@code max}.
     */
    public static int size(SplittableRandom random, int min, int max) {
        int pick = random.nextInt(20);
        if (pick == 0) {
            return min;
        }
        if (pick == 1) {
            return max;
        }
        if (pick <= 7) {
            return random.nextInt(min, max + 1);
        }
        return random.nextInt(min, Math.min(max, min + 16) + 1);
    }

    /** A list of {@code min..max} elements, its size from {@link #size}. */
    public static <T> List<T> listOf(SplittableRandom random, int min, int max, Function<SplittableRandom, T> element) {
        int n = size(random, min, max);
        List<T> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(element.apply(random));
        }
        return list;
    }

    /**
     * A string of up to {@code maxLength} chars (sometimes empty, sometimes exactly {@code maxLength}) mixing printable
     * ASCII, any UTF-16 char (controls and lone surrogates included) and supplementary code points.
     */
    public static String string(SplittableRandom random, int maxLength) {
        int length = size(random, 0, maxLength);
        StringBuilder out = new StringBuilder(length);
        while (out.length() < length) {
            int pick = random.nextInt(8);
            if (pick < 4) {
                out.append((char) random.nextInt(0x20, 0x7f));
            } else if (pick < 7 || out.length() + 2 > length) {
                out.append((char) random.nextInt(0x10000));
            } else {
                out.appendCodePoint(random.nextInt(0x10000, Character.MAX_CODE_POINT + 1));
            }
        }
        return out.toString();
    }

    public static Part part(SplittableRandom random) {
        return random.nextBoolean() ? Part.PIANO : Part.SOLO;
    }

    /** Any MIDI pitch: inside and outside every key range. */
    public static int pitch(SplittableRandom random) {
        return between(random, 0, 127);
    }

    /**
     * A time in {@code 0..max} quarters: on the grid of 1/{@value #GRID} quarter, on hundredths, anywhere (full
     * double precision), or an edge: 0, {@code max}, or one grid step from either.
     */
    public static double time(SplittableRandom random, double max) {
        int pick = random.nextInt(10);
        int steps = (int) Math.round(max * GRID);
        if (pick == 0) {
            double[] edges = {0, max, 1.0 / GRID, (steps - 1) / (double) GRID};
            return edges[random.nextInt(edges.length)];
        }
        if (pick <= 4) {
            return random.nextInt(steps + 1) / (double) GRID;
        }
        if (pick <= 7) {
            return random.nextInt((int) Math.round(max * 100) + 1) / 100.0;
        }
        return random.nextDouble(max);
    }

    // ---------------------------------------------------------------- notes and pieces

    /**
     * A note with any pitch (outside every range too), either part, start and duration on the grid or off it
     * (zero durations included), starting within {@value #MAX_START} quarters and lasting at most
     * {@value #MAX_DURATION}.
     */
    public static Note note(SplittableRandom random) {
        int pitch = pitch(random);
        double start = time(random, MAX_START);
        double duration = time(random, MAX_DURATION);
        return new Note(pitch, start, start + duration, between(random, 1, 127), part(random));
    }

    /** A piano note as {@link #note} draws it. */
    public static Note pianoNote(SplittableRandom random) {
        return note(random).withPart(Part.PIANO);
    }

    /**
     * A piece of 0..{@value #MAX_NOTES} notes as {@link #note} draws them, where some notes deliberately overlap
     * (or repeat) an earlier note of the same pitch and part.
     */
    public static Piece piece(SplittableRandom random) {
        return Piece.of("generated", notes(random, 0, MAX_NOTES));
    }

    /** A piece as {@link #piece} draws it, with at least one note. */
    public static Piece nonEmptyPiece(SplittableRandom random) {
        return Piece.of("generated", notes(random, 1, MAX_NOTES));
    }

    private static List<Note> notes(SplittableRandom random, int min, int max) {
        int n = size(random, min, max);
        List<Note> notes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int pick = random.nextInt(20);
            if (i > 0 && pick < 3) {
                notes.add(overlapping(random, notes.get(random.nextInt(i))));
            } else if (i > 0 && pick == 3) {
                notes.add(notes.get(random.nextInt(i))); // the very same note twice
            } else {
                notes.add(note(random));
            }
        }
        return notes;
    }

    /** A note of the same pitch and part that starts with or while {@code other} sounds (when it can). */
    private static Note overlapping(SplittableRandom random, Note other) {
        double start = switch (random.nextInt(3)) {
            case 0 -> other.start();
            case 1 -> other.start() + (other.end() - other.start()) / 2;
            default -> other.start() + random.nextDouble() * (other.end() - other.start());
        };
        start = Math.min(start, MAX_START);
        double duration = time(random, MAX_DURATION);
        return new Note(other.pitch(), start, start + duration, between(random, 1, 127), other.part());
    }

    /**
     * Pieces that random draws rarely produce: empty, zero-length notes, same-pitch overlaps and repeats, extreme
     * pitches, starts and durations, notes just outside and on the bounds of the specs' key ranges, off-grid times,
     * long silences, and a full piece of {@value #MAX_NOTES} notes sounding together in both parts.
     */
    public static List<Piece> edgePieces() {
        List<Piece> pieces = new ArrayList<>();
        pieces.add(Piece.of("generated", List.of()));
        pieces.add(Piece.of("generated", List.of(Note.piano(60, 0, 0))));
        pieces.add(Piece.of("generated", List.of(Note.piano(60, 0, 0), Note.solo(72, 0, 0), Note.piano(61, 1.0 / 3,
                1.0 / 3), new Note(127, MAX_START, MAX_START, 1, Part.SOLO), Note.piano(62, 0.5, 1.5))));
        pieces.add(Piece.of("generated", List.of(Note.piano(60, 0, 3), Note.piano(60, 1, 2), Note.piano(60, 0.5, 4),
                Note.piano(60, 3, 5), Note.solo(67, 0, 1), Note.solo(67, 0, 2), Note.solo(67, 0, 2),
                Note.piano(67, 0, 2), Note.solo(40, 1.0 / 7, 1.01), Note.solo(40, 1.0 / 7, 1.0 / 7))));
        pieces.add(Piece.of("generated", List.of(new Note(0, 0, MAX_DURATION, 127, Part.PIANO),
                new Note(127, 0, MAX_DURATION, 1, Part.PIANO), new Note(0, MAX_START, MAX_START + MAX_DURATION, 64,
                        Part.SOLO), new Note(127, MAX_START, MAX_START + MAX_DURATION, 64, Part.SOLO))));
        List<Note> bounds = new ArrayList<>();
        int[] boundaryPitches = {20, 21, 32, 33, 44, 45, 59, 60, 71, 72, 82, 83, 94, 95, 108, 109};
        for (int i = 0; i < boundaryPitches.length; i++) {
            bounds.add(new Note(boundaryPitches[i], i / 4.0, i / 4.0 + 1, 80, i % 2 == 0 ? Part.PIANO : Part.SOLO));
        }
        pieces.add(Piece.of("generated", bounds));
        pieces.add(Piece.of("generated", List.of(Note.piano(64, 0.01, 0.02), Note.piano(65, 1.0 / 3, 2.0 / 3),
                Note.solo(66, 0.1 + 0.2, 0.7), Note.piano(67, 1e-9, 1e-9 + 1e-9), Note.solo(68, 39.999, 39.999 + 7.99),
                Note.piano(69, 1.0 / GRID, 2.0 / GRID), Note.piano(70, 5.0 / 96, 7.0 / 96))));
        pieces.add(Piece.of("generated", List.of(Note.piano(48, 0, 0.5), Note.solo(76, MAX_START, MAX_START + 0.5),
                Note.piano(50, 17.75, 17.75 + MAX_DURATION))));
        List<Note> full = new ArrayList<>();
        for (int i = 0; i < MAX_NOTES; i++) {
            full.add(new Note(34 + i, 0, 1, 80, i % 3 == 0 ? Part.SOLO : Part.PIANO));
        }
        pieces.add(Piece.of("generated", full));
        return List.copyOf(pieces);
    }

    /** Every edge piece that has at least one note. */
    public static List<Piece> nonEmptyEdgePieces() {
        return edgePieces().stream().filter(p -> p.noteCount() > 0).toList();
    }

    /**
     * A piece whose notes lie on ticks of {@value #TICKS} per quarter (starts up to 20 quarters, lengths of 1 tick to
     * 4 quarters), whose solo notes are at least pitch 55, and whose notes never overlap within one pitch and part;
     * some notes start exactly where an earlier note of the same pitch and part ends.
     */
    public static Piece writablePiece(SplittableRandom random) {
        int n = size(random, 0, MAX_WRITABLE_NOTES);
        List<Note> notes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (i > 0 && random.nextInt(10) == 0) {
                Note before = notes.get(random.nextInt(i));
                int startTick = (int) Math.round(before.end() * TICKS);
                if (startTick <= 20 * TICKS) {
                    notes.add(writableNote(before.pitch(), startTick, between(random, 1, 4 * TICKS),
                            between(random, 1, 127), before.part()));
                    continue;
                }
            }
            notes.add(writableNote(pitch(random), between(random, 0, 20 * TICKS), between(random, 1, 4 * TICKS),
                    between(random, 1, 127), part(random)));
        }
        return Piece.of("written", withoutSamePitchOverlaps(notes));
    }

    /** A piece as {@link #writablePiece} draws it, with at least one note. */
    public static Piece nonEmptyWritablePiece(SplittableRandom random) {
        while (true) {
            Piece piece = writablePiece(random);
            if (piece.noteCount() > 0) {
                return piece;
            }
        }
    }

    private static Note writableNote(int pitch, int startTick, int lengthTicks, int velocity, Part part) {
        return new Note(part == Part.SOLO ? Math.max(55, pitch) : pitch, startTick / (double) TICKS,
                (startTick + lengthTicks) / (double) TICKS, velocity, part);
    }

    private static List<Note> withoutSamePitchOverlaps(List<Note> notes) {
        return notes.stream()
                .filter(n -> notes.stream().noneMatch(o -> o != n && o.pitch() == n.pitch() && o.part() == n.part()
                        && o.start() < n.end() && n.start() < o.end()))
                .toList();
    }

    /**
     * Writable pieces that random draws rarely produce (none empty): one-tick notes, extreme pitches in both parts,
     * the lowest solo pitch, same-pitch notes back to back, the latest start with the longest length, and a chord.
     */
    public static List<Piece> edgeWritablePieces() {
        List<Piece> pieces = new ArrayList<>();
        pieces.add(Piece.of("written", List.of(writableNote(60, 0, 1, 80, Part.PIANO))));
        pieces.add(Piece.of("written", List.of(writableNote(0, 0, 1, 1, Part.PIANO),
                writableNote(127, 0, 4 * TICKS, 127, Part.PIANO), writableNote(55, 1, 1, 64, Part.SOLO),
                writableNote(127, 20 * TICKS, 4 * TICKS, 127, Part.SOLO))));
        pieces.add(Piece.of("written", List.of(writableNote(60, 0, 480, 80, Part.PIANO),
                writableNote(60, 480, 1, 81, Part.PIANO), writableNote(60, 481, 239, 82, Part.PIANO),
                writableNote(72, 0, 480, 80, Part.SOLO), writableNote(72, 480, 480, 90, Part.SOLO),
                writableNote(72, 0, 480, 70, Part.PIANO))));
        List<Note> chord = new ArrayList<>();
        for (int i = 0; i < MAX_WRITABLE_NOTES; i++) {
            chord.add(writableNote(40 + i, 7, 473, 1 + 3 * i, i % 4 == 0 ? Part.SOLO : Part.PIANO));
        }
        pieces.add(Piece.of("written", withoutSamePitchOverlaps(chord)));
        return List.copyOf(pieces);
    }

    // ---------------------------------------------------------------- specs

    /** The specs of {@link #SPECS} with the given scheme. */
    public static List<EncodingSpec> specs(Scheme scheme) {
        return SPECS.stream().filter(s -> s.scheme() == scheme).toList();
    }

    /** One of {@link #SPECS}. */
    public static EncodingSpec spec(SplittableRandom random) {
        return oneOf(random, SPECS);
    }

    /** A piece and a spec to encode it with. */
    public record PieceAndSpec(Piece piece, EncodingSpec spec) {

        /** Random pieces with one of {@code specs}. */
        public static Function<SplittableRandom, PieceAndSpec> random(List<EncodingSpec> specs) {
            return random -> new PieceAndSpec(RandomPieces.piece(random), oneOf(random, specs));
        }

        /** Every edge piece with every one of {@code specs}. */
        public static List<PieceAndSpec> edgeCases(List<EncodingSpec> specs) {
            List<PieceAndSpec> cases = new ArrayList<>();
            for (Piece piece : edgePieces()) {
                for (EncodingSpec spec : specs) {
                    cases.add(new PieceAndSpec(piece, spec));
                }
            }
            return List.copyOf(cases);
        }

        @Override
        public String toString() {
            return "spec " + spec + " (" + spec.id() + "), piece " + describe(piece);
        }
    }

    // ---------------------------------------------------------------- showing inputs

    /** A piece as Java source that builds it again, every time written exactly. */
    public static String describe(Piece piece) {
        return "Piece.of(" + quote(piece.title()) + ", List.of(" + piece.notes().stream()
                .map(RandomPieces::describe)
                .collect(Collectors.joining(", ")) + "))";
    }

    public static String describe(Note note) {
        return "new Note(" + note.pitch() + ", " + note.start() + ", " + note.end() + ", " + note.velocity()
                + ", Part." + note.part() + ")";
    }

    /** Pieces as Java source. */
    public static String describe(List<Piece> pieces) {
        return "List.of(" + pieces.stream().map(RandomPieces::describe).collect(Collectors.joining(", ")) + ")";
    }

    /** Tokens as Java source: every string quoted, every non-ASCII or control character escaped. */
    public static String describeTokens(List<String> tokens) {
        return "List.of(" + tokens.stream().map(RandomPieces::quote).collect(Collectors.joining(", ")) + ")";
    }

    /** A Java string literal of {@code text}. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append('"').toString();
    }
}
