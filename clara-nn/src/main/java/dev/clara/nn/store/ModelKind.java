package dev.clara.nn.store;

import com.google.gson.annotations.SerializedName;
import java.util.Locale;

/** What a stored model does; the lower-case name is the one on the wire and in {@code version.json}. */
public enum ModelKind {
    /** The AWD-LSTM language model that composes. */
    @SerializedName("generator")
    GENERATOR,
    /** The classifier of human against machine pieces. */
    @SerializedName("critic")
    CRITIC,
    /** The classifier of composers. */
    @SerializedName("composer")
    COMPOSER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ModelKind parse(String text) {
        for (ModelKind kind : values()) {
            if (kind.wireName().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown model kind '" + text + "': use generator, critic or composer");
    }

    @Override
    public String toString() {
        return wireName();
    }
}
