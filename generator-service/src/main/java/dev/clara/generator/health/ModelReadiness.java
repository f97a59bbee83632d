package dev.clara.generator.health;

import dev.clara.generator.service.GeneratorModels;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the newest generator is loaded, or none has been trained yet (Kafka's readiness is checked beside it). */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {
    private final GeneratorModels models;

    public ModelReadiness(GeneratorModels models) {
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("generator-model").status(models.ready())
                .withData("version", models.latestVersion().orElse("none")).build();
    }
}
