package io.leadline.platform.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TracesTest {

    @Test
    void continuingATraceKeepsItsTraceIdWithANewSpan() {
        String incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        try (var scope = Traces.continueOrStart(incoming)) {
            assertThat(Traces.currentTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(Traces.current()).isNotEqualTo(incoming);
            assertThat(MDC.get(Traces.MDC_KEY)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        }
        assertThat(Traces.current()).isNull();
        assertThat(MDC.get(Traces.MDC_KEY)).isNull();
    }

    @Test
    void aMissingOrMalformedTraceparentStartsANewTrace() {
        for (String bad : new String[] {null, "", "garbage", "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01"}) {
            try (var scope = Traces.continueOrStart(bad)) {
                assertThat(Traces.isValid(Traces.current())).isTrue();
            }
        }
    }

    @Test
    void closingAnInnerScopeRestoresTheOuterTrace() {
        try (var outer = Traces.continueOrStart(null)) {
            String outerTrace = Traces.current();
            try (var inner = Traces.continueOrStart(null)) {
                assertThat(Traces.current()).isNotEqualTo(outerTrace);
            }
            assertThat(Traces.current()).isEqualTo(outerTrace);
        }
    }
}
