package dev.clara.generator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the ranker ({@code clara.ranker.*}). */
@ConfigMapping(prefix = "clara.ranker")
public interface RankerConfig {

    /** A request's result is published incomplete (naming what is missing) this long after its first sample or score. Default 180 s. */
    @WithDefault("180s")
    Duration timeout();

    /** How often pending requests are checked against the timeout. Default 1 s. */
    @WithDefault("1s")
    Duration checkInterval();

    /** How long a published request is remembered, so late scores do not publish it twice. Default 24 h. */
    @WithDefault("24h")
    Duration retention();

    /** Novelty: the critic's P(human) must reach this. Default 0.5. */
    @WithDefault("0.5")
    double noveltyMinPHuman();

    /** Novelty: the composer distribution's entropy must reach this fraction of ln(composers). Default 0.8. */
    @WithDefault("0.8")
    double noveltyMinEntropyFraction();

    /** Ranked results kept in memory for GetResult and WatchResults. Default 10,000. */
    @WithDefault("10000")
    int cachedResults();
}
