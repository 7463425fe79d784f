package io.leadline.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndToEndBenchmarkTest {

    @Test
    void aReplyIsMatchedToItsCustomerByTheDigitsOfItsAddressHoweverSpelled() {
        assertThat(EndToEndBenchmark.digits("6281300000001")).isEqualTo("6281300000001");
        assertThat(EndToEndBenchmark.digits("+62 813-0000-0001")).isEqualTo("6281300000001");
        assertThat(EndToEndBenchmark.digits("6281300000001@s.whatsapp.net")).isEqualTo("6281300000001");
        assertThat(EndToEndBenchmark.digits("")).isEmpty();
    }
}
