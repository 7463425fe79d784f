package io.leadline.conversation.lead;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A preferred date: ISO ({@code 2026-12-05}), day first ({@code 5/12}, {@code 5/12/2026}, {@code 5.12.2026}),
 * a day and a month name in English or Indonesian ({@code 5 Desember}), or tomorrow / the day after in English,
 * Indonesian and Hebrew, reckoned in the business's time zone from the message's own timestamp. A date without a
 * year is the next one on or after the message's day. A period a person names instead of a day ("next month",
 * "minggu depan", "in 3 days") stands for its first day, so the lead says when the customer wants to start.
 */
final class PreferredDates {

    private static final Pattern ISO = Pattern.compile("\\b(\\d{4})-(\\d{1,2})-(\\d{1,2})\\b");
    private static final Pattern DAY_FIRST = Pattern.compile("(?<![\\d/.])(\\d{1,2})/(\\d{1,2})(?:/(\\d{2}|\\d{4}))?(?![\\d/])");
    private static final Pattern DOTTED = Pattern.compile("(?<![\\d.])(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})(?![\\d.])");
    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("january", 1), Map.entry("januari", 1), Map.entry("jan", 1),
            Map.entry("february", 2), Map.entry("februari", 2), Map.entry("feb", 2),
            Map.entry("march", 3), Map.entry("maret", 3), Map.entry("mar", 3),
            Map.entry("april", 4), Map.entry("apr", 4),
            Map.entry("may", 5), Map.entry("mei", 5),
            Map.entry("june", 6), Map.entry("juni", 6), Map.entry("jun", 6),
            Map.entry("july", 7), Map.entry("juli", 7), Map.entry("jul", 7),
            Map.entry("august", 8), Map.entry("agustus", 8), Map.entry("aug", 8), Map.entry("agu", 8),
            Map.entry("september", 9), Map.entry("sep", 9), Map.entry("sept", 9),
            Map.entry("october", 10), Map.entry("oktober", 10), Map.entry("oct", 10), Map.entry("okt", 10),
            Map.entry("november", 11), Map.entry("nov", 11),
            Map.entry("december", 12), Map.entry("desember", 12), Map.entry("dec", 12), Map.entry("des", 12));
    private static final Pattern DAY_MONTH = Pattern.compile(
            "(?iu)(?<![\\p{L}\\d])(\\d{1,2})(?:st|nd|rd|th)?\\s+(" + String.join("|", MONTHS.keySet())
                    + ")(?:\\s+(\\d{4}))?(?![\\p{L}])");
    private static final Pattern DAY_AFTER_TOMORROW =
            Pattern.compile("(?iu)day after tomorrow|\\blusa\\b|מחרתיים");
    private static final Pattern TOMORROW = Pattern.compile("(?iu)\\btomorrow\\b|\\bbesok\\b|מחר");
    private static final Pattern NEXT_WEEK = Pattern.compile("(?iu)\\bnext week\\b|\\bminggu depan\\b|שבוע הבא");
    private static final Pattern NEXT_MONTH = Pattern.compile("(?iu)\\bnext month\\b|\\bbulan depan\\b|חודש הבא");
    private static final Pattern IN_DAYS = Pattern.compile(
            "(?iu)\\bin (\\d{1,2}) (day|days|week|weeks)\\b|\\b(\\d{1,2}) (hari|minggu) lagi\\b");

    private PreferredDates() {
    }

    static Optional<LocalDate> find(String text, Instant sentAt, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(sentAt, zone);
        Matcher iso = ISO.matcher(text);
        if (iso.find()) {
            return date(Integer.parseInt(iso.group(1)), iso.group(2), iso.group(3), today);
        }
        Matcher dotted = DOTTED.matcher(text);
        if (dotted.find()) {
            return date(Integer.parseInt(dotted.group(3)), dotted.group(2), dotted.group(1), today);
        }
        Matcher dayFirst = DAY_FIRST.matcher(text);
        if (dayFirst.find()) {
            String year = dayFirst.group(3);
            Integer y = year == null ? null : Integer.parseInt(year.length() == 2 ? "20" + year : year);
            return date(y, dayFirst.group(2), dayFirst.group(1), today);
        }
        Matcher named = DAY_MONTH.matcher(text);
        if (named.find()) {
            Integer month = MONTHS.get(named.group(2).toLowerCase(Locale.ROOT));
            Integer y = named.group(3) == null ? null : Integer.parseInt(named.group(3));
            return date(y, month.toString(), named.group(1), today);
        }
        if (DAY_AFTER_TOMORROW.matcher(text).find()) {
            return Optional.of(today.plusDays(2));
        }
        if (TOMORROW.matcher(text).find()) {
            return Optional.of(today.plusDays(1));
        }
        return period(text, today);
    }

    private static Optional<LocalDate> period(String text, LocalDate today) {
        Matcher in = IN_DAYS.matcher(text);
        if (in.find()) {
            int count = Integer.parseInt(in.group(1) != null ? in.group(1) : in.group(3));
            String unit = (in.group(2) != null ? in.group(2) : in.group(4)).toLowerCase(Locale.ROOT);
            return Optional.of(unit.startsWith("week") || unit.equals("minggu")
                    ? today.plusWeeks(count) : today.plusDays(count));
        }
        if (NEXT_WEEK.matcher(text).find()) {
            return Optional.of(today.with(TemporalAdjusters.next(DayOfWeek.MONDAY)));
        }
        if (NEXT_MONTH.matcher(text).find()) {
            return Optional.of(today.with(TemporalAdjusters.firstDayOfNextMonth()));
        }
        return Optional.empty();
    }

    private static Optional<LocalDate> date(Integer year, String month, String day, LocalDate today) {
        try {
            LocalDate date = LocalDate.of(year == null ? today.getYear() : year, Integer.parseInt(month),
                    Integer.parseInt(day));
            if (year == null && date.isBefore(today)) {
                date = date.plusYears(1);
            }
            return Optional.of(date);
        } catch (DateTimeException invalid) {
            return Optional.empty();
        }
    }
}
