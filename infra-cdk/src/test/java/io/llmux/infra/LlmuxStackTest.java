package io.llmux.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesises the stack twice (in a VPC with the cache, the default; and without it, with the
 * interim secret delivery through the environment), offline, with
 * placeholder jars, and checks the properties that matter. One synth costs seconds, so each
 * template is built once and read by every test.
 */
class LlmuxStackTest {

    @TempDir
    static Path work;

    private static Template template;
    private static Map<String, Map<String, Object>> resources;
    private static Template withoutVpc;

    @BeforeAll
    static void synthesise() throws IOException {
        Path chatJar = placeholderJar("chat.jar");
        Path adminJar = placeholderJar("admin.jar");
        Path quotaResetJar = placeholderJar("quota-reset.jar");
        template = Template.fromStack(LlmuxApp.build(app(Map.of(
                "stage", "test",
                "providers", List.of("openai", "groq"),
                "providerBaseUrls", Map.of("vllm", "https://vllm.internal.example/v1"),
                "alarmEmail", "ops@example.com",
                "bedrock", "true",
                "chatJar", chatJar.toString(),
                "adminJar", adminJar.toString(),
                "quotaResetJar", quotaResetJar.toString()), "full")));
        resources = resourcesOf(template);
        withoutVpc = Template.fromStack(LlmuxApp.build(app(Map.of(
                "stage", "novpc",
                "vpc", "false",
                "secretsInEnvironment", "true",
                "chatJar", chatJar.toString(),
                "adminJar", adminJar.toString(),
                "quotaResetJar", quotaResetJar.toString()), "novpc")));
    }

    private static App app(Map<String, Object> context, String outdir) {
        return App.Builder.create().context(context).outdir(work.resolve(outdir).toString()).build();
    }

