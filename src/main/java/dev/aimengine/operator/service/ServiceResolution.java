package dev.aimengine.operator.service;

import dev.aimengine.operator.api.v1alpha1.AIMService;
import dev.aimengine.operator.service.resolution.CacheResolution;
import dev.aimengine.operator.service.resolution.ModelResolution;
import dev.aimengine.operator.service.resolution.TemplateResolution;
import dev.aimengine.operator.service.selection.TemplateSelector;
import dev.aimengine.operator.runtimeconfig.RuntimeConfigResolution;

/**
 * What an AIMService's references mean this reconcile: its merged runtime config, its model (found, or to be
 * created), its template (named, recorded or selected against the GPUs) and its template cache (found, or to be
 * created). Each carries the component that reports it.
 *
 * @param cache null while no template is usable yet
 */
public record ServiceResolution(RuntimeConfigResolution runtimeConfig, ModelResolution model,
        TemplateResolution template, CacheResolution cache) {

    /** Resolves in dependency order: runtime config, model, template (needs the model), cache (needs the template). */
    public static ServiceResolution resolve(AIMService service, ServiceObservation o, TemplateSelector selector) {
        RuntimeConfigResolution runtimeConfig = o.runtimeConfigs().resolve();
        ModelResolution model = ModelResolution.resolve(service, o.models(), o.clusterModels());
        TemplateResolution template = TemplateResolution.resolve(service, model.model(),
                new TemplateResolution.Catalogue(o.templates(), o.clusterTemplates()), selector, o.capacity());
        CacheResolution cache = template.isReady()
                ? CacheResolution.resolve(service, template.chosen(), o.caches(), o.inferenceService(), runtimeConfig)
                : null;
        return new ServiceResolution(runtimeConfig, model, template, cache);
    }
}
