package dev.aimengine.operator.common.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnableKubernetesMockClient(crud = true)
class SharedInformersTest {
    KubernetesClient client;

    private final List<SharedInformerEventSource<ConfigMap, ConfigMap>> sources = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopAll() {
        sources.forEach(SharedInformerEventSource::stop);
        assertEquals(0, SharedInformers.open(client), "every shared informer is closed once its last watcher stops");
    }

    @Test
    void controllersWatchingOneKindShareOneInformerAndEachHearsOfChanges() {
        List<ResourceID> first = new CopyOnWriteArrayList<>();
        List<ResourceID> second = new CopyOnWriteArrayList<>();
        var a = started(null, first, "primary-a");
        var b = started(null, second, "primary-b");
        assertEquals(1, SharedInformers.open(client));

        create("settings", null);
        await(() -> first.contains(new ResourceID("primary-a", "ns")) && second.contains(new ResourceID("primary-b", "ns")));
        // both read the object from the one cache
        assertTrue(a.get(new ResourceID("settings", "ns")).isPresent());
        assertEquals(1, b.list("ns", c -> true).count());
        assertEquals(0, b.list("elsewhere", c -> true).count());

        // one controller stops watching: the other still hears of changes
        a.stop();
        sources.remove(a);
        assertEquals(1, SharedInformers.open(client));
        second.clear();
        client.configMaps().inNamespace("ns").withName("settings").edit(c -> new ConfigMapBuilder(c).addToData("k", "v2")
                .build());
        await(() -> second.contains(new ResourceID("primary-b", "ns")));
    }

    @Test
    void aControllerStartingLaterReadsWhatIsAlreadyCached() {
        var early = started(null, new CopyOnWriteArrayList<>(), "early");
        create("existing", null);
        await(() -> early.get(new ResourceID("existing", "ns")).isPresent());
        var late = started(null, new CopyOnWriteArrayList<>(), "late");
        assertEquals(1, SharedInformers.open(client));
        assertTrue(late.get(new ResourceID("existing", "ns")).isPresent());
    }

    @Test
    void anInformerStartedWhileControllersRegisterIsTheOneTheirEventSourcesUse() {
        SharedInformers.prestart(client, ConfigMap.class, null);
        create("early", null);
        assertEquals(1, SharedInformers.open(client));
        var source = started(null, new CopyOnWriteArrayList<>(), "p");
        assertEquals(1, SharedInformers.open(client));
        await(() -> source.get(new ResourceID("early", "ns")).isPresent());
    }

    @Test
    void differentLabelSelectorsAreDifferentInformers() {
        var all = started(null, new CopyOnWriteArrayList<>(), "all");
        var labelled = started("app=aim", new CopyOnWriteArrayList<>(), "labelled");
        assertEquals(2, SharedInformers.open(client));
        create("plain", null);
        create("selected", "aim");
        await(() -> all.list(c -> true).count() == 2 && labelled.list(c -> true).count() == 1);
        assertTrue(labelled.get(new ResourceID("selected", "ns")).isPresent());
        assertTrue(labelled.get(new ResourceID("plain", "ns")).isEmpty());
    }

    @Test
    void cachedCopiesHaveNoManagedFields() {
        var source = started(null, new CopyOnWriteArrayList<>(), "p");
        client.configMaps().inNamespace("ns").resource(new ConfigMapBuilder().withNewMetadata().withName("managed")
                .withNamespace("ns").withManagedFields(new ManagedFieldsEntryBuilder().withManager("someone")
                        .withOperation("Apply").build()).endMetadata().build()).create();
        await(() -> source.get(new ResourceID("managed", "ns")).isPresent());
        assertNull(source.get(new ResourceID("managed", "ns")).orElseThrow().getMetadata().getManagedFields());
    }

    private SharedInformerEventSource<ConfigMap, ConfigMap> started(String selector, List<ResourceID> triggered,
            String primary) {
        var source = new SharedInformerEventSource<ConfigMap, ConfigMap>(client, ConfigMap.class, selector,
                c -> Set.of(new ResourceID(primary, c.getMetadata().getNamespace())));
        source.setEventHandler(new EventHandler() {
            @Override
            public void handleEvent(Event event) {
                triggered.add(event.getRelatedCustomResourceID());
            }
        });
        source.start();
        sources.add(source);
        return source;
    }

    private void create(String name, String app) {
        var builder = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("ns");
        if (app != null) {
            builder.addToLabels("app", app);
        }
        client.configMaps().inNamespace("ns").resource(builder.endMetadata().addToData("k", "v").build()).create();
    }

    private static void await(BooleanSupplier condition) {
        Instant until = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(until), "condition not met within 10 s");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
