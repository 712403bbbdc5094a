package io.llmux.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The inference API on the streaming path (DESIGN.md, "Lambda"): the chat jar's Netty server
 * ({@code io.llmux.chat.ChatApplication}) behind the Lambda Web Adapter, so that API Gateway's
 * streaming integration receives each chunk as the provider produces it. Buffered answers take the
 * same path (the adapter streams them in one piece).
 */
public final class ChatFunction extends Construct {

    /** The Netty server's port; MICRONAUT_SERVER_PORT and AWS_LWA_PORT must agree. */
    static final String PORT = "8080";
    /** Lambda refuses request payloads over 6 MB; below that LLMux answers an OpenAI-shaped 413. */
    static final String MAX_REQUEST_BYTES = "5242880";
    static final String WEB_ADAPTER_ACCOUNT = "753240598075";
    /** The chat application's hook routes (functions/chat SnapStartHookController). */
    static final String SNAPSTART_BEFORE_CHECKPOINT = "/_llmux/snapstart/before-checkpoint";
    static final String SNAPSTART_AFTER_RESTORE = "/_llmux/snapstart/after-restore";

    private final Function function;
    private final Alias alias;

    public ChatFunction(Construct scope, String id, Settings settings, DataTable table, AppSecrets secrets,
                        Network network, Cache cache) {
        super(scope, id);
        Map<String, String> environment = new LinkedHashMap<>();
        // The adapter: its bootstrap replaces the runtime's handler loop with run.sh.
        environment.put("AWS_LAMBDA_EXEC_WRAPPER", "/opt/bootstrap");
        environment.put("AWS_LWA_INVOKE_MODE", "RESPONSE_STREAM");
        environment.put("AWS_LWA_PORT", PORT);
        environment.put("AWS_LWA_READINESS_CHECK_PATH", "/health");
        // Compression would hold chunks back until a block fills: streams must flow as produced.
        environment.put("AWS_LWA_ENABLE_COMPRESSION", "false");
        // SnapStart reaches the gateway only through the adapter's HTTP hooks (the default layer,
        // 30, has them; layers from before them ignore these): priming and closing connections before the snapshot,
        // new id seeds and connections after a restore. The paths are SnapStartHookController's,
        // which only answers with LLMUX_SNAPSTART_HTTP_HOOKS on; the adapter refuses outside
        // requests to them.
        environment.put("AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH", SNAPSTART_BEFORE_CHECKPOINT);
        environment.put("AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH", SNAPSTART_AFTER_RESTORE);
        environment.put("LLMUX_SNAPSTART_HTTP_HOOKS", "true");
        environment.put("MICRONAUT_SERVER_PORT", PORT);
        environment.put("LLMUX_MAX_REQUEST_BYTES", MAX_REQUEST_BYTES);
        environment.put("LLMUX_STORE_DYNAMODB_TABLE", table.table().getTableName());
        environment.put("LLMUX_MOCK_PROVIDER", Boolean.toString(settings.mockProvider()));
        environment.put("LLMUX_SERVICE_NAME", "llmux-chat");
        environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", JavaFunctions.OTLP_ENDPOINT);
        settings.providerBaseUrls().forEach((provider, url) ->
                environment.put("LLMUX_PROVIDERS_" + provider.toUpperCase(Locale.ROOT) + "_BASE_URL", url));
        if (cache != null) {
            environment.put("LLMUX_REDIS_URL", cache.url());
        }
        if (settings.bedrock()) {
            environment.put("LLMUX_BEDROCK_ENABLED", "true");
        }
        Map<String, ISecret> bySetting = secrets.chatSecretsByProperty();
        List<ISecret> readable = new ArrayList<>(bySetting.values());
        if (settings.secretsInEnvironment()) {
            SecretArns.resolveInto(environment, bySetting);
        } else {
            environment.put(SecretArns.VARIABLE, SecretArns.join(readable));
        }

        Function.Builder builder = JavaFunctions.builder(this, "Function", "LLMux inference API (streaming, Lambda Web Adapter)")
                .code(Code.fromAsset(ChatBundle.stage(settings.chatJar()).toString()))
                .handler(ChatBundle.SCRIPT)
                .memorySize(settings.chatMemoryMb())
                .timeout(Duration.seconds(settings.chatTimeoutSeconds()))
                .layers(List.of(
                        LayerVersion.fromLayerVersionArn(this, "WebAdapter", "arn:" + Stack.of(this).getPartition() + ":lambda:"
                                + Stack.of(this).getRegion() + ":" + WEB_ADAPTER_ACCOUNT + ":layer:LambdaAdapterLayerArm64:"
                                + settings.webAdapterLayerVersion()),
                        JavaFunctions.adotCollector(this, "AdotCollector")))
                .environment(environment);
        if (network != null) {
            builder.vpc(network.vpc())
                    .vpcSubnets(network.privateSubnets())
                    .securityGroups(List.of(network.functionSecurityGroup()));
        }
        this.function = builder.build();
        table.grantStoreAccess(function);
        readable.forEach(secret -> secret.grantRead(function));
        if (settings.bedrock()) {
            grantBedrockInvoke(function);
        }
        this.alias = JavaFunctions.publish(function);
    }

    /**
     * Converse and ConverseStream need InvokeModel and InvokeModelWithResponseStream on the model.
     * A cross-region inference profile (us.anthropic...) routes to the foundation model in other
     * regions of its geography, so foundation models are granted in every region, profiles in
     * this account and region only.
     */
    private static void grantBedrockInvoke(Function function) {
        Stack stack = Stack.of(function);
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"))
                .resources(List.of(
                        "arn:" + stack.getPartition() + ":bedrock:*::foundation-model/*",
                        "arn:" + stack.getPartition() + ":bedrock:" + stack.getRegion() + ":" + stack.getAccount() + ":inference-profile/*"))
                .build());
    }

    public Function function() {
        return function;
    }

    public Alias alias() {
        return alias;
    }
}
