package projectionist.engines;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.state.ClusterStateRequest;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.node.ClasspathPluginNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts one real Elasticsearch 8.x node for integration tests: the production Node from the server
 * jar, plugins from the classpath (test framework's MockPluginsService, see ClasspathPluginNode),
 * HTTP through Netty4Plugin. Not a production launcher: no bootstrap checks, no security manager or
 * entitlements, no x-pack (so no security), and only the modules published on Maven Central,
 * plus stand-ins of our own for the parts of two unpublished ones that the adapters use
 * (RootInfoPlugin for rest-root, FoldingAnalysisPlugin for analysis-common).
 *
 * Usage: java ... projectionist.engines.EsNode [home-dir] [http-port] [transport-port]
 * or the system properties es.node.home, es.node.http.port, es.node.transport.port, es.node.host.
 */
public final class EsNode {

    public static void main(String[] args) throws Exception {
        Path home = Path.of(arg(args, 0, "es.node.home", "/tmp/projectionist-engines/elasticsearch")).toAbsolutePath();
        String httpPort = arg(args, 1, "es.node.http.port", "9200");
        // "0" lets the OS pick a free transport port; nothing connects to it (single node).
        String transportPort = arg(args, 2, "es.node.transport.port", "0");
        String host = System.getProperty("es.node.host", "127.0.0.1");

        Path data = home.resolve("data");
        Path logs = home.resolve("logs");
        Files.createDirectories(data);
        Files.createDirectories(logs);
        Files.createDirectories(home.resolve("config"));

        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", data.toString())
            .put("path.logs", logs.toString())
            .put("cluster.name", System.getProperty("es.node.cluster", "projectionist-test"))
            .put("node.name", "projectionist-es")
            .put("discovery.type", "single-node")
            .put("network.host", host)
            .put("http.port", httpPort)
            .put("transport.port", transportPort)
            .put("http.type", Netty4Plugin.NETTY_HTTP_TRANSPORT_NAME)
            .put("transport.type", Netty4Plugin.NETTY_TRANSPORT_NAME)
            // test machines have small/full disks; never flip indices to read-only
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.destructive_requires_name", false)
            .put("logger.level", System.getProperty("es.node.log.level", "INFO"))
            .build();

        LogConfigurator.configureESLogging();
        LogConfigurator.configureWithoutConfig(settings);

        List<Class<? extends Plugin>> plugins = new ArrayList<>(List.of(Netty4Plugin.class));
        if (!"false".equals(System.getProperty("es.node.root", "true"))) {
            plugins.add(RootInfoPlugin.class);
        }
        if (!"false".equals(System.getProperty("es.node.analysis", "true"))) {
            plugins.add(FoldingAnalysisPlugin.class);
        }
        Node node = new ClasspathPluginNode(settings, plugins);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }, "es-node-shutdown"));
        node.start();
        System.err.println("EsNode: started, http " + host + ":" + httpPort + ", home " + home);
        closed.await();
    }

    private static String arg(String[] args, int i, String prop, String dflt) {
        if (args.length > i && !args[i].isEmpty()) {
            return args[i];
        }
        return System.getProperty(prop, dflt);
    }

    /**
     * Stand-in for the unpublished rest-root module: answers GET / and HEAD / with the node's real
     * name, cluster name/uuid and version, so client.info() and client.ping() work.
     */
    public static final class RootInfoPlugin extends Plugin implements ActionPlugin {
        @Override
        public Collection<RestHandler> getRestHandlers(
            org.elasticsearch.common.settings.Settings settings,
            org.elasticsearch.common.io.stream.NamedWriteableRegistry namedWriteableRegistry,
            org.elasticsearch.rest.RestController restController,
            org.elasticsearch.common.settings.ClusterSettings clusterSettings,
            org.elasticsearch.common.settings.IndexScopedSettings indexScopedSettings,
            org.elasticsearch.common.settings.SettingsFilter settingsFilter,
            org.elasticsearch.cluster.metadata.IndexNameExpressionResolver indexNameExpressionResolver,
            java.util.function.Supplier<org.elasticsearch.cluster.node.DiscoveryNodes> nodesInCluster,
            java.util.function.Predicate<org.elasticsearch.features.NodeFeature> clusterSupportsFeature
        ) {
            return List.of(new RootHandler(settings.get("node.name"), settings.get("cluster.name")));
        }
    }

    static final class RootHandler extends BaseRestHandler {
        private final String nodeName;
        private final String clusterName;

        RootHandler(String nodeName, String clusterName) {
            this.nodeName = nodeName;
            this.clusterName = clusterName;
        }

        @Override
        public String getName() {
            return "projectionist_root_info";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
            ClusterStateRequest stateRequest = new ClusterStateRequest(org.elasticsearch.rest.RestUtils.REST_MASTER_TIMEOUT_DEFAULT).clear().metadata(true);
            return channel -> client.admin().cluster().state(stateRequest, org.elasticsearch.action.ActionListener.wrap(state -> {
                if (request.method() == RestRequest.Method.HEAD) {
                    channel.sendResponse(new RestResponse(RestStatus.OK, "application/json", ""));
                    return;
                }
                Build build = Build.current();
                XContentBuilder b = channel.newBuilder();
                b.startObject();
                b.field("name", nodeName);
                b.field("cluster_name", clusterName);
                b.field("cluster_uuid", state.getState().metadata().clusterUUID());
                b.startObject("version");
                b.field("number", build.qualifiedVersion());
                b.field("build_flavor", build.flavor());
                b.field("build_type", build.type().displayName());
                b.field("build_hash", build.hash());
                b.field("build_date", build.date());
                b.field("build_snapshot", build.isSnapshot());
                b.field("lucene_version", IndexVersion.current().luceneVersion().toString());
                b.field("minimum_wire_compatibility_version", build.minWireCompatVersion());
                b.field("minimum_index_compatibility_version", build.minIndexCompatVersion());
                b.endObject();
                b.field("tagline", "You Know, for Search");
                b.endObject();
                channel.sendResponse(new RestResponse(RestStatus.OK, b));
            }, e -> {
                try {
                    channel.sendResponse(new RestResponse(channel, e));
                } catch (java.io.IOException io) {
                    channel.sendResponse(new RestResponse(RestStatus.INTERNAL_SERVER_ERROR, io.toString()));
                }
            }));
        }
    }
}
