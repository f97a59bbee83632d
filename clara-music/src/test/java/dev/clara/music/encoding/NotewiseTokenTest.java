package dev.clara.music.encoding;

import dev.clara.music.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class NotewiseTokenTest {

    @Test
    void parsesEachKind() {
        assertThat(NotewiseToken.parse("p12")).isEqualTo(NotewiseToken.start(Part.PIANO, 12));
        assertThat(NotewiseToken.parse("v0")).isEqualTo(NotewiseToken.start(Part.SOLO, 0));
        assertThat(NotewiseToken.parse("endp61")).isEqualTo(NotewiseToken.end(Part.PIANO, 61));
        assertThat(NotewiseToken.parse("endv7")).isEqualTo(NotewiseToken.end(Part.SOLO, 7));
        assertThat(NotewiseToken.parse("wait24")).isEqualTo(NotewiseToken.waitSteps(24));
        assertThat(NotewiseToken.parse("wait24").text()).isEqualTo("wait24");
        assertThat(NotewiseToken.parse("endv7").text()).isEqualTo("endv7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "p", "v", "p-1", "p01", "P1", "p1 ", "end", "endp", "endx1", "wait", "wait0",
            "wait01", "wait1.5", "xxbos", "p1234567890"})
    void readsAnythingElseAsUnknown(String token) {
        assertThat(NotewiseToken.parse(token)).isEqualTo(NotewiseToken.UNKNOWN);
    }

    @Test
    void fitsOnlyTheVocabularyOfASpec() {
        assertThat(NotewiseToken.parse("p61").fits(EncodingSpec.NOTEWISE)).isTrue();
        assertThat(NotewiseToken.parse("p62").fits(EncodingSpec.NOTEWISE)).isFalse();
        assertThat(NotewiseToken.parse("v1").fits(EncodingSpec.NOTEWISE)).isFalse();
        assertThat(NotewiseToken.parse("v1").fits(EncodingSpec.NOTEWISE_CHAMBER)).isTrue();
        assertThat(NotewiseToken.parse("wait25").fits(EncodingSpec.NOTEWISE)).isFalse();
        assertThat(NotewiseToken.UNKNOWN.fits(EncodingSpec.NOTEWISE)).isFalse();
    }

    @Test
    void vocabularyListsEveryTokenOnce() {
        NotewiseVocabulary piano = NotewiseVocabulary.of(EncodingSpec.NOTEWISE);
        NotewiseVocabulary chamber = NotewiseVocabulary.of(EncodingSpec.NOTEWISE_CHAMBER);

        assertThat(piano.size()).isEqualTo(62 * 2 + 24);
        assertThat(chamber.size()).isEqualTo(62 * 4 + 24);
        assertThat(chamber.tokens()).doesNotHaveDuplicates().contains("p0", "endp61", "v61", "endv0", "wait1",
                "wait24");
        assertThat(piano.tokens()).noneMatch(t -> t.startsWith("v") || t.startsWith("endv"));
        for (int i = 0; i < chamber.size(); i++) {
            assertThat(chamber.indexOf(chamber.token(i))).isEqualTo(i);
            assertThat(chamber.parsed(i)).isEqualTo(NotewiseToken.parse(chamber.token(i)));
        }
        assertThat(piano.indexOf("v1")).isEqualTo(-1);
        assertThat(NotewiseVocabulary.of(EncodingSpec.NOTEWISE)).isSameAs(piano);
    }
}
