package dev.aimengine.operator.api.v1alpha1;

/** Values of AIMClusterModelSource status.status. */
public enum AIMModelSourceStatusValue {
    Pending, Starting, Progressing, Ready, Running, Degraded, NotAvailable, Failed
}
