package dev.aimengine.operator.api.v1alpha1;

/** Whether a model serves an image's own weights or custom model sources. */
public enum AIMModelSourceType {
    Image, Custom
}
