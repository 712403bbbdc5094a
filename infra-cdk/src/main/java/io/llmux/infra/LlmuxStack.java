package io.llmux.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/** One LLMux deployment: what `cdk deploy` puts into an account (docs/deploy.md). */
public final class LlmuxStack extends Stack {

    public LlmuxStack(Construct scope, String id, StackProps props, Settings settings) {
        super(scope, id, props);
        Tags.of(this).add("project", "llmux");
        Tags.of(this).add("stage", settings.stage());

        DataTable table = new DataTable(this, "Data", settings);
        AppSecrets secrets = new AppSecrets(this, "Secrets", settings);
        // Without the VPC there is no cache either: ElastiCache lives only inside a VPC.
        Network network = settings.vpc() ? new Network(this, "Network", settings) : null;
        Cache cache = network != null ? new Cache(this, "Cache", settings, network) : null;

        ChatFunction chat = new ChatFunction(this, "Chat", settings, table, secrets, network, cache);
        AdminFunction admin = new AdminFunction(this, "Admin", settings, table, secrets);
        QuotaResetFunction quotaReset = new QuotaResetFunction(this, "QuotaReset", settings, table);
        GatewayApi api = new GatewayApi(this, "Gateway", settings, chat.alias(), admin.alias());

        Map<String, Function> functions = new LinkedHashMap<>();
        functions.put("Chat", chat.function());
        functions.put("Admin", admin.function());
        functions.put("QuotaReset", quotaReset.function());
        new Monitoring(this, "Monitoring", settings, api.api(), functions, table.table(), cache);

        CfnOutput.Builder.create(this, "OpenAiBaseUrl")
                .description("Base URL for OpenAI SDKs (streaming and buffered)")
                .value(api.openAiBaseUrl()).build();
        CfnOutput.Builder.create(this, "AdminApiUrl")
                .description("Base URL of the admin API")
                .value(api.api().urlForPath("/api")).build();
        CfnOutput.Builder.create(this, "AdminTokenSecret")
                .description("Secrets Manager secret holding the admin token (JSON key llmux.admin-token)")
                .value(secrets.adminTokenName()).build();
        CfnOutput.Builder.create(this, "TableName").value(table.table().getTableName()).build();
        for (String provider : settings.providers()) {
            CfnOutput.Builder.create(this, "ProviderSecret" + Character.toUpperCase(provider.charAt(0)) + provider.substring(1))
                    .description("Secret for the " + provider + " API key (JSON key llmux.providers." + provider + ".api-key)")
                    .value(secrets.providerKeyName(provider)).build();
        }
    }
}
