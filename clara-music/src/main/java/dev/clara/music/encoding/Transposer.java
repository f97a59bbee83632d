package dev.clara.music.encoding;

import dev.clara.music.Part;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Transposition in token space, Clara's data augmentation: the trainer shifts every training stream into all twelve
 * keys on the fly. Notes pushed out of the encoding's range are dropped, as in Clara: a notewise start and its end
 * are both dropped (they shift together), chordwise digits shift and fall off the edge. Tokens the encoding does not
 * know (model specials) pass through unchanged.
 *
 * <p>The result is what the encoder would write for the transposed piece: where notes were dropped, the notewise waits
 * around them are merged again (at most 2·sampleFreq each) and silence left at the end is removed (notewise waits,
 * chordwise silent steps), so a model never sees streams the encoder cannot produce.
 *
 * <p>Notewise uses a precomputed token→token table per spec and interval (one hash lookup per token, no string
 * building); chordwise shifts the digit string.
 */
public final class Transposer {

    /** Clara's twelve transpositions: a fifth down to a tritone up, 0 included. */
    public static final List<Integer> ALL_KEYS = List.of(-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6);

    private static final Map<TableKey, Map<String, String>> NOTEWISE_TABLES = new ConcurrentHashMap<>();
    /** Table values for a token that leaves the range, and for waits; compared by identity. */
    private static final String DROPPED = new String("<dropped>");
    private static final String WAIT = new String("<wait>");

    private record TableKey(EncodingSpec spec, int semitones) {
    }

    private Transposer() {
    }

    /** The stream shifted by {@code semitones}, a new list. */
    public static List<String> transpose(List<String> tokens, int semitones, EncodingSpec spec) {
        if (semitones == 0) {
            return new ArrayList<>(tokens);
        }
        return spec.scheme() == Scheme.NOTEWISE
                ? transposeNotewise(tokens, semitones, spec)
                : transposeChordwise(tokens, semitones, spec);
    }

    private static List<String> transposeNotewise(List<String> tokens, int semitones, EncodingSpec spec) {
        Map<String, String> table = NOTEWISE_TABLES.computeIfAbsent(new TableKey(spec, semitones),
                key -> notewiseTable(key.spec(), key.semitones()));
        NotewiseVocabulary vocabulary = NotewiseVocabulary.of(spec);
        int maxWait = spec.maxWait();
        String longestWait = vocabulary.waitToken(maxWait);
        List<String> out = new ArrayList<>(tokens.size());
        // Waits are held back and merged, so that a dropped note leaves the waits around it as the encoder would
        // have written them; waits after the last remaining token are dropped like the encoder's trailing silence.
        long pendingWait = 0;
        for (String token : tokens) {
            String shifted = table.get(token);
            if (shifted == WAIT) {
                pendingWait += vocabulary.parsed(token).steps();
                continue;
            }
            if (shifted == DROPPED) {
                continue;
            }
            for (; pendingWait >= maxWait; pendingWait -= maxWait) {
                out.add(longestWait);
            }
            if (pendingWait > 0) {
                out.add(vocabulary.waitToken((int) pendingWait));
                pendingWait = 0;
            }
            out.add(shifted == null ? token : shifted);
        }
        return out;
    }

    private static Map<String, String> notewiseTable(EncodingSpec spec, int semitones) {
        NotewiseVocabulary vocabulary = NotewiseVocabulary.of(spec);
        Map<String, String> table = new HashMap<>(vocabulary.size() * 2);
        for (int i = 0; i < vocabulary.size(); i++) {
            NotewiseToken token = vocabulary.parsed(i);
            if (token.kind() == NotewiseToken.Kind.WAIT) {
                table.put(vocabulary.token(i), WAIT);
                continue;
            }
            int key = token.key() + semitones;
            Part part = token.part();
            String shifted;
            if (key < 0 || key >= spec.range()) {
                shifted = DROPPED;
            } else if (token.kind() == NotewiseToken.Kind.START) {
                shifted = vocabulary.startToken(part, key);
            } else {
                shifted = vocabulary.endToken(part, key);
            }
            table.put(vocabulary.token(i), shifted);
        }
        return table;
    }

    private static List<String> transposeChordwise(List<String> tokens, int semitones, EncodingSpec spec) {
        int range = spec.range();
        List<String> out = new ArrayList<>(tokens.size());
        char[] row = new char[range + 1];
        String previousIn = null;
        String previousOut = null;
        for (String token : tokens) {
            if (token == previousIn) {
                out.add(previousOut); // held chords repeat the same instance: reuse the shifted one
                continue;
            }
            String shifted = token;
            if (token.length() == range + 1 && (token.charAt(0) == 'p' || token.charAt(0) == 'v')) {
                row[0] = token.charAt(0);
                for (int key = 0; key < range; key++) {
                    int from = key - semitones;
                    row[key + 1] = from >= 0 && from < range ? token.charAt(from + 1) : '0';
                }
                shifted = new String(row);
            }
            previousIn = token;
            previousOut = shifted;
            out.add(shifted);
        }
        trimTrailingSilence(out, spec);
        return out;
    }

    /** Removes whole silent steps at the end, which the encoder never writes (they appear when notes fall off). */
    private static void trimTrailingSilence(List<String> out, EncodingSpec spec) {
        int stepTokens = spec.chamber() ? 2 : 1;
        while (out.size() >= stepTokens) {
            int last = out.size() - 1;
            boolean silentStep = isSilent(out.get(last), 'p', spec.range())
                    && (stepTokens == 1 || isSilent(out.get(last - 1), 'v', spec.range()));
            if (!silentStep) {
                return;
            }
            for (int i = 0; i < stepTokens; i++) {
                out.remove(out.size() - 1);
            }
        }
    }

    private static boolean isSilent(String token, char part, int range) {
        if (token.length() != range + 1 || token.charAt(0) != part) {
            return false;
        }
        for (int i = 1; i <= range; i++) {
            if (token.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
