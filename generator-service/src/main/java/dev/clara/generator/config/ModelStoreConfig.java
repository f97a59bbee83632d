package dev.clara.generator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where model artifacts live ({@code clara.model-store.*}); shared with the trainer. */
@ConfigMapping(prefix = "clara.model-store")
public interface ModelStoreConfig {
    /** Root directory of the store, one sub-directory per version. Default run/models. */
    @WithDefault("run/models")
    String root();
}
