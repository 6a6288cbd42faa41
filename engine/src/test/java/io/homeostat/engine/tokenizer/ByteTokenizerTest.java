package io.homeostat.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ByteTokenizerTest {
    private final ByteTokenizer t = new ByteTokenizer(32000);

    @Provide
    Arbitrary<String> unicode() {
        // any code point except lone surrogates (which UTF-8 cannot carry)
        return Arbitraries.integers().between(0, 0x10FFFF)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .list().ofMaxSize(30)
                .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
    }

    @Property(tries = 500)
    void utf8RoundTrip(@ForAll("unicode") String text) {
        assertEquals(text, t.decode(t.encode(text, true)));
        assertEquals(text, t.decode(t.encode(text, false)));
    }

    @Test
    void idsAreBytesPlusThree() {
        assertArrayEquals(new int[] {1, 'h' + 3, 'i' + 3, 0xC3 + 3, 0xA9 + 3}, t.encode("hié", true));
        assertEquals("h", t.decode(1, 'h' + 3));
        assertEquals("", t.decode(1, Tokenizer.EOS));
    }

    @Test
    void idsBeyondTheByteRangeFoldOntoPrintableAscii() {
        assertEquals(" ", t.decode(1, 3 + 95 * 3)); // (id - 3) % 95 == 0
        assertEquals("!", t.decode(1, 3 + 95 * 3 + 1));
        String s = t.decode(new int[] {259, 1000, 31999});
        assertEquals(3, s.length());
        s.chars().forEach(ch -> assertEquals(true, ch >= ' ' && ch < ' ' + 95, "printable: " + ch));
    }

    @Test
    void vocabularyMustHoldTheBytes() {
        assertThrows(IllegalArgumentException.class, () -> new ByteTokenizer(258));
    }
}
