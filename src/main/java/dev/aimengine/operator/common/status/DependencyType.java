package dev.aimengine.operator.common.status;

/** Whether a component is something the user provides (upstream) or the operator creates (downstream). */
public enum DependencyType {
    /** Not ready means Pending: waiting for the user or another controller. */
    UPSTREAM,
    /** Not ready means Progressing: the operator is creating it. */
    DOWNSTREAM,
    /** Treated like downstream. */
    UNSPECIFIED
}
