package org.elasticsearch.node;

import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.MockPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

import java.util.Collection;
import java.util.Map;

/**
 * A plain production {@link Node} whose plugins come from the classpath (via the test framework's
 * MockPluginsService) instead of a modules/ directory. It lives in org.elasticsearch.node because
 * Node(NodeConstruction), NodeConstruction.prepareConstruction and NodeServiceProvider are
 * package-private. Unlike the framework's MockNode it never touches ESTestCase, whose static
 * initializer (BootstrapForTesting) refuses to run as root and installs test entitlements.
 */
public class ClasspathPluginNode extends Node {

    public ClasspathPluginNode(Settings settings, Collection<Class<? extends Plugin>> classpathPlugins) {
        super(
            NodeConstruction.prepareConstruction(
                InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "projectionist-es"),
                null,
                new NodeServiceProvider() {
                    @Override
                    PluginsService newPluginService(Environment environment, PluginsLoader pluginsLoader) {
                        return new MockPluginsService(environment.settings(), environment, classpathPlugins);
                    }
                },
                true
            )
        );
    }
}
