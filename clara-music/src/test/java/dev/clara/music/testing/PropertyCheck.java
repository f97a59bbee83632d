package dev.clara.music.testing;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A property check in plain JUnit: runs one check over the explicit edge cases first, then over seeded random cases
 * until {@code tries} cases have run, inside one test method. Every random case has its own seed, drawn from the
 * property's fixed seed, so runs are repeatable; a failure names the property, the case, its seed and its input
 * (shown so that it can be pasted back into a test).
 *
 * <p>To rerun one random case alone, pass its seed: {@code -Dclara.property.seed=<seed>} (together with
 * {@code -Dtest=Class#method}); edge cases are skipped then.
 *
 * <pre>{@code
 * PropertyCheck.forAll(RandomPieces::piece)
 *         .edgeCases(RandomPieces.edgePieces())
 *         .showing(RandomPieces::describe)
 *         .tries(300)
 *         .seed(0x5EED_0001L)
 *         .check(piece -> assertThat(...));
 * }</pre>
 *
 * @param <T> the type of the generated inputs
 */
public final class PropertyCheck<T> {

    /** System property naming the seed of the one random case to run. */
    public static final String SEED_PROPERTY = "clara.property.seed";

    /** A check of one input; assertion errors and any other exception fail the property. */
    @FunctionalInterface
    public interface Check<T> {
        void verify(T input) throws Exception;
    }

    private final Function<SplittableRandom, ? extends T> generator;
    private List<? extends T> edgeCases = List.of();
    private Function<? super T, String> show = String::valueOf;
    private int tries = 100;
    private long seed = 0x5EED_C1A7AL;

    private PropertyCheck(Function<SplittableRandom, ? extends T> generator) {
        this.generator = Objects.requireNonNull(generator, "generator");
    }

    /** A property over inputs drawn by {@code generator} from a random generator seeded once per case. */
    public static <T> PropertyCheck<T> forAll(Function<SplittableRandom, ? extends T> generator) {
        return new PropertyCheck<>(generator);
    }

    /** Inputs checked before the random ones; they count towards {@link #tries(int)}. */
    public PropertyCheck<T> edgeCases(List<? extends T> cases) {
        this.edgeCases = List.copyOf(cases);
        return this;
    }

    /** How a failing input is written in the failure message. */
    public PropertyCheck<T> showing(Function<? super T, String> shower) {
        this.show = Objects.requireNonNull(shower, "shower");
        return this;
    }

    /** The number of cases, edge cases included. */
    public PropertyCheck<T> tries(int count) {
        this.tries = count;
        return this;
    }

    /** The fixed seed from which the seed of every random case is drawn. */
    public PropertyCheck<T> seed(long propertySeed) {
        this.seed = propertySeed;
        return this;
    }

    /** Runs the check over every case; fails on the first failing case with its seed and input. */
    public void check(Check<? super T> check) {
        String property = callingTest();
        String only = System.getProperty(SEED_PROPERTY);
        if (only != null && !only.isBlank()) {
            long caseSeed = parseSeed(only.trim());
            runCase(property, check, "random case with seed " + seedText(caseSeed),
                    generator.apply(new SplittableRandom(caseSeed)));
            return;
        }
        if (edgeCases.size() > tries) {
            throw new IllegalArgumentException(property + ": " + edgeCases.size() + " edge cases but only " + tries
                    + " tries");
        }
        for (int i = 0; i < edgeCases.size(); i++) {
            runCase(property, check, "edge case " + (i + 1) + " of " + edgeCases.size() + " (of " + tries
                    + " cases)", edgeCases.get(i));
        }
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int i = edgeCases.size(); i < tries; i++) {
            long caseSeed = seeds.nextLong();
            T input = generate(property, caseSeed, i);
            runCase(property, check, "case " + (i + 1) + " of " + tries + " with seed " + seedText(caseSeed)
                    + " (rerun alone with -D" + SEED_PROPERTY + "=" + seedText(caseSeed) + ")", input);
        }
    }

    private T generate(String property, long caseSeed, int index) {
        try {
            return generator.apply(new SplittableRandom(caseSeed));
        } catch (RuntimeException e) {
            throw new IllegalStateException(property + ": the generator failed on case " + (index + 1) + " with seed "
                    + seedText(caseSeed), e);
        }
    }

    private void runCase(String property, Check<? super T> check, String which, T input) {
        try {
            check.verify(input);
        } catch (Throwable failure) {
            if (failure instanceof VirtualMachineError error) {
                throw error;
            }
            AssertionError error = new AssertionError(property + " failed on " + which + "\ninput: "
                    + describe(input) + "\nbecause: " + failure, failure);
            throw error;
        }
    }

    private String describe(T input) {
        try {
            return show.apply(input);
        } catch (RuntimeException e) {
            return String.valueOf(input) + " (could not be shown: " + e + ")";
        }
    }

    private static String seedText(long caseSeed) {
        return "0x" + Long.toHexString(caseSeed) + "L";
    }

    private static long parseSeed(String text) {
        String digits = text.endsWith("L") || text.endsWith("l") ? text.substring(0, text.length() - 1) : text;
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            return Long.parseUnsignedLong(digits.substring(2), 16);
        }
        return Long.parseLong(digits);
    }

    /** The test method that runs the property, for the failure message. */
    private static String callingTest() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(frame -> !frame.getClassName().equals(PropertyCheck.class.getName()))
                .findFirst()
                .map(frame -> frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1) + "."
                        + frame.getMethodName())
                .orElse("property"));
    }
}
