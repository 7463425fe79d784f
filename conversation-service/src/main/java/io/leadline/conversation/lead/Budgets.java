package io.leadline.conversation.lead;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A budget amount: a number next to a currency, a multiplier word ("5 juta", "10k") or the word budget. A bare
 * number is never a budget (it may be a phone number, a date or a quantity). The value is the whole amount in
 * digits, followed by the currency code when the message named one: {@code 5000000 IDR}.
 */
final class Budgets {

    private static final String NUMBER = "(\\d+(?:[.,]\\d+)*)";
    private static final String MULTIPLIER = "(juta|jt|million|mio|ribu|rb|thousand|k|m|אלף|מיליון)?";
    private static final String CURRENCY_BEFORE = "(rp\\.?|idr|usd|us\\$|\\$|₪|nis|ils|€|eur)";
    private static final String CURRENCY_AFTER = "(rupiah|idr|usd|dollars?|nis|ils|shekels?|ש\"ח|ש״ח|שח|שקלים|שקל|₪|€|eur|euros?)";
    private static final Pattern BEFORE = Pattern.compile(
            "(?iu)(?<![\\p{L}\\d])" + CURRENCY_BEFORE + "\\s*" + NUMBER + "\\s*" + MULTIPLIER + "(?![\\p{L}\\d])");
    private static final Pattern AFTER = Pattern.compile(
            "(?iu)(?<![\\p{L}\\d.,])" + NUMBER + "\\s*" + MULTIPLIER + "\\s*" + CURRENCY_AFTER + "(?![\\p{L}])");
    private static final Pattern KEYWORD = Pattern.compile(
            "(?iu)(?:budget\\w*|anggaran\\w*|dana|biaya|תקציב)\\D{0,20}?" + NUMBER + "\\s*" + MULTIPLIER
                    + "(?![\\p{L}\\d])");
    private static final Pattern WITH_MULTIPLIER = Pattern.compile(
            "(?iu)(?<![\\p{L}\\d.,])" + NUMBER + "\\s*(juta|jt|million|ribu|rb|k|אלף|מיליון)(?![\\p{L}\\d])");

    private Budgets() {
    }

    static Optional<String> find(String text) {
        Matcher before = BEFORE.matcher(text);
        if (before.find()) {
            return amount(before.group(2), before.group(3)).map(value -> withCurrency(value, before.group(1)));
        }
        Matcher after = AFTER.matcher(text);
        if (after.find()) {
            return amount(after.group(1), after.group(2)).map(value -> withCurrency(value, after.group(3)));
        }
        Matcher keyword = KEYWORD.matcher(text);
        if (keyword.find()) {
            return amount(keyword.group(1), keyword.group(2));
        }
        Matcher multiplier = WITH_MULTIPLIER.matcher(text);
        if (multiplier.find()) {
            return amount(multiplier.group(1), multiplier.group(2));
        }
        return Optional.empty();
    }

    private static Optional<String> amount(String number, String multiplier) {
        long factor = factor(multiplier);
        BigDecimal value;
        if (factor > 1 && number.matches("\\d+[.,]\\d{1,2}")) {
            value = new BigDecimal(number.replace(',', '.'));   // "2,5 juta", "1.5k": a decimal fraction
        } else {
            value = new BigDecimal(number.replaceAll("[.,]", ""));   // "5.000.000", "1,500": thousands separators
        }
        BigDecimal whole = value.multiply(BigDecimal.valueOf(factor));
        return whole.signum() > 0 ? Optional.of(whole.stripTrailingZeros().toPlainString()) : Optional.empty();
    }

    private static long factor(String multiplier) {
        if (multiplier == null) {
            return 1;
        }
        return switch (multiplier.toLowerCase(Locale.ROOT)) {
            case "juta", "jt", "million", "mio", "m", "מיליון" -> 1_000_000L;
            case "ribu", "rb", "thousand", "k", "אלף" -> 1_000L;
            default -> 1;
        };
    }

    private static String withCurrency(String amount, String currency) {
        String code = switch (currency.toLowerCase(Locale.ROOT).replace(".", "")) {
            case "rp", "idr", "rupiah" -> "IDR";
            case "$", "us$", "usd", "dollar", "dollars" -> "USD";
            case "€", "eur", "euro", "euros" -> "EUR";
            default -> "ILS";
        };
        return amount + " " + code;
    }
}
