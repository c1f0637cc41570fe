package dev.aimengine.operator.modelsource;

import java.util.List;

/** What one filter found, and what went wrong if anything (a partial result may come with an error). */
public record FilterResult(String filter, List<SourceImage> images, String error) {

    static FilterResult ok(String filter, List<SourceImage> images) {
        return new FilterResult(filter, images, null);
    }

    static FilterResult failed(String filter, String error) {
        return new FilterResult(filter, List.of(), error);
    }
}
