package dev.clara.generator.ranking;

/**
 * How samples are ordered and flagged.
 *
 * <p>Combined score: the critic's P(human); samples without a critic score get 0. Ties (equal P(human)) are broken
 * by the composer model's confidence (its top probability), then by batch position.
 *
 * <p>Novelty: the critic finds the sample human-like (P(human) at least {@code noveltyMinPHuman}) while the composer
 * model is unsure: the entropy of its distribution is at least {@code noveltyMinEntropyFraction} of the largest
 * possible (ln of the number of composers). As the Clara seed put it, such a piece "might sound like a new style".
 */
public record RankingPolicy(double noveltyMinPHuman, double noveltyMinEntropyFraction) {

    public static final String DESCRIPTION = "combined_score = critic P(human) (0 without a critic score); "
            + "ties broken by composer confidence, then batch position";

    public static RankingPolicy defaults() {
        return new RankingPolicy(0.5, 0.8);
    }

    public boolean isNovel(Double pHuman, double entropy, int composers) {
        if (pHuman == null || composers < 2) {
            return false;
        }
        return pHuman >= noveltyMinPHuman && entropy >= noveltyMinEntropyFraction * Math.log(composers);
    }
}
