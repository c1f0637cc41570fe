package dev.aimengine.operator.bench;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import dev.aimengine.operator.service.AIMServiceReconciler;

/**
 * The floor under the burst: the operator stopped, a minimal client makes the same four writes per service that the
 * operator made (finalizer, InferenceService, status, Event), with the payloads copied from what the operator wrote
 * in the burst. It reads nothing but the services' watch, plans nothing and runs on the benchmark's own JVM (full JIT,
 * no memory limit), so its convergence time is what any operator would need at best on this machine and API server;
 * a burst target below it cannot be met by the operator's code.
 *
 * <p>With {@code ssa} the writes are server-side applies, as the operator makes them; without, the cheapest forms the
 * API server has (JSON merge patches and a plain create).
 */
final class Floor implements AutoCloseable {
    private static final String GROUP_VERSION = "aim.eai.amd.com/v1alpha1";
    private static final String ISVC_VERSION = "serving.kserve.io/v1beta1";
    private static final String MANAGER = "aim-bench-floor";

    private final KubernetesClient client;
    private final ExecutorService workers;
    private final Map<String, Object> status;
    private final GenericKubernetesResource isvc;
    private final io.fabric8.kubernetes.api.model.Event event;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();

    /**
     * Copies the operator's writes for {@code service} in {@code ns}: its status, its InferenceService and its
     * Event. {@code threads} writers work at once, as many as the operator's reconcile threads.
     */
    @SuppressWarnings("unchecked")
    Floor(KubernetesClient source, String ns, String service, int threads) {
        // its own client: its own connections, as the operator would have
        client = new KubernetesClientBuilder().withConfig(source.getConfiguration()).build();
        workers = Executors.newFixedThreadPool(threads);
        var svc = source.genericKubernetesResources(GROUP_VERSION, "AIMService").inNamespace(ns).withName(service).get();
        status = (Map<String, Object>) svc.getAdditionalProperties().get("status");
        GenericKubernetesResource written = source.genericKubernetesResources(ISVC_VERSION, "InferenceService")
                .inNamespace(ns).withName(Bench.isvcName(ns, service)).get();
        ObjectMeta meta = written.getMetadata();
        isvc = new GenericKubernetesResource();
        isvc.setApiVersion(ISVC_VERSION);
        isvc.setKind("InferenceService");
        isvc.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withLabels(meta.getLabels())
                .withAnnotations(meta.getAnnotations()).withOwnerReferences(meta.getOwnerReferences()).build());
        isvc.setAdditionalProperty("spec", written.getAdditionalProperties().get("spec"));
        event = source.v1().events().inNamespace(ns).withField("involvedObject.name", service).list().getItems()
                .stream().findFirst().orElseThrow(() -> new IllegalStateException("no Event for " + ns + "/" + service));
    }

    /** Watches the services in {@code ns} and makes the four writes for each one, once, when it first appears. */
    SharedIndexInformer<GenericKubernetesResource> serve(String ns, boolean ssa) {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        return client.genericKubernetesResources(GROUP_VERSION, "AIMService").inNamespace(ns)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource s) {
                        if (seen.add(s.getMetadata().getName())) {
                            pending.incrementAndGet();
                            workers.submit(() -> {
                                try {
                                    write(s, ssa);
                                } finally {
                                    pending.decrementAndGet();
                                }
                            });
                        }
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource s) {
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource s, boolean unknown) {
                    }
                });
    }

    int failures() {
        return failures.get();
    }

    /** Waits until every service seen has had its four writes (the status and the Event come after the InferenceService). */
    void drain() throws InterruptedException {
        while (pending.get() > 0) {
            Thread.sleep(50);
        }
    }

    private void write(GenericKubernetesResource seen, boolean ssa) {
        try {
            String ns = seen.getMetadata().getNamespace();
            String name = seen.getMetadata().getName();
            var json = client.getKubernetesSerialization();
            // patches on an object the client holds: fabric8 would otherwise GET it first, a read the operator never makes
            GenericKubernetesResource ref = new GenericKubernetesResource();
            ref.setApiVersion(GROUP_VERSION);
            ref.setKind("AIMService");
            ref.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace(ns)
                    .build());
            var service = client.resource(ref);
            // 1. the finalizer
            Map<String, Object> finalizer = Map.of("metadata", Map.of("finalizers",
                    List.of(AIMServiceReconciler.FINALIZER)));
            service.patch(context(ssa), json.asJson(ssa ? applied(name, finalizer)
                    : finalizer));
            // 2. the InferenceService, owned by the service
            GenericKubernetesResource copy = json.clone(isvc);
            copy.getMetadata().setName(Bench.isvcName(ns, name));
            copy.getMetadata().setNamespace(ns);
            for (OwnerReference o : copy.getMetadata().getOwnerReferences()) {
                o.setName(name);
                o.setUid(seen.getMetadata().getUid());
            }
            var isvcs = client.genericKubernetesResources(ISVC_VERSION, "InferenceService").inNamespace(ns);
            if (ssa) {
                isvcs.resource(copy).patch(context(true), copy);
            } else {
                isvcs.resource(copy).create();
            }
            // 3. the status
            Map<String, Object> statusPatch = Map.of("status", status);
            service.subresource("status").patch(context(ssa),
                    json.asJson(ssa ? applied(name, statusPatch) : statusPatch));
            // 4. the Event
            var e = json.clone(event);
            e.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withNamespace(ns)
                    .withName(name + "." + Long.toHexString(System.nanoTime())).build());
            ObjectReference involved = e.getInvolvedObject();
            involved.setName(name);
            involved.setNamespace(ns);
            involved.setUid(seen.getMetadata().getUid());
            involved.setResourceVersion(null);
            String now = Instant.now().toString();
            e.setFirstTimestamp(now);
            e.setLastTimestamp(now);
            e.setEventTime(null);
            client.v1().events().inNamespace(ns).resource(e).create();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            System.err.println("floor: " + e);
        }
    }

    /** {@code fields} as a server-side apply of the AIMService {@code name}: with its apiVersion, kind and name. */
    private static Map<String, Object> applied(String name, Map<String, Object> fields) {
        Map<String, Object> object = new HashMap<>(fields);
        object.put("apiVersion", GROUP_VERSION);
        object.put("kind", "AIMService");
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = new HashMap<>((Map<String, Object>) fields.getOrDefault("metadata", Map.of()));
        metadata.put("name", name);
        object.put("metadata", metadata);
        return object;
    }

    private static PatchContext context(boolean ssa) {
        return ssa ? new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(MANAGER)
                .withForce(true).build() : PatchContext.of(PatchType.JSON_MERGE);
    }

    @Override
    public void close() {
        workers.shutdownNow();
        client.close();
    }
}
