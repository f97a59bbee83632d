package dev.clara.nn.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The mapping between music tokens (such as {@code p28}, {@code endp28}, {@code wait3}) and the
 * integer ids the network sees.
 *
 * <p>Ids 0, 1 and 2 are always {@link #UNKNOWN}, {@link #PADDING} and {@link #PIECE_START}, as in
 * fastai, so that a model and the code that feeds it agree on them without reading the file. The
 * remaining ids follow token frequency in the training corpus, most frequent first, ties broken by
 * the token's spelling, so that the same corpus always yields the same vocabulary whatever the
 * order of its pieces.
 */
public final class Vocabulary {

    /** Stands for every token the training corpus never contained (a transposition can create one). */
    public static final String UNKNOWN = "<unk>";
    /** Fills positions that hold no token; never produced by the batcher, kept for samplers and classifiers. */
    public static final String PADDING = "<pad>";
    /** Marks the boundary between two pieces in the training stream, and starts every generation. */
    public static final String PIECE_START = "<bos>";

    public static final int UNKNOWN_ID = 0;
    public static final int PADDING_ID = 1;
    public static final int PIECE_START_ID = 2;

    private static final List<String> SPECIAL_TOKENS = List.of(UNKNOWN, PADDING, PIECE_START);

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        Map<String, Integer> map = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (map.putIfAbsent(token, i) != null) {
                throw new IllegalArgumentException("token '" + token + "' appears twice in the vocabulary");
            }
        }
        this.ids = map;
    }

    /**
     * Builds a vocabulary from training pieces, each a list of tokens.
     *
     * @param pieces the training corpus
     * @param minFrequency tokens seen fewer times are left out (they become {@code <unk>}); 1 keeps all
     * @return the vocabulary: the special tokens, then tokens by falling frequency and then by spelling
     */
    public static Vocabulary build(Collection<? extends List<String>> pieces, int minFrequency) {
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minFrequency must be at least 1, was " + minFrequency);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> piece : pieces) {
            for (String token : piece) {
                checkToken(token);
                counts.merge(token, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        List<String> tokens = new ArrayList<>(SPECIAL_TOKENS);
        for (Map.Entry<String, Integer> entry : entries) {
            if (entry.getValue() >= minFrequency && !SPECIAL_TOKENS.contains(entry.getKey())) {
                tokens.add(entry.getKey());
            }
        }
        return new Vocabulary(tokens);
    }

    /** Builds a vocabulary keeping every token of the corpus. */
    public static Vocabulary build(Collection<? extends List<String>> pieces) {
        return build(pieces, 1);
    }

    /**
     * Creates a vocabulary from tokens listed in id order; the special tokens come first whether or
     * not they are listed.
     */
    public static Vocabulary of(List<String> tokensInIdOrder) {
        List<String> tokens = new ArrayList<>(SPECIAL_TOKENS);
        for (String token : tokensInIdOrder) {
            checkToken(token);
            if (!SPECIAL_TOKENS.contains(token)) {
                tokens.add(token);
            }
        }
        return new Vocabulary(tokens);
    }

    /** Reads a vocabulary written by {@link #save(Path)}: one token per line, in id order. */
    public static Vocabulary load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> tokens = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (!line.isEmpty()) {
                tokens.add(line);
            }
        }
        if (tokens.size() < SPECIAL_TOKENS.size() || !tokens.subList(0, SPECIAL_TOKENS.size()).equals(SPECIAL_TOKENS)) {
            throw new IOException(file + " is not a Clara vocabulary: it must start with " + SPECIAL_TOKENS);
        }
        return new Vocabulary(tokens);
    }

    /** Writes one token per line in id order, so that the line number (from 0) is the id. */
    public void save(Path file) throws IOException {
        Files.write(file, tokens, StandardCharsets.UTF_8);
    }

    public int size() {
        return tokens.size();
    }

    /** Returns the id of a token, or {@link #UNKNOWN_ID} when the vocabulary does not hold it. */
    public int id(String token) {
        return ids.getOrDefault(token, UNKNOWN_ID);
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IndexOutOfBoundsException("token id " + id + " outside the vocabulary of " + tokens.size());
        }
        return tokens.get(id);
    }

    public int[] encode(List<String> pieceTokens) {
        int[] result = new int[pieceTokens.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = id(pieceTokens.get(i));
        }
        return result;
    }

    public List<String> decode(int[] pieceIds) {
        List<String> result = new ArrayList<>(pieceIds.length);
        for (int id : pieceIds) {
            result.add(token(id));
        }
        return result;
    }

    /** The tokens in id order. */
    public List<String> tokens() {
        return Collections.unmodifiableList(tokens);
    }

    private static void checkToken(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a token must be non-empty and free of white space: '" + token + "'");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Vocabulary that && tokens.equals(that.tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary[" + tokens.size() + " tokens]";
    }
}
