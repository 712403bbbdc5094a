package io.llmux.infra;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The tenant-admin API (functions/admin): buffered API Gateway proxy events through Micronaut's
 * handler, no Netty. It stays outside the VPC: it needs only DynamoDB and Secrets Manager, and
 * outside it keeps working without the NAT gateway.
 */
public final class AdminFunction extends Construct {

    static final String HANDLER = "io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction";

    private final Function function;
    private final Alias alias;

    public AdminFunction(Construct scope, String id, Settings settings, DataTable table, AppSecrets secrets) {
        super(scope, id);
        if (!Files.isRegularFile(settings.adminJar())) {
            throw new IllegalStateException("The admin function's jar " + settings.adminJar().toAbsolutePath().normalize()
                    + " is missing. Build it first: mvn -B -q package -pl functions/chat,functions/admin,functions/quota-reset -am -DskipTests"
                    + " (or point CDK context 'adminJar' at it)");
        }
        Map<String, ISecret> bySetting = secrets.adminSecretsByProperty();
        List<ISecret> readable = List.copyOf(bySetting.values());
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("JAVA_TOOL_OPTIONS", JavaFunctions.JVM_OPTIONS);
        environment.put("LLMUX_STORE_DYNAMODB_TABLE", table.table().getTableName());
        environment.put("LLMUX_SERVICE_NAME", "llmux-admin");
        environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", JavaFunctions.OTLP_ENDPOINT);
        if (settings.secretsInEnvironment()) {
            SecretArns.resolveInto(environment, bySetting);
        } else {
            environment.put(SecretArns.VARIABLE, SecretArns.join(readable));
        }

        this.function = JavaFunctions.builder(this, "Function", "LLMux tenant-admin API (tenants and API keys)")
                .code(Code.fromAsset(settings.adminJar().toString()))
                .handler(HANDLER)
                .memorySize(settings.adminMemoryMb())
                // A store round trip or two per call; stays under API Gateway's 29 s integration limit.
                .timeout(Duration.seconds(15))
                .layers(List.of(JavaFunctions.adotCollector(this, "AdotCollector")))
                .environment(environment)
                .build();
        table.grantStoreAccess(function);
        readable.forEach(secret -> secret.grantRead(function));
        this.alias = JavaFunctions.publish(function);
    }

    public Function function() {
        return function;
    }

    public Alias alias() {
        return alias;
    }
}
