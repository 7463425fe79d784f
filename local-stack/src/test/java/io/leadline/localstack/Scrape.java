package io.leadline.localstack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a value out of a Prometheus text exposition, as a test that scraped {@code /actuator/prometheus} needs. */
final class Scrape {

    private Scrape() {
    }

    /** The sum of the metric over all its label sets, or null when no sample of it is exposed. */
    static Double total(String exposition, String metric) {
        Matcher samples = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{[^}]*})?\\s+(\\S+)").matcher(exposition);
        Double total = null;
        while (samples.find()) {
            double value = Double.parseDouble(samples.group(2));
            total = (total == null ? 0 : total) + (Double.isNaN(value) ? 0 : value);
        }
        return total;
    }
}
