package dev.aimengine.operator.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * The tier-3 profile under another name, so Quarkus starts a new operator for the tests that need one that has not
 * yet reconciled anything (e.g. the first registration of the optional APIs' informers).
 */
public class FreshOperator extends RealApiServer {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("aim.test.profile", "fresh-operator");
        return config;
    }
}
