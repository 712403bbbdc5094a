package io.llmux.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything a deployment may choose, read from CDK context ({@code cdk.json} or {@code -c key=value}).
 * Values given on the command line arrive as strings, those in {@code cdk.json} as JSON types: both
 * are accepted. A bad value stops the synth with the key's name, never a half-built stack.
 *
 * @param stage           names the stack ({@code llmux-<stage>}), the API stage and the cache
 * @param providers       providers whose API keys get a Secrets Manager secret each
 * @param providerBaseUrls base URLs by provider name (self-hosted vLLM, Ollama, a proxy)
 * @param mockProvider    serve the built-in mock models (smoke tests; off in production)
 * @param vpc             put the chat function in a VPC with ElastiCache; false leaves both out
 * @param natGateways     NAT gateways of the VPC (one per AZ survives an AZ outage, each costs)
 * @param maxAzs          availability zones of the VPC (ElastiCache Serverless needs at least two)
 * @param chatMemoryMb    the chat function's memory (which also buys its CPU)
 * @param adminMemoryMb   the admin function's memory
 * @param chatTimeoutSeconds the chat function's timeout and the streaming integration's
 * @param cacheMaxDataGb  ElastiCache usage limit on stored data
 * @param cacheMaxEcpuPerSecond ElastiCache usage limit on ECPUs per second
 * @param deletionProtection protect the table from deletion (teardown then keeps it)
 * @param alarmEmail      an address subscribed to the alarm topic, or null
 * @param latencyP99AlarmMs the API's p99 latency above which the latency alarm fires
 * @param chatJar         the chat function's shaded jar
 * @param adminJar        the admin function's shaded jar
 * @param quotaResetJar   the quota-reset function's shaded jar
 * @param webAdapterLayerVersion version of the Lambda Web Adapter layer (LambdaAdapterLayerArm64); 30, the
 *                        layer the adapter's SnapStart example names, serves the SnapStart hook paths
 * @param secretsInEnvironment interim: CloudFormation resolves the secrets into the functions'
 *                        environment at deploy time, for application builds that cannot yet read
 *                        {@code LLMUX_SECRET_ARNS} (docs/deploy.md, "Secrets")
 * @param bedrock         turn on the Bedrock provider and let the chat function invoke Bedrock models
 *                        (docs/providers.md#amazon-bedrock)
 */
public record Settings(
        String stage,
        List<String> providers,
        Map<String, String> providerBaseUrls,
        boolean mockProvider,
        boolean vpc,
        int natGateways,
        int maxAzs,
        int chatMemoryMb,
        int adminMemoryMb,
        int chatTimeoutSeconds,
        int cacheMaxDataGb,
        int cacheMaxEcpuPerSecond,
        boolean deletionProtection,
        String alarmEmail,
        int latencyP99AlarmMs,
        Path chatJar,
        Path adminJar,
        Path quotaResetJar,
        int webAdapterLayerVersion,
        boolean secretsInEnvironment,
        boolean bedrock) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9]{0,31}");

    /** Reads each setting through {@code context} (a key to its value, or null when absent). */
    public static Settings from(Function<String, Object> context) {
        Reader read = new Reader(context);
        Settings settings = new Settings(
                read.name("stage", "dev"),
                read.providers("providers", List.of("openai")),
                read.baseUrls("providerBaseUrls"),
                read.bool("mockProvider", false),
                read.bool("vpc", true),
                read.integer("natGateways", 1, 1, 3),
                read.integer("maxAzs", 2, 2, 3),
                // Memory buys CPU: one full vCPU at 1,769 MB. A little more than one keeps the JIT
                // compiler threads from competing with requests while the JVM warms up after restore.
                read.integer("chatMemoryMb", 2048, 512, 10240),
                // Admin calls are rare store reads and writes: about 0.6 vCPU is plenty.
                read.integer("adminMemoryMb", 1024, 512, 10240),
                // A streamed generation may run for minutes (provider total-timeout is 600 s); the
                // streaming integration allows up to 15 minutes, as does Lambda.
                read.integer("chatTimeoutSeconds", 900, 30, 900),
                read.integer("cacheMaxDataGb", 1, 1, 5000),
                read.integer("cacheMaxEcpuPerSecond", 5000, 1000, 15_000_000),
                read.bool("deletionProtection", true),
                read.optionalText("alarmEmail"),
                read.integer("latencyP99AlarmMs", 60_000, 100, 900_000),
                Path.of(read.text("chatJar", "../functions/chat/target/llmux-function-chat.jar")),
                Path.of(read.text("adminJar", "../functions/admin/target/llmux-function-admin.jar")),
                Path.of(read.text("quotaResetJar", "../functions/quota-reset/target/llmux-function-quota-reset.jar")),
                read.integer("webAdapterLayerVersion", 30, 1, 10_000),
                read.bool("secretsInEnvironment", false),
                read.bool("bedrock", false));
        return settings;
    }

    public String stackName() {
        return "llmux-" + stage;
    }

    /** Reads typed values out of the context, naming the key in every complaint. */
    private record Reader(Function<String, Object> context) {

        String text(String key, String fallback) {
            Object value = context.apply(key);
            return value == null || value.toString().isBlank() ? fallback : value.toString().strip();
        }

        String optionalText(String key) {
            return text(key, null);
        }

        String name(String key, String fallback) {
            String value = text(key, fallback);
            if (!NAME.matcher(value).matches()) {
                throw invalid(key, value, "1 to 20 lower-case letters, digits or '-', starting with a letter");
            }
            return value;
        }

        boolean bool(String key, boolean fallback) {
            Object value = context.apply(key);
            if (value == null) {
                return fallback;
            }
            return switch (value.toString().strip().toLowerCase()) {
                case "true" -> true;
                case "false" -> false;
                default -> throw invalid(key, value, "true or false");
            };
        }

        int integer(String key, int fallback, int min, int max) {
            Object value = context.apply(key);
            if (value == null) {
                return fallback;
            }
            int parsed;
            try {
                parsed = value instanceof Number number ? Math.toIntExact(number.longValue()) : Integer.parseInt(value.toString().strip());
            } catch (NumberFormatException | ArithmeticException e) {
                throw invalid(key, value, "a whole number");
            }
            if (parsed < min || parsed > max) {
                throw invalid(key, value, "a number from " + min + " to " + max);
            }
            return parsed;
        }

        List<String> providers(String key, List<String> fallback) {
            Object value = context.apply(key);
            if (value == null) {
                return fallback;
            }
            List<String> names = new ArrayList<>();
            Iterable<?> items = value instanceof List<?> list ? list : List.of(value.toString().split(","));
            for (Object item : items) {
                String provider = item.toString().strip();
                if (provider.isEmpty()) {
                    continue;
                }
                if (!PROVIDER.matcher(provider).matches() || "mock".equals(provider)) {
                    throw invalid(key, value, "provider names of lower-case letters and digits (the mock needs no key)");
                }
                if (!names.contains(provider)) {
                    names.add(provider);
                }
            }
            return List.copyOf(names);
        }

        Map<String, String> baseUrls(String key) {
            Object value = context.apply(key);
            Map<String, String> urls = new LinkedHashMap<>();
            if (value == null) {
                return urls;
            }
            if (value instanceof Map<?, ?> map) {
                map.forEach((name, url) -> urls.put(name.toString(), url.toString()));
            } else {
                // -c providerBaseUrls=vllm=https://...,ollama=http://...
                for (String pair : value.toString().split(",")) {
                    int equals = pair.indexOf('=');
                    if (equals <= 0) {
                        throw invalid(key, value, "name=url pairs separated by commas");
                    }
                    urls.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
                }
            }
            urls.forEach((name, url) -> {
                if (!PROVIDER.matcher(name).matches() || !(url.startsWith("https://") || url.startsWith("http://"))) {
                    throw invalid(key, name + "=" + url, "a provider name and an http(s) URL");
                }
            });
            return Map.copyOf(urls);
        }

        private static IllegalArgumentException invalid(String key, Object value, String expected) {
            return new IllegalArgumentException("CDK context '" + key + "' is '" + value + "'; expected " + expected);
        }
    }
}
