package dev.aimengine.operator.api.v1alpha1;

/** Values of status.status for models, templates, caches and artifacts. */
public enum AIMResourceStatusValue {
    Pending, Progressing, Ready, Degraded, Failed, NotAvailable
}
