package dev.clara.music.midi;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which of Clara's two parts a MIDI track plays, from its General MIDI program and its names.
 *
 * <p>Programs (0-based GM numbers): 0–23 pianos, chromatic percussion and organs (harpsichord 6) and 46 harp are
 * keyboard-like; 40–54 except 46 (strings, string ensembles, choirs and voice) and 56–79 (brass, reeds, pipes) are
 * solo-like; everything else is unsupported.
 *
 * <p>Names win over a missing or zero program, because many files never send a program change (or send program 0)
 * and say "Violin" or "Voice" only in the track name. An explicit non-zero program wins over the name, unless the
 * program is unsupported and the name is recognised. Keyboard words are checked before solo words, so "Piano
 * (reduction of the voice)" stays a keyboard.
 */
public final class ChamberMapping {

    /** G3: the solo part is raised by octaves until every note is at least this high, as Clara does for its violin. */
    public static final int LOWEST_SOLO_PITCH = 55;

    /** Name words that mean a keyboard when a word starts with them. */
    private static final Set<String> KEYBOARD_PREFIXES = Set.of("piano", "pianoforte", "fortepiano", "klavier",
            "clavier", "keyboard", "harpsichord", "cembalo", "clavecin", "clavicembalo", "clavichord", "organ",
            "orgel", "organo", "orgue", "harp", "harfe", "arpa", "harpe", "celesta", "continuo", "spinet", "virginal");
    /** Short keyboard abbreviations, matched as whole words only. */
    private static final Set<String> KEYBOARD_WORDS = Set.of("pno", "pf", "kbd", "org", "hpd", "cemb");

    /** Name words that mean a solo instrument when a word starts with them. */
    private static final Set<String> SOLO_PREFIXES = Set.of("viol", "vln", "vla", "cello", "violoncell", "contrabass",
            "kontrabass", "doublebass", "flute", "flöte", "flauto", "flaut", "piccolo", "oboe", "hautbois", "clarinet",
            "klarinett", "clarinett", "bassoon", "fagott", "basson", "horn", "corno", "trumpet", "tromba", "trompet",
            "trombone", "posaune", "tuba", "recorder", "sax", "voice", "voce", "voix", "stimme", "singstimme", "gesang",
            "canto", "cantus", "soprano", "sopran", "mezzo", "alto", "contralto", "tenor", "baritone", "bariton",
            "bass", "choir", "chorus", "coro", "chor", "vocal", "singer", "strings", "streicher");
    /** Short solo names and abbreviations, matched as whole words only. */
    private static final Set<String> SOLO_WORDS = Set.of("vc", "vcl", "cb", "fl", "ob", "cl", "clar", "fg", "bsn",
            "hn", "cor", "tpt", "tbn", "alt", "men", "women", "vox", "solo");

    private ChamberMapping() {
    }

    /** The family of a General MIDI program (0..127, channel 10 excepted). */
    public static InstrumentFamily familyOfProgram(int program) {
        if (program < 0 || program > 127) {
            throw new IllegalArgumentException("GM program must be 0..127, got " + program);
        }
        if (program <= 23 || program == 46) {
            return InstrumentFamily.KEYBOARD;
        }
        if (program >= 40 && program <= 54 || program >= 56 && program <= 79) {
            return InstrumentFamily.SOLO;
        }
        return InstrumentFamily.UNSUPPORTED;
    }

    /** The family a track or instrument name names, if it names one. */
    public static Optional<InstrumentFamily> familyOfName(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String[] words = name.toLowerCase(Locale.ROOT).split("[^\\p{L}]+");
        if (matches(words, KEYBOARD_PREFIXES, KEYBOARD_WORDS)) {
            return Optional.of(InstrumentFamily.KEYBOARD);
        }
        if (matches(words, SOLO_PREFIXES, SOLO_WORDS)) {
            return Optional.of(InstrumentFamily.SOLO);
        }
        return Optional.empty();
    }

    /**
     * The family of a track.
     *
     * @param program the track's GM program, or -1 when the file sends none
     * @param names   the track name and instrument name, any of them null
     */
    public static InstrumentFamily classify(int program, String... names) {
        Optional<InstrumentFamily> named = Optional.empty();
        for (String name : names) {
            named = familyOfName(name);
            if (named.isPresent()) {
                break;
            }
        }
        if (program < 0) {
            return named.orElse(InstrumentFamily.KEYBOARD); // no program change means GM program 0, a piano
        }
        InstrumentFamily byProgram = familyOfProgram(program);
        if (named.isPresent() && (program == 0 || byProgram == InstrumentFamily.UNSUPPORTED)) {
            return named.get();
        }
        return byProgram;
    }

    /** Raises a solo pitch by octaves to at least {@link #LOWEST_SOLO_PITCH}. */
    public static int raiseSolo(int pitch) {
        while (pitch < LOWEST_SOLO_PITCH) {
            pitch += 12;
        }
        return pitch;
    }

    private static boolean matches(String[] words, Set<String> prefixes, Set<String> wholeWords) {
        for (String word : words) {
            if (word.isEmpty()) {
                continue;
            }
            if (wholeWords.contains(word)) {
                return true;
            }
            for (String prefix : prefixes) {
                if (word.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }
}
