package dev.clara.music.encoding;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TokenTextTest {

    @Test
    void joinsWithSingleSpacesAndSplitsOnAnyWhitespace() {
        assertThat(TokenText.join(List.of("p1", "wait2", "endp1"))).isEqualTo("p1 wait2 endp1");
        assertThat(TokenText.join(List.of())).isEmpty();
        assertThat(TokenText.split("  p1\twait2\n endp1 ")).containsExactly("p1", "wait2", "endp1");
        assertThat(TokenText.split("")).isEmpty();
    }
}