    private static Path placeholderJar(String name) throws IOException {
        Path jar = work.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.zip.ZipEntry("placeholder.txt"));
            out.write(name.getBytes());
        }
        return jar;
    }

    // ---------------------------------------------------------------- DynamoDB

    @Test
    void theTableHasTheStoresKeySchemaAndIndex() {
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(
                        Map.of("AttributeName", "PK", "KeyType", "HASH"),
                        Map.of("AttributeName", "SK", "KeyType", "RANGE")),
                "AttributeDefinitions", Match.arrayWith(List.of(
                        Map.of("AttributeName", "PK", "AttributeType", "S"),
                        Map.of("AttributeName", "SK", "AttributeType", "S"),
                        Map.of("AttributeName", "GSI1PK", "AttributeType", "S"),
                        Map.of("AttributeName", "GSI1SK", "AttributeType", "S"))),
                "GlobalSecondaryIndexes", List.of(Map.of(
                        "IndexName", "GSI1",
                        "KeySchema", List.of(
                                Map.of("AttributeName", "GSI1PK", "KeyType", "HASH"),
                                Map.of("AttributeName", "GSI1SK", "KeyType", "RANGE")),
                        "Projection", Map.of("ProjectionType", "ALL")))));
    }

    @Test
    void theTableIsOnDemandWithTtlPitrEncryptionAndDeletionProtection() {
        template.hasResource("AWS::DynamoDB::Table", Map.of(
                "DeletionPolicy", "Retain",
                "UpdateReplacePolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "BillingMode", "PAY_PER_REQUEST",
                        "TimeToLiveSpecification", Map.of("AttributeName", "ttl", "Enabled", true),
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                        "SSESpecification", Map.of("SSEEnabled", true),
                        "DeletionProtectionEnabled", true))));
    }

    // ---------------------------------------------------------------- API Gateway

    @Test
    void theApiIsRegionalAndTraced() {
        template.hasResourceProperties("AWS::ApiGateway::RestApi", Match.objectLike(Map.of(
                "EndpointConfiguration", Map.of("Types", List.of("REGIONAL")))));
        template.hasResourceProperties("AWS::ApiGateway::Stage", Match.objectLike(Map.of(
                "StageName", "test", "TracingEnabled", true)));
    }

    @Test
    void chatRoutesStreamFromTheChatAliasWithALongTimeout() {
        Map<String, Object> integration = integrationOf(methodUnder("v1"));
        assertEquals("AWS_PROXY", integration.get("Type"));
        assertEquals("STREAM", integration.get("ResponseTransferMode"));
        assertEquals(900_000, ((Number) integration.get("TimeoutInMillis")).intValue());
        String uri = flatten(integration.get("Uri"));
        assertTrue(uri.contains(":lambda:path/2021-11-15/functions/{Ref:" + logicalId("AWS::Lambda::Alias", "ChatFunctionLiveAlias")
                + "}/response-streaming-invocations"), uri);
    }

    @Test
    void adminRoutesAreABufferedProxyToTheAdminAlias() {
        Map<String, Object> integration = integrationOf(methodUnder("api"));
        assertEquals("AWS_PROXY", integration.get("Type"));
        assertFalse("STREAM".equals(integration.get("ResponseTransferMode")));
        String uri = flatten(integration.get("Uri"));
        assertTrue(uri.contains(":lambda:path/2015-03-31/functions/{Ref:" + logicalId("AWS::Lambda::Alias", "AdminFunctionLiveAlias")
                + "}/invocations"), uri);
    }

    @Test
    void apiGatewayMayInvokeOnlyTheAliases() {
        List<Map<String, Object>> permissions = ofType("AWS::Lambda::Permission");
        assertFalse(permissions.isEmpty());
        Set<String> aliases = Set.of(
                "{Ref:" + logicalId("AWS::Lambda::Alias", "ChatFunctionLiveAlias") + "}",
                "{Ref:" + logicalId("AWS::Lambda::Alias", "AdminFunctionLiveAlias") + "}");
        for (Map<String, Object> permission : permissions) {
            Map<String, Object> properties = properties(permission);
            assertEquals("lambda:InvokeFunction", properties.get("Action"));
            assertEquals("apigateway.amazonaws.com", properties.get("Principal"));
            assertTrue(aliases.contains(flatten(properties.get("FunctionName"))), flatten(properties.get("FunctionName")));
        }
    }

    @Test
    void theOutputsNameTheOpenAiBaseUrl() {
        Map<String, Object> outputs = cast(template.toJSON().get("Outputs"));
        String url = flatten(cast(outputs.get("OpenAiBaseUrl")).get("Value"));
        assertTrue(url.startsWith("https://{Ref:") && url.endsWith("/v1"), url);
        assertTrue(flatten(cast(outputs.get("AdminApiUrl")).get("Value")).endsWith("/api"));
        assertEquals("llmux/test/admin-token", cast(outputs.get("AdminTokenSecret")).get("Value"));
    }

    // ---------------------------------------------------------------- Lambda

    @Test
    void everyFunctionIsJava25OnArmWithSnapStartTracingAndAPublishedAlias() {
        template.resourceCountIs("AWS::Lambda::Function", 3);
        template.allResourcesProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Runtime", "java25",
                "Architectures", List.of("arm64"),
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "TracingConfig", Map.of("Mode", "Active"))));
        for (String function : List.of("ChatFunction", "AdminFunction", "QuotaResetFunction")) {
            String functionId = logicalId("AWS::Lambda::Function", function);
            Map<String, Object> alias = properties(resources.get(logicalId("AWS::Lambda::Alias", function + "LiveAlias")));
            assertEquals("live", alias.get("Name"));
            assertEquals("{Ref:" + functionId + "}", flatten(alias.get("FunctionName")));
            String version = flatten(alias.get("FunctionVersion"));
            String versionId = version.replaceAll("^\\{Fn::GetAtt:\\[([^,]+),Version]}$", "$1");
            Map<String, Object> published = resources.get(versionId);
            assertEquals("AWS::Lambda::Version", published.get("Type"), version);
            assertEquals("{Ref:" + functionId + "}", flatten(properties(published).get("FunctionName")));
        }
    }

    @Test
    void theChatFunctionRunsNettyBehindTheWebAdapterAndTheAdotCollector() {
        Map<String, Object> chat = properties(resources.get(logicalId("AWS::Lambda::Function", "ChatFunction")));
        assertEquals(ChatBundle.SCRIPT, chat.get("Handler"));
        assertEquals(2048, ((Number) chat.get("MemorySize")).intValue());
        assertEquals(900, ((Number) chat.get("Timeout")).intValue(), "the function may run as long as the streaming integration");
        Map<String, Object> environment = environment("ChatFunction");
        assertEquals("/opt/bootstrap", environment.get("AWS_LAMBDA_EXEC_WRAPPER"));
        assertEquals("RESPONSE_STREAM", environment.get("AWS_LWA_INVOKE_MODE"));
        assertEquals("/health", environment.get("AWS_LWA_READINESS_CHECK_PATH"));
        assertEquals(environment.get("MICRONAUT_SERVER_PORT"), environment.get("AWS_LWA_PORT"));
        assertEquals("false", environment.get("AWS_LWA_ENABLE_COMPRESSION"));
        assertEquals("/_llmux/snapstart/before-checkpoint", environment.get("AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH"));
        assertEquals("/_llmux/snapstart/after-restore", environment.get("AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH"));
        assertEquals("true", environment.get("LLMUX_SNAPSTART_HTTP_HOOKS"));
        assertEquals("http://localhost:4318", environment.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        assertEquals("{Ref:" + logicalId("AWS::DynamoDB::Table", "DataTable") + "}", flatten(environment.get("LLMUX_STORE_DYNAMODB_TABLE")));
        assertEquals("https://vllm.internal.example/v1", environment.get("LLMUX_PROVIDERS_VLLM_BASE_URL"));
        assertEquals("false", environment.get("LLMUX_MOCK_PROVIDER"));
        String redis = flatten(environment.get("LLMUX_REDIS_URL"));
        assertTrue(redis.startsWith("rediss://{Fn::GetAtt:[" + logicalId("AWS::ElastiCache::ServerlessCache", "CacheValkey")), redis);

        List<String> layers = ((List<?>) chat.get("Layers")).stream().map(LlmuxStackTest::flatten).toList();
        assertEquals(2, layers.size(), layers.toString());
        assertTrue(layers.stream().anyMatch(layer -> layer.contains(":753240598075:layer:LambdaAdapterLayerArm64:")), layers.toString());
        assertTrue(layers.stream().anyMatch(layer -> layer.contains(":901920570463:layer:aws-otel-collector-arm64-")), layers.toString());
        assertTrue(layers.stream().noneMatch(layer -> layer.contains("java-agent") || layer.contains("java-wrapper")), layers.toString());
        assertTrue(flatten(cast(chat.get("Code")).get("S3Key")).endsWith(".zip"), "the jar and run.sh as one directory asset");
    }

    @Test
    void theAdminFunctionIsTheSamHandlerOutsideTheVpcWithTheAdotCollector() throws IOException {
        Map<String, Object> admin = properties(resources.get(logicalId("AWS::Lambda::Function", "AdminFunction")));
        assertEquals(AdminFunction.HANDLER, admin.get("Handler"));
        assertTrue(Files.readString(repositoryFile("template.yaml")).contains("Handler: " + AdminFunction.HANDLER),
                "template.yaml's AdminFunction and the stack name the same handler");
        assertFalse(admin.containsKey("VpcConfig"));
        assertEquals(1024, ((Number) admin.get("MemorySize")).intValue());
        List<String> layers = ((List<?>) admin.get("Layers")).stream().map(LlmuxStackTest::flatten).toList();
        assertEquals(1, layers.size());
        assertTrue(layers.getFirst().contains(":901920570463:layer:aws-otel-collector-arm64-"), layers.toString());
        Map<String, Object> environment = environment("AdminFunction");
        assertEquals("http://localhost:4318", environment.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        assertEquals("{Ref:" + logicalId("AWS::DynamoDB::Table", "DataTable") + "}", flatten(environment.get("LLMUX_STORE_DYNAMODB_TABLE")));
        assertFalse(environment.containsKey("LLMUX_ADMIN_TOKEN"), "the token is read from Secrets Manager, never put in the environment");
        assertEquals(JavaFunctions.JVM_OPTIONS, environment.get("JAVA_TOOL_OPTIONS"));
        assertTrue(Files.readString(repositoryFile("template.yaml")).contains("JAVA_TOOL_OPTIONS: " + JavaFunctions.JVM_OPTIONS),
                "template.yaml runs the functions with the stack's JVM options");
    }

    @Test
    void theChatBundleHoldsTheJarAndAnExecutableStartScript() throws IOException {
        Path bundle = ChatBundle.stage(work.resolve("chat.jar"));
        assertEquals(Set.of(ChatBundle.JAR, ChatBundle.SCRIPT),
                Files.list(bundle).map(path -> path.getFileName().toString()).collect(Collectors.toSet()));
        assertTrue(Files.readString(bundle.resolve(ChatBundle.SCRIPT)).contains("exec java " + JavaFunctions.JVM_OPTIONS + " "),
                "run.sh starts the JVM with the same options as the managed runtime's functions");
        assertTrue(Files.isExecutable(bundle.resolve(ChatBundle.SCRIPT)));
        String script = Files.readString(bundle.resolve(ChatBundle.SCRIPT));
        assertTrue(script.startsWith("#!/bin/sh\n"));
        assertTrue(script.contains("-cp \"${LAMBDA_TASK_ROOT}/" + ChatBundle.JAR + "\" io.llmux.chat.ChatApplication"), script);
    }

    // ---------------------------------------------------------------- network and cache

    @Test
    void theChatFunctionSitsInPrivateSubnetsWithItsOwnSecurityGroup() {
        Map<String, Object> vpcConfig = cast(properties(resources.get(logicalId("AWS::Lambda::Function", "ChatFunction"))).get("VpcConfig"));
        List<String> subnets = ((List<?>) vpcConfig.get("SubnetIds")).stream().map(LlmuxStackTest::flatten).toList();
        assertEquals(2, subnets.size());
        assertTrue(subnets.stream().allMatch(subnet -> subnet.contains("NetworkVpcprivateSubnet")), subnets.toString());
        assertEquals(List.of("{Fn::GetAtt:[" + logicalId("AWS::EC2::SecurityGroup", "NetworkFunctionSecurityGroup") + ",GroupId]}"),
                ((List<?>) vpcConfig.get("SecurityGroupIds")).stream().map(LlmuxStackTest::flatten).toList());
        template.resourceCountIs("AWS::EC2::NatGateway", 1);
        template.hasResourceProperties("AWS::EC2::VPCEndpoint", Match.objectLike(Map.of(
                "VpcEndpointType", "Gateway",
                "ServiceName", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(
                        Match.arrayWith(List.of(Match.stringLikeRegexp(".*dynamodb.*"))))))))));
    }

    @Test
    void onlyTheChatFunctionReachesTheCacheAndOnlyHttpsLeavesIt() {
        String functionGroup = logicalId("AWS::EC2::SecurityGroup", "NetworkFunctionSecurityGroup");
        String cacheGroup = logicalId("AWS::EC2::SecurityGroup", "NetworkCacheSecurityGroup");
        Map<String, Object> function = properties(resources.get(functionGroup));
        assertEquals(List.of(Map.of("CidrIp", "0.0.0.0/0", "Description", "HTTPS to provider APIs and AWS endpoints",
                "FromPort", 443, "IpProtocol", "tcp", "ToPort", 443)), function.get("SecurityGroupEgress"));
        template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "GroupId", Map.of("Fn::GetAtt", List.of(cacheGroup, "GroupId")),
                "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(functionGroup, "GroupId")),
                "IpProtocol", "tcp", "FromPort", 6379, "ToPort", 6380,
                "Description", Match.anyValue()));
        template.resourceCountIs("AWS::EC2::SecurityGroupIngress", 1);
        Map<String, Object> cache = properties(resources.get(cacheGroup));
        assertFalse(cache.containsKey("SecurityGroupIngress"), "nothing but the rule above lets traffic into the cache");
    }

    @Test
    void theCacheIsServerlessValkeyInThePrivateSubnetsWithUsageLimits() {
        Map<String, Object> cache = properties(resources.get(logicalId("AWS::ElastiCache::ServerlessCache", "CacheValkey")));
        assertEquals("valkey", cache.get("Engine"));
        assertEquals("llmux-test", cache.get("ServerlessCacheName"));
        List<String> subnets = ((List<?>) cache.get("SubnetIds")).stream().map(LlmuxStackTest::flatten).toList();
        assertTrue(subnets.size() >= 2 && subnets.stream().allMatch(subnet -> subnet.contains("NetworkVpcprivateSubnet")), subnets.toString());
        assertEquals("{Fn::GetAtt:[" + logicalId("AWS::EC2::SecurityGroup", "NetworkCacheSecurityGroup") + ",GroupId]}",
                flatten(((List<?>) cache.get("SecurityGroupIds")).getFirst()));
        assertEquals("{DataStorage:{Maximum:1,Unit:GB},ECPUPerSecond:{Maximum:5000}}", flatten(cache.get("CacheUsageLimits")));
    }

    @Test
    void withoutTheVpcThereIsNoNetworkNoCacheAndNoNat() {
        withoutVpc.resourceCountIs("AWS::EC2::VPC", 0);
        withoutVpc.resourceCountIs("AWS::EC2::NatGateway", 0);
        withoutVpc.resourceCountIs("AWS::ElastiCache::ServerlessCache", 0);
        withoutVpc.resourceCountIs("AWS::Lambda::Function", 3);
        withoutVpc.allResourcesProperties("AWS::Lambda::Function", Match.objectLike(Map.of("VpcConfig", Match.absent())));
        withoutVpc.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", ChatBundle.SCRIPT,
                "Environment", Map.of("Variables", Match.objectLike(Map.of("LLMUX_REDIS_URL", Match.absent()))))));
        withoutVpc.hasResourceProperties("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                "Integration", Match.objectLike(Map.of("ResponseTransferMode", "STREAM")))));
        withoutVpc.hasResourceProperties("AWS::ApiGateway::Stage", Match.objectLike(Map.of("StageName", "novpc")));
    }

    // ---------------------------------------------------------------- secrets and IAM

    @Test
    void secretsAreGeneratedOrLeftEmptyAndTheHashSecretOutlivesTheStack() {
        template.resourceCountIs("AWS::SecretsManager::Secret", 4);
        template.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of(
                "Name", "llmux/test/admin-token",
                "GenerateSecretString", Match.objectLike(Map.of("GenerateStringKey", "llmux.admin-token", "SecretStringTemplate", "{}")))));
        template.hasResource("AWS::SecretsManager::Secret", Map.of(
                "DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "Name", "llmux/test/key-hash-secret",
                        "GenerateSecretString", Match.objectLike(Map.of("GenerateStringKey", "llmux.key-hash-secret", "PasswordLength", 64))))));
        for (String provider : List.of("openai", "groq")) {
            template.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of(
                    "Name", "llmux/test/providers/" + provider,
                    "SecretString", "{\"llmux.providers." + provider + ".api-key\":\"\"}")));
        }
    }

    @Test
    void eachFunctionIsToldOfExactlyTheSecretsItMayRead() {
        String admin = "{Ref:" + logicalId("AWS::SecretsManager::Secret", "SecretsAdminToken") + "}";
        String hash = "{Ref:" + logicalId("AWS::SecretsManager::Secret", "SecretsKeyHashSecret") + "}";
        String openai = "{Ref:" + logicalId("AWS::SecretsManager::Secret", "SecretsProvideropenai") + "}";
        String groq = "{Ref:" + logicalId("AWS::SecretsManager::Secret", "SecretsProvidergroq") + "}";
        assertEquals(String.join(",", hash, openai, groq), flatten(environment("ChatFunction").get(SecretArns.VARIABLE)));
        assertEquals(String.join(",", admin, hash), flatten(environment("AdminFunction").get(SecretArns.VARIABLE)));
        assertEquals(Set.of(hash, openai, groq), secretsReadBy("ChatFunction"));
        assertEquals(Set.of(admin, hash), secretsReadBy("AdminFunction"));
        assertFalse(flatten(environment("ChatFunction").get(SecretArns.VARIABLE)).contains(admin), "the chat function never sees the admin token");
    }

    @Test
    void theInterimModeResolvesEachSecretIntoItsVariableAtDeployTime() {
        Map<String, Map<String, Object>> functions = new java.util.HashMap<>();
        resourcesOf(withoutVpc).forEach((id, resource) -> {
            if ("AWS::Lambda::Function".equals(resource.get("Type"))) {
                functions.put(id.startsWith("Chat") ? "chat" : id.startsWith("Admin") ? "admin" : "quota-reset", cast(cast(properties(resource).get("Environment")).get("Variables")));
            }
        });
        String chatHash = flatten(functions.get("chat").get("LLMUX_KEY_HASH_SECRET"));
        assertTrue(chatHash.matches("\\{\\{resolve:secretsmanager:\\{Ref:SecretsKeyHashSecret\\w+}:SecretString:llmux\\.key-hash-secret::}}"), chatHash);
        assertTrue(flatten(functions.get("chat").get("LLMUX_PROVIDERS_OPENAI_API_KEY"))
                .contains(":SecretString:llmux.providers.openai.api-key::}}"));
        assertTrue(flatten(functions.get("admin").get("LLMUX_ADMIN_TOKEN")).contains(":SecretString:llmux.admin-token::}}"));
        assertFalse(functions.get("chat").containsKey("LLMUX_ADMIN_TOKEN"));
        assertFalse(functions.get("chat").containsKey(SecretArns.VARIABLE));
        assertFalse(functions.get("admin").containsKey(SecretArns.VARIABLE));
    }

    @Test
    void noPolicyGrantsWildcardActionsOrWildcardResourcesOnData() {
        List<Map<String, Object>> statements = policyStatements();
        assertFalse(statements.isEmpty());
        for (Map<String, Object> statement : statements) {
            List<String> actions = strings(statement.get("Action"));
            for (String action : actions) {
                assertFalse(action.equals("*") || action.endsWith(":*") || action.contains("*"), "wildcard action " + action);
            }
            if (strings(statement.get("Resource")).contains("*")) {
                // X-Ray's trace upload has no resource-level permissions; nothing else may be unbounded.
                assertEquals(Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), Set.copyOf(actions), statement.toString());
            }
        }
    }

    @Test
    void withBedrockOnTheChatFunctionAloneMayInvokeModelsAndHasBedrockEnabled() {
        List<Map<String, Object>> bedrock = policyStatements().stream()
                .filter(statement -> strings(statement.get("Action")).stream().anyMatch(action -> action.startsWith("bedrock:")))
                .toList();
        assertEquals(1, bedrock.size(), "the chat function's role only: " + bedrock);
        assertEquals(Set.of("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"),
                Set.copyOf(strings(bedrock.getFirst().get("Action"))));
        List<String> targets = ((List<?>) bedrock.getFirst().get("Resource")).stream().map(LlmuxStackTest::flatten).toList();
        assertEquals(2, targets.size(), targets.toString());
        assertTrue(targets.get(0).contains(":bedrock:*::foundation-model/*"), targets.toString());
        assertTrue(targets.get(1).contains(":inference-profile/*"), targets.toString());
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of("Environment",
                Match.objectLike(Map.of("Variables", Match.objectLike(Map.of("LLMUX_BEDROCK_ENABLED", "true")))))));
        assertTrue(withoutVpc.findResources("AWS::IAM::Policy").toString().indexOf("bedrock:") < 0,
                "without the bedrock context key no role may call Bedrock");
    }

    @Test
    void tableAccessIsTheStoresOperationsOnTheTableAndItsIndexOnly() {
        String table = logicalId("AWS::DynamoDB::Table", "DataTable");
        String quotaResetRole = roleOf("QuotaResetFunction");
        List<Map<String, Object>> dynamo = ofType("AWS::IAM::Policy").stream()
                .filter(policy -> !flatten(properties(policy).get("Roles")).contains(quotaResetRole))
                .flatMap(policy -> statementsOf(policy).stream())
                .filter(statement -> strings(statement.get("Action")).stream().anyMatch(action -> action.startsWith("dynamodb:")))
                .toList();
        assertEquals(2, dynamo.size(), "one statement per API function (quota reset: below)");
        for (Map<String, Object> statement : dynamo) {
            assertEquals(Set.copyOf(DataTable.STORE_ACTIONS), Set.copyOf(strings(statement.get("Action"))));
            assertFalse(strings(statement.get("Action")).contains("dynamodb:Scan"));
            List<?> targets = (List<?>) statement.get("Resource");
            assertEquals(List.of("{Fn::GetAtt:[" + table + ",Arn]}", "{Fn::GetAtt:[" + table + ",Arn]}/index/GSI1"),
                    targets.stream().map(LlmuxStackTest::flatten).toList());
        }
    }

    @Test
    void onlyTheChatFunctionGetsVpcNetworkingRights() {
        String chatRole = flatten(properties(resources.get(logicalId("AWS::Lambda::Function", "ChatFunction"))).get("Role"));
        String adminRole = flatten(properties(resources.get(logicalId("AWS::Lambda::Function", "AdminFunction"))).get("Role"));
        assertTrue(managedPolicies(chatRole).contains("AWSLambdaVPCAccessExecutionRole"), managedPolicies(chatRole));
        assertFalse(managedPolicies(adminRole).contains("AWSLambdaVPCAccessExecutionRole"), managedPolicies(adminRole));
    }

    @Test
    void theQuotaResetFunctionMayOnlyQueryWriteSummariesAndDeleteTenantItems() {
        String table = "{Fn::GetAtt:[" + logicalId("AWS::DynamoDB::Table", "DataTable") + ",Arn]}";
        String role = roleOf("QuotaResetFunction");
        List<Map<String, Object>> dynamo = ofType("AWS::IAM::Policy").stream()
                .filter(policy -> flatten(properties(policy).get("Roles")).contains(role))
                .flatMap(policy -> statementsOf(policy).stream())
                .filter(statement -> strings(statement.get("Action")).stream().anyMatch(action -> action.startsWith("dynamodb:")))
                .toList();
        Map<String, Map<String, Object>> byAction = new java.util.HashMap<>();
        dynamo.forEach(statement -> byAction.put(String.join(",", strings(statement.get("Action"))), statement));
        assertEquals(Set.of("dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem"), byAction.keySet(), dynamo::toString);
        assertEquals(List.of(table, table + "/index/GSI1"), strings(byAction.get("dynamodb:Query").get("Resource")));
        assertEquals("{ForAllValues:StringLike:{dynamodb:LeadingKeys:[USAGE#*]}}", flatten(byAction.get("dynamodb:PutItem").get("Condition")));
        assertEquals("{ForAllValues:StringLike:{dynamodb:LeadingKeys:[TENANT#*]}}", flatten(byAction.get("dynamodb:DeleteItem").get("Condition")));
        Map<String, Object> function = properties(resources.get(logicalId("AWS::Lambda::Function", "QuotaResetFunction")));
        assertEquals("io.llmux.quotareset.QuotaResetHandler", function.get("Handler"));
        assertFalse(function.containsKey("VpcConfig"), "DynamoDB only: outside the VPC");
        Map<String, Object> variables = cast(cast(function.get("Environment")).get("Variables"));
        assertFalse(variables.containsKey(SecretArns.VARIABLE), "it reads no secret");
    }

    @Test
    void anEventBridgeScheduleInvokesTheQuotaResetAliasHourly() {
        template.resourceCountIs("AWS::Scheduler::Schedule", 1);
        Map<String, Object> schedule = properties(ofType("AWS::Scheduler::Schedule").getFirst());
        assertEquals("rate(1 hour)", schedule.get("ScheduleExpression"));
        assertEquals("ENABLED", schedule.get("State"));
        Map<String, Object> target = cast(schedule.get("Target"));
        assertEquals("{Ref:" + logicalId("AWS::Lambda::Alias", "QuotaResetFunctionLiveAlias") + "}", flatten(target.get("Arn")));
        String input = flatten(target.get("Input"));
        assertTrue(input.contains("\"source\":\"llmux.quota-reset\""), input);
        assertTrue(input.contains("<aws.scheduler.scheduled-time>") && input.contains("<aws.scheduler.execution-id>"), input);
        assertEquals(3, ((Number) cast(target.get("RetryPolicy")).get("MaximumRetryAttempts")).intValue());
        // The scheduler's role may invoke that alias and nothing else.
        String schedulerRole = flatten(target.get("RoleArn")).replaceAll("^\\{Fn::GetAtt:\\[([^,]+),Arn]}$", "$1");
        List<Map<String, Object>> statements = ofType("AWS::IAM::Policy").stream()
                .filter(policy -> flatten(properties(policy).get("Roles")).contains(schedulerRole))
                .flatMap(policy -> statementsOf(policy).stream()).toList();
        assertEquals(1, statements.size(), statements::toString);
        assertEquals(List.of("lambda:InvokeFunction"), strings(statements.getFirst().get("Action")));
        assertTrue(flatten(statements.getFirst().get("Resource")).contains(logicalId("AWS::Lambda::Alias", "QuotaResetFunctionLiveAlias")),
                statements::toString);
    }

    private static String roleOf(String function) {
        return flatten(properties(resources.get(logicalId("AWS::Lambda::Function", function))).get("Role"))
                .replaceAll("^\\{Fn::GetAtt:\\[([^,]+),Arn]}$", "$1");
    }

    // ---------------------------------------------------------------- monitoring

    @Test
    void alarmsWatchErrorsLatencyThrottlesAndDynamoDb() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "5XXError", "Namespace", "AWS/ApiGateway", "Statistic", "Average", "Threshold", 0.05)));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "Latency", "ExtendedStatistic", "p99", "Threshold", 60_000)));
        for (String function : List.of("ChatFunction", "AdminFunction")) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "MetricName", "Throttles", "Namespace", "AWS/Lambda",
                    "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", logicalId("AWS::Lambda::Function", function)))))));
        }
        String throttleMetrics = ofType("AWS::CloudWatch::Alarm").stream().map(alarm -> flatten(properties(alarm).get("Metrics")))
                .filter(metrics -> metrics.contains("ReadThrottleEvents")).findFirst().orElse("");
        assertTrue(throttleMetrics.contains("WriteThrottleEvents") && throttleMetrics.contains("reads + writes"), throttleMetrics);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "ThrottledCmds", "Namespace", "AWS/ElastiCache")));
    }

    @Test
    void everyAlarmNotifiesTheTopicAndNoTrafficIsNotAFailure() {
        String topic = "{Ref:" + logicalId("AWS::SNS::Topic", "MonitoringAlarmTopic") + "}";
        List<Map<String, Object>> alarms = ofType("AWS::CloudWatch::Alarm");
        assertEquals(10, alarms.size());
        for (Map<String, Object> alarm : alarms) {
            assertEquals(List.of(topic), ((List<?>) properties(alarm).get("AlarmActions")).stream().map(LlmuxStackTest::flatten).toList());
            assertEquals("notBreaching", properties(alarm).get("TreatMissingData"));
        }
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", "ops@example.com", "TopicArn", Map.of("Ref", logicalId("AWS::SNS::Topic", "MonitoringAlarmTopic"))));
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Object> methodUnder(String topLevelPath) {
        String topId = resources.entrySet().stream()
                .filter(entry -> "AWS::ApiGateway::Resource".equals(entry.getValue().get("Type"))
                        && topLevelPath.equals(properties(entry.getValue()).get("PathPart")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        String proxyId = resources.entrySet().stream()
                .filter(entry -> "AWS::ApiGateway::Resource".equals(entry.getValue().get("Type"))
                        && "{proxy+}".equals(properties(entry.getValue()).get("PathPart"))
                        && ("{Ref:" + topId + "}").equals(flatten(properties(entry.getValue()).get("ParentId"))))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        List<Map<String, Object>> methods = ofType("AWS::ApiGateway::Method").stream()
                .filter(method -> ("{Ref:" + proxyId + "}").equals(flatten(properties(method).get("ResourceId"))))
                .toList();
        assertEquals(1, methods.size(), "one ANY method under /" + topLevelPath + "/{proxy+}");
        assertEquals("ANY", properties(methods.getFirst()).get("HttpMethod"));
        return methods.getFirst();
    }

    private static Map<String, Object> integrationOf(Map<String, Object> method) {
        return cast(properties(method).get("Integration"));
    }

    private static Map<String, Object> environment(String function) {
        return cast(cast(properties(resources.get(logicalId("AWS::Lambda::Function", function))).get("Environment")).get("Variables"));
    }

    private static Set<String> secretsReadBy(String function) {
        String role = flatten(properties(resources.get(logicalId("AWS::Lambda::Function", function))).get("Role"));
        return ofType("AWS::IAM::Policy").stream()
                .filter(policy -> ((List<?>) properties(policy).get("Roles")).stream().map(LlmuxStackTest::flatten)
                        .anyMatch(ref -> role.startsWith("{Fn::GetAtt:[" + ref.substring(5, ref.length() - 1) + ",")))
                .flatMap(policy -> statementsOf(policy).stream())
                .filter(statement -> strings(statement.get("Action")).contains("secretsmanager:GetSecretValue"))
                .map(statement -> flatten(statement.get("Resource")))
                .collect(Collectors.toSet());
    }

    private static String managedPolicies(String roleAttribute) {
        String roleId = roleAttribute.replaceAll("^\\{Fn::GetAtt:\\[([^,]+),Arn]}$", "$1");
        return flatten(properties(resources.get(roleId)).get("ManagedPolicyArns"));
    }

    private static List<Map<String, Object>> policyStatements() {
        return ofType("AWS::IAM::Policy").stream().flatMap(policy -> statementsOf(policy).stream()).toList();
    }

    private static List<Map<String, Object>> statementsOf(Map<String, Object> policy) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object statement : (List<?>) cast(properties(policy).get("PolicyDocument")).get("Statement")) {
            statements.add(cast(statement));
        }
        return statements;
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(LlmuxStackTest::flatten).toList();
        }
        return List.of(flatten(value));
    }

    /** The logical id of the one resource of this type whose id starts with the construct path given. */
    private static String logicalId(String type, String prefix) {
        List<String> ids = resources.entrySet().stream()
                .filter(entry -> type.equals(entry.getValue().get("Type")) && entry.getKey().startsWith(prefix))
                .map(Map.Entry::getKey).toList();
        assertEquals(1, ids.size(), type + " " + prefix + ": " + ids);
        return ids.getFirst();
    }

    private static List<Map<String, Object>> ofType(String type) {
        return resources.values().stream().filter(resource -> type.equals(resource.get("Type"))).toList();
    }

    private static Map<String, Object> properties(Map<String, Object> resource) {
        return cast(resource.get("Properties"));
    }

    private static Map<String, Map<String, Object>> resourcesOf(Template template) {
        Map<String, Map<String, Object>> all = new java.util.LinkedHashMap<>();
        cast(template.toJSON().get("Resources")).forEach((id, resource) -> all.put(id, cast(resource)));
        return all;
    }

    /**
     * A CloudFormation value as compact text without quotes ({@code {Fn::GetAtt:[Table,Arn]}}), with
     * {@code Fn::Join} on "" written out as the string it makes ({@code arn:{Ref:AWS::Partition}:...}).
     */
    private static String flatten(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.get("Fn::Join") instanceof List<?> join
                && "".equals(join.getFirst())) {
            return ((List<?>) join.get(1)).stream().map(LlmuxStackTest::flatten).collect(Collectors.joining());
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(entry -> entry.getKey() + ":" + flatten(entry.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(LlmuxStackTest::flatten).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return Long.toString(number.longValue());
        }
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }

    private static Path repositoryFile(String name) {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.exists(directory.resolve(name))) {
            directory = directory.getParent();
        }
        if (directory == null) {
            throw new IllegalStateException(name + " not found above " + Path.of("").toAbsolutePath());
        }
        return directory.resolve(name);
    }
}
