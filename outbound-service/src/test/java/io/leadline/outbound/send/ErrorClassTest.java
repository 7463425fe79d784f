package io.leadline.outbound.send;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorClassTest {

    @ParameterizedTest(name = "HTTP {0} with code {1} is {2}")
    @CsvSource(nullValues = "none", value = {
            "503, 131016, RETRYABLE",
            "429, 130429, RETRYABLE",
            "400, 80007, RETRYABLE",
            "500, 1, RETRYABLE",
            "500, 2, RETRYABLE",
            "500, none, RETRYABLE",
            "429, none, RETRYABLE",
            "400, 131056, PAIR_RATE_LIMITED",
            "400, 131047, PERMANENT",
            "400, 131026, PERMANENT",
            "400, 131048, PERMANENT",
            "400, 131049, PERMANENT",
            "400, 132001, PERMANENT",
            "400, 100, PERMANENT",
            "401, 190, PERMANENT",
            "403, 10, PERMANENT",
            "404, none, PERMANENT",
            // The code decides, whatever the HTTP status says.
            "500, 131026, PERMANENT",
            "400, 130429, RETRYABLE"})
    void theErrorCodeDecidesWhetherASendIsRetried(int status, Integer code, ErrorClass expected) {
        assertThat(ErrorClass.of(status, code)).isEqualTo(expected);
    }
}
