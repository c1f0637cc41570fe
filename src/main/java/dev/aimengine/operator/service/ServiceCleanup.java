package dev.aimengine.operator.service;

import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.api.v1alpha1.AIMTemplateCache;
import dev.aimengine.operator.common.labels.Labels;
import dev.aimengine.operator.common.reconcile.Namespaces;
import dev.aimengine.operator.common.naming.Naming;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

/**
 * Deletion of an AIMService: template caches created for it that never became Ready are deleted (their
 * downloads are useless); Ready Shared caches and auto-created models stay. Owned objects go by garbage collection.
 * Nothing is done while the namespace itself is being deleted, so namespace deletion is never blocked.
 */
final class ServiceCleanup {
    private static final Logger LOG = Logger.getLogger(ServiceCleanup.class);
    private final KubernetesClient client;

    ServiceCleanup(KubernetesClient client) {
        this.client = client;
    }

    void deleteUnreadyCaches(AIMService svc) {
        String ns = svc.getMetadata().getNamespace();
        if (Namespaces.isTerminating(client, ns)) {
            return;
        }
        String label = Naming.sanitizeLabelValue(svc.getMetadata().getName());
        for (AIMTemplateCache cache : client.resources(AIMTemplateCache.class).inNamespace(ns)
                .withLabel(Labels.SERVICE, label).list().getItems()) {
            if (cache.getStatus() == null || !"Ready".equals(cache.getStatus().status)) {
                try {
                    client.resource(cache).delete();
                    LOG.infof("deleted template cache %s/%s of deleted service %s", ns, cache.getMetadata().getName(),
                            svc.getMetadata().getName());
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404 && e.getCode() != 403) {
                        throw e;
                    }
                }
            }
        }
    }
}
