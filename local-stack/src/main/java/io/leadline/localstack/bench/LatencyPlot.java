package io.leadline.localstack.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * A PNG of one run: every message's end-to-end latency over the run (dots), each second's p50 and p99 (lines), and
 * the consumer groups' total lag (grey, right axis). Drawn with the JDK alone.
 */
final class LatencyPlot {

    /** One message: when its webhook was planned to leave (seconds into the run) and its end-to-end latency. */
    record Point(double atSeconds, double latencyMs) {
    }

    private static final int WIDTH = 1200;
    private static final int HEIGHT = 600;
    private static final int LEFT = 80;
    private static final int RIGHT = 90;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private LatencyPlot() {
    }

    static void write(Path file, String title, List<Point> points, List<LagSampler.Sample> lag) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        double maxSeconds = Math.max(1, points.stream().mapToDouble(Point::atSeconds).max().orElse(1));
        maxSeconds = Math.max(maxSeconds, lag.stream().mapToDouble(LagSampler.Sample::atSeconds).max().orElse(0));
        double[] sorted = points.stream().mapToDouble(Point::latencyMs).sorted().toArray();
        double maxLatency = sorted.length == 0 ? 100 : Math.max(10, sorted[(int) (sorted.length * 0.999)] * 1.1);
        long maxLag = Math.max(10, lag.stream().mapToLong(LagSampler.Sample::total).max().orElse(10));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;

        g.setColor(new Color(230, 230, 230));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {
            int y = TOP + plotHeight - i * plotHeight / 5;
            g.setColor(new Color(230, 230, 230));
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format("%.0f ms", maxLatency * i / 5), 10, y + 4);
            g.drawString(String.format("%d", maxLag * i / 5), LEFT + plotWidth + 8, y + 4);
            int x = LEFT + i * plotWidth / 5;
            g.drawString(String.format("%.0f s", maxSeconds * i / 5), x - 10, TOP + plotHeight + 20);
        }
        g.drawRect(LEFT, TOP, plotWidth, plotHeight);

        g.setColor(new Color(70, 130, 180, 90));
        for (Point point : points) {
            int x = LEFT + (int) (point.atSeconds() / maxSeconds * plotWidth);
            int y = TOP + plotHeight - (int) (Math.min(point.latencyMs(), maxLatency) / maxLatency * plotHeight);
            g.fillOval(x - 1, y - 1, 3, 3);
        }

        TreeMap<Integer, List<Double>> perSecond = new TreeMap<>();
        points.forEach(point -> perSecond.computeIfAbsent((int) point.atSeconds(), s -> new java.util.ArrayList<>())
                .add(point.latencyMs()));
        drawQuantile(g, perSecond, 0.50, new Color(0, 128, 0), maxSeconds, maxLatency, plotWidth, plotHeight);
        drawQuantile(g, perSecond, 0.99, new Color(200, 0, 0), maxSeconds, maxLatency, plotWidth, plotHeight);

        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(2, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1, new float[] {6, 4}, 0));
        int[] previous = null;
        for (LagSampler.Sample sample : lag) {
            int x = LEFT + (int) (sample.atSeconds() / maxSeconds * plotWidth);
            int y = TOP + plotHeight - (int) ((double) sample.total() / maxLag * plotHeight);
            if (previous != null) {
                g.drawLine(previous[0], previous[1], x, y);
            }
            previous = new int[] {x, y};
        }

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("dots: each message's end-to-end latency (webhook planned → reply at the simulator), by send time;  "
                + "green: p50/s;  red: p99/s;  grey dashed: consumer lag (right axis)", LEFT, HEIGHT - 15);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void drawQuantile(Graphics2D g, TreeMap<Integer, List<Double>> perSecond, double quantile,
                                     Color color, double maxSeconds, double maxLatency, int plotWidth, int plotHeight) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2));
        int[] previous = null;
        for (var second : perSecond.entrySet()) {
            double[] values = second.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double value = values[Math.max(0, (int) Math.ceil(quantile * values.length) - 1)];
            int x = LEFT + (int) ((second.getKey() + 0.5) / maxSeconds * plotWidth);
            int y = TOP + plotHeight - (int) (Math.min(value, maxLatency) / maxLatency * plotHeight);
            if (previous != null) {
                g.drawLine(previous[0], previous[1], x, y);
            }
            previous = new int[] {x, y};
        }
    }
}
