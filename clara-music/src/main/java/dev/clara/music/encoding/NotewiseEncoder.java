package dev.clara.music.encoding;

import dev.clara.music.Part;

import java.util.Arrays;
import java.util.List;

/**
 * Clara's notewise encoding. A piece is a sequence of steps; at each step where something happens the encoder writes
 * the ends, then the starts, then a wait to the next such step:
 * {@code p<i>}/{@code v<i>} start key i of the piano/solo part, {@code endp<i>}/{@code endv<i>} end it, and
 * {@code wait<n>} advances n steps (1 ≤ n ≤ 2·sampleFreq; longer rests become several waits, the longest first).
 *
 * <p>Order within a step, fixed so that equal grids give equal streams: all ends before all starts; within each group
 * solo before piano, then ascending key. A leading rest is written as waits; the stream stops at the last end.
 *
 * <p>Decoding reads any sequence: tokens outside the vocabulary are skipped, an end of a key that is not sounding is
 * ignored, a start of a key that is sounding first ends the sounding note, an end in the very step its note started
 * gives a one-step note, and notes never ended last {@link #maxOpenQuarters()} quarter notes.
 */
public final class NotewiseEncoder extends GridEncoder {

    /** Length given to a decoded note whose end never comes: one 4/4 bar. */
    public static final double DEFAULT_MAX_OPEN_QUARTERS = 4.0;

    private final NotewiseVocabulary vocabulary;
    private final double maxOpenQuarters;
    private final long maxOpenSteps;
    private final int maxWait;
    // Token of an event, indexed by its low 9 bits: isStart << 8 | isPiano << 7 | key.
    private final String[] eventTokens = new String[512];
    // Per vocabulary index: what the decoder does with it, precomputed to avoid a switch on records.
    private final int[] decodeSlot;
    private final int[] decodeWait;

    public NotewiseEncoder(EncodingSpec spec) {
        this(spec, DEFAULT_MAX_TOKENS, DEFAULT_MAX_OPEN_QUARTERS);
    }

    public NotewiseEncoder(EncodingSpec spec, int maxTokens, double maxOpenQuarters) {
        super(spec, Scheme.NOTEWISE, maxTokens);
        if (!(maxOpenQuarters > 0) || Double.isInfinite(maxOpenQuarters)) {
            throw new IllegalArgumentException("maxOpenQuarters must be positive, got " + maxOpenQuarters);
        }
        this.vocabulary = NotewiseVocabulary.of(spec);
        this.maxOpenQuarters = maxOpenQuarters;
        this.maxOpenSteps = Math.max(1, NoteGrid.step(maxOpenQuarters, spec.sampleFreq()));
        this.maxWait = spec.maxWait();
        for (int key = 0; key < spec.range(); key++) {
            eventTokens[1 << 8 | 1 << 7 | key] = vocabulary.startToken(Part.PIANO, key);
            eventTokens[1 << 7 | key] = vocabulary.endToken(Part.PIANO, key);
            if (spec.chamber()) {
                eventTokens[1 << 8 | key] = vocabulary.startToken(Part.SOLO, key);
                eventTokens[key] = vocabulary.endToken(Part.SOLO, key);
            }
        }
        int size = vocabulary.size();
        decodeSlot = new int[size];
        decodeWait = new int[size];
        for (int i = 0; i < size; i++) {
            NotewiseToken token = vocabulary.parsed(i);
            decodeWait[i] = token.steps();
            // slot: part * range + key, negative for ends (-(slot + 1)), ignored for waits
            if (token.kind() != NotewiseToken.Kind.WAIT) {
                int slot = (token.part() == Part.SOLO ? spec.range() : 0) + token.key();
                decodeSlot[i] = token.kind() == NotewiseToken.Kind.START ? slot : -(slot + 1);
            }
        }
    }

    public NotewiseEncoder withMaxTokens(int newMaxTokens) {
        return new NotewiseEncoder(spec, newMaxTokens, maxOpenQuarters);
    }

    public NotewiseEncoder withMaxOpenQuarters(double newMaxOpenQuarters) {
        return new NotewiseEncoder(spec, maxTokens, newMaxOpenQuarters);
    }

    /** How long a decoded note lasts when its end never comes. */
    public double maxOpenQuarters() {
        return maxOpenQuarters;
    }

    public NotewiseVocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    protected long minimumTokens(long lastStep) {
        return 2 + lastStep / maxWait;
    }

    @Override
    protected long countTokens(NoteGrid grid, long[] events) {
        long count = events.length;
        long now = 0;
        for (long event : events) {
            long step = NoteGrid.eventStep(event);
            if (step > now) {
                count += (step - now + maxWait - 1) / maxWait;
                now = step;
            }
        }
        return count;
    }

    @Override
    protected void writeTokens(NoteGrid grid, long[] events, List<String> out) {
        String longestWait = vocabulary.waitToken(maxWait);
        long now = 0;
        for (long event : events) {
            long step = NoteGrid.eventStep(event);
            if (step > now) {
                long gap = step - now;
                for (long full = gap / maxWait; full > 0; full--) {
                    out.add(longestWait);
                }
                int rest = (int) (gap % maxWait);
                if (rest > 0) {
                    out.add(vocabulary.waitToken(rest));
                }
                now = step;
            }
            out.add(eventTokens[(int) (event & 0x1FF)]);
        }
    }

    @Override
    void decode(List<String> tokens, DecodedNotes out) {
        int range = spec.range();
        long[] openSince = new long[2 * range];
        Arrays.fill(openSince, -1);
        long now = 0;
        for (String token : tokens) {
            int index = vocabulary.indexOf(token);
            if (index < 0) {
                out.skippedTokens++;
                continue;
            }
            int wait = decodeWait[index];
            if (wait > 0) {
                now += wait;
                continue;
            }
            int slot = decodeSlot[index];
            if (slot >= 0) {
                long since = openSince[slot];
                if (since == now) {
                    out.skippedTokens++; // the key already started in this step
                    continue;
                }
                if (since >= 0) {
                    out.unclosedNotes++;
                    emit(out, slot, since, now);
                }
                openSince[slot] = now;
            } else {
                slot = -slot - 1;
                long since = openSince[slot];
                if (since < 0) {
                    out.unmatchedEnds++;
                    continue;
                }
                emit(out, slot, since, Math.max(now, since + 1));
                openSince[slot] = -1;
            }
        }
        for (int slot = 0; slot < openSince.length; slot++) {
            if (openSince[slot] >= 0) {
                out.unclosedNotes++;
                emit(out, slot, openSince[slot], openSince[slot] + maxOpenSteps);
            }
        }
    }

    private void emit(DecodedNotes out, int slot, long start, long end) {
        int range = spec.range();
        out.add(slot >= range ? Part.SOLO : Part.PIANO, slot % range, start, end);
    }
}
