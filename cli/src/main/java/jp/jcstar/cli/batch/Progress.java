package jp.jcstar.cli.batch;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Progress of a batch on stderr: done/total, percentage, rate and ETA. On a terminal a bar redrawn in
 * place (at most 10 times a second); otherwise (a log file, CI) a plain line every few seconds and at
 * the end, so logs stay readable. Thread-safe: workers call {@link #advance}.
 */
final class Progress implements AutoCloseable {
    /** How progress is shown. */
    enum Mode {
        AUTO,
        BAR,
        PLAIN,
        NONE
    }

    private static final long BAR_EVERY_NANOS = 100_000_000L;
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String label;
    private final int total;
    private final Mode mode;
    private final LongSupplier clock;
    private final long start;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private long lastDraw;
    private int lastWidth;
    private boolean closed;

    Progress(PrintWriter err, String label, int total, Mode mode) {
        this(err, label, total, mode, System::nanoTime);
    }

    Progress(PrintWriter err, String label, int total, Mode mode, LongSupplier clock) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.mode = resolve(mode);
        this.clock = clock;
        this.start = clock.getAsLong();
        this.lastDraw = start;
        if (this.mode == Mode.PLAIN) {
            synchronized (this) {
                err.println(label + ": " + total + " to do");
                err.flush();
            }
        }
    }

    static Mode resolve(Mode m) {
        if (m != Mode.AUTO) return m;
        var console = System.console();
        return console != null && console.isTerminal() ? Mode.BAR : Mode.PLAIN;
    }

    /** Marks {@code n} items done ({@code bad} of them not successful). */
    void advance(int n, int bad) {
        done.addAndGet(n);
        failed.addAndGet(bad);
        if (mode == Mode.NONE) return;
        long now = clock.getAsLong();
        synchronized (this) {
            if (closed) return;
            long every = mode == Mode.BAR ? BAR_EVERY_NANOS : PLAIN_EVERY_NANOS;
            if (now - lastDraw < every && done.get() < total) return;
            lastDraw = now;
            draw(now, false);
        }
    }

    int done() {
        return done.get();
    }

    /** Draws the final state and ends the bar's line. */
    @Override
    public synchronized void close() {
        if (closed || mode == Mode.NONE) {
            closed = true;
            return;
        }
        draw(clock.getAsLong(), true);
        closed = true;
    }

    private void draw(long now, boolean last) {
        int d = done.get();
        double secs = Math.max(1e-9, (now - start) / 1e9);
        double rate = d / secs;
        String eta =
                d >= total ? "done" : rate <= 0 ? "ETA --" : "ETA " + duration((long) Math.ceil((total - d) / rate));
        int pct = total == 0 ? 100 : (int) (100L * d / total);
        String stats = String.format(
                Locale.ROOT,
                "%d/%d (%d%%) %s/s %s%s",
                d,
                total,
                pct,
                rate(rate),
                eta,
                failed.get() > 0 ? ", " + failed.get() + " not ok" : "");
        if (mode == Mode.BAR) {
            int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * d / total);
            String line = label + " [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + stats;
            String pad = line.length() < lastWidth ? " ".repeat(lastWidth - line.length()) : "";
            lastWidth = line.length();
            err.print("\r" + line + pad);
            if (last) err.println();
        } else {
            if (last && d == total && lastPlainDone == d) {
                err.flush();
                return;
            }
            err.println(label + ": " + stats + (last ? " in " + duration((long) secs) : ""));
            lastPlainDone = d;
        }
        err.flush();
    }

    private int lastPlainDone = -1;

    private static String rate(double r) {
        return r >= 100 ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%.1f", r);
    }

    static String duration(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        if (d.toHours() > 0) return d.toHours() + "h" + String.format(Locale.ROOT, "%02dm", d.toMinutesPart());
        if (d.toMinutes() > 0) return d.toMinutes() + "m" + String.format(Locale.ROOT, "%02ds", d.toSecondsPart());
        return d.toSeconds() + "s";
    }
}
