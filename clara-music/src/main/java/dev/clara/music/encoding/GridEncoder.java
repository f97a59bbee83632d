package dev.clara.music.encoding;

import dev.clara.music.ErrorCode;
import dev.clara.music.MidiFormatException;
import dev.clara.music.Piece;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The workflow shared by Clara's token schemes: quantise a piece onto the grid ({@link NoteGrid}), count the tokens
 * and refuse the piece before building anything if there would be too many, then let the scheme write its tokens;
 * and the reverse, collecting decoded notes into a piece. A scheme overrides a few hooks: how many tokens a grid
 * needs, how to write them, and how to read them back.
 */
public abstract class GridEncoder implements TokenEncoder {

    /** Two million tokens: about 60 hours of dense piano music in notewise-sf12. */
    public static final int DEFAULT_MAX_TOKENS = 2_000_000;

    protected final EncodingSpec spec;
    protected final int maxTokens;

    GridEncoder(EncodingSpec spec, Scheme scheme, int maxTokens) {
        this.spec = Objects.requireNonNull(spec, "spec");
        if (spec.scheme() != scheme) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs a " + scheme.idName()
                    + " spec, got " + spec.id());
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
        }
        this.maxTokens = maxTokens;
    }

    @Override
    public final EncodingSpec spec() {
        return spec;
    }

    public final int maxTokens() {
        return maxTokens;
    }

    @Override
    public final List<String> encode(Piece piece) throws MidiFormatException {
        // The piece's length alone bounds the count from below (the grid's last step is at least the rounded latest
        // end): refuse absurd pieces before quantising anything.
        long lastStep = NoteGrid.step(piece.durationQuarters(), spec.sampleFreq());
        long atLeast = piece.noteCount() == 0 ? 0 : minimumTokens(lastStep);
        if (atLeast > maxTokens) {
            throw tooManyTokens("at least " + atLeast);
        }
        NoteGrid grid = NoteGrid.of(piece, spec);
        if (grid.endStep() >= NoteGrid.MAX_STEP) {
            throw tooManyTokens("a span of more than 2^53 steps");
        }
        long[] events = grid.sortedEvents();
        long count = countTokens(grid, events);
        if (count > maxTokens) {
            throw tooManyTokens(Long.toString(count));
        }
        List<String> tokens = new ArrayList<>((int) count);
        writeTokens(grid, events, tokens);
        return tokens;
    }

    @Override
    public final long countTokens(Piece piece) {
        NoteGrid grid = NoteGrid.of(piece, spec);
        return countTokens(grid, grid.sortedEvents());
    }

    @Override
    public final DecodeResult decodeWithStats(List<String> tokens, double tempoBpm) {
        if (!(tempoBpm > 0) || Double.isInfinite(tempoBpm)) {
            throw new IllegalArgumentException("tempo must be a positive BPM, got " + tempoBpm);
        }
        DecodedNotes notes = new DecodedNotes(spec);
        decode(tokens, notes);
        return notes.result(tokens.size(), tempoBpm);
    }

    /** A lower bound of the token count of any piece whose last note ends at or after {@code lastStep}. */
    protected abstract long minimumTokens(long lastStep);

    /** The exact token count of a grid; {@code events} are {@link NoteGrid#sortedEvents()}. */
    protected abstract long countTokens(NoteGrid grid, long[] events);

    /** Appends exactly {@link #countTokens(NoteGrid, long[])} tokens. */
    protected abstract void writeTokens(NoteGrid grid, long[] events, List<String> out);

    /** Reads any token sequence into {@code out}, counting what had to be skipped or repaired. */
    abstract void decode(List<String> tokens, DecodedNotes out);

    private MidiFormatException tooManyTokens(String count) {
        return new MidiFormatException(ErrorCode.TOO_MANY_TOKENS,
                "the piece needs " + count + " " + spec.id() + " tokens, the limit is " + maxTokens);
    }
}
