package dev.aimengine.operator.api.v1alpha1;

/** Where an AIMTemplateCache looks for its template. */
public enum AIMTemplateScope {
    Namespace, Cluster, Unknown
}
