package dev.aimengine.operator.api.v1alpha1;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The order of a kind's printer columns. The CRD generator sorts columns by JSONPath; the CRD post-processor
 * restores this order so {@code kubectl get} shows the columns as documented.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PrinterColumnOrder {
    String[] value();
}
