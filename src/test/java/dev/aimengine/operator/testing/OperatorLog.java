package dev.aimengine.operator.testing;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The operator's WARN and ERROR log lines during the real-API-server tier, so tests can assert that a run shows
 * none except those a test provokes on purpose.
 *
 * <p>{@link Capture} is installed on the root logger when an operator starts with {@code aim.test.capture-log=true}
 * (the tier-3 profiles set it). Test classes add {@code @ExtendWith(OperatorLog.Watch.class)}: after each test the
 * lines captured since the previous check must all match the test's {@link Expected} patterns. A line from a
 * reconcile that outlives its test fails the test that runs next; its text names the objects involved.
 *
 * <p>The lines travel through a JDK queue in the system properties, because Quarkus loads the operator and the
 * tests through different class loaders.
 */
public final class OperatorLog {
    private static final String KEY = "aim.test.operator-log";

    /** Regular expressions (found anywhere in the line) of the WARN/ERROR lines a test provokes on purpose. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Expected {
        String[] value();
    }

    @SuppressWarnings("unchecked")
    static Queue<String> lines() {
        synchronized (System.class) {
            Object q = System.getProperties().get(KEY);
            if (q == null) {
                q = new ConcurrentLinkedQueue<String>();
                System.getProperties().put(KEY, q);
            }
            return (Queue<String>) q;
        }
    }

    /** Takes the captured lines out of the queue. */
    public static List<String> drain() {
        Queue<String> q = lines();
        List<String> out = new ArrayList<>();
        for (String s = q.poll(); s != null; s = q.poll()) {
            out.add(s);
        }
        return out;
    }

    /** Installs the capture when the operator starts under a tier-3 profile. */
    @ApplicationScoped
    public static class Installer {
        @ConfigProperty(name = "aim.test.capture-log", defaultValue = "false")
        boolean capture;

        void onStart(@Observes StartupEvent event) {
            Logger root = Logger.getLogger("");
            for (Handler h : root.getHandlers()) {
                if (h.getClass().getName().equals(Capture.class.getName())) {
                    root.removeHandler(h);
                }
            }
            if (capture) {
                drain(); // what an earlier operator instance logged while stopping is not this run's concern
                root.addHandler(new Capture());
            }
        }
    }

    /** Records WARN and above. */
    public static class Capture extends Handler {
        private final Queue<String> lines = lines();

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() < Level.WARNING.intValue()) {
                return;
            }
            String message = record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage()
                    : record.getMessage();
            String thrown = record.getThrown() == null ? "" : " | " + record.getThrown();
            lines.add(record.getLevel() + " [" + record.getLoggerName() + "] " + message + thrown);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** Fails a test when unexpected WARN/ERROR lines were logged since the previous check. */
    public static class Watch implements AfterEachCallback {
        @Override
        public void afterEach(ExtensionContext context) {
            List<Pattern> expected = context.getTestMethod().map(m -> m.getAnnotation(Expected.class))
                    .map(e -> Arrays.stream(e.value()).map(Pattern::compile).toList()).orElse(List.of());
            List<String> unexpected = drain().stream()
                    .filter(line -> expected.stream().noneMatch(p -> p.matcher(line).find()))
                    .toList();
            if (!unexpected.isEmpty()) {
                throw new AssertionError("the operator logged " + unexpected.size() + " unexpected WARN/ERROR line(s):\n"
                        + String.join("\n", unexpected));
            }
        }
    }

    private OperatorLog() {
    }
}
