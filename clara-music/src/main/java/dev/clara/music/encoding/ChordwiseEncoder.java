package dev.clara.music.encoding;

import dev.clara.music.Part;

import java.util.Arrays;
import java.util.List;

/**
 * Clara's chordwise encoding: one token per time step and part, the part letter ({@code p} piano, {@code v} solo)
 * followed by one digit per key: {@code 0} silent, {@code 1} the note starts here, {@code 2} it is held from the
 * previous step. In chamber encodings every step is written as its {@code v} token then its {@code p} token.
 *
 * <p>The stream covers steps 0 up to the last step at which a note sounds: a leading rest is written as silent tokens,
 * trailing silence after the last note end is not written (there is no wait token; the stream's length is the
 * piece's length in steps).
 *
 * <p>Decoding keeps held durations (Clara dropped them): a note lasts from its {@code 1} through the following
 * {@code 2}s. It reads any sequence: tokens of the wrong length, letter or digits are skipped; a {@code 2} for a key
 * that was silent is read as an onset; in chamber streams a {@code v} token, or a second {@code p} token, opens the
 * next step, and a part missing from a step is silent there.
 */
public final class ChordwiseEncoder extends GridEncoder {

    private static final int PIANO = 0;
    private static final int SOLO = 1;

    private final int parts;

    public ChordwiseEncoder(EncodingSpec spec) {
        this(spec, DEFAULT_MAX_TOKENS);
    }

    public ChordwiseEncoder(EncodingSpec spec, int maxTokens) {
        super(spec, Scheme.CHORDWISE, maxTokens);
        this.parts = spec.chamber() ? 2 : 1;
    }

    public ChordwiseEncoder withMaxTokens(int newMaxTokens) {
        return new ChordwiseEncoder(spec, newMaxTokens);
    }

    @Override
    protected long minimumTokens(long lastStep) {
        return Math.max(1, lastStep) * parts;
    }

    @Override
    protected long countTokens(NoteGrid grid, long[] events) {
        return grid.endStep() * parts;
    }

    @Override
    protected void writeTokens(NoteGrid grid, long[] events, List<String> out) {
        int range = spec.range();
        char[][] row = new char[2][range + 1];
        Arrays.fill(row[PIANO], '0');
        Arrays.fill(row[SOLO], '0');
        row[PIANO][0] = 'p';
        row[SOLO][0] = 'v';
        // The token of an unchanged row is reused: long held chords and rests cost no new strings.
        String[] current = new String[2];
        int[] onsets = new int[2 * range];
        int onsetCount = 0;
        int next = 0;
        long steps = grid.endStep();
        for (long step = 0; step < steps; step++) {
            while (next < events.length && NoteGrid.eventStep(events[next]) == step) {
                long event = events[next++];
                int part = NoteGrid.eventIsPiano(event) ? PIANO : SOLO;
                int key = NoteGrid.eventKey(event);
                if (NoteGrid.eventIsStart(event)) {
                    row[part][key + 1] = '1';
                    onsets[onsetCount++] = part * range + key;
                } else {
                    row[part][key + 1] = '0';
                }
                current[part] = null;
            }
            if (parts == 2) {
                out.add(token(row, current, SOLO));
            }
            out.add(token(row, current, PIANO));
            for (int i = 0; i < onsetCount; i++) {
                int part = onsets[i] / range;
                row[part][onsets[i] % range + 1] = '2';
                current[part] = null;
            }
            onsetCount = 0;
        }
    }

    private static String token(char[][] row, String[] current, int part) {
        if (current[part] == null) {
            current[part] = new String(row[part]);
        }
        return current[part];
    }

    @Override
    void decode(List<String> tokens, DecodedNotes out) {
        int range = spec.range();
        boolean chamber = spec.chamber();
        long[] openSince = new long[2 * range];
        Arrays.fill(openSince, -1);
        long step = 0;
        boolean[] inStep = new boolean[2];
        for (String token : tokens) {
            int part = partOf(token, range, chamber);
            if (part < 0) {
                out.skippedTokens++;
                continue;
            }
            boolean opensStep = part == SOLO ? inStep[SOLO] || inStep[PIANO] : inStep[PIANO];
            if (opensStep) {
                step = finishStep(inStep, openSince, step, out);
            }
            for (int key = 0; key < range; key++) {
                int slot = part * range + key;
                char digit = token.charAt(key + 1);
                if (digit == '0') {
                    if (openSince[slot] >= 0) {
                        close(out, openSince, slot, step);
                    }
                } else if (digit == '1') {
                    if (openSince[slot] >= 0) {
                        close(out, openSince, slot, step);
                    }
                    openSince[slot] = step;
                } else if (openSince[slot] < 0) {
                    out.unmatchedEnds++;
                    openSince[slot] = step;
                }
            }
            inStep[part] = true;
        }
        if (inStep[SOLO] || inStep[PIANO]) {
            step = finishStep(inStep, openSince, step, out);
        }
        for (int slot = 0; slot < openSince.length; slot++) {
            if (openSince[slot] >= 0) {
                close(out, openSince, slot, step);
            }
        }
    }

    /** Silences the parts a step did not mention, and moves to the next step. */
    private long finishStep(boolean[] inStep, long[] openSince, long step, DecodedNotes out) {
        int range = spec.range();
        for (int part = 0; part < parts; part++) {
            if (!inStep[part]) {
                for (int slot = part * range; slot < (part + 1) * range; slot++) {
                    if (openSince[slot] >= 0) {
                        close(out, openSince, slot, step);
                    }
                }
            }
            inStep[part] = false;
        }
        return step + 1;
    }

    private void close(DecodedNotes out, long[] openSince, int slot, long end) {
        int range = spec.range();
        out.add(slot >= range ? Part.SOLO : Part.PIANO, slot % range, openSince[slot], end);
        openSince[slot] = -1;
    }

    /** PIANO or SOLO for a well-formed token of this spec, -1 otherwise. */
    private static int partOf(String token, int range, boolean chamber) {
        if (token == null || token.length() != range + 1) {
            return -1;
        }
        char letter = token.charAt(0);
        int part = letter == 'p' ? PIANO : letter == 'v' && chamber ? SOLO : -1;
        if (part < 0) {
            return -1;
        }
        for (int i = 1; i <= range; i++) {
            char digit = token.charAt(i);
            if (digit < '0' || digit > '2') {
                return -1;
            }
        }
        return part;
    }
}
