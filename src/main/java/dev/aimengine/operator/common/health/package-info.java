/**
 * Standard health inspectors.
 *
 * <p>Every inspector is pure: it takes objects the caller already fetched (a missing object is passed as
 * {@code null}) and returns a {@link dev.aimengine.operator.common.status.Component} for the status engine. None of them talks
 * to the API server; pod logs come through a {@link dev.aimengine.operator.common.health.LogReader} supplied by the
 * caller.
 */
package dev.aimengine.operator.common.health;
