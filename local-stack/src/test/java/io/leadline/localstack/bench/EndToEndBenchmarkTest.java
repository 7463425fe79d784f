package io.leadline.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadline.testkit.whatsapp.RecordedSend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EndToEndBenchmarkTest {

    @Test
    void aReplyIsMatchedToItsCustomerByTheDigitsOfItsAddressHoweverSpelled() {
        assertThat(EndToEndBenchmark.digits("6281300000001")).isEqualTo("6281300000001");
        assertThat(EndToEndBenchmark.digits("+62 813-0000-0001")).isEqualTo("6281300000001");
        assertThat(EndToEndBenchmark.digits("6281300000001@s.whatsapp.net")).isEqualTo("6281300000001");
        assertThat(EndToEndBenchmark.digits("")).isEmpty();
    }

    @Test
    void aRunDrawsItsCustomersFromABlockNoEarlierRunOnTheStackWroteFrom() {
        List<RecordedSend> earlier = new ArrayList<>();
        for (int block = 0; block < EndToEndBenchmark.BLOCKS; block++) {
            if (block != 17) {
                earlier.add(sendTo("62813" + String.format("%08d", block * 2_000_000L + 5)));
            }
        }
        earlier.add(sendTo("+62 812-3456-7890")); // a customer of another kind, not of a benchmark block
        for (int seed = 0; seed < 20; seed++) {
            assertThat(EndToEndBenchmark.unusedBlock(earlier, new Random(seed))).isEqualTo(17 * 2_000_000L);
        }
    }

    @Test
    void aStackOnWhichEveryBlockWasUsedIsRefusedRatherThanSentMessagesItWouldDeduplicate() {
        List<RecordedSend> earlier = new ArrayList<>();
        for (int block = 0; block < EndToEndBenchmark.BLOCKS; block++) {
            earlier.add(sendTo("62813" + String.format("%08d", block * 2_000_000L)));
        }
        assertThatThrownBy(() -> EndToEndBenchmark.unusedBlock(earlier, new Random(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fresh database");
    }

    private static RecordedSend sendTo(String phone) {
        return new RecordedSend("wamid.X", "v21.0", "15550000001", phone, "text", "Halo", null, null, Instant.now());
    }
}
