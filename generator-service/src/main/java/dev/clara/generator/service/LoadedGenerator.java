package dev.clara.generator.service;

import dev.clara.generation.GrammarConstraint;
import dev.clara.music.encoding.EncodingSpec;
import dev.clara.nn.sample.BatchSampler;
import dev.clara.nn.store.ModelArtifact;

/** A generator version ready to sample: its artifact, encoding, compiled grammar and prepared sampler. */
public final class LoadedGenerator implements AutoCloseable {
    private final ModelArtifact artifact;
    private final EncodingSpec spec;
    private final GrammarConstraint.Compiled grammar;
    private final BatchSampler sampler;

    public LoadedGenerator(ModelArtifact artifact) {
        this.artifact = artifact;
        this.spec = EncodingSpec.parse(artifact.version().encodingId());
        this.grammar = new GrammarConstraint.Compiled(spec, artifact.vocabulary().tokens());
        this.sampler = BatchSampler.builder().setModel(artifact.block()).build();
    }

    public String versionId() {
        return artifact.version().versionId();
    }

    public ModelArtifact artifact() {
        return artifact;
    }

    public EncodingSpec spec() {
        return spec;
    }

    public GrammarConstraint.Compiled grammar() {
        return grammar;
    }

    public BatchSampler sampler() {
        return sampler;
    }

    @Override
    public void close() {
        sampler.close();
        artifact.close();
    }
}
